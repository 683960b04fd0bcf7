"""The events of a complaint's root cause. The root-cause record itself belongs to the
learning app; this service locks the complaint, checks the actor may change it (staff of its
scope; anyone else: 404), and writes the event that keeps the value before, the value after
and the reason of a correction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.errors import MissingRequirement, complaint_not_found
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.permissions import may_change
from complaintdesk.complaints.services import Changed, event_record


@transaction.atomic
def complaint_root_cause_record(
    *,
    complaint: Complaint,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    reason: str = "",
) -> Changed:
    """``root_cause_set`` the first time; ``root_cause_corrected`` (a reason required) when
    the complaint already had one. ``before`` and ``after`` are the root cause's code and
    the responsible department and respondent codes."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_change(actor, complaint):
        raise complaint_not_found(complaint.number)
    if before is None:
        event = event_record(
            complaint=complaint, kind=EventKind.ROOT_CAUSE_SET, actor=actor, after=after
        )
        return Changed(complaint, event)
    if not reason.strip():
        raise MissingRequirement(_("Say why you correct the root cause."), {"missing": ["reason"]})
    event = event_record(
        complaint=complaint,
        kind=EventKind.ROOT_CAUSE_CORRECTED,
        actor=actor,
        before=before,
        after=after,
        reason=reason.strip(),
    )
    return Changed(complaint, event)
