"""Where a clock's warning and target fall: pure arithmetic on top of :mod:`.calendar`.

A clock counts in one of six units. Working units (``working_minutes``, ``working_hours``,
``working_days``) measure *working time*; calendar units measure elapsed time. Paused time is
kept in the same measure and pushes the warning and the target later by exactly that much, so
it is never charged::

    target = advance(due_after(started_at, amount), paused)
    warn   = advance(started_at, warn_percent × budget + paused)

where ``budget`` is the time, in the clock's measure, between the start and the unpaused due
instant. No Django here: the services pass plain values in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from complaintdesk.sla.calendar import (
    DueResult,
    WorkingCalendar,
    add_calendar_days,
    add_calendar_time,
    add_working_days,
    add_working_time,
    working_time_between,
)

WORKING = frozenset({"working_minutes", "working_hours", "working_days"})
_SPANS = {
    "working_minutes": dt.timedelta(minutes=1),
    "working_hours": dt.timedelta(hours=1),
    "calendar_minutes": dt.timedelta(minutes=1),
    "calendar_hours": dt.timedelta(hours=1),
}


@dataclass(frozen=True)
class Rule:
    """How one clock counts: unit and amount, plus the Civil Code options of its policy."""

    unit: str
    amount: int
    warn_percent: int = 80
    ends_at_midnight: bool = False
    roll_past_rest_days: bool = False


@dataclass(frozen=True)
class Schedule:
    warn_at: dt.datetime
    target_at: dt.datetime
    calendar_verified: bool


def due_after(cal: WorkingCalendar, start: dt.datetime, rule: Rule, amount: int) -> DueResult:
    """The due instant of ``amount`` of ``rule.unit`` from ``start``, without pauses."""
    if rule.unit == "working_days":
        return add_working_days(cal, start, amount, ends_at_midnight=rule.ends_at_midnight)
    if rule.unit == "calendar_days":
        return add_calendar_days(cal, start, amount, roll_past_rest_days=rule.roll_past_rest_days)
    if rule.unit not in _SPANS:
        raise ValueError(f"unknown clock unit {rule.unit!r}")
    span = _SPANS[rule.unit] * amount
    if rule.unit in WORKING:
        return add_working_time(cal, start, span)
    return add_calendar_time(cal, start, span)


def advance(cal: WorkingCalendar, at: dt.datetime, unit: str, by: dt.timedelta) -> DueResult:
    """``at`` moved later by ``by`` of the unit's measure (working time or elapsed time)."""
    if unit in WORKING:
        return add_working_time(cal, at, by)
    return add_calendar_time(cal, at, by)


def measured(cal: WorkingCalendar, unit: str, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The time from ``start`` to ``end`` in the unit's measure (never negative)."""
    if end <= start:
        return dt.timedelta(0)
    if unit in WORKING:
        return working_time_between(cal, start, end)
    return end - start


def schedule(
    cal: WorkingCalendar,
    *,
    rule: Rule,
    started_at: dt.datetime,
    extension: int = 0,
    paused: dt.timedelta = dt.timedelta(0),
) -> Schedule:
    """Warning and target of a clock started at ``started_at`` that has been paused for
    ``paused`` (in its own measure) and extended by ``extension`` units."""
    base = due_after(cal, started_at, rule, rule.amount + extension)
    budget = measured(cal, rule.unit, started_at, base.due)
    target = advance(cal, base.due, rule.unit, paused)
    warn_offset = dt.timedelta(seconds=int(budget.total_seconds() * rule.warn_percent / 100))
    warn = advance(cal, started_at, rule.unit, warn_offset + paused)
    warn_at = min(warn.due, target.due)
    verified = base.calendar_verified and target.calendar_verified and warn.calendar_verified
    return Schedule(warn_at=warn_at, target_at=target.due, calendar_verified=verified)
