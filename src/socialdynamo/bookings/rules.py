"""Who may do what with rooms and bookings.

Permission names avoid Django's model permission names (add_/change_/delete_/view_<model>),
so the rules backend never opens the back office by accident.
"""

import rules

from socialdynamo.core.rules import is_authenticated, is_staff
from socialdynamo.organizations.models import Membership
from socialdynamo.organizations.rules import _role_in

from .services import bookable_organisations


@rules.predicate
def room_is_active(user, room):
    return room is not None and room.is_active


@rules.predicate
def may_book_for_an_organisation(user, room):
    return room is not None and bool(bookable_organisations(user, room))


@rules.predicate
def is_booker(user, booking):
    return booking is not None and user.is_authenticated and booking.booked_by_id == user.pk


@rules.predicate
def is_member_of_booking_org(user, booking):
    return booking is not None and _role_in(user, booking.organisation) is not None


@rules.predicate
def is_admin_of_booking_org(user, booking):
    return booking is not None and _role_in(user, booking.organisation) in Membership.ADMIN_ROLES


rules.add_perm("bookings.see_room", room_is_active | is_staff)
rules.add_perm(
    "bookings.book_room",
    is_authenticated & room_is_active & (is_staff | may_book_for_an_organisation),
)
rules.add_perm("bookings.watch_slot", is_authenticated)
rules.add_perm("bookings.see_booking", is_booker | is_member_of_booking_org | is_staff)
rules.add_perm("bookings.manage_booking", is_booker | is_admin_of_booking_org | is_staff)
rules.add_perm("bookings.decide_booking", is_staff)
rules.add_perm("bookings.see_reports", is_staff)
