"""Reads for the rooms' pages: a constant number of queries whatever the number of bookings.

A week grid is built from ONE range query on bookings (start < week end AND end > week
start, on the (start, end) or (room, start) index), plus one query each for rooms, opening
hours and closures; cells are filled in Python, never one query per cell.

The all-rooms week grid shows only "busy" for everyone, so its HTML is the same for every
visitor: it is cached per week and language, under the "bookings" content version
(core.page_cache, kept in the database) that every write to bookings, rooms, opening hours or
closures bumps after commit; the entry also expires after ``GRID_CACHE_SECONDS``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from socialdynamo.core import page_cache
from socialdynamo.organizations.models import Membership

from .models import Booking, Closure, OpeningHours, Room
from .services import athens, local

GRID_CACHE_SECONDS = 300
DEFAULT_OPENS = time(9)
DEFAULT_CLOSES = time(21)


# --- Cache version -----------------------------------------------------------------------------


def grid_version() -> str:
    """The version of everything the all-rooms grid shows (core.page_cache: kept in the
    database, so every app process sees a change at once)."""
    return page_cache.versions(("bookings",))


def _on_change(sender, **kwargs):
    page_cache.bump_on_commit("bookings")


def connect_cache_signals():
    for model in (Booking, Room, OpeningHours, Closure):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"bookings-grid-{model.__name__}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"bookings-grid-del-{model.__name__}"
        )


# --- Weeks ----------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(value: str | None) -> date:
    """The Monday of the week named by ``?week=YYYY-MM-DD`` (any day of it); this week if absent
    or unreadable."""
    try:
        day = date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    day = min(max(day, date(2000, 1, 3)), date(2999, 12, 27))
    return monday_of(day)


def week_bounds(monday: date) -> tuple[datetime, datetime]:
    zone = athens()
    return (
        datetime.combine(monday, time(), zone),
        datetime.combine(monday + timedelta(days=7), time(), zone),
    )


# A booking never spans more than one day (the services keep it inside one day's opening
# hours), so a booking overlapping [start, end) starts after start - 1 day. Saying so bounds
# the index range on both sides instead of scanning every earlier booking.
LONGEST_BOOKING = timedelta(days=1)


def live_bookings_between(start: datetime, end: datetime, *, room=None):
    qs = Booking.objects.filter(
        state__in=Booking.LIVE_STATES,
        start__gte=start - LONGEST_BOOKING,
        start__lt=end,
        end__gt=start,
    )
    if room is not None:
        qs = qs.filter(room=room)
    return qs


def closures_between(first: date, last: date, *, room=None) -> list[Closure]:
    qs = Closure.objects.filter(first_day__lte=last, last_day__gte=first)
    if room is not None:
        qs = qs.filter(Q(room=room) | Q(room__isnull=True))
    return list(qs)


def _closure_for(closures, room_id, day):
    for closure in closures:
        if closure.first_day <= day <= closure.last_day and closure.room_id in (None, room_id):
            return closure
    return None


# --- The all-rooms grid -----------------------------------------------------------------------


@dataclass
class DayCell:
    day: date
    closed: str = ""  # the reason, when closed
    opens: time | None = None
    closes: time | None = None
    busy: list = field(default_factory=list)  # ["HH:MM–HH:MM", ...]

    @property
    def hours(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}" if self.opens else ""


def active_rooms():
    return Room.objects.filter(is_active=True).order_by("position", "name")


def all_rooms_week(monday: date) -> list[tuple[Room, list[DayCell]]]:
    """Every active room with its seven days: closed, or open hours and busy intervals.
    Four queries, whatever the number of rooms or bookings."""
    start, end = week_bounds(monday)
    days = [monday + timedelta(days=i) for i in range(7)]
    rooms = list(active_rooms().only("id", "slug", "name", "name_el", "name_en", "capacity"))
    hours = {
        (h.room_id, h.weekday): h
        for h in OpeningHours.objects.filter(room__in=[r.pk for r in rooms])
    }
    closures = closures_between(days[0], days[-1])
    by_room_day: dict[tuple, list] = {}
    rows = live_bookings_between(start, end).values_list("room_id", "start", "end")
    zone = athens()
    for room_id, b_start, b_end in rows.order_by("start"):
        s, e = b_start.astimezone(zone), b_end.astimezone(zone)
        until = "24:00" if e.date() > s.date() else f"{e:%H:%M}"
        by_room_day.setdefault((room_id, s.date()), []).append(f"{s:%H:%M}–{until}")
    grid = []
    for room in rooms:
        cells = []
        for day in days:
            closure = _closure_for(closures, room.pk, day)
            opening = hours.get((room.pk, day.weekday()))
            cell = DayCell(day=day, busy=by_room_day.get((room.pk, day), []))
            if closure is not None:
                cell.closed = closure.reason
            elif opening is None:
                cell.closed = "-"
            else:
                cell.opens, cell.closes = opening.opens, opening.closes
            cells.append(cell)
        grid.append((room, cells))
    return grid


# --- One room's grid --------------------------------------------------------------------------


@dataclass
class SlotCell:
    start: datetime
    end: datetime
    state: str  # closed | past | free | busy | mine
    bookings: list = field(default_factory=list)  # the person's own bookings in this slot
    reason: str = ""


def own_organisation_ids(user) -> set[int]:
    if not (user and user.is_authenticated):
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def sees_details(user, booking: Booking, organisation_ids: set[int]) -> bool:
    if not (user and user.is_authenticated):
        return False
    return (
        user.is_staff
        or booking.booked_by_id == user.pk
        or (booking.organisation_id is not None and booking.organisation_id in organisation_ids)
    )


def room_week(room: Room, monday: date, user, *, now: datetime | None = None) -> dict:
    """Hour rows × seven days for one room. The person sees their own (and their
    organisations') bookings in full and only "busy" for anybody else's."""
    now = now or timezone.now()
    zone = athens()
    start, end = week_bounds(monday)
    days = [monday + timedelta(days=i) for i in range(7)]
    hours = {h.weekday: h for h in room.opening_hours.all()}  # prefetched by room_for_page
    closures = closures_between(days[0], days[-1], room=room)
    bookings = list(
        live_bookings_between(start, end, room=room)
        .select_related("organisation")
        .order_by("start")
    )
    organisation_ids = own_organisation_ids(user)
    # Each booking under the local days it touches, so a cell looks only at its own day's.
    by_day: dict[date, list] = {}
    for booking in bookings:
        first = booking.start.astimezone(zone).date()
        last = (booking.end - timedelta(microseconds=1)).astimezone(zone).date()
        for offset in range((last - first).days + 1):
            by_day.setdefault(first + timedelta(days=offset), []).append(booking)
    first_hour = min((h.opens.hour for h in hours.values()), default=DEFAULT_OPENS.hour)
    last_hour = max(
        ((h.closes.hour + (1 if h.closes.minute else 0)) for h in hours.values()),
        default=DEFAULT_CLOSES.hour,
    )
    rows = []
    for hour in range(first_hour, max(last_hour, first_hour + 1)):
        cells = []
        for day in days:
            slot_start = datetime.combine(day, time(hour), zone)
            slot_end = slot_start + timedelta(hours=1)
            closure = _closure_for(closures, room.pk, day)
            opening = hours.get(day.weekday())
            if closure is not None:
                cells.append(SlotCell(slot_start, slot_end, "closed", reason=closure.reason))
                continue
            if (
                opening is None
                or slot_start.time() < opening.opens
                or (slot_end.time() > opening.closes and slot_end.time() != time(0))
            ):
                cells.append(SlotCell(slot_start, slot_end, "closed"))
                continue
            overlapping = [
                b for b in by_day.get(day, ()) if b.start < slot_end and b.end > slot_start
            ]
            mine = [b for b in overlapping if sees_details(user, b, organisation_ids)]
            if mine:
                state = "mine"
            elif overlapping:
                state = "busy"
            elif slot_end <= now:
                state = "past"
            else:
                state = "free"
            cells.append(SlotCell(slot_start, slot_end, state, bookings=mine))
        rows.append((time(hour), cells))
    return {"days": days, "rows": rows, "closures": closures}


# --- Lists ------------------------------------------------------------------------------------


def room_for_page(slug: str) -> Room:
    return Room.objects.prefetch_related("photos", "opening_hours").get(slug=slug)


def bookings_of(user):
    """The person's bookings and those of their organisations."""
    return (
        Booking.objects.filter(
            Q(booked_by=user) | Q(organisation__memberships__user=user),
        )
        .distinct()
        .select_related("room", "organisation", "booked_by")
        .order_by("-start")
    )


def approval_queue():
    return (
        Booking.objects.filter(state=Booking.State.REQUESTED, end__gt=timezone.now())
        .select_related("room", "organisation", "booked_by")
        .order_by("start")
    )


# --- Reports ----------------------------------------------------------------------------------

HOURS = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())


def month_range(year: int, month: int) -> tuple[datetime, datetime]:
    zone = athens()
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return datetime.combine(first, time(), zone), datetime.combine(following, time(), zone)


def open_hours_in_month(room_hours: dict, closures, room_id, year, month) -> float:
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    total = 0.0
    day = first
    while day < following:
        opening = room_hours.get((room_id, day.weekday()))
        if opening is not None and _closure_for(closures, room_id, day) is None:
            total += (
                datetime.combine(day, opening.closes) - datetime.combine(day, opening.opens)
            ).total_seconds() / 3600
        day += timedelta(days=1)
    return total


def occupancy_report(year: int, month: int) -> list[dict]:
    """Confirmed hours and their share of the open hours, per room, for one month."""
    start, end = month_range(year, month)
    rooms = list(Room.objects.order_by("position", "name"))
    booked = dict(
        Booking.objects.filter(state=Booking.State.CONFIRMED, start__gte=start, start__lt=end)
        .values("room_id")
        .annotate(total=Sum(HOURS))
        .values_list("room_id", "total")
    )
    counts = dict(
        Booking.objects.filter(state=Booking.State.CONFIRMED, start__gte=start, start__lt=end)
        .values("room_id")
        .annotate(n=Sum(1))
        .values_list("room_id", "n")
    )
    room_hours = {(h.room_id, h.weekday): h for h in OpeningHours.objects.all()}
    first = start.date()
    closures = closures_between(first, (end - timedelta(days=1)).date())
    report = []
    for room in rooms:
        hours = booked.get(room.pk)
        hours = hours.total_seconds() / 3600 if hours else 0.0
        open_hours = open_hours_in_month(room_hours, closures, room.pk, year, month)
        report.append(
            {
                "room": room,
                "bookings": counts.get(room.pk, 0),
                "hours": hours,
                "open_hours": open_hours,
                "share": (hours / open_hours * 100) if open_hours else 0.0,
            }
        )
    return report


def hours_per_organisation(year: int, month: int) -> list[dict]:
    start, end = month_range(year, month)
    rows = (
        Booking.objects.filter(state=Booking.State.CONFIRMED, start__gte=start, start__lt=end)
        .values("organisation_id", "organisation__name_el", "organisation__name_en")
        .annotate(total=Sum(HOURS), n=Sum(1))
        .order_by("-total")
    )
    result = []
    for row in rows:
        result.append(
            {
                "organisation_id": row["organisation_id"],
                "name_el": row["organisation__name_el"],
                "name_en": row["organisation__name_en"],
                "bookings": row["n"],
                "hours": row["total"].total_seconds() / 3600 if row["total"] else 0.0,
            }
        )
    return result


def local_now() -> datetime:
    return local(timezone.now())
