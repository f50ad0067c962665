import io

import pytest
from django.core.management import call_command

from socialdynamo.events.models import Event, Feedback, Registration

pytestmark = pytest.mark.django_db


def test_demo_events_cover_every_state_and_seed_once():
    call_command("seed_demo", stdout=io.StringIO())
    states = set(Event.objects.values_list("state", flat=True))
    assert {"draft", "proposed", "published", "held", "cancelled"} <= states
    assert Event.objects.filter(waitlist_count__gt=0).exists()
    assert Registration.objects.filter(attended=True, certificate_code__isnull=False).exists()
    assert Feedback.objects.exists()
    for event in Event.objects.all():
        assert event.confirmed_count == event.registrations.filter(state="confirmed").count()
        assert event.title_en and event.title_el
    counts = (Event.objects.count(), Registration.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Event.objects.count(), Registration.objects.count()) == counts
