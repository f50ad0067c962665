"""Queue reminders to experts about sessions that took place and are not logged.

Run it from cron (e.g. every hour): ``manage.py support_reminders``.
"""

from django.core.management.base import BaseCommand

from socialdynamo.support.tasks import remind_unlogged_sessions


class Command(BaseCommand):
    help = "Queue reminders to experts about past sessions that are not logged yet."

    def handle(self, *args, **options):
        result = remind_unlogged_sessions.enqueue()
        self.stdout.write(f"Reminder sweep queued ({result.id}).")
