"""The root-cause card of the complaint page: what is recorded, the suggestion with the
similar complaints it came from, and the choices of the form."""

from __future__ import annotations

from typing import Any

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.complaints.permissions import may_change
from complaintdesk.learning.permissions import may_manage_actions
from complaintdesk.learning.selectors import root_cause_of, root_causes_for
from complaintdesk.triage.selectors import SimilarResolved
from complaintdesk.workflows.root_cause import root_cause_suggestion


def root_cause_card(
    complaint: Complaint,
    actor: Actor,
    similar: list[SimilarResolved],
    departments: list[Department],
) -> dict[str, Any]:
    if not actor.is_staff_role:
        return {}
    record = root_cause_of(complaint)
    context: dict[str, Any] = {
        "root_cause": record,
        "root_cause_suggestion": root_cause_suggestion(complaint, similar) if similar else None,
        "can_manage_actions": may_manage_actions(actor),
    }
    if may_change(actor, complaint):
        context.update(
            root_cause_choices=list(root_causes_for(complaint.industry)),
            root_cause_departments=departments,
            root_cause_respondents=selectors.respondents_active(),
        )
    return context
