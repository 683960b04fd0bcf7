"""Configuration of the learning app: the root-cause taxonomy and the order volumes that turn
complaint counts into complaints per 1,000 orders."""

from __future__ import annotations

from django.contrib import admin

from complaintdesk.learning.models import OrderVolume, RootCause


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "industry", "active", "position")
    list_filter = ("industry", "active")
    list_editable = ("active", "position")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(OrderVolume)
class OrderVolumeAdmin(admin.ModelAdmin):
    list_display = ("period_start", "period_end", "item", "respondent", "department", "orders")
    list_filter = ("department",)
    search_fields = ("item",)
