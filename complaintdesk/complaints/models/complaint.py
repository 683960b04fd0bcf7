"""The complaint itself and the per-day counter behind its number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import (
    Category,
    Channel,
    Currency,
    Demand,
    Industry,
    Priority,
    Sentiment,
    Status,
)
from complaintdesk.complaints.models.parties import Customer, OrderRef, Respondent
from complaintdesk.complaints.models.people import Department


class ComplaintNumberSequence(models.Model):
    """The last serial issued for one prefix and local day. Serials only ever go up."""

    prefix = models.CharField(_("prefix"), max_length=6)
    day = models.DateField(_("day"))
    last = models.PositiveIntegerField(_("last serial"))

    class Meta:
        verbose_name = _("complaint number sequence")
        verbose_name_plural = _("complaint number sequences")
        ordering = ["prefix", "day"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="number_sequence_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day:%Y%m%d}: {self.last}"


class Complaint(models.Model):
    """One complaint from one customer, from receipt to closing.

    ``status`` is written only by :mod:`complaintdesk.complaints.services`; triage fields carry
    their source, confidence and explanation in ``triage``.
    """

    number = models.CharField(_("number"), max_length=32, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    external_id = models.CharField(
        _("external id"),
        max_length=128,
        null=True,
        blank=True,
        help_text=_(
            "The sender's own id: the same source, channel and id never open two complaints."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=80,
        blank=True,
        default="",
        help_text=_(
            "Who sent it: an API key's or a person's account (user:<id>), a platform "
            "(platform:<code>), email, import or the anonymous portal. External ids and "
            "customers are matched within the source only."
        ),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    received_at = models.DateTimeField(_("received at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    status_changed_at = models.DateTimeField(_("status changed at"))

    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("customer"),
    )
    order = models.ForeignKey(
        OrderRef,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("order"),
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("respondent"),
        help_text=_("Who or what the complaint is about (被投诉方)."),
    )
    amount_claimed = models.DecimalField(
        _("amount claimed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )

    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    demand = models.CharField(_("demand"), max_length=30, choices=Demand.choices, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    risk_flags = models.JSONField(_("risk flags"), default=list, blank=True)
    sentiment_label = models.CharField(
        _("sentiment"), max_length=10, choices=Sentiment.choices, blank=True
    )
    sentiment_score = models.FloatField(_("sentiment score"), null=True, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    triage = models.JSONField(
        _("triage details"),
        default=dict,
        blank=True,
        help_text=_("Per field: source (model, rule, agent), confidence and explanation."),
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Triage was unsure (a model less than 50% sure): a person should check it."),
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("department"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assignee"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_("The batch incident this complaint belongs to, or the one it was merged into."),
    )
    is_batch = models.BooleanField(
        _("batch incident"),
        default=False,
        help_text=_("A parent incident grouping complaints from many customers about one fault."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_complaints",
        verbose_name=_("submitted by"),
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "channel", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="complaint_unique_source_external_id",
            ),
            models.CheckConstraint(
                name="complaint_amount_claimed_not_negative",
                condition=models.Q(amount_claimed__isnull=True) | models.Q(amount_claimed__gte=0),
            ),
        ]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="complaint_received_idx"),
            models.Index(fields=["status", "-received_at"], name="complaint_status_idx"),
            models.Index(fields=["department", "status"], name="complaint_department_idx"),
            models.Index(fields=["assignee", "status"], name="complaint_assignee_idx"),
            models.Index(fields=["priority", "status"], name="complaint_priority_idx"),
            models.Index(fields=["category", "status"], name="complaint_category_idx"),
            models.Index(fields=["needs_review", "status"], name="complaint_review_idx"),
            models.Index(fields=["respondent", "status"], name="complaint_respondent_idx"),
            # The desk's "recently closed" queue: final states changed within a window.
            models.Index(
                fields=["status", "status_changed_at"], name="complaint_status_changed_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.number
