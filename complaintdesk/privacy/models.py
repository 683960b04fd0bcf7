"""The audit log of personal-data requests: every export, erasure and retention run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    EXPORT = "export", _("Export")
    ERASURE = "erasure", _("Erasure")
    RETENTION = "retention", _("Retention")


class RequestOutcome(models.TextChoices):
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


class RequestVia(models.TextChoices):
    COMMAND = "command", _("Command line")
    ADMIN = "admin", _("Admin")
    JOB = "job", _("Retention job")


class PrivacyRequest(models.Model):
    """One export, erasure or retention anonymisation of one customer's data, done or refused.

    Kept after the erasure it records: ``customer`` still points at the anonymised row, and
    the row itself holds no personal data (a refused erasure names its reasons as codes,
    ``details`` holds counts and the archive's SHA-256). Each complaint concerned also has an
    event (``personal_data_exported`` or ``personal_data_erased``)."""

    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=RequestOutcome.choices)
    via = models.CharField(_("via"), max_length=20, choices=RequestVia.choices)
    customer = models.ForeignKey(
        "complaints.Customer",
        on_delete=models.PROTECT,
        related_name="privacy_requests",
        verbose_name=_("customer"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    at = models.DateTimeField(_("at"), db_index=True)
    complaints = models.PositiveIntegerField(_("complaints concerned"), default=0)
    holds = models.JSONField(_("holds"), default=list, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="privacy_request_kind_valid", condition=models.Q(kind__in=RequestKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.customer_id} {self.at:%Y-%m-%d %H:%M}"
