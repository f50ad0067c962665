from datetime import timedelta

import pytest
from django.utils import timezone

from socialdynamo.core import personal_data
from socialdynamo.events import services
from socialdynamo.events.models import CalendarFeed, Feedback, Registration
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase_registrations():
    person = UserFactory()
    upcoming = EventFactory(capacity=1)
    mine = services.register_for_event(event=upcoming, person=person, answers={})
    waiting = services.register_for_event(event=upcoming, person=UserFactory())
    start = timezone.now() - timedelta(days=3)
    past = EventFactory(state="held", start=start, end=start + timedelta(hours=2))
    attended = Registration.objects.create(
        event=past, person=person, state="confirmed", attended=True
    )
    Feedback.objects.create(
        registration=attended, event=past, overall=5, usefulness=4, comments="Με το όνομά μου"
    )
    services.feed_for(person)

    exported = personal_data.export_sections(person)["event_registrations"]
    assert {row["event"] for row in exported} == {upcoming.title, past.title}
    assert any(row["feedback"] and row["feedback"]["overall"] == 5 for row in exported)

    services.erase_registrations(person)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.state == "cancelled" and mine.person is None
    assert waiting.state == "confirmed", "the freed seat goes to the waiting list"
    feedback = Feedback.objects.get()
    assert (feedback.overall, feedback.comments) == (5, ""), "scores survive, anonymous"
    assert not Registration.objects.filter(person=person).exists()
    assert not CalendarFeed.objects.filter(person=person).exists()
