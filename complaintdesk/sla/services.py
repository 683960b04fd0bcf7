"""Every write to clocks: planned and started at intake, paused, resumed, met, stopped and
restarted by the complaint lifecycle, and extended by a supervisor.

The workflows call these functions inside the transaction of the change that causes them:
``workflows.receive`` inserts the clocks it planned before its transaction, and
``workflows.transition`` applies each move's clock column from ``complaints.states``
(:func:`clocks_apply`). Clock rows are locked (``select_for_update``) and saved field by field,
so a concurrent sweep's claim (``warned_at``, ``breached_at``) is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockEffect, EventKind, Role, Status
from complaintdesk.complaints.errors import (
    Conflict,
    Forbidden,
    MissingRequirement,
    NotFound,
)
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.complaints.services import event_record
from complaintdesk.complaints.states import OPEN_STATES
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.calendar import WorkingCalendar
from complaintdesk.sla.calendars import CALENDARS, working_calendar
from complaintdesk.sla.choices import ClockKind, ClockState, Trigger
from complaintdesk.sla.models import Clock, ClockPolicy, OrgCalendar
from complaintdesk.sla.policies import (
    ExtensionRoom,
    PolicyFacts,
    extension_limit_error,
    policies_for,
)
from complaintdesk.sla.targets import Rule, measured, schedule

OPEN_CLOCK_STATES = (ClockState.RUNNING, ClockState.PAUSED)
EXTENDERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
_SCHEDULE_FIELDS = ["warn_at", "target_at", "calendar_verified", "next_due_at"]


def _rule(clock: Clock, policy: ClockPolicy) -> Rule:
    return Rule(
        unit=clock.unit,
        amount=clock.amount,
        warn_percent=policy.warn_percent,
        ends_at_midnight=policy.ends_at_midnight,
        roll_past_rest_days=policy.roll_past_rest_days,
    )


def _next_due(clock: Clock) -> dt.datetime | None:
    if clock.state != ClockState.RUNNING or clock.breached_at is not None:
        return None
    return clock.target_at if clock.warned_at is not None else clock.warn_at


def _reschedule(clock: Clock, cal: WorkingCalendar) -> None:
    """Recompute warning and target from the start, the extension and the paused time."""
    planned = schedule(
        cal,
        rule=_rule(clock, clock.policy),
        started_at=clock.started_at,
        extension=clock.extension,
        paused=dt.timedelta(seconds=clock.paused_seconds),
    )
    clock.warn_at = planned.warn_at
    clock.target_at = planned.target_at
    clock.calendar_verified = planned.calendar_verified
    clock.next_due_at = _next_due(clock)


def _new_clock(
    complaint: Complaint | None,
    policy: ClockPolicy,
    started_at: dt.datetime,
    record: OrgCalendar | None,
    cal: WorkingCalendar,
) -> Clock:
    """A scheduled, unsaved clock of the policy on the complaint."""
    clock = Clock(
        kind=policy.kind,
        policy=policy,
        calendar=record,
        unit=policy.unit,
        amount=policy.amount,
        started_at=started_at,
    )
    if complaint is not None:
        clock.complaint = complaint
    _reschedule(clock, cal)
    return clock


def clocks_plan(
    *, facts: PolicyFacts, department_id: int | None, started_at: dt.datetime
) -> list[Clock]:
    """The clocks a complaint with these facts will run, scheduled on the department's
    calendar and not saved: intake plans them before its write transaction, from the final
    triage and routing, so each clock starts once under its final policy."""
    record, cal = CALENDARS.get().for_department(department_id)
    chosen = policies_for(facts, trigger=Trigger.RECEIVED)
    return [_new_clock(None, policy, started_at, record, cal) for policy in chosen.values()]


def clocks_insert(*, complaint: Complaint, clocks: list[Clock]) -> list[Clock]:
    """Insert planned clocks on the complaint with one statement. A complaint that is already
    final (history imported as settled) gets none."""
    if complaint.status not in OPEN_STATES or not clocks:
        return []
    for clock in clocks:
        clock.complaint = complaint
    return Clock.objects.bulk_create(clocks)


def clock_start(*, complaint: Complaint, policy: ClockPolicy, started_at: dt.datetime) -> Clock:
    """Start the policy's clock on the complaint, on its department's calendar."""
    return clocks_start(complaint=complaint, policies=[policy], started_at=started_at)[0]


def clocks_start(
    *, complaint: Complaint, policies: list[ClockPolicy], started_at: dt.datetime
) -> list[Clock]:
    """Start the policies' clocks on the complaint, on its department's calendar (cached per
    process), with one insert."""
    if not policies:
        return []
    record, cal = CALENDARS.get().for_department(complaint.department_id)
    clocks = [_new_clock(complaint, policy, started_at, record, cal) for policy in policies]
    return Clock.objects.bulk_create(clocks)


def _locked_clocks(complaint: Complaint) -> list[Clock]:
    return list(
        Clock.objects.select_for_update(of=("self",))
        .filter(complaint=complaint, state__in=OPEN_CLOCK_STATES)
        .select_related("policy", "calendar")
        .order_by("id")
    )


def clocks_start_for(
    *, complaint: Complaint, trigger: str, at: dt.datetime, kinds: set[str] | None = None
) -> list[Clock]:
    """Start every clock (of ``kinds``, or of any kind) the policies give this complaint that
    it does not have yet. A complaint that is already final gets none."""
    if complaint.status not in OPEN_STATES:
        return []
    existing = set(Clock.objects.filter(complaint=complaint).values_list("kind", flat=True))
    wanted = [
        policy
        for kind, policy in policies_for(complaint, trigger=trigger).items()
        if kind not in existing and (kinds is None or kind in kinds)
    ]
    return clocks_start(complaint=complaint, policies=wanted, started_at=at)


def clocks_sync_policies(*, complaint: Complaint) -> None:
    """After an agent corrected the category or priority (or triage ran again): start clocks
    that now apply, and move clocks that have not warned yet to the policy that now wins."""
    if complaint.status not in OPEN_STATES:
        return
    chosen = policies_for(complaint, trigger=Trigger.RECEIVED)
    locked = Clock.objects.select_for_update(of=("self",)).filter(complaint=complaint)
    clocks = {c.kind: c for c in locked.select_related("calendar")}
    missing = [policy for kind, policy in chosen.items() if kind not in clocks]
    clocks_start(complaint=complaint, policies=missing, started_at=complaint.received_at)
    calendars: dict[int | None, WorkingCalendar] = {}
    for kind, policy in chosen.items():
        clock = clocks.get(kind)
        movable = clock is not None and clock.state in OPEN_CLOCK_STATES
        if clock is None or not movable or clock.warned_at is not None:
            continue
        if clock.policy_id != policy.pk:
            if clock.calendar_id not in calendars:
                calendars[clock.calendar_id] = working_calendar(clock.calendar)
            clock.policy, clock.unit, clock.amount = policy, policy.unit, policy.amount
            _reschedule(clock, calendars[clock.calendar_id])
            clock.save(update_fields=["policy", "unit", "amount", *_SCHEDULE_FIELDS])


def _pause(clock: Clock, at: dt.datetime) -> None:
    clock.state, clock.paused_at, clock.next_due_at = ClockState.PAUSED, at, None
    clock.save(update_fields=["state", "paused_at", "next_due_at"])


def _resume(clock: Clock, at: dt.datetime) -> None:
    cal = working_calendar(clock.calendar)
    paused_at = clock.paused_at or at
    clock.paused_seconds += int(measured(cal, clock.unit, paused_at, at).total_seconds())
    clock.state, clock.paused_at = ClockState.RUNNING, None
    _reschedule(clock, cal)
    clock.save(update_fields=["state", "paused_at", "paused_seconds", *_SCHEDULE_FIELDS])


def _finish(clock: Clock, at: dt.datetime, *, met: bool) -> None:
    """Stop the clock: met if the work was done in time, breached if it was done late,
    stopped if the complaint ended without the work (withdrawn, rejected, merged)."""
    if clock.state == ClockState.PAUSED:
        _resume(clock, at)
    fields = ["state", "stopped_at", "next_due_at"]
    if not met:
        clock.state = ClockState.STOPPED
    elif at <= clock.target_at:
        clock.state = ClockState.MET
    else:
        clock.state, clock.breached_at = ClockState.BREACHED, clock.target_at
        fields.append("breached_at")
    clock.stopped_at, clock.next_due_at = at, None
    clock.save(update_fields=fields)


def _close_breached(complaint: Complaint, at: dt.datetime) -> None:
    Clock.objects.filter(
        complaint=complaint, state=ClockState.BREACHED, stopped_at__isnull=True
    ).update(stopped_at=at)


@dataclass(frozen=True)
class ClockChange:
    """A status change as the clocks see it: where the complaint went and the move's clock
    column (``complaints.states.Transition.clocks``)."""

    target: str
    effects: Mapping[ClockKind, ClockEffect]
    at: dt.datetime


# The policies a START effect uses: the dispute's evidence clocks when a dispute opens.
_START_TRIGGER = {Status.IN_DISPUTE: Trigger.DISPUTE}


def clocks_apply(*, complaint: Complaint, change: ClockChange) -> None:
    """Apply one status change to the complaint's clocks, effect by effect (see docs/clocks.md,
    "Lifecycle"). ``pause`` spares clocks whose policy does not pause in the target status."""
    at, effects = change.at, change.effects
    for clock in _locked_clocks(complaint):
        effect = effects.get(ClockKind(clock.kind))
        if effect == ClockEffect.MEET:
            _finish(clock, at, met=True)
        elif effect == ClockEffect.STOP:
            _finish(clock, at, met=False)
        elif effect == ClockEffect.PAUSE and clock.state == ClockState.RUNNING:
            if change.target in clock.policy.pause_statuses:
                _pause(clock, at)
        elif effect == ClockEffect.RESUME and clock.state == ClockState.PAUSED:
            _resume(clock, at)
    if effects and all(e in (ClockEffect.MEET, ClockEffect.STOP) for e in effects.values()):
        _close_breached(complaint, at)
    started = {str(kind) for kind, e in effects.items() if e == ClockEffect.START}
    if started:
        trigger = _START_TRIGGER.get(Status(change.target), Trigger.RECEIVED)
        clocks_start_for(complaint=complaint, trigger=trigger, at=at, kinds=started)
    restarted = {str(kind) for kind, e in effects.items() if e == ClockEffect.RESTART}
    if restarted:
        clocks_restart(complaint=complaint, at=at, kinds=restarted)




def _restart(clock: Clock, policy: ClockPolicy, at: dt.datetime, cal: WorkingCalendar) -> None:
    """The same row runs again from ``at`` with the policy's full time; the first round's
    warning, breach and extension are in the complaint's events, not on the clock any more."""
    clock.policy, clock.unit, clock.amount = policy, policy.unit, policy.amount
    clock.state, clock.started_at, clock.paused_at, clock.paused_seconds = (
        ClockState.RUNNING, at, None, 0,
    )
    clock.warned_at = clock.breached_at = clock.stopped_at = None
    clock.extension, clock.extension_reason = 0, ""
    clock.extended_at, clock.extended_by_id = None, None
    _reschedule(clock, cal)
    clock.save()


def clocks_restart(*, complaint: Complaint, at: dt.datetime, kinds: set[str]) -> list[Clock]:
    """A reopened complaint owes a new answer and a new resolution: its finished clocks of
    ``kinds`` run again from ``at`` (missing ones start); running ones are kept."""
    chosen = policies_for(complaint, trigger=Trigger.RECEIVED)
    ordered = [kind for kind in ClockKind if kind in kinds]
    locked = Clock.objects.select_for_update(of=("self",)).select_related("calendar")
    clocks = {c.kind: c for c in locked.filter(complaint=complaint, kind__in=ordered)}
    restarted: list[Clock] = []
    for kind in ordered:
        clock, policy = clocks.get(kind), chosen.get(kind)
        if clock is not None and clock.state not in OPEN_CLOCK_STATES and policy is not None:
            _restart(clock, policy, at, working_calendar(clock.calendar))
            restarted.append(clock)
    missing = [chosen[k] for k in ordered if k in chosen and k not in clocks]
    return restarted + clocks_start(complaint=complaint, policies=missing, started_at=at)


def clocks_meet(*, complaint: Complaint, kinds: set[str], at: dt.datetime) -> None:
    for clock in _locked_clocks(complaint):
        if clock.kind in kinds:
            _finish(clock, at, met=True)


def clocks_stop(*, complaint: Complaint, kinds: set[str], at: dt.datetime) -> None:
    """Stop the open clocks of ``kinds`` unmet: the work they counted is no longer owed (a
    dispute was ruled before a party's evidence period ended)."""
    for clock in _locked_clocks(complaint):
        if clock.kind in kinds:
            _finish(clock, at, met=False)


def clock_run(*, complaint: Complaint, kind: str, trigger: str, at: dt.datetime) -> Clock | None:
    """The complaint's open clock of ``kind``: kept if it runs, run again from ``at`` under the
    policy that now wins if it had finished, started if missing. ``None`` when no active
    policy of ``trigger`` gives the complaint this kind of clock."""
    policy = policies_for(complaint, trigger=trigger).get(kind)
    clock = (
        Clock.objects.select_for_update(of=("self",))
        .select_related("calendar", "policy")
        .filter(complaint=complaint, kind=kind)
        .first()
    )
    if clock is not None and clock.state in OPEN_CLOCK_STATES:
        return clock
    if policy is None:
        return None
    if clock is not None:
        _restart(clock, policy, at, working_calendar(clock.calendar))
        return clock
    return clock_start(complaint=complaint, policy=policy, started_at=at)


def _check_extension(clock: Clock | None, actor: Actor, amount: int, reason: str) -> Clock:
    if actor.role not in EXTENDERS:
        raise Forbidden(_("Only a supervisor can approve an extension."))
    if not reason.strip():
        raise MissingRequirement(
            _("An extension needs the reason the customer will be told."), {"missing": ["reason"]}
        )
    if clock is None:
        raise NotFound(_("This complaint has no such clock."))
    if clock.state not in OPEN_CLOCK_STATES:
        raise Conflict(
            _("This deadline is %(state)s and can no longer be extended.")
            % {"state": ClockState(clock.state).label},
            {"state": clock.state},
        )
    room = ExtensionRoom(clock, clock.policy.max_extension, clock.extension)
    if amount < 1 or amount > room.left:
        raise extension_limit_error(room)
    return clock


class Extended(NamedTuple):
    """The extended clock and the event saying the customer must be told."""

    clock: Clock
    notice: ComplaintEvent


@transaction.atomic
def clock_extend(
    *, complaint: Complaint, kind: str, actor: Actor, amount: int, reason: str
) -> Extended:
    """A supervisor extends a deadline (e.g. an insurer's 15 days by 15 or 30 more).

    Records the extension and that the customer must be told in writing, both as events.
    A warning already given is given again before the new target.
    """
    clock = (
        Clock.objects.select_for_update(of=("self",))
        .select_related("policy", "calendar")
        .filter(complaint=complaint, kind=kind)
        .first()
    )
    clock = _check_extension(clock, actor, amount, reason)
    now, before = utcnow(), clock.target_at
    clock.extension += amount
    clock.extended_at, clock.extended_by_id = now, actor.user_id
    clock.extension_reason = reason.strip()
    _reschedule(clock, working_calendar(clock.calendar))
    if clock.warned_at is not None and clock.warn_at > now:
        clock.warned_at = None
        clock.next_due_at = _next_due(clock)
    clock.save()
    shared = {"clock": clock.kind, "reason": clock.extension_reason}
    event_record(
        complaint=complaint, kind=EventKind.CLOCK_EXTENDED, actor=actor, at=now,
        amount=amount, unit=clock.unit, previous_target=localtime(before).isoformat(),
        target=localtime(clock.target_at).isoformat(), **shared,
    )
    notice = event_record(
        complaint=complaint, kind=EventKind.CUSTOMER_NOTICE_DUE, actor=actor, at=now,
        notice="extension", target=localtime(clock.target_at).isoformat(), **shared,
    )
    return Extended(clock, notice)
