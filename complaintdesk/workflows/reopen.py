"""Reopening a resolved complaint: the customer (or staff) says the answer did not solve it.
The answer and resolution clocks run again from now, and the customer is told the new
promise, read from the restarted answer clock (see :func:`.transition.transition`)."""

from __future__ import annotations

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.workflows.transition import transition


def reopen(
    *, complaint: Complaint, actor: Actor, reason: str, reason_code: str = "", quote: str = ""
) -> Complaint:
    """Reopen with the reason the customer gave (required); ``reason_code`` and ``quote`` when
    the product wrote the reason around the customer's words."""
    return transition(
        complaint=complaint, to=Status.REOPENED, actor=actor, reason=reason,
        reason_code=reason_code, quote=quote,
    )
