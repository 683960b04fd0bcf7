"""Batch incidents: many customers reporting the same fault become children of one parent.

:func:`batches_detect` runs :func:`~complaintdesk.triage.nlp.batches.find_batches` over the open
complaints received within the window (72 hours by default). Each group of at least three
customers gets a parent complaint (``is_batch``), created through the ordinary intake service so
it is numbered, classified (with the group size, so five customers or more make it urgent),
routed and clocked like any complaint; groups that already have a parent grow it. Several
complaints from one customer are linked but counted once. :func:`batch_broadcast` sends one
update to the parent and to every open child, so every affected customer hears it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Channel, EventKind
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import complaint_create, event_record, message_add
from complaintdesk.complaints.states import OPEN_STATES
from complaintdesk.triage.nlp.batches import BatchGroup, BatchItem, find_batches
from complaintdesk.triage.services import TRIAGE_ACTOR, complaint_triage

BATCH_WINDOW = timedelta(hours=72)
SAMPLE_CHARS = 300


@dataclass
class BatchReport:
    incidents: list[dict[str, Any]] = field(default_factory=list)
    scanned: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"scanned": self.scanned, "incidents": self.incidents}


def _candidates(since: datetime) -> list[Complaint]:
    return list(
        Complaint.objects.filter(status__in=OPEN_STATES, received_at__gte=since, is_batch=False)
        .filter(Q(parent__isnull=True) | Q(parent__is_batch=True))
        .select_related("parent")
        .order_by("received_at", "id")
    )


def batches_detect(*, window: timedelta = BATCH_WINDOW, now: datetime | None = None) -> BatchReport:
    """Find groups among recent open complaints and give each one a batch parent."""
    moment = now or timezone.now()
    complaints = _candidates(moment - window)
    report = BatchReport(scanned=len(complaints))
    by_id = {str(c.pk): c for c in complaints}
    items = [
        BatchItem(str(c.pk), c.text, c.received_at, str(c.customer_id) if c.customer_id else None)
        for c in complaints
    ]
    for group in find_batches(items, window=window):
        members = [by_id[i] for i in group.ids]
        report.incidents.append(batch_link(group=group, members=members))
    return report


def _parent_text(group: BatchGroup, members: list[Complaint]) -> tuple[str, str]:
    terms = "、".join(group.terms)
    title = _("Batch incident: %(count)s customers, %(terms)s") % {
        "count": group.customer_count,
        "terms": terms,
    }
    text = _(
        "%(count)s customers reported the same fault between %(first)s and %(last)s "
        "(%(terms)s). First report: %(sample)s"
    ) % {
        "count": group.customer_count,
        "first": timezone.localtime(group.first_at).strftime("%Y-%m-%d %H:%M"),
        "last": timezone.localtime(group.last_at).strftime("%Y-%m-%d %H:%M"),
        "terms": terms,
        "sample": members[0].text[:SAMPLE_CHARS],
    }
    return title[:200], text


def _parent_for(group: BatchGroup, members: list[Complaint]) -> tuple[Complaint, bool]:
    parents = Counter(m.parent_id for m in members if m.parent_id is not None)
    if parents:
        parent_id = parents.most_common(1)[0][0]
        parent = next(m.parent for m in members if m.parent_id == parent_id and m.parent)
        return parent, False
    title, text = _parent_text(group, members)
    parent = complaint_create(
        channel=Channel.API,
        text=text,
        title=title,
        received_at=group.first_at,
        actor=TRIAGE_ACTOR,
        is_batch=True,
    )
    return parent, True


@transaction.atomic
def batch_link(*, group: BatchGroup, members: list[Complaint]) -> dict[str, Any]:
    """Link a group's complaints to its parent (created if needed); one BATCHED event each."""
    parent, created = _parent_for(group, members)
    duplicates = set(group.duplicate_ids)
    fresh = [m for m in members if m.parent_id != parent.pk]
    Complaint.objects.filter(pk__in=[m.pk for m in fresh]).update(
        parent=parent, updated_at=timezone.now()
    )
    for member in fresh:
        member.parent = parent
        event_record(
            complaint=member,
            kind=EventKind.BATCHED,
            actor=TRIAGE_ACTOR,
            parent=parent.number,
            duplicate=str(member.pk) in duplicates,
        )
    if fresh:
        event_record(
            complaint=parent,
            kind=EventKind.BATCHED,
            actor=TRIAGE_ACTOR,
            children=[m.number for m in fresh],
            customers=group.customer_count,
            terms=list(group.terms),
        )
        complaint_triage(complaint=parent, actor=TRIAGE_ACTOR, batch_size=group.customer_count)
    return {
        "parent": parent.number,
        "created": created,
        "children": len(members),
        "customers": group.customer_count,
        "duplicates": len(duplicates),
        "linked_now": len(fresh),
        "terms": list(group.terms),
    }


@transaction.atomic
def batch_broadcast(*, parent: Complaint, actor: Actor, body: str) -> int:
    """One update to every affected customer: a message on the parent and on each open child.
    Returns how many children received it."""
    if not parent.is_batch:
        raise InvalidInput(_("%(number)s is not a batch incident.") % {"number": parent.number})
    message_add(complaint=parent, actor=actor, body=body, internal=False)
    children = list(
        Complaint.objects.filter(parent=parent, status__in=OPEN_STATES).order_by(
            "received_at", "id"
        )
    )
    for child in children:
        message_add(complaint=child, actor=actor, body=body, internal=False)
    return len(children)
