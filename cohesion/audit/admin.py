from django.contrib import admin

from cohesion.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log cannot be edited through the app."""

    list_display = ["at", "actor_username", "organisation_name", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["actor_username", "object_repr"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
