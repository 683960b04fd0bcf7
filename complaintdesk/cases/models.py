"""The case library (案例库): resolved complaints kept, anonymised, for training and review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.cases.choices import CaseStatus
from complaintdesk.complaints.choices import Category, Industry
from complaintdesk.complaints.models import Complaint


class Case(models.Model):
    """One resolved complaint as the library keeps it: its text, the conversation with the
    customer and its files' names, anonymised when the case was made (the complaint itself
    is not changed), with what the reviewer learnt from it. Drafts are read by supervisors and
    administrators only; published cases by all staff."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, related_name="case", verbose_name=_("complaint")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what the customer wrote (anonymised)"))
    thread = models.JSONField(_("conversation (anonymised)"), default=list)
    attachment_names = models.JSONField(_("files (anonymised names)"), default=list)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    went_wrong = models.TextField(_("what went wrong"), blank=True)
    lesson = models.TextField(_("the lesson"), blank=True)
    tags = models.JSONField(_("tags"), default=list)
    for_training = models.BooleanField(_("for training"), default=False)
    search_text = models.TextField(_("search text"), editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="case_status_idx")]
        constraints = [
            models.CheckConstraint(
                name="case_published_has_reviewer",
                condition=~models.Q(status=CaseStatus.PUBLISHED)
                | models.Q(reviewed_by__isnull=False, published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == CaseStatus.PUBLISHED
