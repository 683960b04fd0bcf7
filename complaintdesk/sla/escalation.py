"""The sweep: find clocks whose warning or target has come, claim them, escalate.

Claims are conditional updates: ``UPDATE ... WHERE id IN (...) AND warned_at IS NULL AND ...
RETURNING id`` changes only rows nobody has claimed yet and says which. Each batch runs in one
transaction that holds the claims *and* every escalation they cause (events, priority, special
team), so a second sweep, a second worker or a SIGKILL mid-sweep can neither lose an
escalation (an uncommitted batch is rolled back whole and claimed again next time) nor repeat
one (a committed claim no longer matches the condition). On PostgreSQL a concurrent claim of
the same row waits for the first transaction and then finds the condition false; on SQLite
transactions are IMMEDIATE, so writers take turns.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.timezone import localtime

from complaintdesk.complaints.choices import PRIORITY_RANK, EventKind, Priority, Role
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Department, Membership
from complaintdesk.complaints.signals import event_recorded
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.choices import ClockState, EscalationAction
from complaintdesk.sla.models import Clock, ClockPolicy

logger = logging.getLogger(__name__)

BATCH = 1000
_RAISED = {
    Priority.LOW: Priority.NORMAL,
    Priority.NORMAL: Priority.HIGH,
    Priority.HIGH: Priority.URGENT,
}


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    escalations: int = 0
    failed: list[int] = field(default_factory=list)


def _claim(sql_set: str, condition: str, ids: list[int], now: dt.datetime) -> list[int]:
    """One conditional UPDATE over ``ids``; the ids it really changed."""
    if not ids:
        return []
    table = connection.ops.quote_name(Clock._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"UPDATE {table} SET {sql_set} "  # noqa: S608 - fixed column names, values bound
        f"WHERE id IN ({marks}) AND state = %s AND {condition} RETURNING id"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    params: list[Any] = [stamp, *ids, str(ClockState.RUNNING), stamp]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def claim_breaches(ids: list[int], now: dt.datetime) -> list[int]:
    return _claim(
        f"state = '{ClockState.BREACHED}', breached_at = %s, next_due_at = NULL",
        "breached_at IS NULL AND target_at <= %s",
        ids,
        now,
    )


def claim_warnings(ids: list[int], now: dt.datetime) -> list[int]:
    return _claim(
        "warned_at = %s, next_due_at = target_at",
        "warned_at IS NULL AND breached_at IS NULL AND warn_at <= %s",
        ids,
        now,
    )


class _Escalation:
    """The events and changes of one batch, written together at the end."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.events: list[tuple[ComplaintEvent, Complaint]] = []
        self.raise_to: dict[str, list[int]] = defaultdict(list)
        self.to_special: list[int] = []
        self.special = Department.objects.filter(is_special_team=True).order_by("code").first()
        self.supervisors = _supervisors()

    def event(self, complaint: Complaint, kind: str, **data: Any) -> None:
        row = ComplaintEvent(
            complaint_id=complaint.pk, kind=kind, at=self.now, actor_role="system", data=data
        )
        self.events.append((row, complaint))

    def apply(self, clock: Clock, stage: str, actions: Iterable[str]) -> None:
        complaint = clock.complaint
        self.event(
            complaint,
            EventKind.CLOCK_WARNING if stage == "warning" else EventKind.CLOCK_BREACHED,
            clock=clock.kind,
            target=localtime(clock.target_at).isoformat(),
            policy=clock.policy.code,
        )
        for action in actions:
            self._act(clock, complaint, EscalationAction(action), stage)

    def _act(
        self, clock: Clock, complaint: Complaint, action: EscalationAction, stage: str
    ) -> None:
        base = {"action": str(action), "clock": clock.kind, "stage": stage}
        if action == EscalationAction.NOTIFY_SUPERVISOR:
            names = self.supervisors.get(complaint.department_id) or self.supervisors.get(None, [])
            self.event(complaint, EventKind.ESCALATED, notify=names, **base)
        elif action == EscalationAction.RAISE_PRIORITY:
            higher = _RAISED.get(Priority(complaint.priority))
            if higher is None:  # already urgent
                return
            self.raise_to[higher].append(complaint.pk)
            self.event(
                complaint, EventKind.ESCALATED, before=complaint.priority, after=higher, **base
            )
            complaint.priority = higher
        elif action == EscalationAction.MOVE_TO_SPECIAL_TEAM:
            if self.special is None or complaint.department_id == self.special.pk:
                return
            before = complaint.department.code if complaint.department else None
            self.to_special.append(complaint.pk)
            self.event(
                complaint, EventKind.ESCALATED, before=before, after=self.special.code, **base
            )
            complaint.department = self.special

    def write(self) -> None:
        for priority, ids in self.raise_to.items():
            Complaint.objects.filter(pk__in=ids, priority__in=_lower_than(priority)).update(
                priority=priority, updated_at=self.now
            )
        if self.to_special and self.special is not None:
            Complaint.objects.filter(pk__in=self.to_special).update(
                department=self.special, updated_at=self.now
            )
            Complaint.objects.filter(
                pk__in=self.to_special, assignee__membership__role=Role.DEPARTMENT
            ).exclude(assignee__membership__department=self.special).update(assignee=None)
        ComplaintEvent.objects.bulk_create([event for event, _ in self.events], batch_size=500)
        for event, complaint in self.events:
            event.complaint = complaint
            event_recorded.send(sender=ComplaintEvent, event=event, complaint=complaint)


def _lower_than(priority: str) -> list[str]:
    return [p for p, rank in PRIORITY_RANK.items() if rank > PRIORITY_RANK[Priority(priority)]]


def _supervisors() -> dict[int | None, list[str]]:
    """Supervisors' usernames by department; ``None`` lists them all."""
    found: dict[int | None, list[str]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.SUPERVISOR, user__is_active=True).values_list(
        "department_id", "user__username"
    )
    for department_id, username in rows.order_by("user__username"):
        found[department_id].append(username)
        found[None].append(username)
    return found


def _escalate(breach_ids: list[int], warn_ids: list[int], now: dt.datetime) -> SweepResult:
    clocks = Clock.objects.filter(pk__in=[*breach_ids, *warn_ids]).select_related(
        "complaint", "complaint__department"
    )
    policies = {policy.pk: policy for policy in ClockPolicy.objects.all()}
    escalation = _Escalation(now)
    complaints: dict[int, Complaint] = {}
    breached = set(breach_ids)
    for clock in clocks.order_by("id"):
        # Several clocks of one complaint share one object, so priorities step once each.
        clock.complaint = complaints.setdefault(clock.complaint_id, clock.complaint)
        clock.policy = policies[clock.policy_id]
        if clock.pk in breached:
            escalation.apply(clock, "breach", clock.policy.on_breach)
        else:
            escalation.apply(clock, "warning", clock.policy.on_warning)
    escalation.write()
    return SweepResult(
        warned=len(warn_ids), breached=len(breach_ids), escalations=len(escalation.events)
    )


def sweep_batch(ids: list[int], now: dt.datetime) -> SweepResult:
    """Claim and escalate the clocks ``ids`` (those still due) in one transaction."""
    with transaction.atomic():
        breach_ids = claim_breaches(ids, now)
        taken = set(breach_ids)
        warn_ids = claim_warnings([i for i in ids if i not in taken], now)
        if not breach_ids and not warn_ids:
            return SweepResult()
        return _escalate(breach_ids, warn_ids, now)


def due_clock_ids(now: dt.datetime, *, limit: int, skip: Iterable[int] = ()) -> list[int]:
    """Running clocks whose next warning or target has come, read through the partial index."""
    qs = Clock.objects.filter(next_due_at__lte=now)
    skipped = list(skip)
    if skipped:
        qs = qs.exclude(pk__in=skipped)
    return list(qs.order_by("next_due_at").values_list("id", flat=True)[:limit])


def sweep(*, now: dt.datetime | None = None, batch: int = BATCH) -> SweepResult:
    """Run until no clock is due at ``now``. A failing batch is logged and its clocks are
    left for the next sweep, so one bad row never stops the others or loops forever."""
    now = now or utcnow()
    total, failed = SweepResult(), set[int]()
    while ids := due_clock_ids(now, limit=batch, skip=failed):
        try:
            done = sweep_batch(ids, now)
        except Exception:
            logger.exception("SLA sweep: batch of %s clocks failed; retried next sweep", len(ids))
            failed.update(ids)
            continue
        total.warned += done.warned
        total.breached += done.breached
        total.escalations += done.escalations
    total.failed = sorted(failed)
    return total
