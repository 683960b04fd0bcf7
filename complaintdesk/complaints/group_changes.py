"""Writes to many complaints at once: the sweep's escalations and batch incident links.

Each function changes the complaints set-based (a fixed number of statements, whatever the
number of complaints) and records one event per complaint changed, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.bulksql import pk_in
from complaintdesk.complaints.choices import PRIORITY_RANK, EventKind, Priority, Role
from complaintdesk.complaints.events import EventDraft, RecordedEvent
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.complaints.services import event_record, events_record_bulk


@dataclass
class EscalationPlan:
    """What one sweep batch decided: the events to record, the complaints whose priority is
    raised (by new priority) and those moved to the special team."""

    at: dt.datetime
    events: list[EventDraft] = field(default_factory=list)
    raise_to: dict[str, list[int]] = field(default_factory=dict)
    to_special: list[int] = field(default_factory=list)
    special: Department | None = None


def _lower_than(priority: str) -> list[str]:
    return [p for p, rank in PRIORITY_RANK.items() if rank > PRIORITY_RANK[Priority(priority)]]


def _unassign_other_teams(plan: EscalationPlan) -> list[EventDraft]:
    """Department staff of another team lose a complaint moved to the special team; each loss
    is an ``assigned`` event naming who had it."""
    special = plan.special
    if special is None:
        return []
    moved = Complaint.objects.filter(
        pk_in(plan.to_special), assignee__membership__role=Role.DEPARTMENT
    ).exclude(assignee__membership__department=special)
    held = list(moved.values_list("id", "assignee__username"))
    if not held:
        return []
    Complaint.objects.filter(pk_in([pk for pk, _ in held])).update(assignee=None)
    return [
        EventDraft(
            pk, EventKind.ASSIGNED, plan.at,
            {
                "before": {"department": None, "assignee": username},
                "after": {"department": special.code, "assignee": None},
                "reason": "moved_to_special_team",
            },
            actor_role="system",
        )
        for pk, username in held
    ]


def complaints_escalate(*, plan: EscalationPlan) -> list[RecordedEvent]:
    """Raise priorities, move complaints to the special team (unassigning staff of other
    teams) and record every event of the plan, in one go. Call it in the sweep's transaction."""
    for priority, ids in plan.raise_to.items():
        Complaint.objects.filter(pk_in(ids), priority__in=_lower_than(priority)).update(
            priority=priority, updated_at=plan.at
        )
    cleared: list[EventDraft] = []
    if plan.to_special and plan.special is not None:
        Complaint.objects.filter(pk_in(plan.to_special)).update(
            department=plan.special, updated_at=plan.at
        )
        cleared = _unassign_other_teams(plan)
    return events_record_bulk(events=[*plan.events, *cleared])


@transaction.atomic
def complaints_link_batch(
    *,
    parent: Complaint,
    members: list[Complaint],
    duplicate_ids: set[int],
    customers: int,
    terms: list[str],
    actor: Actor,
) -> list[Complaint]:
    """Make ``parent`` the batch parent of the members not linked to it yet; one BATCHED
    event on each and one on the parent listing them. Returns the members linked now."""
    fresh = [m for m in members if m.parent_id != parent.pk]
    if not fresh:
        return []
    Complaint.objects.filter(pk__in=[m.pk for m in fresh]).update(
        parent=parent, updated_at=timezone.now()
    )
    for member in fresh:
        member.parent = parent
        event_record(
            complaint=member,
            kind=EventKind.BATCHED,
            actor=actor,
            parent=parent.number,
            duplicate=member.pk in duplicate_ids,
        )
    event_record(
        complaint=parent,
        kind=EventKind.BATCHED,
        actor=actor,
        children=[m.number for m in fresh],
        customers=customers,
        terms=terms,
    )
    return fresh
