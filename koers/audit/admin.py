from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be inspected, never edited, here."""

    list_display = (
        "sequence",
        "at",
        "actor_label",
        "organisation",
        "action",
        "object_type",
        "object_id",
    )
    list_filter = ("action", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
