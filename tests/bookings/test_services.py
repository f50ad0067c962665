"""The booking rules and the no-overlap guarantee, through the services."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import translation

from socialdynamo.bookings import services
from socialdynamo.bookings.models import Booking, Closure, RoomAccessGrant, SlotWatch
from socialdynamo.bookings.services import BookingError
from socialdynamo.core.errors import DomainError
from socialdynamo.organizations.models import Organisation
from tests.factories import StaffFactory, UserFactory, owned_organisation

from .factories import BookingFactory, RoomFactory, at, hosted_group, next_weekday

pytestmark = pytest.mark.django_db


def book(room, start, end, by, organisation, people=5, **kwargs):
    return services.reserve_room(
        room,
        start,
        end,
        purpose="Εργαστήριο",
        by=by,
        organisation=organisation,
        expected_people=people,
        **kwargs,
    )


def refusal(room, start, end, by, organisation, people=5) -> BookingError:
    with pytest.raises(BookingError) as caught:
        book(room, start, end, by, organisation, people)
    return caught.value


def test_hosted_group_books_and_staff_approve():
    room = RoomFactory()
    group, owner = hosted_group()
    staff = StaffFactory()
    day = next_weekday(2)
    booking = book(room, at(day, 10), at(day, 12), owner, group)
    assert booking.state == Booking.State.REQUESTED
    assert staff.email in [m.to[0] for m in mail.outbox]
    services.approve_booking(booking=booking, by=staff)
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED
    assert mail.outbox[-1].to == [owner.email]


def test_room_without_approval_confirms_at_once_and_staff_book_without_organisation():
    room = RoomFactory(requires_approval=False)
    group, owner = hosted_group()
    day = next_weekday(2)
    assert book(room, at(day, 10), at(day, 11), owner, group).state == "confirmed"
    staff_room = RoomFactory()
    staff = StaffFactory()
    assert book(staff_room, at(day, 10), at(day, 11), staff, None).state == "confirmed"


def test_back_to_back_bookings_are_both_allowed_but_overlaps_are_not():
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(3)
    book(room, at(day, 9), at(day, 10), owner, group)
    book(room, at(day, 10), at(day, 11), owner, group)
    error = refusal(room, at(day, 10, 30), at(day, 11, 30), owner, group)
    assert error.code == "conflict"
    assert "10:00" in str(error)
    assert Booking.objects.count() == 2


def test_a_declined_or_cancelled_booking_frees_its_slot():
    room = RoomFactory()
    group, owner = hosted_group()
    staff = StaffFactory()
    day = next_weekday(3)
    first = book(room, at(day, 9), at(day, 10), owner, group)
    services.decline_booking(booking=first, by=staff, reason="Συντήρηση")
    second = book(room, at(day, 9), at(day, 10), owner, group)
    services.cancel_booking(booking=second, by=owner)
    book(room, at(day, 9), at(day, 10), owner, group)


@pytest.mark.parametrize(
    ("case", "code", "field"),
    [
        ("end_before_start", "order", "end"),
        ("outside_hours", "opening_hours", "start"),
        ("over_capacity", "capacity", "expected_people"),
        ("closed_day", "closed", "start"),
        ("weekday_closed", "closed_day", "start"),
        ("too_long", "too_long", "end"),
        ("past", "past", "start"),
        ("too_far", "too_far", "start"),
    ],
)
def test_bad_input_is_refused_with_a_translated_reason(case, code, field):
    room = RoomFactory(capacity=10, max_duration_minutes=180, max_days_ahead=60)
    group, owner = hosted_group()
    day = next_weekday(1)
    start, end, people = at(day, 10), at(day, 12), 5
    if case == "end_before_start":
        start, end = at(day, 12), at(day, 10)
    elif case == "outside_hours":
        start, end = at(day, 21), at(day, 23)
    elif case == "over_capacity":
        people = 11
    elif case == "closed_day":
        Closure.objects.create(room=None, first_day=day, last_day=day, reason="Αργία")
    elif case == "weekday_closed":
        room.opening_hours.filter(weekday=day.weekday()).delete()
    elif case == "too_long":
        end = at(day, 14)
    elif case == "past":
        day = date.today() - timedelta(days=7)
        start, end = at(day, 10), at(day, 11)
    elif case == "too_far":
        day = day + timedelta(days=90)
        start, end = at(day, 10), at(day, 11)
    with translation.override("el"):
        greek = str(refusal(room, start, end, owner, group, people))
    with translation.override("en"):
        error = refusal(room, start, end, owner, group, people)
        english = str(error)
    assert (error.code, error.field) == (code, field)
    assert greek != english, "the reason is translated"
    assert not Booking.objects.exists()


def test_closure_reason_is_shown():
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(4)
    Closure.objects.create(room=room, first_day=day, last_day=day, reason="Βάψιμο")
    assert "Βάψιμο" in str(refusal(room, at(day, 10), at(day, 11), owner, group))


def test_minimum_notice():
    room = RoomFactory(min_notice_hours=48)
    group, owner = hosted_group()
    tomorrow = date.today() + timedelta(days=1)
    assert refusal(room, at(tomorrow, 20), at(tomorrow, 21), owner, group).code == "notice"


def test_monthly_allowance_per_room_and_per_grant():
    room = RoomFactory(monthly_hours_per_organisation=3)
    group, owner = hosted_group()
    day = next_weekday(1, weeks=5).replace(day=3)
    book(room, at(day, 10), at(day, 12), owner, group)
    error = refusal(room, at(day, 14), at(day, 16), owner, group)
    assert error.code == "allowance"
    assert "3" in str(error)
    book(room, at(day, 14), at(day, 15), owner, group)  # exactly the limit
    # A hosting's allowance counts over all rooms.
    RoomAccessGrant.objects.filter(organisation=group).update(monthly_hours=4)
    other_room = RoomFactory()
    book(other_room, at(day, 10), at(day, 11), owner, group)
    assert refusal(other_room, at(day, 12), at(day, 13), owner, group).code == "allowance"


def test_who_may_book():
    day = next_weekday(2)
    room = RoomFactory(allow_verified_organisations=False)
    plain, plain_owner = owned_organisation()
    assert refusal(room, at(day, 10), at(day, 11), plain_owner, plain).code == "not_allowed"
    partner, partner_owner = owned_organisation(kind=Organisation.Kind.PARTNER_HUB)
    book(room, at(day, 10), at(day, 11), partner_owner, partner)
    room.allow_verified_organisations = True
    room.save()
    book(room, at(day, 12), at(day, 13), plain_owner, plain)
    # Not a member: refused even for a hosted group.
    group, _owner = hosted_group()
    stranger = UserFactory()
    assert refusal(room, at(day, 14), at(day, 15), stranger, group).field == "organisation"
    # A person needs an organisation; a suspended one cannot book.
    assert refusal(room, at(day, 14), at(day, 15), stranger, None).code == "no_org"
    Organisation.objects.filter(pk=group.pk).update(state="suspended")
    group.refresh_from_db()
    assert refusal(room, at(day, 14), at(day, 15), _owner, group).code == "not_allowed"


def test_reserve_room_for_an_event_is_a_domain_error_on_conflict():
    """The hook other apps use: an event reserving its room."""
    room = RoomFactory()
    staff = StaffFactory()
    day = next_weekday(5)
    event = room  # any saved model stands in for an event here
    booking = services.reserve_room(
        room, at(day, 18), at(day, 20), purpose="Σεμινάριο", by=staff, event=event
    )
    assert booking.source_id == str(room.pk)
    with pytest.raises(DomainError):
        services.reserve_room(room, at(day, 19), at(day, 21), purpose="Άλλο", by=staff)


def test_change_is_checked_again_and_needs_approval_again():
    room = RoomFactory()
    group, owner = hosted_group()
    staff = StaffFactory()
    day = next_weekday(2)
    first = book(room, at(day, 9), at(day, 10), owner, group)
    services.approve_booking(booking=first, by=staff)
    other = book(room, at(day, 12), at(day, 13), owner, group)
    with pytest.raises(BookingError):
        services.change_booking(
            booking=first, by=owner, start=at(day, 12), end=at(day, 14), purpose="x",
            expected_people=5,
        )  # fmt: skip
    moved = services.change_booking(
        booking=first, by=owner, start=at(day, 10), end=at(day, 12), purpose="x", expected_people=5
    )
    assert moved.state == Booking.State.REQUESTED
    assert other.pk != moved.pk


def test_notify_me_when_a_busy_slot_frees():
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    booking = book(room, at(day, 10), at(day, 12), owner, group)
    watcher = UserFactory(language="en")
    services.watch_slot(room=room, user=watcher, start=at(day, 11), end=at(day, 12))
    mail.outbox.clear()
    services.cancel_booking(booking=booking, by=owner)
    assert [m.to for m in mail.outbox] == [[watcher.email]]
    assert room.name_en in mail.outbox[0].body
    assert SlotWatch.objects.get().notified_at is not None


def test_reminders_are_sent_once():
    room = RoomFactory()
    group, owner = hosted_group()
    staff = StaffFactory()
    booking = book(room, at(next_weekday(2), 10), at(next_weekday(2), 11), owner, group)
    services.approve_booking(booking=booking, by=staff)
    mail.outbox.clear()
    now = booking.start - timedelta(hours=5)
    assert services.send_reminders(now=now) == 1
    assert services.send_reminders(now=now) == 0
    assert mail.outbox[0].to == [owner.email]


def test_weekly_series_across_summer_time_keeps_local_time():
    room = RoomFactory(max_days_ahead=1000)
    group, owner = hosted_group()
    # Summer time in Athens starts on the last Sunday of March: 2027-03-28.
    first = at(date(2027, 3, 16), 18)
    series, result = services.book_series(
        room, first, first + timedelta(hours=2), purpose="Πρόβα", by=owner, organisation=group,
        expected_people=5, count=4,
    )  # fmt: skip
    assert series is not None
    local_times = [services.local(o.booking.start).time() for o in result]
    assert local_times == [time(18)] * 4
    offsets = [services.local(o.booking.start).utcoffset() for o in result]
    assert offsets[0] == timedelta(hours=2) and offsets[-1] == timedelta(hours=3)


def test_series_lists_conflicts_and_books_the_rest():
    room = RoomFactory()
    group, owner = hosted_group()
    first_day = next_weekday(0, weeks=2)
    BookingFactory(room=room, start=at(first_day + timedelta(weeks=1), 18),
                   end=at(first_day + timedelta(weeks=1), 19))  # fmt: skip
    series, result = services.book_series(
        room, at(first_day, 18), at(first_day, 20), purpose="Πρόβα", by=owner,
        organisation=group, expected_people=5, interval_weeks=1,
        until=first_day + timedelta(weeks=3),
    )  # fmt: skip
    assert [bool(o.booking) for o in result] == [True, False, True, True]
    assert result[1].error
    assert series.bookings.count() == 3


def test_every_other_week_until_a_date():
    starts = services.occurrences(
        at(date(2027, 1, 5), 10), at(date(2027, 1, 5), 11), interval_weeks=2,
        until=date(2027, 2, 2),
    )  # fmt: skip
    assert [s.date() for s, _e in starts] == [date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 2)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint is PostgreSQL's")
def test_postgresql_refuses_overlaps_even_without_the_services():
    booking = BookingFactory()
    BookingFactory(room=booking.room, start=booking.end, end=booking.end + timedelta(hours=1))
    BookingFactory(room=booking.room, start=booking.start, end=booking.end, state="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(room=booking.room, start=booking.start + timedelta(minutes=30))


@pytest.mark.django_db(transaction=True)
def test_a_hundred_parallel_attempts_give_one_booking_and_99_clear_refusals():
    room = RoomFactory(requires_approval=False)
    group, owner = hosted_group()
    day = next_weekday(2)
    attempts = 100
    # PostgreSQL allows 100 connections in all; 20 threads keep it under that.
    workers = 100 if connection.vendor == "sqlite" else 20
    go = threading.Event()
    outcomes = []

    def attempt(i):
        go.wait()
        try:
            minute = i % 60
            book(room, at(day, 10, minute), at(day, 11, minute), owner, group)
            outcomes.append("ok")
        except BookingError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(attempt, i) for i in range(attempts)]
        go.set()
        for future in futures:
            future.result()
    assert outcomes.count("ok") == 1
    assert outcomes.count("conflict") == attempts - 1
    assert Booking.objects.filter(room=room).count() == 1


def test_reminder_command_and_task(capsys):
    from django.core.management import call_command

    from socialdynamo.bookings.tasks import send_booking_reminders

    owner = UserFactory()
    start = services.timezone.now() + timedelta(hours=3)
    BookingFactory(booked_by=owner, start=start, end=start + timedelta(hours=1))
    mail.outbox.clear()
    call_command("send_booking_reminders")
    assert "1 reminders sent" in capsys.readouterr().out
    assert send_booking_reminders.enqueue().return_value == 0
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_a_series_sends_one_email_not_one_per_date():
    room = RoomFactory()
    group, owner = hosted_group()
    StaffFactory()
    first = at(next_weekday(0, weeks=2), 18)
    mail.outbox.clear()
    services.book_series(
        room, first, first + timedelta(hours=1), purpose="Πρόβα", by=owner, organisation=group,
        expected_people=5, count=5,
    )  # fmt: skip
    assert len(mail.outbox) == 1


def test_a_group_hosted_in_the_space_may_book_without_a_grant_until_its_hosting_ends():
    from socialdynamo.space.models import Hosting

    room = RoomFactory(allow_verified_organisations=False, allow_partners=False)
    group, owner = owned_organisation()
    day = next_weekday(2)
    with pytest.raises(BookingError):
        services.reserve_room(
            room, at(day, 10), at(day, 11), purpose="Συνάντηση", by=owner, organisation=group
        )
    Hosting.objects.create(
        organisation=group, start=date.today() - timedelta(days=10), end=day + timedelta(days=1)
    )
    booking = services.reserve_room(
        room, at(day, 10), at(day, 11), purpose="Συνάντηση", by=owner, organisation=group
    )
    assert booking.organisation == group
    after = day + timedelta(days=7)
    with pytest.raises(BookingError):
        services.reserve_room(
            room, at(after, 10), at(after, 11), purpose="Συνάντηση", by=owner, organisation=group
        )


def test_a_hosting_in_the_space_carries_its_monthly_room_allowance(client, totp_staff):
    from socialdynamo.space.models import Hosting

    room = RoomFactory(allow_verified_organisations=False, allow_partners=False)
    group, owner = owned_organisation()
    day = next_weekday(1, weeks=5).replace(day=3)
    hosting = Hosting.objects.create(
        organisation=group, start=date.today() - timedelta(days=10), end=day + timedelta(days=60)
    )
    # Staff give the hosted group 2 hours a month on the hosting's page.
    client.force_login(totp_staff)
    client.post(
        f"/space/hostings/{hosting.pk}/edit/",
        {"room_hours_per_month": "2", "goals": "Εργαστήρια γειτονιάς"},
    )
    hosting.refresh_from_db()
    assert hosting.room_hours_per_month == 2
    book(room, at(day, 10), at(day, 11), owner, group)
    other_room = RoomFactory(allow_verified_organisations=False, allow_partners=False)
    book(other_room, at(day, 12), at(day, 13), owner, group)
    error = refusal(other_room, at(day, 14), at(day, 15), owner, group)
    assert error.code == "allowance" and "2" in str(error)
