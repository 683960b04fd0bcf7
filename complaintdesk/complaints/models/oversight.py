"""Outside overseers (外部监督): the complaints each may see, the opinions they leave, and the
log of every complaint an overseer or an auditor opened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category, Channel
from complaintdesk.complaints.models.complaint import Complaint
from complaintdesk.complaints.models.parties import Respondent


class OverseerScope(models.Model):
    """One set of complaints an overseer may see: those matching every filled field (one
    school, one course, one shop on one platform, one category). An overseer with several
    rows sees the complaints of any of them; with none, nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="overseer_scopes",
        verbose_name=_("overseer"),
    )
    label = models.CharField(_("description"), max_length=200)
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    item = models.CharField(_("product, course or policy"), max_length=200, blank=True)
    platform = models.CharField(_("source platform"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("overseer's scope")
        verbose_name_plural = _("overseers' scopes")
        ordering = ["user_id", "id"]
        constraints = [
            models.CheckConstraint(
                name="overseer_scope_has_a_filter",
                condition=models.Q(respondent__isnull=False)
                | ~models.Q(category="")
                | ~models.Q(channel="")
                | ~models.Q(item="")
                | ~models.Q(platform=""),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class OverseerOpinion(models.Model):
    """An overseer's opinion (监督意见) on a complaint. It stays open until a member of staff
    answers it; both are events on the complaint too."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("complaint")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("overseer"),
    )
    text = models.TextField(_("opinion"))
    created_at = models.DateTimeField(_("given at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("overseer's opinion")
        verbose_name_plural = _("overseers' opinions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["answered_at", "created_at"], name="opinion_open_idx")]
        constraints = [
            models.CheckConstraint(
                name="opinion_answered_has_answer",
                condition=models.Q(answered_at__isnull=True, answer="")
                | (models.Q(answered_at__isnull=False) & ~models.Q(answer="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.text[:40]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class ComplaintView(models.Model):
    """One opening of a complaint by an overseer or an auditor: who, which, when, from where."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="+", verbose_name=_("complaint")
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("viewer"),
    )
    viewer_name = models.CharField(_("user name"), max_length=150)
    role = models.CharField(_("role"), max_length=20)
    surface = models.CharField(_("where"), max_length=10)
    path = models.CharField(_("address visited"), max_length=300)
    address = models.GenericIPAddressField(_("from IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("complaint view")
        verbose_name_plural = _("complaint views")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer_name} {self.at:%Y-%m-%d %H:%M}"
