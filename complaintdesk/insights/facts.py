"""Writing the insights read model: one :class:`ComplaintFact` per complaint.

``facts_build`` reads what the complaints app knows (the complaint, its order, its first reply
to the customer, its first resolution and any reopening); what other apps know comes in as
arguments — the clock states per kind and a function that measures working minutes on the
complaint's calendar — so that this app imports no other feature app. The composition is
``complaintdesk.workflows.insights_feed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import Min
from django.utils import timezone

from complaintdesk.complaints.choices import EventKind, MessageKind, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Message
from complaintdesk.complaints.states import OPEN_STATES
from complaintdesk.insights.models import ComplaintFact, FactFeed

#: (department id, start, end) → whole working minutes on that department's calendar.
WorkingMinutes = Callable[[int | None, dt.datetime, dt.datetime], int]
#: complaint id → {clock kind: clock state}
ClockStates = Mapping[int, Mapping[str, str]]

FACT_FIELDS = [
    f.name for f in ComplaintFact._meta.concrete_fields if f.name != "complaint"
]
CHUNK = 500


def _first_replies(ids: list[int]) -> dict[int, dt.datetime]:
    rows = (
        Message.objects.filter(complaint_id__in=ids, kind=MessageKind.OUTBOUND)
        .values("complaint_id")
        .annotate(first=Min("created_at"))
    )
    return {row["complaint_id"]: row["first"] for row in rows}


def _status_firsts(ids: list[int]) -> dict[tuple[int, str], dt.datetime]:
    rows = (
        ComplaintEvent.objects.filter(
            complaint_id__in=ids,
            kind=EventKind.STATUS_CHANGED,
            to_status__in=[Status.RESOLVED, Status.REOPENED],
        )
        .values("complaint_id", "to_status")
        .annotate(first=Min("at"))
    )
    return {(row["complaint_id"], row["to_status"]): row["first"] for row in rows}


def _flags(flags: Iterable[str]) -> str:
    values = sorted(str(f) for f in flags or [])
    return f",{','.join(values)}," if values else ""


def _fact(
    row: Mapping[str, Any],
    replied: dt.datetime | None,
    resolved: dt.datetime | None,
    reopened: bool,
    clocks: Mapping[str, str],
    measure: WorkingMinutes,
    now: dt.datetime,
) -> ComplaintFact:
    received = row["received_at"]
    department = row["department_id"]
    return ComplaintFact(
        complaint_id=row["id"],
        received_at=received,
        received_day=timezone.localtime(received).date(),
        channel=row["channel"],
        category=row["category"],
        demand=row["demand"],
        industry=row["industry"],
        priority=row["priority"],
        risk_flags=_flags(row["risk_flags"])[:200],
        item=(row["order__item"] or "")[:200],
        department_id=department,
        assignee_id=row["assignee_id"],
        customer_id=row["customer_id"],
        status=row["status"],
        is_open=row["status"] in OPEN_STATES,
        first_response_at=replied,
        first_response_minutes=measure(department, received, replied) if replied else None,
        resolved_at=resolved,
        resolution_minutes=measure(department, received, resolved) if resolved else None,
        reopened=reopened,
        sla_first_response=clocks.get("first_response", ""),
        sla_answer=clocks.get("answer", ""),
        sla_resolution=clocks.get("resolution", ""),
        sla_statutory=clocks.get("statutory", ""),
        refreshed_at=now,
    )


def facts_build(
    *, complaint_ids: list[int], clock_states: ClockStates, measure: WorkingMinutes
) -> list[ComplaintFact]:
    """The fact rows of these complaints (batch parents left out: they are not complaints a
    customer made), three queries per call."""
    now = timezone.now()
    rows = (
        Complaint.objects.filter(pk__in=complaint_ids, is_batch=False)
        .values(
            "id", "received_at", "channel", "category", "demand", "industry", "priority",
            "risk_flags", "order__item", "department_id", "assignee_id", "customer_id", "status",
        )
        .order_by("id")
    )
    replies = _first_replies(complaint_ids)
    firsts = _status_firsts(complaint_ids)
    return [
        _fact(
            row,
            replies.get(row["id"]),
            firsts.get((row["id"], Status.RESOLVED)),
            (row["id"], Status.REOPENED) in firsts,
            clock_states.get(row["id"], {}),
            measure,
            now,
        )
        for row in rows
    ]


def facts_upsert(*, facts: list[ComplaintFact]) -> int:
    """Insert or replace the rows (``INSERT … ON CONFLICT DO UPDATE``); returns how many."""
    for start in range(0, len(facts), CHUNK):
        ComplaintFact.objects.bulk_create(
            facts[start : start + CHUNK],
            update_conflicts=True,
            unique_fields=["complaint"],
            update_fields=FACT_FIELDS,
        )
    return len(facts)


FEED = "facts"
#: Events this recent are read again on every pass: on PostgreSQL a transaction that took
#: an event id earlier may commit after a later one, and must not be skipped.
FEED_OVERLAP = dt.timedelta(minutes=2)


def feed_pending(*, limit: int) -> tuple[int, list[int], bool]:
    """The last event id to read up to and the complaints with events past the feed position
    (or younger than ``FEED_OVERLAP``), at most ``limit`` events at a time, and whether more
    events are waiting."""
    position = FactFeed.objects.filter(name=FEED).values_list("last_event_id", flat=True).first()
    last = position or 0
    rows = list(
        ComplaintEvent.objects.filter(id__gt=last)
        .order_by("id")
        .values_list("id", "complaint_id")[:limit]
    )
    recent = ComplaintEvent.objects.filter(
        at__gte=timezone.now() - FEED_OVERLAP, id__lte=last
    ).values_list("complaint_id", flat=True)
    ids = {complaint_id for _, complaint_id in rows} | set(recent)
    return (rows[-1][0] if rows else last), sorted(ids), len(rows) == limit


def feed_advance(*, to: int) -> None:
    """Move the feed position forward (never back: two workers may race)."""
    now = timezone.now()
    feed, _ = FactFeed.objects.get_or_create(name=FEED, defaults={"updated_at": now})
    FactFeed.objects.filter(pk=feed.pk, last_event_id__lt=to).update(
        last_event_id=to, updated_at=now
    )


def complaint_ids_all(*, after: int, limit: int) -> list[int]:
    """Complaint ids in order, for a full rebuild of the read model."""
    return list(
        Complaint.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:limit]
    )
