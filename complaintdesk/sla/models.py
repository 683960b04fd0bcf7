"""Clocks on complaints, the policies that start them and the calendars they count on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.sla.choices import ClockKind, ClockState, DayKind, TimeUnit, Trigger
from complaintdesk.sla.config import CalendarSettings, PolicySettings, validation_message


def _default_periods() -> list[list[str]]:
    return [["09:00", "18:00"]]


def _default_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


def _default_pause_statuses() -> list[str]:
    return ["waiting_customer"]


class OrgCalendar(models.Model):
    """The working hours and week of one organisation unit, or the default calendar.

    Statutory holidays and make-up workdays come from the ``chinese_calendar`` data; the
    admin adds the unit's own days as :class:`CalendarDay` rows and marks a year as maintained
    once its days are complete (for a year the statutory data does not know yet).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(
        _("default calendar"),
        default=False,
        help_text=_("Used for complaints of departments without a calendar of their own."),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendars",
        verbose_name=_("department"),
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    periods = models.JSONField(
        _("working periods"),
        default=_default_periods,
        help_text=_(
            'Local opening and closing times, e.g. [["09:00", "12:00"], ["13:30", "18:00"]].'
        ),
    )
    weekdays = models.JSONField(
        _("working weekdays"),
        default=_default_weekdays,
        help_text=_("0 = Monday … 6 = Sunday."),
    )
    use_statutory_data = models.BooleanField(_("use statutory holidays"), default=True)
    maintained_years = models.JSONField(
        _("maintained years"),
        default=list,
        blank=True,
        help_text=_("Years whose holidays and make-up workdays the admin has entered in full."),
    )

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        ordering = ["-is_default", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="orgcalendar_one_default"
            ),
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(department__isnull=False),
                name="orgcalendar_one_per_department",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def settings(self) -> CalendarSettings:
        return CalendarSettings.model_validate(
            {
                "timezone": self.timezone,
                "periods": self.periods,
                "weekdays": self.weekdays,
                "maintained_years": self.maintained_years,
            }
        )

    def clean(self) -> None:
        _raise_as_validation_error(self.settings)


class CalendarDay(models.Model):
    """A day an admin closed (holiday) or opened (working day) on one calendar."""

    calendar = models.ForeignKey(
        OrgCalendar, on_delete=models.CASCADE, related_name="days", verbose_name=_("calendar")
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["calendar", "day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="calendarday_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"


class ClockPolicy(models.Model):
    """Which clock applies to which complaints, how long it runs and what its warning and
    breach trigger. Empty match lists mean "any". For each clock kind the active matching
    policy with the lowest rank wins."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=100, help_text=_("Lower ranks win when several policies match.")
    )
    kind = models.CharField(_("clock kind"), max_length=20, choices=ClockKind.choices)
    trigger = models.CharField(
        _("starts"), max_length=10, choices=Trigger.choices, default=Trigger.RECEIVED
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=TimeUnit.choices)
    amount = models.PositiveIntegerField(_("amount"))
    ends_at_midnight = models.BooleanField(
        _("last working day ends at 24:00"), default=False
    )
    roll_past_rest_days = models.BooleanField(
        _("a last day on a rest day moves to the next working day"), default=False
    )
    warn_percent = models.PositiveSmallIntegerField(_("warn at % of the time"), default=80)
    pause_statuses = models.JSONField(
        _("paused in statuses"), default=_default_pause_statuses, blank=True
    )
    on_warning = models.JSONField(_("on warning"), default=list, blank=True)
    on_breach = models.JSONField(_("on breach"), default=list, blank=True)
    max_extension = models.PositiveIntegerField(
        _("longest extension"),
        default=0,
        help_text=_("In the policy's unit; 0 means the deadline cannot be extended."),
    )

    class Meta:
        verbose_name = _("clock policy")
        verbose_name_plural = _("clock policies")
        ordering = ["rank", "code"]
        constraints = [
            models.CheckConstraint(name="clockpolicy_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="clockpolicy_warn_percent_range",
                condition=Q(warn_percent__gte=1, warn_percent__lte=99),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def settings(self) -> PolicySettings:
        fields = PolicySettings.model_fields
        return PolicySettings.model_validate({name: getattr(self, name) for name in fields})

    def clean(self) -> None:
        _raise_as_validation_error(self.settings)


class Clock(models.Model):
    """One deadline of one complaint: its target, pauses, warning and state.

    ``paused_seconds`` is the time spent paused, counted in the clock's own time (working
    time for working units); it is added to the target so paused time is never charged.
    ``next_due_at`` is the next instant the sweep must act at (the warning, then the target)
    and is empty unless the clock is running; the sweep reads it through a partial index.
    ``calendar_verified`` is False when the target rests on a year the holiday data does not
    cover.
    """

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="clocks", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ClockKind.choices)
    policy = models.ForeignKey(
        ClockPolicy,
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("policy"),
    )
    calendar = models.ForeignKey(
        OrgCalendar,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clocks",
        verbose_name=_("calendar"),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=TimeUnit.choices)
    amount = models.PositiveIntegerField(_("amount"))
    extension = models.PositiveIntegerField(_("extension"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=ClockState.choices, default=ClockState.RUNNING
    )
    started_at = models.DateTimeField(_("started at"))
    target_at = models.DateTimeField(_("target"))
    warn_at = models.DateTimeField(_("warn at"))
    next_due_at = models.DateTimeField(_("next due"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_seconds = models.PositiveBigIntegerField(_("paused seconds"), default=0)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    calendar_verified = models.BooleanField(_("calendar verified"), default=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extension approved by"),
    )

    class Meta:
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        ordering = ["complaint", "target_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind"], name="clock_one_per_kind"),
            models.CheckConstraint(
                name="clock_paused_has_paused_at",
                condition=~Q(state=ClockState.PAUSED) | Q(paused_at__isnull=False),
            ),
            models.CheckConstraint(
                name="clock_due_only_when_running",
                condition=Q(state=ClockState.RUNNING) | Q(next_due_at__isnull=True),
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_due_at"],
                condition=Q(next_due_at__isnull=False),
                name="clock_next_due_idx",
            ),
            models.Index(fields=["state", "target_at"], name="clock_state_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.state}"


def _raise_as_validation_error(build: Any) -> None:
    message = validation_message(build)
    if message:
        raise ValidationError(message)
