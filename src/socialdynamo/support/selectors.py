"""Reads about professional support, tuned for the pages; the glue to the matcher."""

from datetime import timedelta

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.organizations.models import Membership

from . import matching
from .models import (
    Engagement,
    ExpertProfile,
    Proposal,
    Rating,
    Session,
    SupportArea,
    SupportRequest,
)

REASON_LABELS = {
    "area": _("works in this area"),
    "topic": _("knows this sub-topic"),
    "any_topic": _("no sub-topic asked"),
    "no_topic": _("does not list this sub-topic"),
    "language": _("speaks the language asked"),
    "no_language": _("does not speak the language asked"),
    "format": _("offers this format"),
    "no_format": _("does not offer this format"),
    "capacity": _("share of monthly hours still free"),
    "rating": _("average outcome rating"),
    "no_rating": _("no outcome ratings yet"),
    "load": _("engagements in the last 12 months (spreads the work)"),
    "urgency_high": _("urgent request"),
    "urgency_normal": _("request needed within a month"),
    "urgency_low": _("request without urgency"),
}


def reasons_as_data(reasons) -> list:
    return [{"code": r.code, "points": round(r.points, 2), "value": r.value} for r in reasons]


def reason_rows(data) -> list:
    """[(label, points, value)] for templates, from reasons stored as data or Reason objects."""
    rows = []
    for item in data:
        code = item["code"] if isinstance(item, dict) else item.code
        points = item["points"] if isinstance(item, dict) else item.points
        value = item.get("value") if isinstance(item, dict) else item.value
        rows.append({"label": REASON_LABELS.get(code, code), "points": points, "value": value})
    return rows


# --- Values for the matcher --------------------------------------------------------------------


def expert_values(experts=None) -> list[matching.Expert]:
    """Approved experts with their capacity, ratings and load, in a fixed number of queries."""
    year_ago = timezone.now() - timedelta(days=365)
    qs = (
        ExpertProfile.objects.filter(state=ExpertProfile.State.APPROVED)
        if experts is None
        else experts
    )
    qs = qs.annotate(
        active=Count(
            "engagements", filter=Q(engagements__state=Engagement.State.ACTIVE), distinct=True
        ),
        waiting=Count(
            "proposals", filter=Q(proposals__state=Proposal.State.PROPOSED), distinct=True
        ),
    ).prefetch_related("areas", "topics", "conflicts")
    profiles = list(qs)
    ids = [p.pk for p in profiles]
    ratings = dict(
        Rating.objects.filter(side=Rating.Side.ORGANISATION, engagement__expert_id__in=ids)
        .values_list("engagement__expert_id")
        .annotate(avg=Avg("stars"))
        .values_list("engagement__expert_id", "avg")
    )
    loads = dict(
        Engagement.objects.filter(expert_id__in=ids, started__gte=year_ago)
        .values_list("expert_id")
        .annotate(n=Count("id"))
        .values_list("expert_id", "n")
    )
    return [_expert_value(p, ratings.get(p.pk), loads.get(p.pk, 0)) for p in profiles]


def _expert_value(profile, rating, load) -> matching.Expert:
    return matching.Expert(
        id=profile.pk,
        areas=frozenset(a.pk for a in profile.areas.all()),
        topics=frozenset(t.pk for t in profile.topics.all()),
        languages=frozenset(profile.languages or ()),
        formats=frozenset(profile.formats or ()),
        capacity=profile.max_engagements - profile.active - profile.waiting,
        max_capacity=profile.max_engagements,
        rating=float(rating) if rating is not None else None,
        load=load,
        conflicts=frozenset(o.pk for o in profile.conflicts.all()),
    )


def request_value(request: SupportRequest, declined=None) -> matching.Request:
    if declined is None:
        declined = set(request.proposals.values_list("expert_id", flat=True))
    return matching.Request(
        id=request.pk,
        organisation_id=request.organisation_id,
        area=request.area_id,
        topic=request.topic_id,
        languages=request.languages,
        format=request.format,
        declined_by=frozenset(declined),
        urgency=request.urgency,
    )


def open_request_values(requests) -> list[matching.Request]:
    requests = list(requests)
    tried: dict = {}
    for request_id, expert_id in Proposal.objects.filter(
        request_id__in=[r.pk for r in requests]
    ).values_list("request_id", "expert_id"):
        tried.setdefault(request_id, set()).add(expert_id)
    return [request_value(r, tried.get(r.pk, set())) for r in requests]


def suggestions_for(request: SupportRequest, *, limit: int = 5) -> list[matching.Suggestion]:
    """Ranked experts for one request (experts already proposed for it are left out)."""
    experts = expert_values(
        ExpertProfile.objects.filter(state=ExpertProfile.State.APPROVED, areas=request.area_id)
    )
    return matching.ranked(request_value(request), experts, limit=limit)


def score_pair(request: SupportRequest, expert: ExpertProfile):
    values = expert_values(ExpertProfile.objects.filter(pk=expert.pk))
    if not values:
        return None
    value = matching.Request(
        id=request.pk,
        organisation_id=request.organisation_id,
        area=request.area_id,
        topic=request.topic_id,
        languages=request.languages,
        format=request.format,
        urgency=request.urgency,
    )
    score = matching.pair_score(value, values[0])
    if score is None:
        return None
    return matching.Suggestion(request.pk, expert.pk, score, matching.explain(value, values[0]))


def matchable_requests():
    return SupportRequest.objects.filter(
        state__in=[SupportRequest.State.SUBMITTED, SupportRequest.State.TRIAGED]
    ).order_by("created", "id")


def optimal_plan(requests=None) -> dict:
    """{request id: Suggestion} for all open requests at once, optimal in total score."""
    requests = list(matchable_requests() if requests is None else requests)
    request_vals = open_request_values(requests)
    experts = expert_values()
    plan = matching.optimal_plan(request_vals, experts)
    by_request = {r.id: r for r in request_vals}
    by_expert = {e.id: e for e in experts}
    return {
        request_id: matching.Suggestion(
            request_id,
            expert_id,
            matching.pair_score(by_request[request_id], by_expert[expert_id]),
            matching.explain(by_request[request_id], by_expert[expert_id]),
        )
        for request_id, expert_id in plan.items()
    }


# --- Who sees what -------------------------------------------------------------------------


def requests_of_organisation(organisation):
    return (
        SupportRequest.objects.filter(organisation=organisation)
        .select_related("area", "topic", "expert__user")
        .order_by("-created", "-id")
    )


def request_for_page(pk: int) -> SupportRequest:
    return SupportRequest.objects.select_related(
        "organisation", "area", "topic", "expert__user", "created_by"
    ).get(pk=pk)


def engagement_for_page(pk: int) -> Engagement:
    return Engagement.objects.select_related(
        "request__area", "request__topic", "organisation", "expert__user"
    ).get(pk=pk)


def managed_organisations(user):
    return (
        Membership.objects.filter(user=user, role__in=Membership.ADMIN_ROLES)
        .select_related("organisation")
        .order_by("organisation__name")
    )


# --- Dashboards ----------------------------------------------------------------------------

AGE_BUCKETS = [(7, _("under a week")), (30, _("1–4 weeks")), (None, _("over a month"))]


def open_by_area_and_age() -> dict:
    """Open requests counted by area and age: one query."""
    now = timezone.now()
    week, month = now - timedelta(days=7), now - timedelta(days=30)
    rows = (
        SupportRequest.objects.filter(state__in=SupportRequest.OPEN)
        .values("area_id")
        .annotate(
            fresh=Count("id", filter=Q(created__gte=week)),
            weeks=Count("id", filter=Q(created__lt=week, created__gte=month)),
            old=Count("id", filter=Q(created__lt=month)),
        )
    )
    counts = {r["area_id"]: r for r in rows}
    table = []
    for area in SupportArea.objects.order_by("position", "name"):
        row = counts.get(area.pk, {"fresh": 0, "weeks": 0, "old": 0})
        table.append(
            {
                "area": area,
                "fresh": row["fresh"],
                "weeks": row["weeks"],
                "old": row["old"],
                "total": row["fresh"] + row["weeks"] + row["old"],
            }
        )
    return table


def expert_load():
    """Approved experts with active engagements, waiting proposals and hours this month."""
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (
        ExpertProfile.objects.filter(state=ExpertProfile.State.APPROVED)
        .select_related("user")
        .annotate(
            active=Count(
                "engagements",
                filter=Q(engagements__state=Engagement.State.ACTIVE),
                distinct=True,
            ),
            waiting=Count(
                "proposals", filter=Q(proposals__state=Proposal.State.PROPOSED), distinct=True
            ),
        )
        .order_by("-active", "user__last_name", "id"),
        month_start,
    )


def minutes_this_month(expert_ids, month_start) -> dict:
    return dict(
        Session.objects.filter(
            state=Session.State.HELD,
            starts_at__gte=month_start,
            engagement__expert_id__in=list(expert_ids),
        )
        .values_list("engagement__expert_id")
        .annotate(total=Sum("minutes"))
        .values_list("engagement__expert_id", "total")
    )


def hours_by_area_and_month(*, months: int = 6, expert=None) -> dict:
    """{"months": [date...], "rows": [{"area", "hours": [..]}]}: one query for the sums."""
    now = timezone.localtime()
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = []
    cursor = first
    for _i in range(months):
        starts.append(cursor)
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    starts.reverse()
    qs = Session.objects.filter(state=Session.State.HELD, starts_at__gte=starts[0])
    if expert is not None:
        qs = qs.filter(engagement__expert=expert)
    sums = (
        qs.annotate(month=TruncMonth("starts_at"))
        .values("month", "engagement__request__area_id")
        .annotate(total=Sum("minutes"))
    )
    table: dict = {}
    for row in sums:
        month = (
            timezone.localtime(row["month"]) if timezone.is_aware(row["month"]) else row["month"]
        )
        key = (month.year, month.month)
        table[(row["engagement__request__area_id"], key)] = row["total"]
    rows = []
    for area in SupportArea.objects.order_by("position", "name"):
        hours = [round((table.get((area.pk, (s.year, s.month))) or 0) / 60, 1) for s in starts]
        rows.append({"area": area, "hours": hours, "total": round(sum(hours), 1)})
    return {"months": starts, "rows": rows}


def expert_engagements(expert):
    return (
        Engagement.objects.filter(expert=expert)
        .select_related("request__area", "organisation")
        .annotate(minutes=Sum("sessions__minutes", filter=Q(sessions__state=Session.State.HELD)))
        .order_by("-started", "-id")
    )


def expert_proposals(expert):
    return (
        Proposal.objects.filter(expert=expert, state=Proposal.State.PROPOSED)
        .select_related("request__area", "request__topic")
        .order_by("created", "id")
    )
