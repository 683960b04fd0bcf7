"""Disputes: the dispute on a complaint, evidence requested and submitted by each party, the
rulings (the first, a default one, a review's replacement), the appeal, conflicts of interest
declared by staff, the respondent's private links, and the rules an admin keeps."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint, Customer, Respondent
from complaintdesk.disputes.choices import (
    Channel,
    EvidenceKind,
    Outcome,
    Party,
    Responsible,
    ReviewDecision,
    StoredStage,
)


class RulingRule(models.Model):
    """A rule a ruling can apply ("七天无理由退货", "商品与描述不符"); admins keep the list."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    rank = models.PositiveSmallIntegerField(_("rank"), default=100)

    class Meta:
        verbose_name = _("ruling rule")
        verbose_name_plural = _("ruling rules")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.title


class Dispute(models.Model):
    """The dispute on one complaint between its customer and its respondent: the question in
    dispute, the policy it follows, and where it stands. ``stage`` is written only by
    ``disputes.services``; the waiting stages of an open dispute are read from its evidence
    requests (``rules.open_stage``)."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, related_name="dispute", verbose_name=_("complaint")
    )
    respondent = models.ForeignKey(
        Respondent, on_delete=models.PROTECT, related_name="disputes",
        verbose_name=_("respondent"),
    )
    question = models.TextField(_("question in dispute"))
    policy = models.CharField(_("dispute policy"), max_length=40)
    stage = models.CharField(
        _("stage"), max_length=20, choices=StoredStage.choices, default=StoredStage.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("opened by"),
    )
    default_proposed_at = models.DateTimeField(_("default ruling proposed at"), null=True,
                                               blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="dispute_stage_valid", condition=Q(stage__in=StoredStage.values)
            ),
        ]
        indexes = [models.Index(fields=["stage", "opened_at"], name="dispute_stage_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.stage}"


class EvidenceRequest(models.Model):
    """What one party is asked to prove, and by when (the target of that party's clock)."""

    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="requests", verbose_name=_("dispute")
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    asks = models.TextField(_("what is asked"))
    requested_at = models.DateTimeField(_("requested at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        verbose_name = _("evidence request")
        verbose_name_plural = _("evidence requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "party"], name="evidence_request_per_party"),
            models.CheckConstraint(name="evidence_request_party_valid",
                                   condition=Q(party__in=Party.values)),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.party}"


class Evidence(models.Model):
    """One piece of evidence a party submitted (or staff recorded for them): text, a tracking
    number, files. Evidence after the deadline is kept and marked ``late``."""

    request = models.ForeignKey(
        EvidenceRequest, on_delete=models.CASCADE, related_name="evidence",
        verbose_name=_("evidence request"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    text = models.TextField(_("text"), blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )
    channel = models.CharField(_("received through"), max_length=10, choices=Channel.choices)
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class EvidenceFile(models.Model):
    """A file of a piece of evidence, stored under its hash like attachments, but seen only by
    staff and the party who submitted it."""

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="files", verbose_name=_("evidence")
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_path = models.CharField(_("storage path"), max_length=255)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["evidence", "id"]

    def __str__(self) -> str:
        return self.filename


class Ruling(models.Model):
    """A decision on the dispute: who is responsible, the liability split in percent, the
    rules applied, the rationale and the outcome for the complaint. A review that replaces a
    ruling adds a new one that ``replaces`` it; the latest is the one in force."""

    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="rulings", verbose_name=_("dispute")
    )
    responsible = models.CharField(_("responsible"), max_length=20, choices=Responsible.choices)
    customer_share = models.PositiveSmallIntegerField(_("customer's share (%)"), default=0)
    respondent_share = models.PositiveSmallIntegerField(_("respondent's share (%)"), default=0)
    platform_share = models.PositiveSmallIntegerField(_("platform's share (%)"), default=0)
    rules = models.ManyToManyField(
        RulingRule, blank=True, related_name="rulings", verbose_name=_("rules applied")
    )
    rationale = models.TextField(_("rationale"))
    outcome = models.CharField(_("outcome"), max_length=40, choices=Outcome.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_default = models.BooleanField(_("default ruling"), default=False)
    silent_party = models.CharField(_("silent party"), max_length=20, choices=Party.choices,
                                    blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )
    appeal_until = models.DateTimeField(_("appeal until"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("replaces"),
    )

    class Meta:
        verbose_name = _("ruling")
        verbose_name_plural = _("rulings")
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="ruling_split_adds_up",
                condition=(
                    Q(responsible=Responsible.NONE, customer_share=0, respondent_share=0,
                      platform_share=0)
                    | (~Q(responsible=Responsible.NONE)
                       & Q(customer_share=100 - F("respondent_share") - F("platform_share")))
                ),
            ),
            models.CheckConstraint(name="ruling_rationale_given", condition=~Q(rationale="")),
            models.CheckConstraint(
                name="ruling_amount_not_negative",
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.responsible}"


class Appeal(models.Model):
    """A party's appeal of the ruling, reviewed by someone who took no part in the dispute."""

    dispute = models.OneToOneField(
        Dispute, on_delete=models.CASCADE, related_name="appeal", verbose_name=_("dispute")
    )
    ruling = models.ForeignKey(
        Ruling, on_delete=models.PROTECT, related_name="+", verbose_name=_("ruling appealed")
    )
    party = models.CharField(_("appealed by"), max_length=20, choices=Party.choices)
    grounds = models.TextField(_("grounds"))
    channel = models.CharField(_("received through"), max_length=10, choices=Channel.choices)
    filed_at = models.DateTimeField(_("filed at"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("reviewer"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices,
                                blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["filed_at", "id"]
        constraints = [
            models.CheckConstraint(name="appeal_grounds_given", condition=~Q(grounds="")),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.party}"


class ConflictDeclaration(models.Model):
    """A member of staff declares a conflict of interest (回避) on a complaint. It removes them
    from the complaint and bars them from ruling on or reviewing a dispute about the same
    complaint, respondent or customer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("user"),
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="+", verbose_name=_("complaint")
    )
    respondent = models.ForeignKey(
        Respondent, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("respondent"),
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("customer"),
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "complaint"], name="conflict_once_per_user"),
            models.CheckConstraint(name="conflict_reason_given", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.complaint_id}"


def hash_link_token(raw_token: str) -> str:
    """Tokens are 256-bit random strings, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


class RespondentLink(models.Model):
    """The hash of a respondent's private link to one complaint's dispute; the link is shown
    once to the agent who sends it. A link past ``expires_at`` opens nothing."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="+", verbose_name=_("complaint")
    )
    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="+", verbose_name=_("respondent")
    )
    token_hash = models.CharField(_("token hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("respondent link")
        verbose_name_plural = _("respondent links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="respondent_link_unique_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.token_hash[:8]}…"
