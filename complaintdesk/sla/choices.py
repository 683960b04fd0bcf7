"""Fixed vocabularies of clocks and clock policies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import ClockKind

__all__ = ["ClockKind", "ClockState", "DayKind", "EscalationAction", "TimeUnit", "Trigger"]


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")
    STOPPED = "stopped", _("Stopped")


class TimeUnit(models.TextChoices):
    """How a clock's amount is counted. ``working_*`` units run only in working hours."""

    WORKING_MINUTES = "working_minutes", _("Working minutes")
    WORKING_HOURS = "working_hours", _("Working hours")
    WORKING_DAYS = "working_days", _("Working days")
    CALENDAR_MINUTES = "calendar_minutes", _("Minutes")
    CALENDAR_HOURS = "calendar_hours", _("Hours")
    CALENDAR_DAYS = "calendar_days", _("Days")


WORKING_UNITS = frozenset(
    {TimeUnit.WORKING_MINUTES, TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS}
)


class Trigger(models.TextChoices):
    """When a policy's clock starts: on receipt, or when a dispute opens (evidence periods)."""

    RECEIVED = "received", _("When the complaint is received")
    DISPUTE = "dispute", _("When a dispute opens")


class EscalationAction(models.TextChoices):
    NOTIFY_SUPERVISOR = "notify_supervisor", _("Notify the supervisor")
    RAISE_PRIORITY = "raise_priority", _("Raise the priority")
    MOVE_TO_SPECIAL_TEAM = "move_to_special_team", _("Move to the special team")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Closed (holiday)")
    WORKDAY = "workday", _("Open (working day)")
