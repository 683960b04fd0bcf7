"""A question one team asks another about a complaint it keeps (会商 / 协查)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint, Department


class ConsultationState(models.TextChoices):
    OPEN = "open", _("Waiting for the answer")
    ANSWERED = "answered", _("Answered")


class Consultation(models.Model):
    """A question to a department about a complaint it does not own, with its own deadline
    (working days on the department's calendar). The complaint stays where it is; the
    department reads it and answers in its thread."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="+", verbose_name=_("complaint")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department asked")
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"))
    due_at = models.DateTimeField(_("answer due"))
    calendar_verified = models.BooleanField(_("calendar verified"), default=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ConsultationState.choices,
        default=ConsultationState.OPEN,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="consultation_answered_has_answer",
                condition=~Q(state=ConsultationState.ANSWERED)
                | (Q(answered_at__isnull=False) & ~Q(answer="")),
            ),
        ]
        indexes = [
            models.Index(fields=["department", "state", "due_at"], name="consultation_queue_idx"),
            models.Index(fields=["complaint", "asked_at"], name="consultation_complaint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.department_id} ({self.state})"

    @property
    def met(self) -> bool | None:
        """Answered by the deadline (True), after it (False), or not answered yet (None)."""
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at
