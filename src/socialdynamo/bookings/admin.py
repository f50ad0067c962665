from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from socialdynamo.core.audit import log_action
from socialdynamo.core.uploads import validate_image

from .models import Booking, Closure, OpeningHours, Room, RoomAccessGrant, RoomPhoto, SlotWatch


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


class RoomPhotoForm(admin.ModelAdmin.form):
    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            validate_image(image)
        return image


class RoomPhotoInline(TranslationTabularInline):
    model = RoomPhoto
    form = RoomPhotoForm
    extra = 0


@admin.register(Room)
class RoomAdmin(TranslationAdmin):
    list_display = [
        "name",
        "kind",
        "capacity",
        "is_active",
        "requires_approval",
        "monthly_hours_per_organisation",
        "position",
    ]
    list_filter = ["kind", "is_active", "requires_approval"]
    search_fields = ["name_el", "name_en", "slug"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OpeningHoursInline, RoomPhotoInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "capacity", "floor", "is_active", "position"]}),
        (_("Description"), {"fields": ["description", "equipment", "accessibility"]}),
        (
            _("Booking rules"),
            {
                "fields": [
                    "allow_hosted_groups",
                    "allow_partners",
                    "allow_verified_organisations",
                    "requires_approval",
                    "max_duration_minutes",
                    "max_days_ahead",
                    "min_notice_hours",
                    "monthly_hours_per_organisation",
                ]
            },
        ),
    ]


@admin.register(Closure)
class ClosureAdmin(TranslationAdmin):
    list_display = ["reason", "room", "first_day", "last_day"]
    list_filter = ["room"]
    search_fields = ["reason_el", "reason_en"]
    date_hierarchy = "first_day"


@admin.register(RoomAccessGrant)
class RoomAccessGrantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "valid_from", "valid_until", "monthly_hours"]
    list_filter = ["kind"]
    search_fields = ["organisation__name_el", "organisation__name_en"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(obj, "bookings.grant.saved", user=request.user)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change only through the site's services (rules, no overlap)."""

    list_display = ["room", "start", "end", "state", "organisation", "booked_by", "purpose"]
    list_filter = ["state", "room"]
    search_fields = ["purpose", "organisation__name_el", "booked_by__email"]
    list_select_related = ["room", "organisation", "booked_by"]
    date_hierarchy = "start"
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SlotWatch)
class SlotWatchAdmin(admin.ModelAdmin):
    list_display = ["room", "user", "start", "end", "notified_at"]
    list_select_related = ["room", "user"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False
