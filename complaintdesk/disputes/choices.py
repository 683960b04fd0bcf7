"""Fixed vocabularies of disputes, with translated labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.TextChoices):
    """The two sides of a dispute."""

    CUSTOMER = "customer", _("Customer")
    RESPONDENT = "respondent", _("Respondent")


class Stage(models.TextChoices):
    """Where a dispute stands while the complaint is ``in_dispute``. The first four are read
    from the evidence requests of an open dispute (:func:`.rules.open_stage`); the others are
    stored."""

    WAITING_RESPONDENT = "waiting_respondent", _("Waiting for the respondent's evidence")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting for the customer's evidence")
    WAITING_BOTH = "waiting_both", _("Waiting for both sides' evidence")
    UNDER_REVIEW = "under_review", _("Evidence under review")
    RULED = "ruled", _("Ruled")
    APPEALED = "appealed", _("Appealed, under independent review")
    REVIEWED = "reviewed", _("Appeal reviewed")
    CLOSED = "closed", _("Closed")


#: What is stored in ``Dispute.stage``; the waiting stages are derived from ``OPEN``.
class StoredStage(models.TextChoices):
    OPEN = "open", _("Open")
    RULED = "ruled", _("Ruled")
    APPEALED = "appealed", _("Appealed, under independent review")
    REVIEWED = "reviewed", _("Appeal reviewed")
    CLOSED = "closed", _("Closed")


class Responsible(models.TextChoices):
    """Who a ruling holds responsible."""

    CUSTOMER = "customer", _("Customer")
    RESPONDENT = "respondent", _("Respondent")
    PLATFORM = "platform", _("Platform")
    SHARED = "shared", _("Shared")
    NONE = "none", _("No one")


class Outcome(models.TextChoices):
    """What a ruling means for the complaint."""

    REFUND_BY_RESPONDENT = "refund_by_respondent", _("Full refund owed by the respondent")
    PARTIAL_REFUND_BY_RESPONDENT = "partial_refund_by_respondent", _(
        "Partial refund owed by the respondent"
    )
    COMPENSATION_BY_RESPONDENT = "compensation_by_respondent", _(
        "Compensation owed by the respondent"
    )
    REDO_BY_RESPONDENT = "redo_by_respondent", _("Resend, redo or make-up lesson by the respondent")
    COMPENSATION_BY_PLATFORM = "compensation_by_platform", _("Compensation paid by the platform")
    NOT_UPHELD = "not_upheld", _("Complaint not upheld")
    OTHER = "other", _("Other (see the rationale)")


class EvidenceKind(models.TextChoices):
    """What a piece of evidence is."""

    STATEMENT = "statement", _("Statement")
    CHAT_LOG = "chat_log", _("Chat log")
    TRACKING_NUMBER = "tracking_number", _("Tracking number")
    ORDER_SCREENSHOT = "order_screenshot", _("Order screenshot")
    QUALITY_REPORT = "quality_report", _("Quality report")
    PHOTO = "photo", _("Photo or video")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    """How a piece of evidence or an appeal arrived."""

    DESK = "desk", _("Recorded by staff")
    PORTAL = "portal", _("Customer's tracking page")
    LINK = "link", _("Respondent's link")
    API = "api", _("API")


class ReviewDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Ruling confirmed")
    REPLACED = "replaced", _("Ruling replaced")
