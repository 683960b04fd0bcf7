"""Resolving a complaint: the answer is given. Every open clock is met (or breached, if its
target had passed), the customer gets the resolution mail and the ``resolved`` webhook fires
(see :func:`.transition.transition`), and follow-up starts: the customer is asked to confirm,
the survey opens, and a return call is planned when the policy asks for one. The root cause
and the responsible department or respondent are recorded first (:mod:`.root_cause`)."""

from __future__ import annotations

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.workflows.root_cause import RootCauseInput
from complaintdesk.workflows.transition import transition


def resolve(
    *,
    complaint: Complaint,
    actor: Actor,
    answer: str,
    has_remedy: bool = False,
    root_cause: RootCauseInput | None = None,
) -> Complaint:
    """Resolve with the answer the customer is told (required). ``has_remedy``: the answer
    gives a remedy (stated by the caller; the remedies feature will compute it).
    ``root_cause``: the root cause and who is responsible, recorded first; required unless
    the complaint already has one, when ``ROOT_CAUSE_REQUIRED`` is on."""
    return transition(
        complaint=complaint, to=Status.RESOLVED, actor=actor, reason=answer,
        has_remedy=has_remedy, root_cause=root_cause,
    )
