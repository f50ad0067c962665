from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    Application,
    Call,
    Conflict,
    Criterion,
    Desk,
    EligibilityQuestion,
    Hosting,
    ProgressReview,
    Question,
    RenewalRequest,
    RequiredDocument,
    ReviewAssignment,
    SelfAssessment,
    Space,
    Subscriber,
)


@admin.register(Space)
class SpaceAdmin(TranslationAdmin):
    list_display = ["name", "capacity", "desks", "default_hosting_months"]

    def has_add_permission(self, request):
        return not Space.objects.exists()


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "active"]
    list_filter = ["active"]
    search_fields = ["code", "description"]


class EligibilityInline(TranslationTabularInline):
    model = EligibilityQuestion
    extra = 0


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0


class DocumentInline(TranslationTabularInline):
    model = RequiredDocument
    extra = 0


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "status", "opens_at", "closes_at", "hosting_start", "places"]
    list_filter = ["status"]
    search_fields = ["title_el", "title_en", "slug"]
    readonly_fields = [
        "announced_at",
        "decided_at",
        "results_published_at",
        "created",
        "created_by",
    ]
    filter_horizontal = ["reviewers"]
    inlines = [EligibilityInline, QuestionInline, DocumentInline, CriterionInline]
    date_hierarchy = "opens_at"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Decisions change through the site's services, which check the rules and keep the
    audit log; the back office shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["reference", "organisation__name_el", "organisation__name_en"]
    list_select_related = ["organisation", "call"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "created", "submitted_at"]
    list_filter = ["application__call"]
    list_select_related = ["application", "reviewer"]
    search_fields = ["application__reference", "reviewer__email"]


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "created"]
    list_select_related = ["application", "reviewer"]
    search_fields = ["application__reference", "reviewer__email"]


@admin.register(Hosting)
class HostingAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "start", "end", "status", "desk", "renewals"]
    list_filter = ["status"]
    list_select_related = ["organisation", "desk"]
    search_fields = ["organisation__name_el", "organisation__name_en"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["hosting", "moment", "submitted_at"]
    list_filter = ["moment"]


@admin.register(ProgressReview)
class ProgressReviewAdmin(ReadOnlyAdmin):
    list_display = ["hosting", "kind", "due_on", "submitted_at", "rating"]
    list_filter = ["kind", "rating"]


@admin.register(RenewalRequest)
class RenewalRequestAdmin(ReadOnlyAdmin):
    list_display = ["hosting", "status", "submitted_at", "decided_at", "new_end"]
    list_filter = ["status"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["user", "created"]
    search_fields = ["user__email"]
    readonly_fields = ["created"]
