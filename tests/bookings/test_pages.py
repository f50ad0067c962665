"""What people see on the rooms' pages."""

import html
import re
from datetime import UTC, timedelta

import pytest
from django.core import mail

from socialdynamo.bookings.models import Booking, SlotWatch
from tests.factories import StaffFactory, UserFactory

from .factories import BookingFactory, RoomFactory, at, hosted_group, member_of, next_weekday

pytestmark = pytest.mark.django_db


def form_data(organisation, day, start="10:00", end="11:00", **extra):
    return {
        "organisation": str(organisation.pk),
        "day": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "purpose": "Εργαστήριο για εθελοντές",
        "expected_people": "8",
        **extra,
    }


def test_a_hosted_group_books_from_the_form_and_staff_approve(client):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    client.force_login(owner)
    response = client.post(f"/rooms/{room.slug}/book/", form_data(group, day))
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == booking.get_absolute_url()
    assert booking.state == "requested" and booking.booked_by == owner
    staff = StaffFactory()
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(staff, "JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LK")
    client.force_login(staff)
    page = client.get("/rooms/staff/approvals/").content.decode()
    assert "Εργαστήριο για εθελοντές" in page
    client.post(f"/rooms/staff/bookings/{booking.pk}/decide/", {"action": "approve"})
    booking.refresh_from_db()
    assert booking.state == "confirmed"
    # Declining needs a reason: without one nothing changes.
    other = BookingFactory(room=room, state="requested", start=at(day, 15), end=at(day, 16))
    client.post(f"/rooms/staff/bookings/{other.pk}/decide/", {"action": "decline"})
    other.refresh_from_db()
    assert other.state == "requested"


def test_a_refused_booking_keeps_what_was_typed(client):
    room = RoomFactory(capacity=6)
    group, owner = hosted_group()
    client.force_login(owner)
    response = client.post(
        f"/rooms/{room.slug}/book/", form_data(group, next_weekday(2), "10:00", "09:00")
    )
    assert response.status_code == 200
    assert "Εργαστήριο για εθελοντές" in response.content.decode()
    response = client.post(f"/rooms/{room.slug}/book/", form_data(group, next_weekday(2)))
    assert response.status_code == 200
    assert "6" in response.context["form"].errors["expected_people"][0]
    assert not Booking.objects.exists()


def test_repeating_booking_previews_conflicts_then_books_the_rest(client):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(0, weeks=2)
    BookingFactory(
        room=room, start=at(day + timedelta(weeks=2), 10), end=at(day + timedelta(weeks=2), 11)
    )
    client.force_login(owner)
    data = form_data(group, day, repeat="weekly", interval_weeks="1", count="4")
    response = client.post(f"/rooms/{room.slug}/book/", data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [bool(o.error) for o in preview] == [False, False, True, False]
    assert Booking.objects.count() == 1  # nothing written yet
    response = client.post(f"/rooms/{room.slug}/book/", {**data, "confirm": "1"})
    assert response.status_code == 200
    assert len(response.context["booked"]) == 3 and len(response.context["refused"]) == 1
    assert Booking.objects.filter(organisation=group).count() == 3


def test_week_grid_shows_own_details_and_busy_for_others(client):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    BookingFactory(room=room, organisation=group, booked_by=owner, purpose="Δική μας πρόβα",
                   start=at(day, 10), end=at(day, 11))  # fmt: skip
    BookingFactory(room=room, purpose="Μυστική συνάντηση", start=at(day, 12), end=at(day, 13))
    url = f"/rooms/{room.slug}/?week={day.isoformat()}"
    client.force_login(member_of(group))
    page = client.get(url).content.decode()
    assert "Δική μας πρόβα" in page and "Μυστική συνάντηση" not in page
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    client.force_login(UserFactory())
    page = client.get(url).content.decode()
    assert "Δική μας πρόβα" not in page and "slot-busy" in page
    client.logout()
    assert "Μυστική" not in client.get(url).content.decode()


def test_week_links_work_without_javascript(client):
    room = RoomFactory()
    page = client.get(f"/rooms/{room.slug}/?week=2027-03-17").content.decode()
    assert "?week=2027-03-08" in page and "?week=2027-03-22" in page
    assert client.get("/rooms/week/?week=garbage").status_code == 200


@pytest.mark.parametrize("rooms", [2, 12])
def test_all_rooms_week_has_a_constant_number_of_queries(
    client, django_assert_max_num_queries, rooms
):
    day = next_weekday(2)
    for _ in range(rooms):
        room = RoomFactory()
        for hour in (9, 11, 13):
            BookingFactory(room=room, start=at(day, hour), end=at(day, hour + 1))
    with django_assert_max_num_queries(6):
        response = client.get(f"/rooms/week/?week={day.isoformat()}")
    assert response.content.decode().count("slot-busy") == rooms * 3


@pytest.mark.parametrize("bookings", [2, 30])
def test_room_week_has_a_constant_number_of_queries(
    client, django_assert_max_num_queries, bookings
):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    for i in range(bookings):
        start = at(day, 8) + timedelta(minutes=20 * i)
        BookingFactory(
            room=room, organisation=group, start=start, end=start + timedelta(minutes=20)
        )
    client.force_login(owner)
    client.get("/rooms/")  # the session is loaded once
    with django_assert_max_num_queries(14):
        assert client.get(f"/rooms/{room.slug}/?week={day.isoformat()}").status_code == 200


def test_the_all_rooms_grid_shows_a_new_booking_at_once(client, django_capture_on_commit_callbacks):
    room = RoomFactory()
    day = next_weekday(2)
    url = f"/rooms/week/?week={day.isoformat()}"
    assert "slot-busy" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        BookingFactory(room=room, start=at(day, 10), end=at(day, 11))
    assert "10:00–11:00" in client.get(url).content.decode()


def test_notify_me_and_cancel(client):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    booking = BookingFactory(room=room, organisation=group, booked_by=owner, start=at(day, 10),
                             end=at(day, 11))  # fmt: skip
    watcher = UserFactory()
    client.force_login(watcher)
    client.post(f"/rooms/{room.slug}/watch/", {"start": booking.start.isoformat(),
                                               "end": booking.end.isoformat()})  # fmt: skip
    assert SlotWatch.objects.filter(user=watcher).exists()
    client.force_login(owner)
    response = client.post(f"/rooms/bookings/{booking.pk}/cancel/", {"reason": ""})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.state == "cancelled"
    assert [m.to for m in mail.outbox] == [[watcher.email]]


def test_change_keeps_input_on_conflict(client):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    booking = BookingFactory(room=room, organisation=group, booked_by=owner, start=at(day, 10),
                             end=at(day, 11))  # fmt: skip
    BookingFactory(room=room, start=at(day, 14), end=at(day, 15))
    client.force_login(owner)
    response = client.post(
        f"/rooms/bookings/{booking.pk}/change/",
        {"day": day.isoformat(), "start_time": "14:30", "end_time": "15:30",
         "purpose": "Νέος σκοπός", "expected_people": "3"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Νέος σκοπός" in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == at(day, 10)


def test_ical_feeds(client):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    BookingFactory(room=room, organisation=group, booked_by=owner, purpose="Πρόβα χορωδίας",
                   start=at(day, 10), end=at(day, 11))  # fmt: skip
    body = client.get(f"/rooms/{room.slug}/calendar.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body
    assert "Πρόβα" not in body
    client.force_login(owner)
    page = client.get("/rooms/my/")
    feed_url = page.context["feeds"][0][1]
    client.logout()
    body = client.get(feed_url).content.decode()
    assert "Πρόβα χορωδίας" in body
    start_utc = at(day, 10).astimezone(UTC)
    assert start_utc.strftime("DTSTART:%Y%m%dT%H%M%SZ") in body


def test_reports_for_staff(staff_client):
    room = RoomFactory(name_el="Αίθουσα Α")
    group, _owner = hosted_group()
    day = next_weekday(2)
    BookingFactory(room=room, organisation=group, start=at(day, 10), end=at(day, 13))
    response = staff_client.get(f"/rooms/staff/reports/?month={day:%Y-%m}")
    occupancy = {row["room"].pk: row for row in response.context["occupancy"]}
    assert occupancy[room.pk]["hours"] == 3
    assert response.context["organisations"][0]["hours"] == 3
    csv = staff_client.get(f"/rooms/staff/reports/?month={day:%Y-%m}&format=csv")
    assert "Αίθουσα Α" in csv.content.decode()


@pytest.mark.parametrize("rooms", [2, 20])
def test_room_list_has_a_constant_number_of_queries(client, django_assert_max_num_queries, rooms):
    for _ in range(rooms):
        RoomFactory()
    with django_assert_max_num_queries(3):
        response = client.get("/rooms/")
    assert response.content.decode().count('class="card"') == rooms


def test_personal_data_export_and_erasure():
    from socialdynamo.bookings import services

    room = RoomFactory()
    group, owner = hosted_group()
    BookingFactory(room=room, organisation=group, booked_by=owner, purpose="Πρόβα")
    own = BookingFactory(room=room, booked_by=owner, start=at(next_weekday(4), 10),
                         end=at(next_weekday(4), 11))  # fmt: skip
    assert services.export_bookings(owner)["room_bookings"][0]["purpose"] == "Πρόβα"
    services.erase_bookings(owner)
    own.refresh_from_db()
    assert own.state == "cancelled" and own.booked_by is None
    assert not Booking.objects.filter(booked_by=owner).exists()


def test_a_free_cell_opens_the_form_with_its_time(client):
    room = RoomFactory()
    group, owner = hosted_group()
    day = next_weekday(2)
    client.force_login(owner)
    page = client.get(f"/rooms/{room.slug}/?week={day.isoformat()}").content.decode()
    link = html.unescape(re.search(r'href="([^"]*/book/\?start=[^"]+)"', page).group(1))
    form = client.get(link).context["form"]
    assert form.initial["day"] == day - timedelta(days=day.weekday())  # Monday, 08:00
    assert form.initial["start_time"].hour == 8


@pytest.mark.parametrize("case", ["allowance", "closed", "outside_hours"])
def test_rule_refusals_show_on_the_form_in_english_too(client, case):
    from socialdynamo.bookings.models import Closure

    room = RoomFactory(monthly_hours_per_organisation=1)
    group, owner = hosted_group()
    day = next_weekday(2)
    start, end = "10:00", "12:00" if case == "allowance" else "11:00"
    if case == "closed":
        Closure.objects.create(room=room, first_day=day, last_day=day, reason_el="Απολύμανση",
                               reason_en="Disinfection", reason="Απολύμανση")  # fmt: skip
    if case == "outside_hours":
        start, end = "06:00", "07:00"
    client.force_login(owner)
    response = client.post(f"/en/rooms/{room.slug}/book/", form_data(group, day, start, end))
    assert response.status_code == 200
    page = response.content.decode()
    expected = {
        "allowance": "allowance of 1 hour a month",
        "closed": "The room is closed on",
        "outside_hours": "The room is open from 08:00 to 22:00",
    }[case]
    assert expected in page
    assert 'value="Εργαστήριο για εθελοντές"' in page
    assert not Booking.objects.exists()


def test_cancel_the_later_dates_of_a_series(client):
    from socialdynamo.bookings import services

    room = RoomFactory()
    group, owner = hosted_group()
    first = at(next_weekday(0, weeks=2), 18)
    _series, result = services.book_series(
        room, first, first + timedelta(hours=1), purpose="Πρόβα", by=owner, organisation=group,
        expected_people=5, count=4,
    )  # fmt: skip
    second = result[1].booking
    client.force_login(owner)
    page = client.get(f"/rooms/bookings/{second.pk}/cancel/").content.decode()
    assert 'name="later_in_series"' in page
    client.post(f"/rooms/bookings/{second.pk}/cancel/", {"later_in_series": "on"})
    states = [b.state for b in Booking.objects.order_by("start")]
    assert states == ["requested", "cancelled", "cancelled", "cancelled"]


def test_the_cached_all_rooms_page_shows_a_new_booking_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    from socialdynamo.bookings import services

    settings.PUBLIC_PAGE_CACHE = True
    day = next_weekday(2, weeks=1)
    room = RoomFactory()
    url = f"/rooms/week/?week={day.isoformat()}"
    before = client.get(url).content.decode()
    assert client.get(url).content.decode() == before  # served from the cache
    assert "csrfmiddlewaretoken" not in before
    group, owner = hosted_group()
    with django_capture_on_commit_callbacks(execute=True):
        services.reserve_room(
            room, at(day, 18), at(day, 19), purpose="Πρόβα", by=owner, organisation=group,
            expected_people=5,
        )  # fmt: skip
    assert client.get(url).content.decode() != before


def test_signed_in_people_are_not_served_the_cached_page(client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    RoomFactory()
    url = f"/rooms/week/?week={next_weekday(2).isoformat()}"
    assert 'action="/accounts/logout/"' not in client.get(url).content.decode()
    assert 'action="/accounts/logout/"' not in client.get(url).content.decode()  # cached
    _group, owner = hosted_group()
    client.force_login(owner)
    assert 'action="/accounts/logout/"' in client.get(url).content.decode()
