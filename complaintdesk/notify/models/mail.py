"""The email outbox: one row per message to send, written in the transaction of its event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint, ComplaintEvent


class MailKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    REPLY = "reply", _("Agent's reply")
    PROGRESS = "progress", _("Progress update")
    RESOLUTION = "resolution", _("Resolution")
    EXTENSION = "extension", _("Deadline extension notice")
    STAFF = "staff", _("Staff notification")
    SURVEY = "survey", _("Confirmation and satisfaction survey")
    SURVEY_REMINDER = "survey_reminder", _("Survey reminder")
    REPORT = "report", _("Report or alert to managers")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed for good")
    UNKNOWN = "unknown", _("Outcome unknown: the sender stopped while sending")


class OutboundEmail(models.Model):
    """One email to send. The worker claims a pending row with a conditional UPDATE, sends it
    with its fixed Message-ID and records the outcome; see docs/channels.md for what happens
    when it stops half-way."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complaint"),
    )
    event = models.ForeignKey(
        ComplaintEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MailKind.choices)
    to_name = models.CharField(_("recipient name"), max_length=100, blank=True)
    to_address = models.EmailField(_("recipient address"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    html_body = models.TextField(
        _("HTML body"), blank=True, help_text=_("Sent as the HTML alternative of the text body.")
    )
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    attachment_data = models.BinaryField(_("attachment"), blank=True, default=b"")
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=255, blank=True)
    auto_submitted = models.BooleanField(
        _("automatic"), default=True, help_text=_("Sent with “Auto-Submitted: auto-replied”.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff recipient"),
    )

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["next_attempt_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="outbound_email_unique_message_id",
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbound_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_address} ({self.state})"
