from django.contrib import admin

from .models import AuditLogEntry


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created", "actor", "action", "object_repr", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "actor__email", "reason"]
    date_hierarchy = "created"
    list_select_related = ["actor"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
