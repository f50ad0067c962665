"""Reads about events, tuned for the pages that show them (constant query counts)."""

import calendar as pycalendar
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from socialdynamo.organizations.models import ThematicArea

from .models import Event, EventKind, Feedback, Registration

LIST_FIELDS = (
    "id", "slug", "title", "title_el", "title_en", "summary", "summary_el", "summary_en",
    "start", "end", "format", "language", "level", "venue", "at_hub", "state", "capacity",
    "confirmed_count", "waitlist_count", "waitlist_enabled", "registration_opens",
    "registration_closes", "image", "organiser_kind",
    "kind__id", "kind__name", "kind__name_el", "kind__name_en", "kind__slug",
    "organisation__id", "organisation__name", "organisation__name_el",
    "organisation__name_en", "organisation__slug",
)  # fmt: skip


# No event (a series included) lasts longer than this; bounds the upcoming lists' scan.
LONGEST_EVENT = timedelta(days=366)


def current_language() -> str:
    language = (get_language() or "el")[:2]
    return language if language in ("el", "en") else "el"


def month_bounds(year: int, month: int):
    tz = timezone.get_current_timezone()
    first = datetime.combine(date(year, month, 1), time.min, tzinfo=tz)
    last_day = pycalendar.monthrange(year, month)[1]
    after = datetime.combine(date(year, month, last_day) + timedelta(days=1), time.min, tzinfo=tz)
    return first, after


def catalogue(
    *,
    when: str = "upcoming",
    kind: str = "",
    area: str = "",
    format: str = "",
    language: str = "",
    month: str = "",
    q: str = "",
) -> QuerySet:
    """Public events for the catalogue: upcoming (soonest first) or past (latest first)."""
    now = timezone.now()
    if when == "past":
        # Whatever happened: held, archived, or published but not yet marked held.
        qs = (
            Event.objects.filter(start__lt=now, end__lte=now)
            .exclude(state__in=[Event.State.DRAFT, Event.State.PROPOSED, Event.State.CANCELLED])
            .order_by("-start", "-id")
        )
    else:
        # Published and not over. The lower bound on the start lets the database walk the
        # (state, start, end) index in order instead of sorting every upcoming event.
        qs = Event.objects.filter(
            state=Event.State.PUBLISHED, end__gt=now, start__gt=now - LONGEST_EVENT
        ).order_by("start", "id")
    if kind:
        qs = qs.filter(kind__slug=kind)
    if format:
        qs = qs.filter(format=format)
    if language:
        qs = qs.filter(language=language)
    if area:
        qs = qs.filter(thematic_areas__slug=area)
    if month:
        try:
            year, number = (int(part) for part in month.split("-"))
            first, after = month_bounds(year, number)
        except (ValueError, TypeError):
            pass
        else:
            qs = qs.filter(start__gte=first, start__lt=after)
    if q:
        from socialdynamo.organizations.models import normalise_for_search

        for word in normalise_for_search(q).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    return (
        qs.select_related("kind", "organisation")
        .prefetch_related(
            Prefetch("thematic_areas", queryset=ThematicArea.objects.order_by("position", "name"))
        )
        .only(*LIST_FIELDS)
    )


def filter_choices() -> dict:
    return {
        "kinds": list(EventKind.objects.order_by("position", "name")),
        "areas": list(ThematicArea.objects.order_by("position", "name")),
        "formats": Event.Format.choices,
        "languages": Event.Language.choices,
    }


# A busy day shows its first events and a link to the rest of the month in the list.
PER_DAY = 4


def month_calendar(year: int, month: int) -> list[list[dict]]:
    """Weeks (Monday first) of days, each with its public events, for one month."""
    first, after = month_bounds(year, month)
    # Plain rows, not model instances: a busy month of the bench has over a thousand.
    rows = (
        Event.objects.filter(start__gte=first, start__lt=after)
        .exclude(state__in=[Event.State.DRAFT, Event.State.PROPOSED])
        .order_by("start", "id")
        .values_list("slug", "title_el", "title_en", "start", "state")
    )
    english = current_language() == "en"
    url = reverse("events:event-detail", kwargs={"slug": "SLUG"})
    by_day = {}
    zone = timezone.get_current_timezone()
    for slug, title_el, title_en, start, state in rows.iterator(chunk_size=2000):
        local = start.astimezone(zone)
        by_day.setdefault(local.date(), []).append(
            {
                "url": url.replace("SLUG", slug),
                "title": (title_en if english and title_en else title_el),
                "start": local,
                "cancelled": state == Event.State.CANCELLED,
            }
        )
    today = timezone.localdate()
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "today": day == today,
                    "past": day < today,
                    "events": by_day.get(day, [])[:PER_DAY],
                    "more": max(len(by_day.get(day, [])) - PER_DAY, 0),
                }
                for day in week
            ]
        )
    return weeks


def event_for_page(*, slug: str) -> Event:
    return (
        Event.objects.select_related("kind", "organisation")
        .prefetch_related(
            "thematic_areas",
            "parts",
            "questions",
            Prefetch("trainers", queryset=_people()),
        )
        .get(slug=slug)
    )


def _people():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.order_by("last_name", "first_name")


def registration_of(event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.using("default")
        .filter(event=event, person=user)
        .select_related("feedback")
        .order_by("-id")
        .first()
    )


def _waitlist_position_subquery():
    ahead = (
        Registration.objects.filter(
            event=OuterRef("event"), state=Registration.State.WAITLISTED, id__lte=OuterRef("id")
        )
        .order_by()
        .values("event")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(ahead)


def my_registrations(user) -> dict:
    """A person's live and past registrations, with waitlist places, in two queries."""
    qs = (
        Registration.objects.filter(person=user)
        .exclude(state=Registration.State.CANCELLED, event__end__lte=timezone.now())
        .select_related("event", "event__kind", "organisation", "feedback")
        .annotate(position=_waitlist_position_subquery())
    )
    now = timezone.now()
    upcoming = list(qs.filter(event__end__gt=now).order_by("event__start", "id"))
    past = list(qs.filter(event__end__lte=now).order_by("-event__start", "-id"))
    return {"upcoming": upcoming, "past": past}


def managed_events(user) -> QuerySet:
    """Events a person can manage: all for staff, their organisations' otherwise."""
    qs = Event.objects.select_related("kind", "organisation")
    if not user.is_staff:
        qs = qs.filter(
            organisation__memberships__user=user,
            organisation__memberships__role__in=["owner", "admin"],
        )
    return qs.exclude(state=Event.State.ARCHIVED).order_by("-start", "-id")


def trainer_events(user) -> QuerySet:
    return Event.objects.filter(trainers=user).select_related("kind").order_by("-start")


def proposals() -> QuerySet:
    return (
        Event.objects.filter(state=Event.State.PROPOSED)
        .select_related("kind", "organisation", "created_by")
        .order_by("start", "id")
    )


def attendees(event: Event, *, q: str = "", include_cancelled: bool = False) -> QuerySet:
    qs = Registration.objects.filter(event=event).select_related("person", "organisation")
    if not include_cancelled:
        qs = qs.exclude(state=Registration.State.CANCELLED)
    for word in (q or "").split()[:4]:
        qs = qs.filter(
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__email__icontains=word)
            | Q(name__icontains=word)
        )
    return qs.order_by("state", "id")


def checkin_list(event: Event, *, q: str = "") -> list[Registration]:
    """Confirmed people of one event, found by any part of the name or e-mail, without
    accents or case ("βασ" finds "Βασίλης"). One event has at most a few hundred."""
    from socialdynamo.organizations.models import normalise_for_search

    people = list(
        Registration.objects.filter(event=event, state=Registration.State.CONFIRMED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "name", "id")
    )
    words = normalise_for_search(q).split()
    if not words:
        return people
    found = []
    for registration in people:
        text = normalise_for_search(f"{registration.display_name} {registration.contact_email}")
        if all(word in text for word in words):
            found.append(registration)
    return found


def attendance_rate(event: Event) -> dict:
    totals = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED).aggregate(
        confirmed=Count("id"), present=Count("id", filter=Q(attended=True))
    )
    confirmed, present = totals["confirmed"], totals["present"]
    return {
        "confirmed": confirmed,
        "present": present,
        "rate": round(100 * present / confirmed) if confirmed else None,
    }


def feedback_summary(event: Event) -> dict:
    summary = Feedback.objects.filter(event=event).aggregate(
        count=Count("id"), overall=Avg("overall"), usefulness=Avg("usefulness")
    )
    summary["comments"] = list(
        Feedback.objects.filter(event=event).exclude(comments="").values_list("comments", flat=True)
    )
    return summary


def feedback_by_trainer(user=None) -> list[dict]:
    """Average scores of each trainer's events (one trainer when ``user`` is given)."""
    through = Event.trainers.through
    qs = through.objects.all()
    if user is not None:
        qs = qs.filter(user=user)
    rows = (
        qs.values("user_id", "user__first_name", "user__last_name", "user__email")
        .annotate(
            events=Count("event", distinct=True),
            answers=Count("event__feedback"),
            overall=Avg("event__feedback__overall"),
            usefulness=Avg("event__feedback__usefulness"),
        )
        .order_by("user__last_name", "user__first_name")
    )
    return list(rows)


def upcoming_events(limit: int = 3) -> list[Event]:
    """The next public events, for the home page."""
    now = timezone.now()
    return list(
        Event.objects.filter(
            state=Event.State.PUBLISHED, end__gt=now, start__gt=now - LONGEST_EVENT
        )
        .select_related("kind")
        .only(*[f for f in LIST_FIELDS if not f.startswith("organisation")])
        .order_by("start", "id")[:limit]
    )


def certificate_by_code(code: str) -> Registration | None:
    return (
        Registration.objects.filter(certificate_code=code.strip().upper(), attended=True)
        .exclude(state=Registration.State.CANCELLED)
        .select_related("event", "person", "event__kind")
        .first()
    )


def feed_events(*, area: str = "") -> QuerySet:
    since = timezone.now() - timedelta(days=90)
    qs = Event.objects.filter(
        state__in=[Event.State.PUBLISHED, Event.State.HELD, Event.State.CANCELLED], end__gte=since
    )
    if area:
        qs = qs.filter(thematic_areas__slug=area)
    return qs.order_by("start", "id")[:500]


def personal_feed_events(user) -> tuple[list, set]:
    registrations = Registration.objects.filter(
        person=user, state__in=Registration.LIVE_STATES
    ).select_related("event")
    events, confirmed = [], set()
    for registration in registrations:
        events.append(registration.event)
        if registration.state == Registration.State.CONFIRMED:
            confirmed.add(registration.event_id)
    return events, confirmed
