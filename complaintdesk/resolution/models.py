"""Remedies on complaints, their approvals, the configured remedy policies and approval limits.

Rows are written only by :mod:`complaintdesk.resolution.services`, each change with its
complaint event in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as ConfigError

from complaintdesk.complaints.choices import Currency, Role
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.resolution.choices import (
    CustomerAnswer,
    ExecutionState,
    Payer,
    PolicyRule,
    RemedyKind,
    RemedyStatus,
)
from complaintdesk.resolution.policies import config_validate


class Remedy(models.Model):
    """What the business offers a customer to put a complaint right: a kind, an amount in
    CNY (Decimal, zero for an apology), who bears it, and its way from proposal to execution.

    ``explanation`` holds the reasons as message ids with parameters (translated when shown);
    an offer computed by a policy records the policy's code, version, configuration and the
    facts in ``computation``. ``idempotency_key`` travels with every execution attempt so the
    business's system pays once, however often it is asked.
    """

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="remedies", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RemedyStatus.choices, default=RemedyStatus.PROPOSED
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    payer = models.CharField(
        _("who pays"), max_length=10, choices=Payer.choices, default=Payer.BUSINESS
    )
    respondent_share = models.DecimalField(
        _("respondent's share (%)"), max_digits=7, decimal_places=4, default=0
    )
    business_amount = models.DecimalField(
        _("borne by the business"), max_digits=12, decimal_places=2, default=0
    )
    respondent_amount = models.DecimalField(
        _("borne by the respondent"), max_digits=12, decimal_places=2, default=0
    )
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    note = models.TextField(_("note to the customer"), blank=True)
    policy_code = models.CharField(_("policy"), max_length=60, blank=True)
    policy_version = models.PositiveIntegerField(_("policy version"), null=True, blank=True)
    computation = models.JSONField(_("computation"), default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for rejection or withdrawal"), blank=True)
    customer_answer = models.CharField(
        _("customer's answer"), max_length=10, choices=CustomerAnswer.choices, blank=True
    )
    customer_reason = models.TextField(_("customer's reason"), blank=True)
    customer_answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    execution_state = models.CharField(
        _("execution"), max_length=10, choices=ExecutionState.choices, blank=True
    )
    execution_event = models.ForeignKey(
        ComplaintEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("execution request"),
    )
    execution_error = models.CharField(_("execution error"), max_length=500, blank=True)
    executed_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    coupon_code = models.CharField(
        _("coupon code"), max_length=32, null=True, blank=True, unique=True
    )
    coupon_valid_days = models.PositiveSmallIntegerField(
        _("coupon valid for days"), null=True, blank=True
    )
    coupon_expires_at = models.DateTimeField(_("coupon expires at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["proposed_at", "id"]
        indexes = [
            models.Index(fields=["complaint", "status"], name="remedy_complaint_status_idx"),
            models.Index(fields=["execution_state"], name="remedy_execution_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="remedy_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="remedy_split_adds_up",
                condition=Q(amount=F("business_amount") + F("respondent_amount")),
            ),
            models.CheckConstraint(
                name="remedy_respondent_share_range",
                condition=Q(respondent_share__gte=0, respondent_share__lte=100),
            ),
            models.CheckConstraint(
                name="remedy_status_known", condition=Q(status__in=RemedyStatus.values)
            ),
            models.CheckConstraint(
                name="remedy_executed_has_time",
                condition=~Q(status=RemedyStatus.EXECUTED) | Q(executed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.amount}"


class RemedyApproval(models.Model):
    """One person's approval of a remedy; cash compensation needs two, from two people."""

    remedy = models.ForeignKey(
        Remedy, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("remedy")
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approver"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    limit = models.DecimalField(
        _("limit applied"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("remedy approval")
        verbose_name_plural = _("remedy approvals")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["remedy", "approver"], name="remedy_approval_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.remedy_id} ← {self.approver_id}"


class RemedyPolicy(models.Model):
    """A configured remedy rule: which shipped rule, for which complaints (empty lists match
    all), with which contract terms. ``version`` goes up with every change of rule or
    configuration, and every offer computed with the policy records it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    rule = models.CharField(_("rule"), max_length=30, choices=PolicyRule.choices)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    demands = models.JSONField(_("demands"), default=list, blank=True)
    products = models.JSONField(
        _("products or courses"),
        default=list,
        blank=True,
        help_text=_("Exact product or course names of the order; empty means any."),
    )
    config = models.JSONField(_("configuration"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    rank = models.PositiveSmallIntegerField(_("rank"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("remedy policy")
        verbose_name_plural = _("remedy policies")
        ordering = ["rank", "code"]
        constraints = [
            models.CheckConstraint(
                name="remedypolicy_version_positive", condition=Q(version__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            config_validate(self.rule, self.config)
        except KeyError:
            raise ValidationError({"rule": _("Unknown rule.")}) from None
        except ConfigError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'config'}: {e['msg']}"
                for e in exc.errors()
            )
            raise ValidationError({"config": problems}) from None

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A change of rule or configuration is a new version."""
        if self.pk is not None:
            before = RemedyPolicy.objects.filter(pk=self.pk).values("rule", "config").first()
            if before is not None and (before["rule"], before["config"]) != (
                self.rule,
                self.config,
            ):
                self.version += 1
        super().save(*args, **kwargs)


class ApprovalLimit(models.Model):
    """The largest remedy a role (optionally only in one department) may approve; an empty
    amount means no limit. A role without a row approves nothing."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department_code = models.SlugField(
        _("department code"),
        max_length=40,
        blank=True,
        help_text=_("Only staff of this department (e.g. finance); empty means any."),
    )
    max_amount = models.DecimalField(
        _("largest amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )

    class Meta:
        verbose_name = _("approval limit")
        verbose_name_plural = _("approval limits")
        ordering = ["role", "department_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "department_code"], name="approvallimit_unique_role_department"
            ),
            models.CheckConstraint(
                name="approvallimit_not_negative",
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.department_code} ≤ {self.max_amount or '∞'}"
