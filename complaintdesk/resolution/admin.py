"""Admin screens for remedies: policies and approval limits are configured here; remedies
themselves are written by the services and only looked at."""

from __future__ import annotations

from django.contrib import admin

from complaintdesk.resolution.models import ApprovalLimit, Remedy, RemedyPolicy


@admin.register(RemedyPolicy)
class RemedyPolicyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule", "rank", "version", "is_active"]
    list_filter = ["rule", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["version"]


@admin.register(ApprovalLimit)
class ApprovalLimitAdmin(admin.ModelAdmin):
    list_display = ["role", "department_code", "max_amount"]


@admin.register(Remedy)
class RemedyAdmin(admin.ModelAdmin):
    """Remedies change only through the desk, the portal and the API, each with its event."""

    list_display = ["complaint", "kind", "amount", "payer", "status", "execution_state",
                    "proposed_at"]
    list_filter = ["kind", "status", "execution_state", "payer"]
    list_select_related = ["complaint"]
    raw_id_fields = ["complaint"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
