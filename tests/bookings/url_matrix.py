"""Who gets what on the rooms' pages (rows merged into tests/permissions_matrix.py)."""

import io
from datetime import date, timedelta

from django.core.files.base import ContentFile
from PIL import Image

from socialdynamo.bookings.models import (
    Booking,
    Closure,
    RoomAccessGrant,
    RoomPhoto,
    SlotWatch,
)
from socialdynamo.bookings.views import organisation_feed_token
from tests.permissions_matrix import LOGIN, PUBLIC, STAFF_ONLY, Row, expect, signed_in, to

from .factories import BookingFactory, RoomFactory, at, next_weekday

DETAIL = to("bookings:booking-detail")
# The booking is the owner's, for "verified": its members see it, its managers (and staff)
# change or cancel it; people outside the organisation learn nothing (404).
SEES_BOOKING = expect(404, anon=LOGIN, member=200, admin=200, owner=200, staff=200)
MANAGES_BOOKING = {**SEES_BOOKING, "member": 403}
MANAGES_BOOKING_POST = {**MANAGES_BOOKING, "admin": DETAIL, "owner": DETAIL, "staff": DETAIL}
# "verified" is a hosted group; "other" (the outsider's) is not, so the outsider cannot book.
BOOKERS = signed_in(403, member=200, admin=200, owner=200, staff=200)

MATRIX = {
    "bookings:room-list": [Row("none", PUBLIC)],
    "bookings:all-rooms-week": [Row("none", PUBLIC)],
    "bookings:room-detail": [
        Row("bookings:room", PUBLIC),
        Row("bookings:inactive-room", expect(404, staff=200), note="only staff see it"),
        Row("bookings:missing-room", expect(404)),
    ],
    "bookings:room-photo": [
        Row("bookings:photo", PUBLIC),
        Row("bookings:foreign-photo", expect(404), note="IDOR: photo of another room"),
    ],
    "bookings:room-ical": [Row("bookings:room", PUBLIC, note="busy times only")],
    "bookings:organisation-ical": [
        Row("bookings:org-feed", PUBLIC, note="the secret token is the key"),
        Row("bookings:org-feed-bad-token", expect(404)),
    ],
    "bookings:room-book": [
        Row("bookings:room", BOOKERS),
        Row("bookings:inactive-room", signed_in(404, staff=403)),
        Row(
            "bookings:room_post_book",
            {**BOOKERS, "member": DETAIL, "admin": DETAIL, "owner": DETAIL},
            method="post",
            note="staff are no member of 'verified': the form says so",
        ),
    ],
    "bookings:room-watch": [
        Row("bookings:room", signed_in(405)),
        Row("bookings:watch_post", signed_in(to("bookings:room-detail")), method="post"),
    ],
    "bookings:my-bookings": [Row("none", signed_in(200))],
    "bookings:booking-detail": [
        Row("bookings:booking", SEES_BOOKING),
        Row("bookings:missing-booking", signed_in(404)),
    ],
    "bookings:booking-cancel": [
        Row("bookings:booking", MANAGES_BOOKING),
        Row("bookings:booking", MANAGES_BOOKING_POST, method="post"),
    ],
    "bookings:booking-change": [
        Row("bookings:booking", MANAGES_BOOKING),
        Row("bookings:booking_post_change", MANAGES_BOOKING_POST, method="post"),
    ],
    "bookings:staff-approvals": [Row("none", STAFF_ONLY)],
    "bookings:staff-decide": [
        Row("bookings:booking", signed_in(405)),
        Row(
            "bookings:booking_post_approve",
            {**STAFF_ONLY, "staff": to("bookings:staff-approvals")},
            method="post",
            note="an organisation's managers cannot approve their own booking",
        ),
    ],
    "bookings:staff-reports": [Row("none", STAFF_ONLY)],
}


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 90, 80)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="room.png")


def scenarios(base):
    verified, other = base["verified"], base["other"]
    owner, staff = base["actors"]["owner"], base["actors"]["staff"]
    RoomAccessGrant.objects.create(organisation=verified, kind=RoomAccessGrant.Kind.HOSTED)
    room = RoomFactory(slug="matrix-room")
    other_room = RoomFactory(slug="matrix-other-room")
    inactive = RoomFactory(slug="matrix-inactive-room", is_active=False)
    photo = RoomPhoto(room=room, alt_text="Η αίθουσα")
    photo.image.save("room.png", _png())
    other_photo = RoomPhoto(room=other_room)
    other_photo.image.save("room.png", _png())
    day = next_weekday(2)
    booking = BookingFactory(
        room=room,
        organisation=verified,
        booked_by=owner,
        state=Booking.State.REQUESTED,
        start=at(day, 10),
        end=at(day, 12),
    )
    BookingFactory(room=other_room, organisation=other, booked_by=base["actors"]["outsider"])
    Closure.objects.create(
        room=other_room, first_day=date(2099, 1, 1), last_day=date(2099, 1, 2), reason="Συντήρηση"
    )
    SlotWatch.objects.create(room=room, user=staff, start=booking.start, end=booking.end)
    room_kwargs = {"slug": room.slug}
    book_day = day + timedelta(days=1)
    return {
        "bookings:room": (room_kwargs, {}),
        "bookings:inactive-room": ({"slug": inactive.slug}, {}),
        "bookings:missing-room": ({"slug": "no-such-room"}, {}),
        "bookings:photo": ({**room_kwargs, "photo_id": photo.pk}, {}),
        "bookings:foreign-photo": ({**room_kwargs, "photo_id": other_photo.pk}, {}),
        "bookings:org-feed": (
            {"slug": verified.slug, "token": organisation_feed_token(verified)},
            {},
        ),
        "bookings:org-feed-bad-token": ({"slug": verified.slug, "token": "guess"}, {}),
        "bookings:room_post_book": (
            room_kwargs,
            {
                "organisation": str(verified.pk),
                "day": book_day.isoformat(),
                "start_time": "10:00",
                "end_time": "11:00",
                "purpose": "Εργαστήριο",
                "expected_people": "5",
            },
        ),
        "bookings:watch_post": (
            room_kwargs,
            {"start": booking.start.isoformat(), "end": booking.end.isoformat()},
        ),
        "bookings:booking": ({"pk": booking.pk}, {}),
        "bookings:missing-booking": ({"pk": 999999}, {}),
        "bookings:booking_post_change": (
            {"pk": booking.pk},
            {
                "day": day.isoformat(),
                "start_time": "13:00",
                "end_time": "14:00",
                "purpose": "Αλλαγή",
                "expected_people": "4",
            },
        ),
        "bookings:booking_post_approve": ({"pk": booking.pk}, {"action": "approve"}),
    }


def snapshot():
    return (
        sorted(Booking.objects.values_list("id", "state", "start", "end", "purpose", "room_id")),
        sorted(SlotWatch.objects.values_list("id", "start", "end", "notified_at")),
    )
