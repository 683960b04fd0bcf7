"""Admin: the ruling rules admins keep; disputes, conflicts and links to read."""

from __future__ import annotations

from django.contrib import admin

from complaintdesk.disputes.models import ConflictDeclaration, Dispute, RulingRule


@admin.register(RulingRule)
class RulingRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "is_active", "rank")
    list_filter = ("is_active",)
    search_fields = ("code", "title")


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    """Read only: disputes change through the desk and the API, each step an event."""

    list_display = ("complaint", "respondent", "stage", "policy", "opened_at")
    list_filter = ("stage", "policy")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ("user", "complaint", "respondent", "declared_at")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
