"""Reads of clocks: the "breaching soon" queue, and due dates an agent can promise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.timezone import localtime

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import complaints_for
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.calendar import (
    DueResult,
    WorkingCalendar,
    add_working_days,
    add_working_time,
)
from complaintdesk.sla.calendars import default_working_calendar, working_calendar
from complaintdesk.sla.choices import ClockState
from complaintdesk.sla.models import Clock
from complaintdesk.sla.targets import WORKING, measured


def clocks_breaching_soon(
    *, actor: Actor, within: dt.timedelta, now: dt.datetime | None = None, limit: int = 50
) -> QuerySet[Clock]:
    """Running clocks of complaints the actor can see whose target falls within ``within``
    (already-missed targets not yet swept included), soonest first, with their complaint."""
    now = now or utcnow()
    visible = complaints_for(actor).values("pk")
    return (
        Clock.objects.filter(
            state=ClockState.RUNNING, target_at__lte=now + within, complaint__in=visible
        )
        .select_related("complaint", "complaint__department", "complaint__assignee")
        .order_by("target_at", "id")[:limit]
    )


def calendar_due(
    *, start: dt.datetime, working_days: int | None = None, working_hours: float | None = None
) -> DueResult:
    """The due instant of N working days or H working hours from ``start`` on the default
    calendar (with the admin's days). Exactly one of the two must be given."""
    if (working_days is None) == (working_hours is None):
        raise ValueError("give either working_days or working_hours")
    cal = default_working_calendar()
    if working_days is not None:
        return add_working_days(cal, start, working_days)
    return add_working_time(cal, start, dt.timedelta(hours=working_hours or 0))


@dataclass(frozen=True)
class Countdown:
    """One clock of a complaint as the desk shows it. ``remaining`` is measured in the clock's
    own time (working time for working units) until the target, from now for a running
    clock and from the start of the pause for a paused one; ``overdue`` is how far a running
    clock is past its target. Both are zero for finished clocks."""

    clock: Clock
    remaining: dt.timedelta
    overdue: dt.timedelta
    working: bool


def clock_countdowns(*, complaint: Complaint, now: dt.datetime | None = None) -> list[Countdown]:
    """The complaint's clocks, soonest target first, each calendar loaded once."""
    now = now or utcnow()
    calendars: dict[int | None, WorkingCalendar] = {}
    found = []
    for clock in Clock.objects.filter(complaint=complaint).select_related("calendar"):
        if clock.calendar_id not in calendars:
            calendars[clock.calendar_id] = working_calendar(clock.calendar)
        cal = calendars[clock.calendar_id]
        remaining = overdue = dt.timedelta(0)
        if clock.state == ClockState.PAUSED and clock.paused_at is not None:
            remaining = measured(cal, clock.unit, clock.paused_at, clock.target_at)
        elif clock.state == ClockState.RUNNING:
            remaining = measured(cal, clock.unit, now, clock.target_at)
            overdue = measured(cal, clock.unit, clock.target_at, now)
        found.append(Countdown(clock, remaining, overdue, clock.unit in WORKING))
    return sorted(found, key=lambda c: (c.clock.target_at, c.clock.pk))


# Clocks whose target is the answer the customer was promised, in order of preference.
PROMISE_KINDS = ("answer", "resolution", "statutory")
PROMISE_STATES = (ClockState.RUNNING, ClockState.PAUSED)


def promised_answer(clocks: Iterable[Clock]) -> dt.datetime | None:
    """The one promise every email, the portal, the desk and the API show: the target of the
    answer clock while it runs or is paused (else the resolution, else the statutory clock);
    ``None`` when no such clock runs. Local time."""
    open_clocks = [c for c in clocks if c.kind in PROMISE_KINDS and c.state in PROMISE_STATES]
    if not open_clocks:
        return None
    first = min(open_clocks, key=lambda c: PROMISE_KINDS.index(c.kind))
    return localtime(first.target_at)


def promised_answer_of(complaint: Complaint) -> dt.datetime | None:
    """:func:`promised_answer` of a complaint's clocks (prefetched ones are used as they are)."""
    return promised_answer(complaint.clocks.all())


def clock_states_for(*, complaint_ids: list[int]) -> dict[int, dict[str, str]]:
    """Each complaint's clock states by kind (one query): what the insights read model keeps."""
    states: dict[int, dict[str, str]] = {}
    rows = Clock.objects.filter(complaint_id__in=complaint_ids).values_list(
        "complaint_id", "kind", "state"
    )
    for complaint_id, kind, state in rows:
        states.setdefault(complaint_id, {})[kind] = state
    return states
