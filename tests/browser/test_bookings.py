"""A hosted group books a room for a workshop, staff approve it, it shows in the room's week."""

import re

import pytest
from django.conf import settings
from django.test import Client

from socialdynamo.bookings.models import Booking
from tests.bookings.factories import RoomFactory, hosted_group, next_weekday
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(new_page, live_server, user):
    """A page whose browser is signed in as ``user`` (the sign-in form has its own test)."""
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def test_hosted_group_books_staff_approve_it_shows_in_the_calendar(
    new_page, live_server, totp_staff
):
    room = RoomFactory(name_el="Αίθουσα Εργαστηρίων", capacity=20)
    group, owner = hosted_group(name_el="Ομάδα Γειτονιάς")
    day = next_weekday(2)
    week = f"{live_server.url}/rooms/{room.slug}/?week={day.isoformat()}"

    page = signed_in(new_page, live_server, owner)
    page.goto(f"{live_server.url}/rooms/")
    assert_accessible(page)
    page.click("text=Αίθουσα Εργαστηρίων")
    page.goto(week)
    assert_accessible(page)
    # A free cell of the grid opens the form with the time filled in.
    page.locator("td.slot-free a").first.click()
    page.wait_for_url(re.compile(r".*/book/\?start="))
    page.fill("input[name=day]", day.isoformat())
    page.fill("input[name=start_time]", "10:00")
    page.fill("input[name=end_time]", "12:00")
    page.fill("input[name=purpose]", "Εργαστήριο ψηφιακών δεξιοτήτων")
    page.fill("input[name=expected_people]", "30")
    assert_accessible(page)
    page.click("main form button[type=submit]")
    # Over capacity: a clear error, and what was typed is still there.
    assert "χωράει το πολύ 20 άτομα" in page.content()
    assert page.input_value("input[name=purpose]") == "Εργαστήριο ψηφιακών δεξιοτήτων"
    page.fill("input[name=expected_people]", "15")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/rooms/bookings/\d+/$"))
    assert "Σε αναμονή έγκρισης" in page.content()
    assert_accessible(page)
    booking = Booking.objects.get()
    assert booking.state == "requested"

    staff_page = signed_in(new_page, live_server, totp_staff)
    staff_page.goto(f"{live_server.url}/rooms/staff/approvals/")
    assert_accessible(staff_page)
    staff_page.click("button[value=approve]")
    staff_page.wait_for_load_state()
    booking.refresh_from_db()
    assert booking.state == "confirmed"

    page.goto(week)
    mine = page.locator("td.slot-mine").first
    assert "Εργαστήριο ψηφιακών δεξιοτήτων" in mine.inner_text()
    # Others see the time as busy, without its purpose.
    visitor = new_page()
    visitor.goto(week)
    assert visitor.locator("td.slot-busy").count() == 2
    assert "Εργαστήριο ψηφιακών" not in visitor.content()
    visitor.goto(f"{live_server.url}/rooms/week/?week={day.isoformat()}")
    assert "10:00–12:00" in visitor.content()
    assert_accessible(visitor)
