from django.core.management.base import BaseCommand

from socialdynamo.bookings import services
from socialdynamo.bookings.tasks import send_booking_reminders


class Command(BaseCommand):
    help = "Remind bookers of confirmed bookings starting in the next hours. Run it hourly."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead."
        )

    def handle(self, *args, hours, enqueue, **options):
        if enqueue:
            send_booking_reminders.enqueue(hours_ahead=hours)
            self.stdout.write("Queued.")
            return
        sent = services.send_reminders(hours_ahead=hours)
        self.stdout.write(f"{sent} reminders sent.")
