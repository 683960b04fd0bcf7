"""The root-cause card of the complaint page: what is recorded, the suggestion with the
similar complaints it came from, and the choices of the form."""

from __future__ import annotations

from typing import Any

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint, Department, Respondent
from complaintdesk.complaints.permissions import may_change
from complaintdesk.learning.permissions import may_manage_actions
from complaintdesk.learning.selectors import root_cause_records, root_causes_for
from complaintdesk.triage.selectors import SimilarResolved
from complaintdesk.workflows.root_cause import root_cause_suggestion


def root_cause_card(
    complaint: Complaint,
    actor: Actor,
    similar: list[SimilarResolved],
    departments: list[Department],
    respondents: list[Respondent] | None,
) -> dict[str, Any]:
    """Two queries: the root causes of this complaint and of the similar ones, and the
    taxonomy for the form. ``respondents``: the dispute card's list when it has one."""
    if not actor.is_staff_role:
        return {}
    records = root_cause_records([complaint.number, *(case.number for case in similar)])
    context: dict[str, Any] = {
        "root_cause": records.get(complaint.number),
        "root_cause_suggestion": root_cause_suggestion(complaint, similar, records)
        if similar
        else None,
        "can_manage_actions": may_manage_actions(actor),
    }
    if may_change(actor, complaint):
        context.update(
            root_cause_choices=list(root_causes_for(complaint.industry)),
            root_cause_departments=departments,
            root_cause_respondents=respondents
            if respondents is not None
            else selectors.respondents_active(),
        )
    return context
