"""Return calls (回访): scheduled on the working calendar, assigned to a person, with a
script per category and an outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category
from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.choices import CallOutcome, CallReason, CallState


class CallScript(models.Model):
    """What to say on a return call about complaints of one category (blank: any other
    category), in one language. Copied into the call when it is scheduled."""

    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    body = models.TextField(_("script"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("return call script")
        verbose_name_plural = _("return call scripts")
        ordering = ["category", "language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "language"], name="call_script_unique_category_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} ({self.language})"


class ReturnCall(models.Model):
    """One return call to the customer of a complaint, due on a working day. Not reaching the
    customer counts an attempt and moves the call to the next working day; after
    ``max_attempts`` it is closed as unreached. At most one call per complaint is scheduled."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="return_calls",
        verbose_name=_("complaint"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=CallReason.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=CallState.choices, default=CallState.SCHEDULED
    )
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="return_calls", verbose_name=_("assignee"),
    )
    script = models.TextField(_("script"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"))
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=CallOutcome.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    new_complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("new complaint"),
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("scheduled by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("return call")
        verbose_name_plural = _("return calls")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(state="scheduled"),
                name="return_call_one_scheduled_per_complaint",
            ),
            models.CheckConstraint(
                name="return_call_attempts_within_max",
                condition=models.Q(attempts__lte=models.F("max_attempts")),
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="return_call_due_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.due_on} {self.state}"
