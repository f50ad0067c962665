"""E-mails to attendees, in each person's language, sent at most once each.

A ``SentNotification`` row is written in the same transaction that queues the e-mail; its
unique constraint makes a re-run task skip what was already sent.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from . import ical
from .models import Registration, SentNotification

KINDS = {
    "confirmed",
    "waitlisted",
    "promoted",
    "reminder",
    "changed",
    "cancelled",
    "feedback",
}
WITH_ICS = {"confirmed", "promoted", "changed", "reminder"}


def send_notice(registration: Registration, kind: str, key: str = "") -> bool:
    """Send one notice unless it was sent already. True when an e-mail left."""
    assert kind in KINDS, kind
    email = registration.contact_email
    if not email:
        return False
    language = registration.person.language if registration.person_id else "el"
    try:
        with transaction.atomic():
            SentNotification.objects.create(registration=registration, kind=kind, key=key)
            _send(registration, kind, email, language)
    except IntegrityError:
        return False
    return True


def _send(registration, kind, email, language):
    event = registration.event
    with translation.override(language):
        context = {
            "hub_name": settings.HUB_NAME,
            "site_url": settings.SITE_URL,
            "event": event,
            "registration": registration,
            "name": registration.display_name,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
        }
        subject = " ".join(render_to_string(f"events/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"events/email/{kind}_body.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[email])
        if kind in WITH_ICS:
            confirmed = registration.state == Registration.State.CONFIRMED
            message.attach(
                "event.ics",
                ical.calendar(
                    [event],
                    name=str(event.title),
                    with_link_for={event.pk} if confirmed else frozenset(),
                ),
                "text/calendar",
            )
    message.send()
