"""Asking the customer whether a resolution solved the problem."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.choices import AnswerChannel, ConfirmationState


class Confirmation(models.Model):
    """One request, made when a complaint is resolved, that the customer confirm the answer
    solved the problem. "Not solved" reopens the complaint; silence until ``closes_at`` (a
    number of working days on the complaint's calendar) closes it. A complaint resolved again
    after a reopening is asked again: one row per resolution, at most one still asked."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.PROTECT,
        related_name="confirmations",
        verbose_name=_("complaint"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ConfirmationState.choices,
        default=ConfirmationState.ASKED,
    )
    asked_at = models.DateTimeField(_("asked at"))
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("Without an answer the complaint is closed at this time.")
    )
    calendar_verified = models.BooleanField(_("calendar verified"), default=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_via = models.CharField(
        _("answered via"), max_length=12, choices=AnswerChannel.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("resolution confirmation")
        verbose_name_plural = _("resolution confirmations")
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(state="asked"),
                name="confirmation_one_asked_per_complaint",
            ),
        ]
        indexes = [models.Index(fields=["state", "closes_at"], name="confirmation_due_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.state}"
