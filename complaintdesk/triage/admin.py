"""Admin screen for routing rules."""

from __future__ import annotations

from django.contrib import admin

from complaintdesk.triage.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "rank",
        "name",
        "enabled",
        "category",
        "industry",
        "priority",
        "risk_flag",
        "department_code",
    ]
    list_editable = ["enabled"]
    list_filter = ["enabled", "category", "industry", "priority", "risk_flag"]
    search_fields = ["name", "department_code"]
    ordering = ["rank", "id"]
