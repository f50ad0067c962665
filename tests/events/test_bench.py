import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from socialdynamo.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_load_generator_keeps_counters_and_constraints():
    out = io.StringIO()
    call_command(
        "generate_events_load_data",
        "--events=300",
        "--registrations=6000",
        "--people=80",
        "--batch=100",
        stdout=out,
    )
    assert Event.objects.count() == 300
    total = Registration.objects.count()
    assert 5000 <= total <= 7000
    for event in Event.objects.order_by("?")[:20]:
        assert event.confirmed_count == event.registrations.filter(state="confirmed").count()
        assert event.waitlist_count == event.registrations.filter(state="waitlisted").count()
        assert event.confirmed_count <= event.capacity
    assert Client().get("/events/bench-event-page/").status_code == 200
    # Running it again adds nothing.
    call_command("generate_events_load_data", "--events=300", stdout=out)
    assert Event.objects.count() == 300


@pytest.mark.django_db(transaction=True)
def test_bench_burst_is_correct():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import bench_events

    from tests.events.factories import kind

    kind()
    out = io.StringIO()
    assert bench_events.burst(out, attempts=60, seats=10, threads=4)
    assert "correct" in out.getvalue()


def test_generated_registrations_read_back_like_the_services_write_them():
    call_command(
        "generate_events_load_data",
        "--events=5",
        "--registrations=50",
        "--people=30",
        stdout=io.StringIO(),
    )
    registration = Registration.objects.order_by("pk").first()
    assert registration.created.tzinfo is not None
    assert registration.answers == {}
    assert registration.state in ("confirmed", "waitlisted")
