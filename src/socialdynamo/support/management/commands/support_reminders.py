"""Queue reminders to experts: past sessions not logged, proposals not answered.

Run it from cron (e.g. every hour): ``manage.py support_reminders``.
"""

from django.core.management.base import BaseCommand

from socialdynamo.support.tasks import remind_unanswered_proposals, remind_unlogged_sessions


class Command(BaseCommand):
    help = "Queue reminders to experts about past sessions that are not logged yet."

    def handle(self, *args, **options):
        for sweep in (remind_unlogged_sessions, remind_unanswered_proposals):
            result = sweep.enqueue()
            self.stdout.write(f"{sweep.name} queued ({result.id}).")
