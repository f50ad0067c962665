"""An event at the hub reserves its room through the bookings service: a conflict stops it."""

from datetime import timedelta

import pytest

from socialdynamo.bookings.models import Booking
from socialdynamo.events import services
from socialdynamo.events.models import Event
from socialdynamo.events.services import EventError
from tests.bookings.factories import RoomFactory, at, hosted_group, next_weekday
from tests.factories import StaffFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def draft_in(room, day, start_hour, hours=2, **kwargs):
    start = at(day, start_hour)
    return EventFactory(
        room=room, start=start, end=start + timedelta(hours=hours), state=Event.State.DRAFT,
        published_at=None, capacity=10, **kwargs,
    )  # fmt: skip


def bookings_of(event):
    return Booking.objects.filter(source_id=str(event.pk), state__in=Booking.LIVE_STATES)


def test_publishing_reserves_the_room_for_the_event_times():
    room, day, staff = RoomFactory(capacity=30), next_weekday(2), StaffFactory()
    event = draft_in(room, day, 10)
    services.change_event_state(event=event, user=staff, action="publish")
    booking = bookings_of(event).get()
    assert (booking.room, booking.start, booking.end) == (room, event.start, event.end)
    assert booking.state == Booking.State.CONFIRMED
    assert room.name in Event.objects.get(pk=event.pk).place_text


def test_a_booked_room_stops_the_event_from_being_published_there():
    room, day, staff = RoomFactory(capacity=30), next_weekday(2), StaffFactory()
    group, owner = hosted_group()
    from socialdynamo.bookings import services as bookings

    bookings.reserve_room(
        room, at(day, 11), at(day, 12), purpose="Πρόβα", by=owner, organisation=group
    )
    event = draft_in(room, day, 10)
    with pytest.raises(EventError) as refused:
        services.change_event_state(event=event, user=staff, action="publish")
    assert refused.value.field == "room"
    assert Event.objects.get(pk=event.pk).state == Event.State.DRAFT
    assert not bookings_of(event).exists()


def test_a_room_too_small_for_the_seats_is_refused():
    room, day, staff = RoomFactory(capacity=8), next_weekday(2), StaffFactory()
    event = draft_in(room, day, 10)
    with pytest.raises(EventError, match="8"):
        services.change_event_state(event=event, user=staff, action="publish")


def test_cancelling_the_event_frees_the_room():
    room, day, staff = RoomFactory(capacity=30), next_weekday(2), StaffFactory()
    event = draft_in(room, day, 10)
    services.change_event_state(event=event, user=staff, action="publish")
    services.change_event_state(event=event, user=staff, action="cancel", reason="Ασθένεια")
    assert not bookings_of(event).exists()
    assert Booking.objects.get(source_id=str(event.pk)).state == Booking.State.CANCELLED


def test_moving_a_published_event_moves_its_booking_or_is_refused_whole():
    room, day, staff = RoomFactory(capacity=30), next_weekday(2), StaffFactory()
    event = draft_in(room, day, 10)
    services.change_event_state(event=event, user=staff, action="publish")
    later = at(day, 14)
    services.update_event(
        event=Event.objects.get(pk=event.pk), user=staff,
        data={"start": later, "end": later + timedelta(hours=2)},
    )  # fmt: skip
    assert bookings_of(event).get().start == later
    other = draft_in(room, day, 18)
    services.change_event_state(event=other, user=staff, action="publish")
    with pytest.raises(EventError):
        services.update_event(
            event=Event.objects.get(pk=event.pk), user=staff,
            data={"start": at(day, 17), "end": at(day, 19)},
        )  # fmt: skip
    assert Event.objects.get(pk=event.pk).start == later
    assert bookings_of(event).get().start == later


def test_the_event_form_offers_the_hub_rooms(staff_client):
    room = RoomFactory(name_el="Αίθουσα Σεμιναρίων")
    page = staff_client.get("/events/new/").content.decode()
    assert 'name="room"' in page and "Αίθουσα Σεμιναρίων" in page
    assert room.pk
