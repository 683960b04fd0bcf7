"""Batch incidents: many customers reporting the same fault become children of one parent.

:func:`batch_groups_find` runs :func:`~complaintdesk.triage.nlp.batches.find_batches` over the
open complaints received within the window (72 hours by default) and returns each group of at
least three customers with its members and the parent it already has, if any.
``workflows.batches`` creates the missing parents (numbered, classified with the group size, so
five customers or more make it urgent, routed and clocked like any complaint) and links the
members. Several complaints from one customer are linked but counted once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.states import OPEN_STATES
from complaintdesk.triage.nlp.batches import BatchGroup, BatchItem, find_batches

BATCH_WINDOW = timedelta(hours=72)
SAMPLE_CHARS = 300


@dataclass(frozen=True)
class FoundGroup:
    """One group of complaints about the same fault, with the parent most of them have."""

    group: BatchGroup
    members: list[Complaint]
    parent: Complaint | None

    @property
    def duplicate_ids(self) -> set[int]:
        return {int(i) for i in self.group.duplicate_ids}


def _candidates(since: datetime) -> list[Complaint]:
    return list(
        Complaint.objects.filter(status__in=OPEN_STATES, received_at__gte=since, is_batch=False)
        .filter(Q(parent__isnull=True) | Q(parent__is_batch=True))
        .select_related("parent")
        .order_by("received_at", "id")
    )


def _existing_parent(members: list[Complaint]) -> Complaint | None:
    parents = Counter(m.parent_id for m in members if m.parent_id is not None)
    if not parents:
        return None
    parent_id = parents.most_common(1)[0][0]
    return next(m.parent for m in members if m.parent_id == parent_id and m.parent)


def batch_groups_find(*, window: timedelta, now: datetime) -> tuple[int, list[FoundGroup]]:
    """How many complaints were scanned, and the groups found among them."""
    complaints = _candidates(now - window)
    by_id = {str(c.pk): c for c in complaints}
    items = [
        BatchItem(str(c.pk), c.text, c.received_at, str(c.customer_id) if c.customer_id else None)
        for c in complaints
    ]
    found = []
    for group in find_batches(items, window=window):
        members = [by_id[i] for i in group.ids]
        found.append(FoundGroup(group, members, _existing_parent(members)))
    return len(complaints), found


def batch_parent_text(group: BatchGroup, members: list[Complaint]) -> tuple[str, str]:
    """Title and text of a new batch parent, in the active language."""
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
