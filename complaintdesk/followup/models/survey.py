"""The satisfaction survey (CSAT), its single-use links and its wording per industry."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category, Industry
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.followup.choices import AnswerChannel, SurveyState

SCORE_MIN, SCORE_MAX = 1, 5


def hash_survey_token(raw_token: str) -> str:
    """Tokens are 256-bit random strings, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


class SurveyQuestions(models.Model):
    """The wording of the survey for one industry (blank: every other industry) and one
    language, and which of the optional questions are asked. The rating is always asked;
    the remedy question only when the resolution gave one."""

    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    intro = models.TextField(_("introduction"))
    rating_question = models.CharField(_("rating question"), max_length=200)
    comment_question = models.CharField(_("comment question"), max_length=200)
    remedy_question = models.CharField(_("remedy question"), max_length=200)
    ask_comment = models.BooleanField(_("ask for a comment"), default=True)
    ask_remedy = models.BooleanField(_("ask whether the remedy was fair"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("survey questions")
        verbose_name_plural = _("survey questions")
        ordering = ["industry", "language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["industry", "language"], name="survey_questions_unique_industry_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.industry or '*'} ({self.language})"


class Survey(models.Model):
    """The satisfaction survey of one complaint: one answer (1–5 and a comment, plus whether
    the remedy was fair when there was one), changeable until ``closes_at``. The invitation
    goes once, the reminder once; the worker claims each with a conditional UPDATE.

    ``category``, ``department``, ``agent`` and ``has_remedy`` are copied at the first
    resolution so reports group scores by what was true when the customer answered."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("complaint")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.PENDING
    )
    language = models.CharField(_("language"), max_length=10)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("department"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("agent"),
    )
    has_remedy = models.BooleanField(_("a remedy was given"), default=False)
    questions = models.JSONField(_("questions"), default=dict)
    by_mail = models.BooleanField(
        _("sent by mail"), default=True, help_text=_("False when the customer has no address.")
    )
    created_at = models.DateTimeField(_("created at"))
    invite_due_at = models.DateTimeField(_("invitation due at"))
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    reminder_due_at = models.DateTimeField(_("reminder due at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("answers accepted until"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    changed_at = models.DateTimeField(_("answer changed at"), null=True, blank=True)
    answered_via = models.CharField(
        _("answered via"), max_length=12, choices=AnswerChannel.choices, blank=True
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    remedy_fair = models.BooleanField(_("remedy fair"), null=True, blank=True)
    low_score_flagged_at = models.DateTimeField(_("low score flagged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint"], name="survey_one_per_complaint"),
            models.CheckConstraint(
                name="survey_score_1_to_5",
                condition=models.Q(score__isnull=True)
                | models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "invite_due_at"], name="survey_invite_due_idx"),
            models.Index(fields=["state", "reminder_due_at"], name="survey_reminder_due_idx"),
            models.Index(fields=["state", "closes_at"], name="survey_closes_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.state} {self.score or ''}".strip()


class SurveyLink(models.Model):
    """The hash of one single-use survey link. The link is sent once and never stored; an
    answer through it marks it used and hands the customer a fresh link to change the answer
    while the survey is open."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="links", verbose_name=_("survey")
    )
    token_hash = models.CharField(_("token hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="survey_link_unique_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.token_hash[:8]}…"
