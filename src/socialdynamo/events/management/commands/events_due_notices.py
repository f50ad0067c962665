from django.core.management.base import BaseCommand

from socialdynamo.events.tasks import send_due_notices


class Command(BaseCommand):
    help = (
        "Queue the reminders (a day before) and feedback requests (after the event), and mark "
        "ended events as held. Run every 15 minutes from cron or a systemd timer; safe to repeat."
    )

    def handle(self, *args, **options):
        counts = send_due_notices.call()
        self.stdout.write(
            f"reminders: {counts['reminder']}, feedback requests: {counts['feedback']}, "
            f"marked held: {counts['held']}"
        )
