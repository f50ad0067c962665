from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from socialdynamo.events import services
from socialdynamo.events.models import Feedback, Registration
from socialdynamo.events.services import EventError
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def held_event(**kwargs):
    start = timezone.now() - timedelta(days=1)
    return EventFactory(state="held", start=start, end=start + timedelta(hours=3), **kwargs)


def attendee(event, present=True, **person):
    return Registration.objects.create(
        event=event, person=UserFactory(**person), state="confirmed", attended=present
    )


def test_feedback_from_who_attended_once(client):
    event = held_event()
    registration = attendee(event)
    client.force_login(registration.person)
    response = client.post(
        f"/en/events/{event.slug}/feedback/", {"overall": "6", "usefulness": "3"}
    )
    assert "Select a valid choice." in response.content.decode()
    response = client.post(
        f"/events/{event.slug}/feedback/", {"overall": "5", "usefulness": "4", "comments": "Τέλειο"}
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.overall, feedback.usefulness, feedback.comments) == (5, 4, "Τέλειο")
    response = client.post(
        f"/en/events/{event.slug}/feedback/", {"overall": "1", "usefulness": "1"}
    )
    assert "already sent your feedback" in response.content.decode()
    assert Feedback.objects.count() == 1


def test_feedback_is_refused_to_who_did_not_attend():
    event = held_event()
    absent = attendee(event, present=False)
    with pytest.raises(EventError, match="attended"):
        services.submit_feedback(registration=absent, user=absent.person, overall=3, usefulness=3)
    other = UserFactory()
    with pytest.raises(EventError, match="not your"):
        services.submit_feedback(registration=absent, user=other, overall=3, usefulness=3)


def test_feedback_is_aggregated_per_event_and_per_trainer(client, totp_staff):
    trainer = UserFactory(is_trainer=True, first_name="Ελένη", last_name="Τρέινερ")
    event = held_event()
    event.trainers.add(trainer)
    for overall, usefulness in ((5, 4), (3, 2)):
        registration = attendee(event)
        services.submit_feedback(
            registration=registration,
            user=registration.person,
            overall=overall,
            usefulness=usefulness,
            comments="Χρήσιμο" if overall == 5 else "",
        )
    client.force_login(trainer)
    page = client.get(f"/en/events/{event.slug}/feedback/summary/").content.decode()
    assert "4.0" in page and "3.0" in page and "Χρήσιμο" in page
    page = client.get("/en/events/manage/trainers/feedback/").content.decode()
    assert "Ελένη" in page and "4.0" in page
    # Another trainer does not see this event's feedback; staff see everyone's.
    other_trainer = UserFactory(is_trainer=True)
    client.force_login(other_trainer)
    assert client.get(f"/events/{event.slug}/feedback/summary/").status_code == 403
    assert "Ελένη" not in client.get("/events/manage/trainers/feedback/").content.decode()
    staff = Client()
    staff.force_login(totp_staff)
    assert "Ελένη" in staff.get("/events/manage/trainers/feedback/").content.decode()


def test_certificate_in_the_persons_language_with_a_verification_code(client):
    event = held_event(title_el="Διαχείριση εθελοντών", title_en="Managing volunteers")
    registration = attendee(event, language="en", first_name="Νίκη", last_name="Αλεξίου")
    client.force_login(registration.person)
    response = client.get(f"/events/{event.slug}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    registration.refresh_from_db()
    code = registration.certificate_code
    assert code
    # The same code each time.
    client.get(f"/events/{event.slug}/certificate.pdf")
    registration.refresh_from_db()
    assert registration.certificate_code == code
    anonymous = Client()
    page = anonymous.get(f"/en/events/certificates/verify/?code={code.lower()}").content.decode()
    assert "This certificate is genuine" in page and "Νίκη Αλεξίου" in page
    assert "Managing volunteers" in page
    page = anonymous.get("/en/events/certificates/verify/?code=NOPE").content.decode()
    assert "No certificate has this code." in page


def test_certificate_is_refused_to_who_was_not_present(client):
    event = held_event()
    registration = attendee(event, present=False)
    client.force_login(registration.person)
    response = client.get(f"/en/events/{event.slug}/certificate.pdf", follow=True)
    assert "Certificates are given to the people marked present." in response.content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/events/{event.slug}/certificate.pdf").status_code == 404


def test_certificate_pdf_renders_greek_and_english():
    from socialdynamo.events import certificates

    event = held_event(title_el="Διαχείριση εθελοντών", title_en="Managing volunteers")
    registration = services.issue_certificate(registration=attendee(event))
    greek = certificates.render_pdf(registration, language="el")
    english = certificates.render_pdf(registration, language="en")
    assert greek.startswith(b"%PDF") and english.startswith(b"%PDF")
    assert greek != english
