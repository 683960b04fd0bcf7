"""Deadlines as the queues show them: each complaint's nearest running deadline, and queue
pages sorted by it, soonest first (complaints without a running deadline last)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.queues import QueuePage
from complaintdesk.sla.calendar import DueResult, add_working_days
from complaintdesk.sla.calendars import CALENDARS
from complaintdesk.sla.choices import ClockState
from complaintdesk.sla.models import Clock

_NONE = "-"


def nearest_running(complaint_ids: list[int]) -> dict[int, Clock]:
    """The running clock with the nearest target of each complaint (one query)."""
    nearest: dict[int, Clock] = {}
    clocks = Clock.objects.filter(complaint_id__in=complaint_ids, state=ClockState.RUNNING)
    for clock in clocks.order_by("complaint_id", "target_at", "id").only(
        "id", "complaint_id", "kind", "target_at", "state"
    ):
        nearest.setdefault(clock.complaint_id, clock)
    return nearest


def _with_due(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    running = Clock.objects.filter(complaint_id=OuterRef("pk"), state=ClockState.RUNNING)
    return qs.annotate(due_at=Subquery(running.order_by("target_at").values("target_at")[:1]))


def _encode(complaint: Complaint) -> str:
    due = getattr(complaint, "due_at", None)
    raw = f"{due.isoformat() if due else _NONE}|{complaint.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[dt.datetime | None, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        moment = None if stamp == _NONE else dt.datetime.fromisoformat(stamp)
        if moment is not None and moment.tzinfo is None:
            raise ValueError("naive")
        return moment, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            _("The page link is not valid; go back to the first page."), {"field": "cursor"}
        ) from None


def queue_page_by_due(qs: QuerySet[Complaint], cursor: str | None, limit: int) -> QueuePage:
    """One page, soonest running deadline first, then those without one; each row carries
    ``due_at``. Keyset pages on (deadline, id)."""
    qs = _with_due(qs).order_by(F("due_at").asc(nulls_last=True), "id")
    if cursor:
        moment, pk = _decode(cursor)
        if moment is None:
            qs = qs.filter(Q(due_at__isnull=True) & Q(id__gt=pk))
        else:
            qs = qs.filter(
                Q(due_at__gt=moment) | Q(due_at=moment, id__gt=pk) | Q(due_at__isnull=True)
            )
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return QueuePage(rows, None)
    return QueuePage(rows[:limit], _encode(rows[limit - 1]))


def working_days_due(*, department_id: int | None, start: dt.datetime, days: int) -> DueResult:
    """``days`` working days from ``start`` on the department's calendar (its own, else the
    default one, with the admin's days)."""
    _record, cal = CALENDARS.get().for_department(department_id)
    return add_working_days(cal, start, days)
