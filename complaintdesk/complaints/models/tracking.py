"""Tracking links that let a customer without an account follow one complaint."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models.complaint import Complaint


def hash_tracking_token(raw_token: str) -> str:
    """Tokens are 256-bit random strings, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


class TrackingToken(models.Model):
    """The hash of a customer's tracking link for one complaint; the link itself is shown once
    and never stored. A token past ``expires_at`` opens nothing."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="tracking_tokens",
        verbose_name=_("complaint"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("tracking token")
        verbose_name_plural = _("tracking tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="tracking_token_unique_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.token_hash[:8]}…"
