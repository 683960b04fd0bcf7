"""The sweep: find clocks whose warning or target has come, claim them, escalate.

Each batch is one transaction of a fixed number of statements, whatever its size:

1. one conditional ``UPDATE sla_clock ... WHERE id IN (...) AND state = 'running' AND
   breached_at IS NULL AND (target_at <= now OR (warned_at IS NULL AND warn_at <= now))
   RETURNING id, state`` claims the breaches and warnings together and says which rows it
   really changed and which of them it breached;
2. one read of the claimed clocks with their complaint's priority and department;
3. at most one ``UPDATE`` per new priority, one to move complaints to the special team and one
   to unassign department staff of another team;
4. the events of the whole batch in multi-row inserts (``complaints.group_changes.
   complaints_escalate``), returned to ``workflows.escalate``, which has the staff told about
   the whole batch in the same transaction.

The claims and every escalation they cause commit together, so a second sweep, a second
worker or a SIGKILL mid-sweep can neither lose an escalation (an uncommitted batch is rolled
back whole and claimed again next time) nor repeat one (a committed claim no longer matches the
condition). On PostgreSQL a concurrent claim of the same row waits for the first transaction
and then finds the condition false; on SQLite transactions are IMMEDIATE, so writers take turns.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.utils.timezone import localtime

from complaintdesk.complaints.bulksql import pk_in, sql_in
from complaintdesk.complaints.choices import EventKind, Priority, Role
from complaintdesk.complaints.events import EventDraft, RecordedEvent
from complaintdesk.complaints.group_changes import EscalationPlan, complaints_escalate
from complaintdesk.complaints.models import Department, Membership
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


class Claimed(NamedTuple):
    """A clock this batch claimed, with what its escalation needs of the complaint."""

    id: int
    complaint_id: int
    kind: str
    policy_id: int
    target_at: dt.datetime
    priority: str
    department_id: int | None
    department_code: str | None


def claim(ids: list[int], now: dt.datetime) -> tuple[list[int], list[int]]:
    """One conditional UPDATE over ``ids``: the ids it breached and the ids it warned.

    A clock past its target is breached (a missing warning is not given late); a clock past
    its warning instant only is warned and waits for its target next. Rows another sweep
    claimed first no longer match and are not returned.
    """
    if not ids:
        return [], []
    table = connection.ops.quote_name(Clock._meta.db_table)
    chosen, id_params = sql_in("id", ids)
    late = "target_at <= %s"
    sql = (
        f"UPDATE {table} SET "  # noqa: S608 - fixed column names, values bound
        f"state = CASE WHEN {late} THEN %s ELSE state END, "
        f"breached_at = CASE WHEN {late} THEN %s ELSE breached_at END, "
        f"warned_at = CASE WHEN {late} THEN warned_at ELSE %s END, "
        f"next_due_at = CASE WHEN {late} THEN NULL ELSE target_at END "
        f"WHERE {chosen} AND state = %s AND breached_at IS NULL "
        f"AND ({late} OR (warned_at IS NULL AND warn_at <= %s)) "
        "RETURNING id, state"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    params: list[Any] = [
        stamp, str(ClockState.BREACHED), stamp, stamp, stamp, stamp, stamp,
        *id_params, str(ClockState.RUNNING), stamp, stamp,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    breached = sorted(row[0] for row in rows if row[1] == ClockState.BREACHED)
    warned = sorted(row[0] for row in rows if row[1] != ClockState.BREACHED)
    return breached, warned


def _claimed_clocks(ids: list[int]) -> list[Claimed]:
    rows = Clock.objects.filter(pk_in(ids)).order_by("id").values_list(
        "id", "complaint_id", "kind", "policy_id", "target_at",
        "complaint__priority", "complaint__department_id", "complaint__department__code",
    )
    return [Claimed(*row) for row in rows]


class _Escalation:
    """The events and changes of one batch, planned clock by clock, written set-based."""

    def __init__(self, now: dt.datetime, clocks: list[Claimed]) -> None:
        self.now = now
        self.events: list[EventDraft] = []
        self.raise_to: dict[str, list[int]] = defaultdict(list)
        self.to_special: list[int] = []
        self.special = Department.objects.filter(is_special_team=True).order_by("code").first()
        self.supervisors = _supervisors()
        # Several clocks of one complaint share its current values: priorities step once each.
        self.priority = {c.complaint_id: c.priority for c in clocks}
        self.department = {c.complaint_id: (c.department_id, c.department_code) for c in clocks}

    def event(self, complaint_id: int, kind: str, **data: Any) -> None:
        self.events.append(EventDraft(complaint_id, kind, self.now, data, actor_role="system"))

    def apply(self, clock: Claimed, policy: ClockPolicy, stage: str) -> None:
        self.event(
            clock.complaint_id,
            EventKind.CLOCK_WARNING if stage == "warning" else EventKind.CLOCK_BREACHED,
            clock=clock.kind,
            target=localtime(clock.target_at).isoformat(),
            policy=policy.code,
        )
        actions = policy.on_warning if stage == "warning" else policy.on_breach
        for action in actions:
            self._act(clock, EscalationAction(action), stage)

    def _act(self, clock: Claimed, action: EscalationAction, stage: str) -> None:
        complaint_id = clock.complaint_id
        base = {"action": str(action), "clock": clock.kind, "stage": stage}
        department_id, department_code = self.department[complaint_id]
        if action == EscalationAction.NOTIFY_SUPERVISOR:
            names = self.supervisors.get(department_id) or self.supervisors.get(None, [])
            self.event(complaint_id, EventKind.ESCALATED, notify=names, **base)
        elif action == EscalationAction.RAISE_PRIORITY:
            before = self.priority[complaint_id]
            higher = _RAISED.get(Priority(before))
            if higher is None:  # already urgent
                return
            self.raise_to[higher].append(complaint_id)
            self.event(complaint_id, EventKind.ESCALATED, before=before, after=higher, **base)
            self.priority[complaint_id] = higher
        elif action == EscalationAction.MOVE_TO_SPECIAL_TEAM:
            if self.special is None or department_id == self.special.pk:
                return
            self.to_special.append(complaint_id)
            self.event(
                complaint_id, EventKind.ESCALATED, before=department_code,
                after=self.special.code, **base,
            )
            self.department[complaint_id] = (self.special.pk, self.special.code)

    def write(self) -> list[RecordedEvent]:
        """The batch's changes and events, through the complaints service."""
        plan = EscalationPlan(
            at=self.now, events=self.events, raise_to={str(k): v for k, v in self.raise_to.items()},
            to_special=self.to_special, special=self.special,
        )
        return complaints_escalate(plan=plan)


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


@dataclass(frozen=True)
class BatchOutcome:
    """What one batch did: its counts and the events it recorded, for the staff notices."""

    result: SweepResult
    events: list[RecordedEvent]


def _escalate(breach_ids: list[int], warn_ids: list[int], now: dt.datetime) -> BatchOutcome:
    clocks = _claimed_clocks([*breach_ids, *warn_ids])
    policies = {policy.pk: policy for policy in ClockPolicy.objects.all()}
    escalation = _Escalation(now, clocks)
    breached = set(breach_ids)
    for clock in clocks:
        stage = "breach" if clock.id in breached else "warning"
        escalation.apply(clock, policies[clock.policy_id], stage)
    events = escalation.write()
    result = SweepResult(
        warned=len(warn_ids), breached=len(breach_ids), escalations=len(escalation.events)
    )
    return BatchOutcome(result, events)


def clocks_escalate_due(ids: list[int], now: dt.datetime) -> BatchOutcome:
    """Claim and escalate the clocks ``ids`` that are still due. Call it in a transaction
    (``workflows.escalate.sweep_batch``): the claims and the escalations commit together."""
    breach_ids, warn_ids = claim(ids, now)
    if not breach_ids and not warn_ids:
        return BatchOutcome(SweepResult(), [])
    return _escalate(breach_ids, warn_ids, now)


def due_clock_ids(now: dt.datetime, *, limit: int, skip: Iterable[int] = ()) -> list[int]:
    """Running clocks whose next warning or target has come, read through the partial index."""
    qs = Clock.objects.filter(next_due_at__lte=now)
    skipped = list(skip)
    if skipped:
        qs = qs.exclude(pk__in=skipped)
    return list(qs.order_by("next_due_at").values_list("id", flat=True)[:limit])
