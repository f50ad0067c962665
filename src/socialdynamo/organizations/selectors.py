"""Reads about organisations, tuned for the pages that show them."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from .models import District, Membership, Organisation, ThematicArea, normalise_for_search


def current_language() -> str:
    language = (get_language() or "el")[:2]
    return language if language in ("el", "en") else "el"


def directory(*, q: str = "", kind: str = "", area: str = "", district: str = "") -> QuerySet:
    """Verified organisations matching the directory's search and filters.

    The search is accent- and case-insensitive: every word typed must appear in the
    organisation's names (Greek or English), acronym or summary.
    """
    qs = Organisation.objects.filter(state=Organisation.State.VERIFIED)
    for word in normalise_for_search(q).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(district__slug=district)
    if area:
        qs = qs.filter(thematic_areas__slug=area)
    return (
        qs.select_related("district")
        .prefetch_related(
            Prefetch("thematic_areas", queryset=ThematicArea.objects.order_by("position", "name"))
        )
        .only(
            "id",
            "slug",
            "name",
            "name_el",
            "name_en",
            "acronym",
            "kind",
            "summary",
            "summary_el",
            "summary_en",
            "logo",
            "district__id",
            "district__name",
            "district__name_el",
            "district__name_en",
            "state",
        )
        .order_by(f"name_{current_language()}", "id")
    )


def filter_choices() -> dict:
    return {
        "kinds": Organisation.Kind.choices,
        "areas": list(ThematicArea.objects.order_by("position", "name")),
        "districts": list(District.objects.order_by("position", "name")),
    }


def organisation_for_page(*, slug: str) -> Organisation:
    return (
        Organisation.objects.select_related("district")
        .prefetch_related("thematic_areas")
        .get(slug=slug)
    )


def members_of(organisation: Organisation) -> QuerySet:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )


def memberships_of(user) -> QuerySet:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def pending_organisations() -> QuerySet:
    return (
        Organisation.objects.filter(state=Organisation.State.PENDING)
        .select_related("district", "created_by")
        .order_by("created", "id")
    )


def recently_verified(*, limit: int = 6) -> list:
    return list(
        Organisation.objects.filter(state=Organisation.State.VERIFIED)
        .select_related("district")
        .order_by("-state_changed_at", "-id")[:limit]
    )
