"""Moving a complaint along its lifecycle.

One order for every move: change the status (with its event) → apply the move's column of
clock effects from ``complaints.states`` → tell the customer and the integrations, with the
promise read from the answer clock as it now stands. Resolving and reopening are moves like
the others; :mod:`.resolve` and :mod:`.reopen` name them for their callers.
"""

from __future__ import annotations

from django.db import transaction

from complaintdesk.complaints import states
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import complaint_transition
from complaintdesk.notify.announce import status_change_announce
from complaintdesk.sla.selectors import promised_answer_of
from complaintdesk.sla.services import ClockChange, clocks_apply


@transaction.atomic
def transition(
    *,
    complaint: Complaint,
    to: str,
    actor: Actor,
    reason: str = "",
    merge_into: Complaint | None = None,
    reason_code: str = "",
    quote: str = "",
) -> Complaint:
    """Move the complaint to ``to`` if the lifecycle allows it for this actor."""
    changed = complaint_transition(
        complaint=complaint, to=to, actor=actor, reason=reason, merge_into=merge_into,
        reason_code=reason_code, quote=quote,
    )
    moved, event = changed.complaint, changed.event
    move = states.find_transition(event.from_status, event.to_status)
    if move is not None:
        clocks_apply(
            complaint=moved, change=ClockChange(target=to, effects=move.clocks, at=event.at)
        )
    status_change_announce(complaint=moved, event=event, promised_at=promised_answer_of(moved))
    return moved
