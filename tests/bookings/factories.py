"""Factories and helpers for the bookings tests."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory

from socialdynamo.bookings.models import Booking, OpeningHours, Room, RoomAccessGrant
from tests.factories import MembershipFactory, owned_organisation

ATHENS = ZoneInfo("Europe/Athens")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        skip_postgeneration_save = True

    name_el = factory.Sequence(lambda n: f"Αίθουσα {n}")
    name_en = factory.Sequence(lambda n: f"Room {n}")
    name = factory.SelfAttribute("name_el")
    slug = factory.Sequence(lambda n: f"room-{n}")
    kind = Room.Kind.MEETING
    capacity = 12
    equipment_el = "Προβολέας\nΠίνακας"
    equipment_en = "Projector\nWhiteboard"
    requires_approval = True
    min_notice_hours = 0
    max_days_ahead = 365
    max_duration_minutes = 480

    @factory.post_generation
    def open_every_day(obj, create, extracted, **kwargs):
        """Open 08:00–22:00 every day unless told otherwise (open_every_day=False)."""
        if create and extracted is not False:
            OpeningHours.objects.bulk_create(
                OpeningHours(room=obj, weekday=d, opens=time(8), closes=time(22)) for d in range(7)
            )


def hosted_group(owner=None, **kwargs):
    """A verified organisation the hub hosts (may book rooms open to hosted groups)."""
    organisation, owner = owned_organisation(owner=owner, **kwargs)
    RoomAccessGrant.objects.create(organisation=organisation, kind=RoomAccessGrant.Kind.HOSTED)
    return organisation, owner


def member_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, **kwargs).user


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ATHENS)


def next_weekday(weekday: int = 0, weeks: int = 1) -> date:
    """A day of the given weekday at least ``weeks`` weeks from today."""
    today = date.today() + timedelta(weeks=weeks)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    room = factory.SubFactory(RoomFactory)
    start = factory.LazyFunction(lambda: at(next_weekday(1), 10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    state = Booking.State.CONFIRMED
    purpose = "Συνάντηση ομάδας"
    expected_people = 5
