"""Background work of the space. Thin: each task calls a service that is idempotent."""

from django_tasks import task

from . import services


@task()
def send_space_reminders() -> int:
    """Reminders to groups and staff before progress reviews and hosting ends (each once);
    hostings past their last day are marked ended. Run daily (see docs/space.md)."""
    return services.send_reminders()
