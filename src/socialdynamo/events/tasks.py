"""Background work. Tasks take ids, re-read the rows and do nothing twice."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task

from socialdynamo.core.audit import log_action

from .models import Event, Registration
from .notifications import send_notice

# Which registrations each event-wide notice goes to.
AUDIENCE = {
    "changed": Registration.LIVE_STATES,
    "cancelled": Registration.LIVE_STATES,
    "reminder": {Registration.State.CONFIRMED},
    "feedback": {Registration.State.CONFIRMED},
}


@task()
def notify_registration(registration_id: int, kind: str, key: str = "") -> int:
    registration = (
        Registration.objects.select_related("event", "person").filter(pk=registration_id).first()
    )
    if registration is None:
        return 0
    # A notice that no longer matches the registration is not sent (e.g. promoted, then
    # cancelled before the worker ran).
    expected = {"confirmed": "confirmed", "promoted": "confirmed", "waitlisted": "waitlisted"}
    if kind in expected and registration.state != expected[kind]:
        return 0
    return int(send_notice(registration, kind, key))


@task()
def notify_event(event_id: int, kind: str, key: str = "") -> int:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    registrations = Registration.objects.filter(
        event=event, state__in=AUDIENCE[kind]
    ).select_related("event", "person")
    if kind == "cancelled":
        # Everyone who was registered when the event was cancelled.
        registrations = Registration.objects.filter(
            event=event, state__in=Registration.LIVE_STATES
        ).select_related("event", "person")
    if kind == "feedback":
        registrations = registrations.filter(attended=True)
    sent = 0
    for registration in registrations.iterator(chunk_size=500):
        sent += send_notice(registration, kind, key)
    return sent


@task()
def notify_proposer(event_id: int, action: str) -> int:
    from socialdynamo.core.mail import send_templated_mail

    event = Event.objects.select_related("created_by").filter(pk=event_id).first()
    if event is None or event.created_by is None:
        return 0
    send_templated_mail(
        to=[event.created_by.email],
        template=f"events/email/proposal_{'approved' if action == 'approve' else 'returned'}",
        context={"event": event, "event_url": settings.SITE_URL + event.get_absolute_url()},
        language=event.created_by.language,
    )
    return 1


@task()
def send_due_notices() -> dict:
    """Reminders a day before, feedback requests after; marks ended events as held.
    Run every few minutes (``manage.py events_due_notices``); safe to run again."""
    now = timezone.now()
    counts = {"reminder": 0, "feedback": 0, "held": 0}
    with translation.override("el"):
        for event in Event.objects.filter(
            state=Event.State.PUBLISHED, start__gt=now, start__lte=now + timedelta(hours=24)
        ):
            counts["reminder"] += notify_event.call(
                event.pk, "reminder", event.start.strftime("%Y%m%dT%H%M%S")
            )
        ended = Event.objects.filter(
            state__in=[Event.State.PUBLISHED, Event.State.HELD],
            end__lte=now,
            end__gt=now - timedelta(days=14),
        )
        for event in ended:
            if event.state == Event.State.PUBLISHED and Event.objects.filter(
                pk=event.pk, state=Event.State.PUBLISHED
            ).update(state=Event.State.HELD):
                log_action(event, "events.event.held", reason="ended")
                counts["held"] += 1
            counts["feedback"] += notify_event.call(event.pk, "feedback", "")
    return counts
