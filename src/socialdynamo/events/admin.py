from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Event, EventKind, EventPart, Feedback, Question, Registration


@admin.register(EventKind)
class EventKindAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


class EventPartInline(TranslationTabularInline):
    model = EventPart
    extra = 0


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = [
        "title",
        "kind",
        "start",
        "state",
        "format",
        "capacity",
        "confirmed_count",
        "waitlist_count",
    ]
    list_filter = ["state", "kind", "format", "language"]
    search_fields = ["title_el", "title_en", "slug"]
    date_hierarchy = "start"
    raw_id_fields = ["organisation", "trainers", "created_by"]
    # Seats and states change only through the site's services (locks, e-mails, audit).
    readonly_fields = ["state", "confirmed_count", "waitlist_count", "published_at"]
    inlines = [EventPartInline, QuestionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "display_name", "state", "created", "attended", "walk_in"]
    list_filter = ["state", "attended", "walk_in"]
    search_fields = ["person__email", "person__last_name", "name", "event__title_el"]
    raw_id_fields = ["event", "person", "organisation", "added_by"]
    readonly_fields = [
        "event",
        "person",
        "state",
        "created",
        "promoted_at",
        "cancelled_at",
        "certificate_code",
    ]

    def has_add_permission(self, request):
        return False  # registrations go through the site, which keeps seats and waitlists right

    @admin.display(description=_("name"))
    def display_name(self, obj):
        return obj.display_name


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["event", "overall", "usefulness", "created"]
    raw_id_fields = ["registration", "event"]
