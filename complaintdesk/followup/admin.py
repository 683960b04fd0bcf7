"""Admin screens: the survey wording per industry and the return-call scripts are edited here;
confirmations, surveys and calls are written by the workflows, so the admin only looks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from complaintdesk.followup.models import (
    CallScript,
    Confirmation,
    ReturnCall,
    Survey,
    SurveyQuestions,
)


@admin.register(SurveyQuestions)
class SurveyQuestionsAdmin(admin.ModelAdmin):
    list_display = ["industry", "language", "rating_question", "ask_comment", "ask_remedy",
                    "is_active"]
    list_filter = ["industry", "language", "is_active"]


@admin.register(CallScript)
class CallScriptAdmin(admin.ModelAdmin):
    list_display = ["category", "language", "is_active"]
    list_filter = ["category", "language", "is_active"]


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Confirmation)
class ConfirmationAdmin(_ReadOnly):
    list_display = ["complaint", "state", "asked_at", "closes_at", "answered_at"]
    list_filter = ["state"]


@admin.register(Survey)
class SurveyAdmin(_ReadOnly):
    list_display = ["complaint", "state", "score", "remedy_fair", "invited_at", "reminded_at",
                    "answered_at"]
    list_filter = ["state", "score", "industry", "category"]


@admin.register(ReturnCall)
class ReturnCallAdmin(_ReadOnly):
    list_display = ["complaint", "reason", "state", "due_on", "assignee", "attempts", "outcome"]
    list_filter = ["state", "reason", "outcome"]
