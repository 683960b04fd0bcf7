"""Triage endpoints of ``/api/v1/``: run triage again on demand."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import complaint_payload
from complaintdesk.api.routes import ERRORS
from complaintdesk.api.schemas import ComplaintOut
from complaintdesk.complaints import selectors
from complaintdesk.workflows.assign import triage_again

router = Router(tags=["triage"])


@router.post(
    "/complaints/{number}/triage",
    response={200: ComplaintOut, **ERRORS},
    summary="Classify a complaint again",
)
def complaint_triage(request: HttpRequest, number: str) -> dict[str, Any]:
    """Staff only. Runs triage with the active models; fields an agent corrected or the customer
    stated are kept, and a complaint without a department is routed. Records a CLASSIFIED event."""
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    triage_again(complaint=complaint, actor=actor)
    fresh = selectors.complaint_get(actor=actor, number=number)
    return complaint_payload(fresh, actor)
