from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from socialdynamo.core.audit import log_action

from . import services
from .models import District, Invitation, Membership, Organisation, ThematicArea
from .services import OrganisationError


class MembershipInline(admin.TabularInline):
    """Shown, not edited: members change through the organisation's members page, whose
    services keep exactly one owner and write the audit log."""

    model = Membership
    extra = 0
    fields = ["user", "role", "created"]
    readonly_fields = ["user", "role", "created"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "acronym", "kind", "state", "district", "created"]
    list_filter = ["state", "kind", "district", "thematic_areas"]
    search_fields = ["name_el", "name_en", "acronym", "email", "tax_number"]
    list_select_related = ["district"]
    readonly_fields = [
        "state",
        "state_reason",
        "state_changed_at",
        "created",
        "updated",
        "created_by",
    ]
    filter_horizontal = ["thematic_areas"]
    prepopulated_fields = {}
    inlines = [MembershipInline]
    actions = ["verify_selected"]
    date_hierarchy = "created"
    list_per_page = 50

    @admin.action(description=_("Verify the selected organisations"))
    def verify_selected(self, request, queryset):
        done = 0
        for organisation in queryset:
            try:
                services.verify_organisation(organisation=organisation, user=request.user)
                done += 1
            except OrganisationError as error:
                self.message_user(request, f"{organisation}: {error.message}", messages.WARNING)
        self.message_user(
            request, _("%(count)d organisations verified.") % {"count": done}, messages.SUCCESS
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            obj,
            "organizations.organisation.changed_by_staff",
            user=request.user,
            data={"fields": sorted(form.changed_data)},
        )


@admin.register(ThematicArea)
class ThematicAreaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_el", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(District)
class DistrictAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_el", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "state", "created", "expires_at"]
    list_filter = ["state", "role"]
    search_fields = ["email", "organisation__name_el", "organisation__name_en"]
    list_select_related = ["organisation"]
    readonly_fields = ["token", "created", "responded_at", "invited_by"]
