"""The vocabularies of remedies: kinds, statuses, who pays, the customer's answer and the
state of a payout."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RemedyKind(models.TextChoices):
    FULL_REFUND = "full_refund", _("Full refund")
    PARTIAL_REFUND = "partial_refund", _("Partial refund")
    LESSON_REFUND = "lesson_refund", _("Refund of untaken lessons")
    COUPON = "coupon", _("Coupon")
    CASH_COMPENSATION = "cash_compensation", _("Cash compensation")
    RESEND = "resend", _("Resend the item")
    MAKEUP_LESSON = "makeup_lesson", _("Make-up lesson or replay")
    COURSE_SWAP = "course_swap", _("Free swap to another course")
    EXTENSION = "extension", _("Extended course period")
    APOLOGY = "apology", _("Apology")


#: Money paid out through the business's systems (the signed ``remedy.execute`` webhook).
PAYOUT_KINDS = frozenset(
    {
        RemedyKind.FULL_REFUND,
        RemedyKind.PARTIAL_REFUND,
        RemedyKind.LESSON_REFUND,
        RemedyKind.CASH_COMPENSATION,
    }
)
#: Carried out by the business's systems: payouts, and coupons (which get a code and expiry).
WEBHOOK_KINDS = PAYOUT_KINDS | {RemedyKind.COUPON}
#: Money beyond what the customer paid: four eyes (two approvers besides the proposer).
CASH_KINDS = frozenset({RemedyKind.CASH_COMPENSATION})
#: Kinds that always carry an amount (the others may be zero).
MONEY_KINDS = PAYOUT_KINDS | {RemedyKind.COUPON}
#: Kinds whose amount is money back from the order, so never more than was paid.
REFUND_KINDS = frozenset(
    {RemedyKind.FULL_REFUND, RemedyKind.PARTIAL_REFUND, RemedyKind.LESSON_REFUND}
)


class RemedyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    EXECUTED = "executed", _("Carried out")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Payer(models.TextChoices):
    BUSINESS = "business", _("The business")
    RESPONDENT = "respondent", _("The respondent")
    SHARED = "shared", _("Shared by liability")


class CustomerAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ExecutionState(models.TextChoices):
    PENDING = "pending", _("Sent, waiting for confirmation")
    FAILED = "failed", _("Failed")
    CONFIRMED = "confirmed", _("Confirmed")


class PolicyRule(models.TextChoices):
    """The kinds of rule shipped in ``resolution/policies/``, one module each."""

    LESSON_REFUND = "lesson_refund", _("Proportional refund of untaken lessons")
    PROGRESS_SCHEDULE = "progress_schedule", _("Refund by a progress schedule")
    COOLING_OFF = "cooling_off", _("Cooling-off period")
    SEVEN_DAY_RETURN = "seven_day_return", _("Seven-day no-reason return")
    LATE_DELIVERY = "late_delivery", _("Compensation for late delivery")
    GOODWILL_COUPON = "goodwill_coupon", _("Goodwill coupon for a service fault")
