"""Reads of clocks: the "breaching soon" queue, and due dates an agent can promise."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.selectors import complaints_for
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.calendar import DueResult, add_working_days, add_working_time
from complaintdesk.sla.calendars import default_working_calendar
from complaintdesk.sla.choices import ClockState
from complaintdesk.sla.models import Clock


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
