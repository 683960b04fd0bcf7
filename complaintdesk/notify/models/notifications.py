"""What staff see in the desk's notification list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    ESCALATED = "escalated", _("Escalated")
    CLOCK_WARNING = "clock_warning", _("Deadline approaching")
    CLOCK_BREACHED = "clock_breached", _("Deadline missed")
    LOW_SCORE = "low_score", _("Low satisfaction score")
    CUSTOMER_REPLIED = "customer_replied", _("Customer replied")
    MENTIONED = "mentioned", _("Mentioned in a note")
    CONSULT_ASKED = "consult_asked", _("Consultation asked")
    CONSULT_ANSWERED = "consult_answered", _("Consultation answered")


class Notification(models.Model):
    """One notice to one member of staff, unread until they open it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("complaint"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=300)
    by = models.CharField(
        _("by"), max_length=150, blank=True, help_text=_("Who caused it, when a person did.")
    )
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notice_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.text}"
