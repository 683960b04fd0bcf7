"""Keeping the insights read model current: the complaints with new events → their clock
states (sla) → their working-time measures on their department's calendar (sla) → one fact
row each (insights) → the feed position moves on.

The worker runs :func:`facts_refresh` every minute (``workflows.tasks``), so the dashboard
is at most about a minute behind the complaints; ``complaintdesk insights-rebuild`` (and
:func:`facts_rebuild`) rewrites every row, e.g. after an import or a calendar change.
"""

from __future__ import annotations

import datetime as dt

from complaintdesk.insights.facts import (
    complaint_ids_all,
    facts_build,
    facts_upsert,
    feed_advance,
    feed_pending,
)
from complaintdesk.sla.calendar import working_time_between
from complaintdesk.sla.calendars import CALENDARS
from complaintdesk.sla.selectors import clock_states_for

FEED_BATCH = 5000


def working_minutes(department_id: int | None, start: dt.datetime, end: dt.datetime) -> int:
    """Whole working minutes from ``start`` to ``end`` on the department's calendar
    (its own, else the default one); never negative."""
    _, calendar = CALENDARS.get().for_department(department_id)
    seconds = working_time_between(calendar, start, end).total_seconds()
    return max(0, int(seconds // 60))


def facts_write(complaint_ids: list[int]) -> int:
    facts = facts_build(
        complaint_ids=complaint_ids,
        clock_states=clock_states_for(complaint_ids=complaint_ids),
        measure=working_minutes,
    )
    return facts_upsert(facts=facts)


def facts_refresh(*, batch: int = FEED_BATCH) -> int:
    """Apply the event log since the last pass; returns how many fact rows were written."""
    written = 0
    while True:
        last, ids, more = feed_pending(limit=batch)
        for start in range(0, len(ids), batch):
            written += facts_write(ids[start : start + batch])
        feed_advance(to=last)
        if not more:
            return written


def facts_rebuild(*, batch: int = FEED_BATCH) -> int:
    """Rewrite the fact row of every complaint; returns how many."""
    written, after = 0, 0
    while ids := complaint_ids_all(after=after, limit=batch):
        written += facts_write(ids)
        after = ids[-1]
    return written
