"""Admin screens for the configuration of clocks: calendars, their days, clock policies."""

from __future__ import annotations

from django.contrib import admin

from complaintdesk.sla.models import CalendarDay, Clock, ClockPolicy, OrgCalendar


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 1


@admin.register(OrgCalendar)
class OrgCalendarAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_default", "department", "timezone", "use_statutory_data"]
    inlines = [CalendarDayInline]


@admin.register(ClockPolicy)
class ClockPolicyAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "rank", "unit", "amount", "warn_percent", "is_active"]
    list_filter = ["kind", "is_active", "unit", "trigger"]
    search_fields = ["code", "name"]


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    """Clocks are written by the lifecycle and the sweep; the admin only looks."""

    list_display = ["complaint", "kind", "state", "target_at", "warned_at", "breached_at"]
    list_filter = ["kind", "state", "calendar_verified"]
    list_select_related = ["complaint"]
    raw_id_fields = ["complaint"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
