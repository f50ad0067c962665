"""Run every app's periodic duties once: reminders, due notices, held events.

Schedule it every 15 minutes (deploy/socialdynamo-periodic.timer.example, or cron); `make run`
runs it in the background. Each duty is idempotent (what was sent is recorded), so running it
more often, or twice at once, sends nothing twice. One failing duty does not stop the others.
"""

import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic duties of every app (reminders, due notices). Every 15 minutes."

    def handle(self, *args, **options):
        failed = []
        for name in settings.PERIODIC_COMMANDS:
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # reported below; the next duty still runs
                logger.exception("periodic duty %s failed", name)
                failed.append(name)
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
