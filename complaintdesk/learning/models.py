"""Root causes, improvement actions with their measured effect, order volumes for rates per
1,000 orders, and review meetings with their minutes and decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category, Industry
from complaintdesk.complaints.models import Complaint, Department, Respondent
from complaintdesk.learning.choices import ActionOrigin, ActionStatus, Metric, Verdict


class RootCause(models.Model):
    """One entry of the root-cause taxonomy (admin-managed). ``industry`` blank: every
    industry. Defaults are seeded by the app's first migration."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    industry = models.CharField(
        _("industry"),
        max_length=20,
        choices=Industry.choices,
        blank=True,
        help_text=_("Leave blank for a root cause of every industry."),
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")
        ordering = ["position", "code"]

    @property
    def name(self) -> str:
        """The name in the active language."""
        language = translation.get_language() or "zh-hans"
        return self.name_en if language.startswith("en") else self.name_zh

    def __str__(self) -> str:
        return self.name


class ComplaintRootCause(models.Model):
    """The root cause recorded on one complaint and who is responsible for it (a department
    and/or a respondent). Its changes are events on the complaint (``root_cause_set``,
    ``root_cause_corrected``)."""

    complaint = models.OneToOneField(
        Complaint,
        on_delete=models.PROTECT,
        related_name="root_cause_record",
        verbose_name=_("complaint"),
    )
    root_cause = models.ForeignKey(
        RootCause, on_delete=models.PROTECT, related_name="records", verbose_name=_("root cause")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible respondent"),
    )
    suggested = models.BooleanField(_("taken from the suggestion"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    set_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("root cause of a complaint")
        verbose_name_plural = _("root causes of complaints")
        ordering = ["-set_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="root_cause_has_responsible",
                condition=models.Q(department__isnull=False) | models.Q(respondent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.root_cause_id}"


class ImprovementAction(models.Model):
    """An improvement action (整改措施): an owner, a due date, the complaints and the scope it
    targets, a metric with its baseline measured at creation, and — once done — the same
    metric over an equal period after, with the verdict of the noise test."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what will be done"), blank=True)
    origin = models.CharField(_("created from"), max_length=20, choices=ActionOrigin.choices)
    root_cause = models.ForeignKey(
        RootCause,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("root cause"),
    )
    alert_id = models.PositiveBigIntegerField(_("spike alert"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    complaints = models.ManyToManyField(
        Complaint, blank=True, related_name="improvement_actions", verbose_name=_("complaints")
    )
    scope_category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, blank=True
    )
    scope_item = models.CharField(_("product, course or policy"), max_length=200, blank=True)
    scope_respondent = models.ForeignKey(
        Respondent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent"),
    )
    scope_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    metric = models.CharField(_("target metric"), max_length=20, choices=Metric.choices)
    period_days = models.PositiveSmallIntegerField(_("measurement period (days)"), default=90)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    baseline_start = models.DateTimeField(_("baseline from"))
    baseline_end = models.DateTimeField(_("baseline until"))
    baseline_numerator = models.PositiveIntegerField(_("baseline count"), default=0)
    baseline_denominator = models.PositiveIntegerField(_("baseline base"), null=True, blank=True)
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    effect_start = models.DateTimeField(_("effect measured from"), null=True, blank=True)
    effect_end = models.DateTimeField(_("effect measured until"), null=True, blank=True)
    effect_numerator = models.PositiveIntegerField(_("count after"), null=True, blank=True)
    effect_denominator = models.PositiveIntegerField(_("base after"), null=True, blank=True)
    effect_value = models.FloatField(_("value after"), null=True, blank=True)
    effect_change = models.FloatField(_("relative change"), null=True, blank=True)
    effect_p_value = models.FloatField(_("p-value"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    evaluated_at = models.DateTimeField(_("effect measured at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="action_period_positive", condition=models.Q(period_days__gte=7)
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due_idx")]

    def __str__(self) -> str:
        return self.title


class ActionStatusChange(models.Model):
    """One status change of an action: who, when, from, to, and a note (the audit trail)."""

    action = models.ForeignKey(
        ImprovementAction,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("improvement action"),
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ActionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change of an action")
        verbose_name_plural = _("status changes of actions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.from_status} → {self.to_status}"


class OverdueAlert(models.Model):
    """An overdue action's alert on one day: the unique row makes it once per action per day."""

    action = models.ForeignKey(
        ImprovementAction,
        on_delete=models.CASCADE,
        related_name="overdue_alerts",
        verbose_name=_("improvement action"),
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("raised at"))

    class Meta:
        verbose_name = _("overdue alert")
        verbose_name_plural = _("overdue alerts")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "day"], name="overdue_alert_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.day}"


class OrderVolume(models.Model):
    """Orders sold in a period, for a scope (blank: all), so counts become complaints per
    1,000 orders."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (inclusive)"))
    item = models.CharField(_("product, course or policy"), max_length=200, blank=True)
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    orders = models.PositiveIntegerField(_("orders"))

    class Meta:
        verbose_name = _("order volume")
        verbose_name_plural = _("order volumes")
        ordering = ["-period_start", "id"]
        constraints = [
            models.CheckConstraint(
                name="order_volume_period_order",
                condition=models.Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}: {self.orders}"


class ReviewMeeting(models.Model):
    """A complaint review meeting (复盘会): the period and scope its pack covers, the
    complaints selected to discuss, minutes."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until (inclusive)"))
    scope_category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, blank=True
    )
    scope_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    cases = models.ManyToManyField(
        Complaint,
        blank=True,
        related_name="review_meetings",
        verbose_name=_("selected cases"),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="meeting_period_order",
                condition=models.Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingDecision(models.Model):
    """A decision taken at a review meeting; it may become an improvement action."""

    meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("review meeting"),
    )
    text = models.TextField(_("decision"))
    action = models.OneToOneField(
        ImprovementAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("improvement action"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
