"""Batch incidents: group recent complaints about the same fault under one parent, and tell
every affected customer at once.

For each group triage finds (``triage.batching``): the parent is recorded if the group has
none → the members not linked yet are linked (a ``batched`` event on each) → the parent is
classified with the group's size (five customers or more make it urgent) → its clocks start
(a new parent) or follow the new classification → it is routed → the integrations hear of a
new parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Channel
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.group_changes import complaints_link_batch
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.states import OPEN_STATES
from complaintdesk.intake.services import IntakeRequest, IntakeResult, Parties, intake_record
from complaintdesk.notify.announce import complaint_acknowledge, staff_announce
from complaintdesk.sla.selectors import promised_answer_of
from complaintdesk.sla.services import clocks_insert, clocks_plan, clocks_sync_policies
from complaintdesk.triage.batching import (
    BATCH_WINDOW,
    FoundGroup,
    batch_groups_find,
    batch_parent_text,
)
from complaintdesk.triage.services import (
    TRIAGE_ACTOR,
    complaint_apply_triage,
    complaint_route,
    route_decide,
    triage_assess_complaint,
)
from complaintdesk.workflows.reply import reply


@dataclass
class BatchReport:
    incidents: list[dict[str, Any]] = field(default_factory=list)
    scanned: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"scanned": self.scanned, "incidents": self.incidents}


def batches_detect(*, window: timedelta = BATCH_WINDOW, now: datetime | None = None) -> BatchReport:
    """Find groups among recent open complaints and give each one a batch parent."""
    scanned, groups = batch_groups_find(window=window, now=now or timezone.now())
    report = BatchReport(scanned=scanned)
    for found in groups:
        report.incidents.append(batch_link(found=found))
    return report


def _parent_record(found: FoundGroup) -> IntakeResult:
    title, text = batch_parent_text(found.group, found.members)
    request = IntakeRequest(
        channel=Channel.API, text=text, title=title, received_at=found.group.first_at
    )
    return intake_record(
        request=request, actor=TRIAGE_ACTOR, parties=Parties(None, None), is_batch=True
    )


@transaction.atomic
def batch_link(*, found: FoundGroup) -> dict[str, Any]:
    """Link a group's complaints to its parent (recorded if needed) and settle the parent."""
    recorded = _parent_record(found) if found.parent is None else None
    created = recorded is not None
    parent = recorded.complaint if recorded is not None else found.parent
    assert parent is not None
    customers = found.group.customer_count
    linked = complaints_link_batch(
        parent=parent, members=found.members, duplicate_ids=found.duplicate_ids,
        customers=customers, terms=list(found.group.terms), actor=TRIAGE_ACTOR,
    )
    if linked or created:
        assessment = triage_assess_complaint(complaint=parent, batch_size=customers)
        complaint_apply_triage(complaint=parent, assessment=assessment, actor=TRIAGE_ACTOR)
        decision = route_decide(complaint=parent)
        if created:
            department = decision.department.pk if decision.department else None
            planned = clocks_plan(
                facts=parent, department_id=department, started_at=parent.received_at
            )
            clocks_insert(complaint=parent, clocks=planned)
        else:
            clocks_sync_policies(complaint=parent)
        routed = complaint_route(complaint=parent, decision=decision)
        if recorded is not None and recorded.event is not None:
            complaint_acknowledge(
                complaint=parent, event=recorded.event, promised_at=promised_answer_of(parent)
            )
        if routed is not None:
            staff_announce(complaint=parent, event=routed.event)
    return {
        "parent": parent.number,
        "created": created,
        "children": len(found.members),
        "customers": customers,
        "duplicates": len(found.duplicate_ids),
        "linked_now": len(linked),
        "terms": list(found.group.terms),
    }


@transaction.atomic
def batch_broadcast(*, parent: Complaint, actor: Actor, body: str) -> int:
    """One update to every affected customer: a reply on the parent and on each open child.
    Returns how many children received it."""
    if not parent.is_batch:
        raise InvalidInput(_("%(number)s is not a batch incident.") % {"number": parent.number})
    reply(complaint=parent, actor=actor, body=body, internal=False)
    children = list(
        Complaint.objects.filter(parent=parent, status__in=OPEN_STATES).order_by(
            "received_at", "id"
        )
    )
    for child in children:
        reply(complaint=child, actor=actor, body=body, internal=False)
    return len(children)
