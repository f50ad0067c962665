"""Reads about the space, tuned for the pages (a constant number of queries each).

Other apps may use ``is_hosted`` and ``hosted_organisations`` (rooms and bookings let hosted
groups book rooms)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from socialdynamo.organizations.models import Organisation

from .models import (
    Application,
    Call,
    Conflict,
    Criterion,
    Hosting,
    ReviewAssignment,
    Score,
    Space,
    add_months,
)

S = Application.Status


# --- For other apps ----------------------------------------------------------------------


def is_hosted(organisation, on: date | None = None) -> bool:
    """Whether the organisation has a place in the space on that day (today by default)."""
    on = on or timezone.localdate()
    return Hosting.objects.filter(organisation=organisation, start__lte=on, end__gte=on).exists()


def room_allowance(organisation, on: date | None = None) -> int | None:
    """Hours a month the organisation's current hosting lets it book rooms (None: no limit)."""
    on = on or timezone.localdate()
    return (
        Hosting.objects.filter(
            organisation=organisation,
            start__lte=on,
            end__gte=on,
            room_hours_per_month__isnull=False,
        )
        .values_list("room_hours_per_month", flat=True)
        .first()
    )


def hosted_organisations(on: date | None = None) -> QuerySet:
    """The organisations hosted in the space on that day (today by default)."""
    on = on or timezone.localdate()
    return Organisation.objects.filter(
        pk__in=Hosting.objects.filter(start__lte=on, end__gte=on).values("organisation_id")
    ).order_by("name")


# --- Public ------------------------------------------------------------------------------


def public_calls() -> dict:
    now = timezone.now()
    calls = list(Call.objects.exclude(status=Call.Status.DRAFT).order_by("-opens_at", "-id")[:50])
    return {
        "open": [c for c in calls if c.opens_at <= now < c.closes_at and c.status == "published"],
        "upcoming": [c for c in calls if now < c.opens_at],
        "past": [c for c in calls if c.closes_at <= now],
    }


def call_for_page(slug: str) -> Call:
    return Call.objects.prefetch_related(
        "eligibility_questions", "questions", "documents", "criteria"
    ).get(slug=slug)


def selected_for_results(call: Call) -> list:
    return list(
        Application.objects.filter(call=call, status=S.SELECTED)
        .select_related("organisation")
        .order_by("organisation__name")
    )


# --- Applicants --------------------------------------------------------------------------


def applications_of(user) -> QuerySet:
    return (
        Application.objects.filter(
            organisation__memberships__user=user,
        )
        .select_related("call", "organisation")
        .order_by("-created", "-id")
    )


def application_for_page(pk: int) -> Application:
    return (
        Application.objects.select_related("call", "organisation", "created_by")
        .prefetch_related(
            "answers",
            Prefetch("uploaded_documents"),
            "call__eligibility_questions",
            "call__questions",
            "call__documents",
            "call__criteria",
        )
        .get(pk=pk)
    )


def own_scores(application: Application) -> dict | None:
    """The applicant's own scores and comments, reviewers unnamed (for decisions)."""
    assignments = list(
        ReviewAssignment.objects.filter(application=application, submitted_at__isnull=False)
        .order_by("pk")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    if not assignments:
        return None
    reviews = []
    for number, assignment in enumerate(assignments, start=1):
        reviews.append(
            {
                "number": number,
                "comment": assignment.comment,
                "scores": sorted(assignment.scores.all(), key=lambda s: s.criterion.position),
            }
        )
    rows = {r.application.pk: r for r in ranking(application.call)}
    row = rows.get(application.pk)
    return {"reviews": reviews, "total": row.total if row else None}


# --- Review ------------------------------------------------------------------------------


def review_queue(user) -> QuerySet:
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .exclude(application__status__in=[S.WITHDRAWN, S.INELIGIBLE])
        .select_related("application__call", "application__organisation")
        .annotate(scored=Count("scores"))
        .order_by("submitted_at", "application__call__closes_at", "pk")
    )


def calls_to_review(user) -> list:
    return list(
        Call.objects.filter(reviewers=user).exclude(status=Call.Status.DRAFT).order_by("-closes_at")
    )


def conflict_candidates(call: Call, reviewer) -> list:
    """Applicants of a call a reviewer may declare a conflict with, by organisation name
    only (no reference, so anonymised reviews stay unlinked), with the reviewer's existing
    declarations."""
    declared = set(
        Conflict.objects.filter(application__call=call, reviewer=reviewer).values_list(
            "application_id", flat=True
        )
    )
    apps = (
        Application.objects.filter(call=call)
        .exclude(status__in=[S.DRAFT, S.WITHDRAWN])
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    return [(a, a.pk in declared) for a in apps]


@dataclass
class RankedApplication:
    """What the ranking shows of an application (plain values: building 2,000 model
    instances would cost more than the whole computation)."""

    pk: int
    reference: str
    status: str
    submitted_at: object
    reserve_position: int | None
    organisation_name: str
    organisation_kind: str

    @property
    def id(self) -> int:
        return self.pk

    def get_status_display(self) -> str:
        return str(Application.Status(self.status).label)


@dataclass
class RankRow:
    application: RankedApplication
    totals: list = field(default_factory=list)  # each completed review's total out of 100
    top_points: float = 0.0  # mean points on the most heavily weighted criterion
    assigned: int = 0
    done: int = 0
    total: float | None = None
    spread: float = 0.0
    flagged: bool = False
    rank: int | None = None


TIE_BREAK = (
    "total (weighted mean over reviewers, out of 100) → the mean score on the criterion "
    "with the largest weight → the earlier submission → the reference number"
)


def ranking(call: Call) -> list[RankRow]:
    """Eligible applications with their totals, in ranking order. Four queries whatever the
    number of applications and reviews.

    A reviewer's total is Σ(points × weight) / Σ(max points × weight) × 100 over the
    criteria; the application's total is the mean of its completed reviews' totals. Where
    reviewers' totals differ by more than the call's threshold, the row is flagged."""
    criteria = list(Criterion.objects.filter(call=call).order_by("-weight", "position", "id"))
    best = sum(c.max_points * c.weight for c in criteria) or 1
    top = criteria[0].pk if criteria else None
    english = get_language() == "en"
    rows = {}
    for values in Application.objects.filter(call=call, status__in=Application.RANKED).values_list(
        "id",
        "reference",
        "status",
        "submitted_at",
        "reserve_position",
        "organisation__name_el",
        "organisation__name_en",
        "organisation__kind",
    ):
        pk, reference, status, submitted_at, reserve, name_el, name_en, kind = values
        rows[pk] = RankRow(
            application=RankedApplication(
                pk, reference, status, submitted_at, reserve, (english and name_en) or name_el, kind
            )
        )
    counts = (
        ReviewAssignment.objects.filter(application__call=call)
        .values("application_id")
        .annotate(assigned=Count("id"), done=Count("id", filter=Q(submitted_at__isnull=False)))
    )
    for item in counts:
        row = rows.get(item["application_id"])
        if row:
            row.assigned, row.done = item["assigned"], item["done"]
    completed = Score.objects.filter(
        assignment__application__call=call, assignment__submitted_at__isnull=False
    )
    for item in completed.values("assignment_id", "assignment__application_id").annotate(
        weighted=Sum(F("points") * F("criterion__weight")),
        top=Sum("points", filter=Q(criterion_id=top)),
    ):
        row = rows.get(item["assignment__application_id"])
        if row:
            row.totals.append(round(100 * item["weighted"] / best, 2))
            row.top_points += item["top"] or 0
    for row in rows.values():
        if row.totals:
            row.total = round(sum(row.totals) / len(row.totals), 2)
            row.top_points = row.top_points / len(row.totals)
            row.spread = round(max(row.totals) - min(row.totals), 2)
            row.flagged = len(row.totals) > 1 and row.spread > call.disagreement_threshold
    latest = timezone.now()
    ordered = sorted(
        rows.values(),
        key=lambda r: (
            r.total is None,
            -(r.total or 0),
            -r.top_points,
            r.application.submitted_at or latest,
            r.application.reference,
        ),
    )
    for position, row in enumerate(ordered, start=1):
        row.rank = position if row.total is not None else None
    return ordered


def dashboard(call: Call) -> dict:
    """Screening and review progress of a call: counts by status, each reviewer's load and
    progress, applications lacking reviewers. Constant queries."""
    by_status = {
        item["status"]: item["n"]
        for item in Application.objects.filter(call=call)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    }
    reviewers = list(
        call.reviewers.annotate(
            load=Count(
                "space_assignments",
                filter=Q(space_assignments__application__call=call),
                distinct=True,
            ),
            done=Count(
                "space_assignments",
                filter=Q(
                    space_assignments__application__call=call,
                    space_assignments__submitted_at__isnull=False,
                ),
                distinct=True,
            ),
            conflicts=Count(
                "space_conflicts", filter=Q(space_conflicts__application__call=call), distinct=True
            ),
        ).order_by("last_name", "first_name", "pk")
    )
    assignments = ReviewAssignment.objects.filter(application__call=call)
    totals = assignments.aggregate(
        assigned=Count("id"), done=Count("id", filter=Q(submitted_at__isnull=False))
    )
    needed = max(2, call.reviewers_per_application)
    short = (
        Application.objects.filter(call=call, status=S.ELIGIBLE)
        .annotate(n=Count("assignments"))
        .filter(n__lt=needed)
        .count()
    )
    return {
        "by_status": by_status,
        "reviewers": reviewers,
        "assigned": totals["assigned"],
        "done": totals["done"],
        "short": short,
        "percent": round(100 * totals["done"] / totals["assigned"]) if totals["assigned"] else 0,
    }


def screening_list(call: Call, status: str = "") -> QuerySet:
    qs = Application.objects.filter(call=call).exclude(status=S.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("organisation")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.select_related("reviewer").order_by("pk"),
            )
        )
        .order_by("submitted_at", "pk")
    )


# --- Hostings and occupancy --------------------------------------------------------------


def hostings_of(user) -> QuerySet:
    return (
        Hosting.objects.filter(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("-start")
    )


def current_hostings() -> QuerySet:
    today = timezone.localdate()
    return (
        Hosting.objects.filter(end__gte=today - timedelta(days=90))
        .select_related("organisation", "desk", "contact_person", "application__call")
        .annotate(
            pending_renewals=Count(
                "renewal_requests", filter=Q(renewal_requests__status="pending"), distinct=True
            )
        )
        .order_by("start", "pk")
    )


def occupancy(*, months: int = 12, today: date | None = None) -> dict:
    """Hosted groups and free places month by month over the coming ``months``: for each
    month the busiest day counts (the fewest free places). Two queries."""
    today = today or timezone.localdate()
    space = Space.get()
    first = today.replace(day=1)
    bounds = []
    for i in range(months):
        start = add_months(first, i)
        end = add_months(first, i + 1) - timedelta(days=1)
        bounds.append((max(start, today), end))
    window_end = bounds[-1][1]
    hostings = list(
        Hosting.objects.filter(end__gte=today, start__lte=window_end)
        .select_related("organisation")
        .order_by("start", "pk")
    )
    columns = []
    for start, end in bounds:
        busiest, current, events = 0, 0, []
        for h in hostings:
            if h.start <= end and h.end >= start:
                events.append((max(h.start, start), 1))
                events.append((min(h.end, end) + timedelta(days=1), -1))
        for _day, change in sorted(events):
            current += change
            busiest = max(busiest, current)
        columns.append(
            {"month": start, "hosted": busiest, "free": max(space.capacity - busiest, 0)}
        )
    rows = []
    for h in hostings:
        rows.append(
            {
                "hosting": h,
                "months": [h.start <= end and h.end >= start for start, end in bounds],
            }
        )
    return {"space": space, "columns": columns, "rows": rows}
