"""What the channel adapters remember: inbound mail already processed, and platform sources."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint


class MailOutcome(models.TextChoices):
    CREATED = "created", _("Opened a complaint")
    REPLY = "reply", _("Added to a complaint")
    IGNORED_AUTO = "ignored_auto", _("Auto-reply or bounce, ignored")


class ProcessedMessage(models.Model):
    """One inbound email, by Message-ID or, when it has none, by a hash of its content.

    The unique key makes a second delivery of the same message a no-op, and the complaint link
    lets a reply that quotes this Message-ID in its References join the same complaint.
    """

    key = models.CharField(
        _("key"), max_length=255, help_text=_("“id:” and the Message-ID, or “sha256:” and a hash.")
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=MailOutcome.choices)
    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complaint"),
    )
    sender = models.CharField(_("sender"), max_length=255, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    processed_at = models.DateTimeField(_("processed at"))

    class Meta:
        verbose_name = _("processed email")
        verbose_name_plural = _("processed emails")
        ordering = ["-processed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="processed_message_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.outcome})"


class PlatformSource(models.Model):
    """A marketplace complaint centre allowed to post to ``/api/v1/webhooks/platform/<code>``.

    Its requests are signed with ``secret`` (HMAC-SHA256); there is no API key.
    """

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    secret = models.CharField(_("signing secret"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("platform source")
        verbose_name_plural = _("platform sources")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="platform_source_unique_code")]

    def __str__(self) -> str:
        return self.name
