from django.core.management.base import BaseCommand

from socialdynamo.space.tasks import send_space_reminders


class Command(BaseCommand):
    help = "Queue the daily reminders of the co-working space (run it from cron once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of queueing.")

    def handle(self, *args, now=False, **options):
        if now:
            sent = send_space_reminders.call()
            self.stdout.write(f"{sent} reminders sent.")
        else:
            send_space_reminders.enqueue()
            self.stdout.write("Reminders queued.")
