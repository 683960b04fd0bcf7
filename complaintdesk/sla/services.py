"""Every write to clocks: started, paused, resumed, met and stopped by the complaint lifecycle,
and extended by a supervisor.

The lifecycle reaches this module through :func:`clocks_on_event`, connected to
``complaints.signals.event_recorded``: it runs inside the transaction that recorded the event,
so a status change and its effect on the clocks commit together. Clock rows are locked
(``select_for_update``) and saved field by field, so a concurrent sweep's claim
(``warned_at``, ``breached_at``) is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind, MessageKind, Role, Status
from complaintdesk.complaints.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    MissingRequirement,
    NotFound,
)
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.complaints.services import event_record
from complaintdesk.complaints.states import FINAL_STATES, OPEN_STATES
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.calendar import WorkingCalendar
from complaintdesk.sla.calendars import calendar_record_for, working_calendar
from complaintdesk.sla.choices import ClockKind, ClockState, Trigger
from complaintdesk.sla.models import Clock, ClockPolicy, OrgCalendar
from complaintdesk.sla.policies import policies_for
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
    complaint: Complaint,
    policy: ClockPolicy,
    started_at: dt.datetime,
    record: OrgCalendar | None,
    cal: WorkingCalendar,
) -> Clock:
    """A scheduled, unsaved clock of the policy on the complaint."""
    clock = Clock(
        complaint=complaint,
        kind=policy.kind,
        policy=policy,
        calendar=record,
        unit=policy.unit,
        amount=policy.amount,
        started_at=started_at,
    )
    _reschedule(clock, cal)
    return clock


def clock_start(*, complaint: Complaint, policy: ClockPolicy, started_at: dt.datetime) -> Clock:
    """Start the policy's clock on the complaint, on its department's calendar."""
    return clocks_start(complaint=complaint, policies=[policy], started_at=started_at)[0]


def clocks_start(
    *, complaint: Complaint, policies: list[ClockPolicy], started_at: dt.datetime
) -> list[Clock]:
    """Start the policies' clocks on the complaint: the department's calendar is loaded once
    (two queries: the calendar, then its days) and the clocks go in with one insert."""
    if not policies:
        return []
    record = calendar_record_for(complaint.department_id)
    cal = working_calendar(record)
    clocks = [_new_clock(complaint, policy, started_at, record, cal) for policy in policies]
    return Clock.objects.bulk_create(clocks)


def _locked_clocks(complaint: Complaint) -> list[Clock]:
    return list(
        Clock.objects.select_for_update(of=("self",))
        .filter(complaint=complaint, state__in=OPEN_CLOCK_STATES)
        .select_related("policy", "calendar")
        .order_by("id")
    )


def clocks_start_for(*, complaint: Complaint, trigger: str, at: dt.datetime) -> list[Clock]:
    """Start every clock the policies give this complaint that it does not have yet.

    A complaint that is already final (history imported as settled) gets none."""
    if complaint.status not in OPEN_STATES:
        return []
    existing = set(Clock.objects.filter(complaint=complaint).values_list("kind", flat=True))
    wanted = [
        policy
        for kind, policy in policies_for(complaint, trigger=trigger).items()
        if kind not in existing
    ]
    return clocks_start(complaint=complaint, policies=wanted, started_at=at)


def clocks_sync_policies(*, complaint: Complaint) -> None:
    """After triage changed channel, category, priority or industry: start clocks that now
    apply, and move clocks that have not warned yet to the policy that now wins."""
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


def clocks_follow_status(
    *, complaint: Complaint, source: str, target: str, at: dt.datetime
) -> None:
    """Apply a status change to the complaint's clocks (see docs/clocks.md, "Lifecycle")."""
    for clock in _locked_clocks(complaint):
        if target == Status.RESOLVED:
            _finish(clock, at, met=True)
        elif target in FINAL_STATES:
            _finish(clock, at, met=False)
        elif source == Status.IN_DISPUTE and clock.kind == ClockKind.EVIDENCE:
            _finish(clock, at, met=True)
        elif clock.state == ClockState.RUNNING and target in clock.policy.pause_statuses:
            _pause(clock, at)
        elif clock.state == ClockState.PAUSED and target not in clock.policy.pause_statuses:
            _resume(clock, at)
    if target == Status.RESOLVED or target in FINAL_STATES:
        _close_breached(complaint, at)
    if target == Status.IN_DISPUTE:
        clocks_start_for(complaint=complaint, trigger=Trigger.DISPUTE, at=at)
    if target == Status.REOPENED:
        clocks_restart(complaint=complaint, at=at)


RESTARTED_ON_REOPEN = (ClockKind.ANSWER, ClockKind.RESOLUTION)


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


def clocks_restart(*, complaint: Complaint, at: dt.datetime) -> list[Clock]:
    """A reopened complaint owes a new answer and a new resolution: its finished answer and
    resolution clocks run again from ``at`` (missing ones start); running ones are kept."""
    chosen = policies_for(complaint, trigger=Trigger.RECEIVED)
    locked = Clock.objects.select_for_update(of=("self",)).select_related("calendar")
    clocks = {c.kind: c for c in locked.filter(complaint=complaint, kind__in=RESTARTED_ON_REOPEN)}
    restarted: list[Clock] = []
    for kind in RESTARTED_ON_REOPEN:
        clock, policy = clocks.get(kind), chosen.get(kind)
        if clock is not None and clock.state not in OPEN_CLOCK_STATES and policy is not None:
            _restart(clock, policy, at, working_calendar(clock.calendar))
            restarted.append(clock)
    missing = [chosen[k] for k in RESTARTED_ON_REOPEN if k in chosen and k not in clocks]
    return restarted + clocks_start(complaint=complaint, policies=missing, started_at=at)


def clocks_meet(*, complaint: Complaint, kinds: set[str], at: dt.datetime) -> None:
    for clock in _locked_clocks(complaint):
        if clock.kind in kinds:
            _finish(clock, at, met=True)


def clocks_on_event(sender: Any, *, event: ComplaintEvent, complaint: Complaint, **_: Any) -> None:
    """Receiver of ``event_recorded``: what each lifecycle event does to the clocks."""
    kind = event.kind
    if kind == EventKind.CREATED:
        clocks_start_for(complaint=complaint, trigger=Trigger.RECEIVED, at=complaint.received_at)
    elif kind in (EventKind.CLASSIFIED, EventKind.CORRECTED):
        clocks_sync_policies(complaint=complaint)
    elif kind in (EventKind.STATUS_CHANGED, EventKind.MERGED):
        clocks_follow_status(
            complaint=complaint, source=event.from_status, target=event.to_status, at=event.at
        )
    elif kind == EventKind.MESSAGE and event.data.get("direction") == MessageKind.OUTBOUND:
        clocks_meet(complaint=complaint, kinds={ClockKind.FIRST_RESPONSE}, at=event.at)


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
    room = clock.policy.max_extension - clock.extension
    if amount < 1 or amount > room:
        raise InvalidInput(
            _("This deadline can be extended by 1 to %(room)s more (%(unit)s).")
            % {"room": room, "unit": clock.get_unit_display()},
            {"field": "amount", "max": room},
        )
    return clock


@transaction.atomic
def clock_extend(
    *, complaint: Complaint, kind: str, actor: Actor, amount: int, reason: str
) -> Clock:
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
    event_record(
        complaint=complaint, kind=EventKind.CUSTOMER_NOTICE_DUE, actor=actor, at=now,
        notice="extension", target=localtime(clock.target_at).isoformat(), **shared,
    )
    return clock
