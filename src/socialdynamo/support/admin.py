from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    Engagement,
    ExpertProfile,
    Proposal,
    Session,
    SupportArea,
    SupportRequest,
    SupportTopic,
)


class SupportTopicInline(admin.TabularInline):
    model = SupportTopic
    extra = 1
    fields = ["name_el", "name_en", "slug", "position"]


@admin.register(SupportArea)
class SupportAreaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_el", "name_en", "slug"]
    inlines = [SupportTopicInline]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "state", "monthly_hours", "created"]
    list_filter = ["state", "areas"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "headline"]
    list_select_related = ["user"]
    # State changes go through the staff pages, which keep User.is_expert in sync and log.
    readonly_fields = ["user", "state", "decided_by", "decided_at", "decision_reason", "created"]
    filter_horizontal = ["areas", "topics"]
    autocomplete_fields = ["conflicts"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "area", "format", "state", "created"]
    list_filter = ["state", "area", "format", "urgency"]
    search_fields = ["title", "organisation__name_el", "organisation__name_en"]
    list_select_related = ["organisation", "area"]
    readonly_fields = [
        "organisation",
        "created_by",
        "state",
        "state_changed_at",
        "expert",
        "created",
    ]
    date_hierarchy = "created"


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["request", "expert", "state", "score", "created"]
    list_filter = ["state"]
    list_select_related = ["request", "expert__user"]
    readonly_fields = ["request", "expert", "state", "score", "reasons", "proposed_by", "created"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "minutes", "mode", "state"]
    readonly_fields = fields


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["request", "expert", "organisation", "format", "state", "started"]
    list_filter = ["state", "format"]
    list_select_related = ["request", "expert__user", "organisation"]
    readonly_fields = ["request", "expert", "organisation", "started", "ended"]
    inlines = [SessionInline]
