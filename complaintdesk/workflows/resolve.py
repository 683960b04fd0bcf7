"""Resolving a complaint: the answer is given. Every open clock is met (or breached, if its
target had passed), the customer gets the resolution mail and the ``resolved`` webhook fires
(see :func:`.transition.transition`)."""

from __future__ import annotations

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.workflows.transition import transition


def resolve(*, complaint: Complaint, actor: Actor, answer: str) -> Complaint:
    """Resolve with the answer the customer is told (required)."""
    return transition(complaint=complaint, to=Status.RESOLVED, actor=actor, reason=answer)
