from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from socialdynamo.core.audit import log_action

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_expert",
        "is_trainer",
        "is_reviewer",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_expert", "is_trainer", "is_reviewer", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["date_joined", "last_login", "privacy_consent_at", "erased_at"]
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Personal details"),
            {"fields": ("first_name", "last_name", "language", "phone", "bio")},
        ),
        (
            _("Roles in the hub"),
            {"fields": ("is_expert", "is_trainer", "is_reviewer", "is_staff", "is_active")},
        ),
        (
            _("Back-office permissions"),
            {"classes": ("collapse",), "fields": ("is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("date_joined", "last_login", "privacy_consent_at", "erased_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            obj,
            "accounts.user.changed_by_staff" if change else "accounts.user.created_by_staff",
            user=request.user,
            data={"fields": sorted(form.changed_data)},
        )
