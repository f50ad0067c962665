from django_tasks import task

from . import services


@task()
def send_booking_reminders(hours_ahead: int = 24) -> int:
    """Remind bookers of confirmed bookings starting within ``hours_ahead`` hours (once each).
    Enqueue it hourly (cron or a systemd timer: `manage.py send_booking_reminders --enqueue`)."""
    return services.send_reminders(hours_ahead=hours_ahead)
