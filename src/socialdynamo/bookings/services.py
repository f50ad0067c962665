"""Every write about rooms and bookings: one function per thing a person does.

No overlap, ever: every function that creates or moves a live booking runs in one
transaction that first locks the room row (``select_for_update``: on PostgreSQL writers of
one room queue up; on SQLite every transaction is IMMEDIATE, so all writers queue up), then
checks the rules and the conflicts, then writes. On PostgreSQL an exclusion constraint is the
last guard; a violation becomes the same readable error.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from socialdynamo.core.audit import log_action
from socialdynamo.core.errors import DomainError
from socialdynamo.core.mail import send_templated_mail
from socialdynamo.organizations.models import Membership, Organisation
from socialdynamo.space import selectors as space_selectors

from .models import Booking, BookingSeries, Closure, OpeningHours, Room, RoomAccessGrant, SlotWatch

MAX_OCCURRENCES = 52


class BookingError(DomainError):
    pass


def athens() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, athens())


def fmt(moment: datetime) -> str:
    return local(moment).strftime("%d/%m/%Y %H:%M")


def fmt_time(moment: datetime) -> str:
    return local(moment).strftime("%H:%M")


# --- Who may book ---------------------------------------------------------------------------


def booker_kinds(organisation: Organisation | None, on: date | None = None) -> set[str]:
    """What the organisation is to the hub on a day: {"hosted", "partner"}, either or none.

    "hosted" comes from a hosting in the co-working space on that day (space app) or from a
    current RoomAccessGrant of kind hosted (set by staff, e.g. with a monthly allowance);
    "partner" from a partner grant or the organisation's kind "partner hub".
    """
    if organisation is None:
        return set()
    on = on or timezone.localdate()
    kinds = set(
        RoomAccessGrant.objects.filter(organisation=organisation, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .values_list("kind", flat=True)
    )
    if organisation.kind == Organisation.Kind.PARTNER_HUB:
        kinds.add(RoomAccessGrant.Kind.PARTNER)
    if RoomAccessGrant.Kind.HOSTED not in kinds and space_selectors.is_hosted(organisation, on):
        kinds.add(RoomAccessGrant.Kind.HOSTED)
    return kinds


def room_allows(room: Room, organisation: Organisation, on: date | None = None) -> bool:
    if organisation.state != Organisation.State.VERIFIED:
        return False
    if room.allow_verified_organisations:
        return True
    kinds = booker_kinds(organisation, on)
    return (room.allow_hosted_groups and RoomAccessGrant.Kind.HOSTED in kinds) or (
        room.allow_partners and RoomAccessGrant.Kind.PARTNER in kinds
    )


def organisations_of(user):
    """Verified organisations the person belongs to (any role)."""
    if not (user and user.is_authenticated):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, state=Organisation.State.VERIFIED
    ).order_by("name")


def bookable_organisations(user, room: Room) -> list[Organisation]:
    return [o for o in organisations_of(user) if room_allows(room, o)]


def _check_booker(room: Room, by, organisation: Organisation | None, on: date | None) -> None:
    if organisation is None:
        if by is not None and by.is_staff:
            return
        raise BookingError(
            _("Choose the organisation you book for."), field="organisation", code="no_org"
        )
    is_member = Membership.objects.filter(organisation=organisation, user=by).exists()
    if not (is_member or (by is not None and by.is_staff)):
        raise BookingError(
            _("You can book only for an organisation you belong to."), field="organisation"
        )
    if not room_allows(room, organisation, on):
        raise BookingError(
            _("%(organisation)s may not book this room. Ask the hub's staff.")
            % {"organisation": organisation},
            field="organisation",
            code="not_allowed",
        )


# --- The rules of a room ----------------------------------------------------------------------


def monthly_allowance_hours(organisation: Organisation | None, room: Room) -> list[tuple]:
    """The monthly limits that apply to the organisation booking the room.

    A list of (hours, scope) with scope "room" (the room's own limit, counted in that room)
    and "all" (the allowance of the group's hosting in the space, or of a grant set by staff,
    the larger if both, counted over all rooms).
    """
    if organisation is None:
        return []
    limits = []
    if room.monthly_hours_per_organisation is not None:
        limits.append((room.monthly_hours_per_organisation, "room"))
    today = timezone.localdate()
    grant_hours = (
        RoomAccessGrant.objects.filter(
            organisation=organisation, monthly_hours__isnull=False, valid_from__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("monthly_hours", flat=True)
    )
    hosting_hours = space_selectors.room_allowance(organisation, today)
    allowances = [*grant_hours, *([hosting_hours] if hosting_hours is not None else [])]
    if allowances:
        limits.append((max(allowances), "all"))
    return limits


def month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    day = local(moment).date().replace(day=1)
    following = (day + timedelta(days=32)).replace(day=1)
    zone = athens()
    return datetime.combine(day, time(), zone), datetime.combine(following, time(), zone)


def hours_booked(organisation, start_of_month, end_of_month, *, room=None, exclude=None) -> float:
    qs = Booking.objects.filter(
        organisation=organisation,
        state__in=Booking.LIVE_STATES,
        start__gte=start_of_month,
        start__lt=end_of_month,
    )
    if room is not None:
        qs = qs.filter(room=room)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    total = qs.aggregate(
        total=Sum(ExpressionWrapper(F("end") - F("start"), output_field=DurationField()))
    )["total"]
    return total.total_seconds() / 3600 if total else 0.0


def closure_on(room: Room, day: date) -> Closure | None:
    return (
        Closure.objects.filter(Q(room=room) | Q(room__isnull=True))
        .filter(first_day__lte=day, last_day__gte=day)
        .first()
    )


def conflicts(room: Room, start: datetime, end: datetime, *, exclude=None):
    """Live bookings of the room overlapping [start, end). Touching ends do not overlap."""
    qs = Booking.objects.filter(
        room=room, state__in=Booking.LIVE_STATES, start__lt=end, end__gt=start
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def check_booking(
    room: Room,
    start: datetime,
    end: datetime,
    *,
    by,
    organisation: Organisation | None,
    expected_people: int | None,
    exclude: Booking | None = None,
    now: datetime | None = None,
) -> None:
    """Raise BookingError with the first rule the booking breaks; return when it may be made."""
    if start is None or end is None:
        raise BookingError(_("Give a start and an end."), field="start")
    if end <= start:
        raise BookingError(_("The end must be after the start."), field="end", code="order")
    if not room.is_active:
        raise BookingError(_("This room cannot be booked at the moment."), code="inactive")
    # Hosted or partner on the day of the booking (a day in the past meets its own rule below).
    _check_booker(room, by, organisation, max(local(start).date(), timezone.localdate()))
    if expected_people is not None and expected_people > room.capacity:
        raise BookingError(
            _("This room holds at most %(capacity)d people.") % {"capacity": room.capacity},
            field="expected_people",
            code="capacity",
        )
    now = now or timezone.now()
    is_staff = by is not None and by.is_staff
    if start < now:
        raise BookingError(_("This time has already passed."), field="start", code="past")
    if not is_staff:
        if end - start > timedelta(minutes=room.max_duration_minutes):
            hours, minutes = divmod(room.max_duration_minutes, 60)
            raise BookingError(
                _("A booking of this room can last at most %(length)s.")
                % {"length": f"{hours}:{minutes:02d}"},
                field="end",
                code="too_long",
            )
        if start < now + timedelta(hours=room.min_notice_hours):
            raise BookingError(
                ngettext(
                    "Book at least %(hours)d hour ahead.",
                    "Book at least %(hours)d hours ahead.",
                    room.min_notice_hours,
                )
                % {"hours": room.min_notice_hours},
                field="start",
                code="notice",
            )
        if start > now + timedelta(days=room.max_days_ahead):
            raise BookingError(
                _("This room can be booked at most %(days)d days ahead.")
                % {"days": room.max_days_ahead},
                field="start",
                code="too_far",
            )
    local_start, local_end = local(start), local(end)
    day = local_start.date()
    closure = closure_on(room, day)
    if closure is not None:
        raise BookingError(
            _("The room is closed on %(day)s: %(reason)s.")
            % {"day": day.strftime("%d/%m/%Y"), "reason": closure.reason},
            field="start",
            code="closed",
        )
    hours = OpeningHours.objects.filter(room=room, weekday=day.weekday()).first()
    ends_same_day = local_end.date() == day or (
        local_end.date() == day + timedelta(days=1) and local_end.time() == time(0)
    )
    end_time = time(23, 59, 59) if local_end.time() == time(0) else local_end.time()
    if hours is None:
        raise BookingError(
            _("The room is not open on %(weekday)s.")
            % {"weekday": OpeningHours.Weekday(day.weekday()).label},
            field="start",
            code="closed_day",
        )
    if not ends_same_day or local_start.time() < hours.opens or end_time > hours.closes:
        raise BookingError(
            _("The room is open from %(opens)s to %(closes)s on that day.")
            % {"opens": hours.opens.strftime("%H:%M"), "closes": hours.closes.strftime("%H:%M")},
            field="start",
            code="opening_hours",
        )
    if organisation is not None and not is_staff:
        first, last = month_bounds(start)
        wanted = (end - start).total_seconds() / 3600
        for limit, scope in monthly_allowance_hours(organisation, room):
            used = hours_booked(
                organisation, first, last, room=room if scope == "room" else None, exclude=exclude
            )
            if used + wanted > limit + 1e-9:
                raise BookingError(
                    ngettext(
                        "This would take %(organisation)s over its allowance of %(limit)d hour "
                        "a month (%(used)s hours already booked).",
                        "This would take %(organisation)s over its allowance of %(limit)d hours "
                        "a month (%(used)s hours already booked).",
                        limit,
                    )
                    % {
                        "organisation": organisation,
                        "limit": limit,
                        "used": formats.number_format(used, 1),
                    },
                    field="end",
                    code="allowance",
                )
    clash = conflicts(room, start, end, exclude=exclude).order_by("start").first()
    if clash is not None:
        raise BookingError(
            _("The room is already booked from %(start)s to %(end)s.")
            % {"start": fmt(clash.start), "end": fmt_time(clash.end)},
            field="start",
            code="conflict",
        )


def _lock_room(room: Room) -> Room:
    return Room.objects.select_for_update().get(pk=room.pk)


def _lock_organisation(organisation: Organisation | None) -> None:
    if organisation is not None:
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _save_guarded(booking: Booking) -> None:
    """Save; on PostgreSQL the exclusion constraint may still refuse (a writer that bypassed
    the lock): the same readable error."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        raise BookingError(
            _("Someone else has just booked this time. Choose another."),
            field="start",
            code="conflict",
        ) from exc


# --- E-mails ----------------------------------------------------------------------------------


def _mail(user, template: str, context: dict) -> None:
    if user is None or not user.is_active or not user.email:
        return
    send_templated_mail(
        to=[user.email],
        template=f"bookings/email/{template}",
        context=context,
        language=getattr(user, "language", "el") or "el",
    )


def _staff():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_staff=True, is_active=True)


def _booking_context(booking: Booking) -> dict:
    return {
        "booking": booking,
        "room": booking.room,
        "when": fmt(booking.start),
        "until": fmt_time(booking.end),
        "url": settings.SITE_URL + booking.get_absolute_url(),
    }


def _tell_watchers(room: Room, start: datetime, end: datetime) -> int:
    """People watching a slot that overlaps the freed [start, end) are told once."""
    now = timezone.now()
    watches = SlotWatch.objects.filter(
        room=room, notified_at__isnull=True, start__lt=end, end__gt=max(start, now)
    ).select_related("user")
    told = 0
    for watch in watches:
        if conflicts(room, watch.start, watch.end).exists():
            continue
        _mail(
            watch.user,
            "slot_free",
            {
                "room": room,
                "when": fmt(watch.start),
                "until": fmt_time(watch.end),
                "url": settings.SITE_URL + room.get_absolute_url(),
            },
        )
        watch.notified_at = now
        watch.save(update_fields=["notified_at"])
        told += 1
    return told


# --- Booking ----------------------------------------------------------------------------------


def _initial_state(room: Room, by) -> str:
    if (by is not None and by.is_staff) or not room.requires_approval:
        return Booking.State.CONFIRMED
    return Booking.State.REQUESTED


def _create(
    room,
    start,
    end,
    *,
    purpose,
    by,
    organisation,
    expected_people,
    event=None,
    series=None,
    notify=True,
):
    room = _lock_room(room)
    _lock_organisation(organisation)
    check_booking(
        room, start, end, by=by, organisation=organisation, expected_people=expected_people
    )
    booking = Booking(
        room=room,
        start=start,
        end=end,
        purpose=purpose,
        expected_people=expected_people or 1,
        booked_by=by,
        organisation=organisation,
        series=series,
        state=_initial_state(room, by),
    )
    if event is not None:
        booking.source_type = ContentType.objects.get_for_model(event)
        booking.source_id = str(event.pk)
    _save_guarded(booking)
    log_action(booking, f"bookings.booking.{booking.state}", user=by)
    if notify:
        _notify_created(booking, by)
    return booking


def _notify_created(booking: Booking, by) -> None:
    if booking.state == Booking.State.REQUESTED:
        for person in _staff():
            _mail(person, "request_staff", _booking_context(booking))
    else:
        _mail(by, "confirmed", _booking_context(booking))


@transaction.atomic
def reserve_room(
    room: Room,
    start: datetime,
    end: datetime,
    *,
    purpose: str,
    by,
    organisation: Organisation | None = None,
    event=None,
    expected_people: int | None = None,
) -> Booking:
    """Book ``room`` from ``start`` to ``end`` (aware datetimes). The one way in for pages and
    for other apps (an event reserving its room): raises BookingError (a DomainError) with the
    reason when the room is taken, closed or the rules refuse. Staff bookings and rooms
    without approval are confirmed at once; others wait for staff."""
    return _create(
        room,
        start,
        end,
        purpose=purpose,
        by=by,
        organisation=organisation,
        expected_people=expected_people,
        event=event,
    )


@transaction.atomic
def approve_booking(*, booking: Booking, by) -> Booking:
    booking = Booking.objects.select_for_update().select_related("room").get(pk=booking.pk)
    if booking.state != Booking.State.REQUESTED:
        raise BookingError(
            _("This booking is no longer waiting for approval: %(state)s.")
            % {"state": booking.get_state_display()}
        )
    booking.state = Booking.State.CONFIRMED
    booking.decided_by = by
    booking.decided_at = timezone.now()
    booking.save(update_fields=["state", "decided_by", "decided_at", "updated"])
    log_action(booking, "bookings.booking.approved", user=by)
    _mail(booking.booked_by, "confirmed", _booking_context(booking))
    return booking


@transaction.atomic
def decline_booking(*, booking: Booking, by, reason: str) -> Booking:
    if not (reason or "").strip():
        raise BookingError(_("Say why the booking is declined."), field="reason")
    booking = Booking.objects.select_for_update().select_related("room").get(pk=booking.pk)
    if booking.state != Booking.State.REQUESTED:
        raise BookingError(
            _("This booking is no longer waiting for approval: %(state)s.")
            % {"state": booking.get_state_display()}
        )
    booking.state = Booking.State.DECLINED
    booking.decision_reason = reason.strip()
    booking.decided_by = by
    booking.decided_at = timezone.now()
    booking.save(update_fields=["state", "decision_reason", "decided_by", "decided_at", "updated"])
    log_action(booking, "bookings.booking.declined", user=by, reason=booking.decision_reason)
    _mail(booking.booked_by, "declined", {**_booking_context(booking), "reason": reason})
    _tell_watchers(booking.room, booking.start, booking.end)
    return booking


@transaction.atomic
def cancel_booking(
    *, booking: Booking, by, reason: str = "", later_in_series: bool = False
) -> Booking:
    """Cancel a live booking that is not over; with ``later_in_series`` also the later live
    dates of its series. Freed times are offered to the people watching them."""
    booking = Booking.objects.select_for_update().select_related("room").get(pk=booking.pk)
    if not booking.is_live:
        raise BookingError(
            _("This booking cannot be cancelled: %(state)s.")
            % {"state": booking.get_state_display()}
        )
    if booking.end <= timezone.now():
        raise BookingError(_("This booking is over; it cannot be cancelled."))
    bookings = [booking]
    if later_in_series and booking.series_id:
        bookings += list(
            Booking.objects.select_for_update()
            .filter(series_id=booking.series_id, start__gt=booking.start)
            .filter(state__in=Booking.LIVE_STATES)
            .order_by("start")
        )
    reason = (reason or "").strip()
    for item in bookings:
        item.state = Booking.State.CANCELLED
        item.decision_reason = reason
        item.save(update_fields=["state", "decision_reason", "updated"])
        log_action(item, "bookings.booking.cancelled", user=by, reason=reason)
        _tell_watchers(booking.room, item.start, item.end)
    if booking.booked_by_id and booking.booked_by != by:
        _mail(booking.booked_by, "cancelled", {**_booking_context(booking), "reason": reason})
    return booking


@transaction.atomic
def change_booking(
    *, booking: Booking, by, start: datetime, end: datetime, purpose: str, expected_people: int
) -> Booking:
    """Move or edit a live booking; every rule is checked again. A moved booking of a room
    that needs approval waits for staff again (unless staff move it)."""
    room = _lock_room(booking.room)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not booking.is_live:
        raise BookingError(
            _("This booking cannot be changed: %(state)s.") % {"state": booking.get_state_display()}
        )
    if booking.start <= timezone.now():
        raise BookingError(_("This booking has started; it cannot be changed."))
    _lock_organisation(booking.organisation)
    old_start, old_end = booking.start, booking.end
    moved = (start, end) != (old_start, old_end)
    if moved:
        check_booking(
            room,
            start,
            end,
            by=by,
            organisation=booking.organisation,
            expected_people=expected_people,
            exclude=booking,
        )
    elif expected_people > room.capacity:
        raise BookingError(
            _("This room holds at most %(capacity)d people.") % {"capacity": room.capacity},
            field="expected_people",
        )
    booking.start, booking.end = start, end
    booking.purpose = purpose
    booking.expected_people = expected_people
    if moved:
        booking.state = _initial_state(room, by)
        booking.reminder_sent_at = None
    _save_guarded(booking)
    log_action(
        booking,
        "bookings.booking.changed",
        user=by,
        data={"from": [old_start.isoformat(), old_end.isoformat()]} if moved else {},
    )
    if moved:
        if booking.state == Booking.State.REQUESTED:
            for person in _staff():
                _mail(person, "request_staff", _booking_context(booking))
        _tell_watchers(room, old_start, old_end)
    return booking


# --- Recurring bookings -----------------------------------------------------------------------


@dataclass
class Occurrence:
    start: datetime
    end: datetime
    error: str = ""
    booking: Booking | None = None


def occurrences(
    start: datetime,
    end: datetime,
    *,
    interval_weeks: int = 1,
    until: date | None = None,
    count: int | None = None,
) -> list[tuple[datetime, datetime]]:
    """The dates of a series, every ``interval_weeks`` weeks at the same LOCAL time (a series
    that crosses a change to or from summer time keeps 18:00 as 18:00)."""
    if not until and not count:
        raise BookingError(_("Say until when, or how many times, the booking repeats."))
    if interval_weeks < 1:
        raise BookingError(_("Repeat at least every week."), field="interval_weeks")
    zone = athens()
    first = local(start)
    duration = end - start
    limit = min(count or MAX_OCCURRENCES, MAX_OCCURRENCES)
    result = []
    k = 0
    while len(result) < limit:
        day = first.date() + timedelta(weeks=k * interval_weeks)
        if until and day > until:
            break
        occurrence_start = datetime.combine(day, first.time(), zone)
        result.append((occurrence_start, occurrence_start + duration))
        k += 1
    return result


def preview_series(room, start, end, *, by, organisation, expected_people, **repeat):
    """Each occurrence with the reason it cannot be booked, if any (nothing is written)."""
    result = []
    for occ_start, occ_end in occurrences(start, end, **repeat):
        try:
            check_booking(
                room,
                occ_start,
                occ_end,
                by=by,
                organisation=organisation,
                expected_people=expected_people,
            )
            result.append(Occurrence(occ_start, occ_end))
        except BookingError as error:
            result.append(Occurrence(occ_start, occ_end, error=str(error.message)))
    return result


@transaction.atomic
def book_series(
    room: Room,
    start: datetime,
    end: datetime,
    *,
    purpose: str,
    by,
    organisation: Organisation | None,
    expected_people: int,
    interval_weeks: int = 1,
    until: date | None = None,
    count: int | None = None,
) -> tuple[BookingSeries | None, list[Occurrence]]:
    """Book every free occurrence; the others come back with their reason. Each occurrence is
    checked and written under the room lock, so a series never overlaps anything either."""
    dates = occurrences(start, end, interval_weeks=interval_weeks, until=until, count=count)
    room = _lock_room(room)
    _lock_organisation(organisation)
    series = BookingSeries.objects.create(
        room=room,
        booked_by=by,
        organisation=organisation,
        purpose=purpose,
        interval_weeks=interval_weeks,
        first_start=start,
        local_start_time=local(start).time(),
        duration_minutes=int((end - start).total_seconds() // 60),
        occurrences=len(dates),
    )
    result = []
    for occ_start, occ_end in dates:
        try:
            with transaction.atomic():
                booking = _create(
                    room,
                    occ_start,
                    occ_end,
                    purpose=purpose,
                    by=by,
                    organisation=organisation,
                    expected_people=expected_people,
                    series=series,
                    notify=False,
                )
            result.append(Occurrence(occ_start, occ_end, booking=booking))
        except BookingError as error:
            result.append(Occurrence(occ_start, occ_end, error=str(error.message)))
    if not any(o.booking for o in result):
        transaction.set_rollback(True)
        return None, result
    log_action(series, "bookings.series.created", user=by)
    # One e-mail for the series (about its first date), not one per date.
    _notify_created(next(o.booking for o in result if o.booking), by)
    return series, result


# --- Notify me ------------------------------------------------------------------------------


@transaction.atomic
def watch_slot(*, room: Room, user, start: datetime, end: datetime) -> SlotWatch:
    if end <= start:
        raise BookingError(_("The end must be after the start."))
    if end <= timezone.now():
        raise BookingError(_("This time has already passed."))
    watch, _created = SlotWatch.objects.get_or_create(
        room=room, user=user, start=start, defaults={"end": end}
    )
    if watch.notified_at is not None or watch.end != end:
        watch.end = end
        watch.notified_at = None
        watch.save(update_fields=["end", "notified_at"])
    return watch


# --- Reminders ------------------------------------------------------------------------------


def send_reminders(*, hours_ahead: int = 24, now: datetime | None = None) -> int:
    """Remind bookers of confirmed bookings starting within ``hours_ahead`` hours, once."""
    now = now or timezone.now()
    sent = 0
    due = Booking.objects.filter(
        state=Booking.State.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        start__lte=now + timedelta(hours=hours_ahead),
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update()
                .filter(pk=pk, reminder_sent_at__isnull=True, state=Booking.State.CONFIRMED)
                .first()
            )
            if booking is None:
                continue
            _mail(booking.booked_by, "reminder", _booking_context(booking))
            booking.reminder_sent_at = now
            booking.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


# --- Personal data ----------------------------------------------------------------------------


def export_bookings(user) -> dict:
    return {
        "room_bookings": [
            {
                "room": str(b.room),
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "state": b.state,
                "purpose": b.purpose,
                "organisation": str(b.organisation) if b.organisation else "",
            }
            for b in Booking.objects.filter(booked_by=user).select_related("room", "organisation")
        ],
        "room_slot_watches": [
            {"room": str(w.room), "start": w.start.isoformat(), "end": w.end.isoformat()}
            for w in SlotWatch.objects.filter(user=user).select_related("room")
        ],
    }


def erase_bookings(user) -> None:
    """Bookings stay (they belong to the organisation and the room's history) without the
    person; their future bookings without an organisation are cancelled."""
    future = Booking.objects.filter(
        booked_by=user,
        organisation__isnull=True,
        state__in=Booking.LIVE_STATES,
        end__gt=timezone.now(),
    )
    future.update(state=Booking.State.CANCELLED)
    Booking.objects.filter(booked_by=user).update(booked_by=None)
    SlotWatch.objects.filter(user=user).delete()
