"""Asking another department a question about a complaint, and its answer (会商).

Ask: work out the answer's deadline on the asked department's calendar (default one working
day) → record the question with its event → let the department read the complaint → tell its
members. Answer: record the answer with its event (met or late) → tell the person who asked.
The complaint keeps its department and assignee throughout.
"""

from __future__ import annotations

from django.db import transaction

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.complaints.services import complaint_share_with
from complaintdesk.consult.models import Consultation
from complaintdesk.consult.services import (
    consultation_answer,
    consultation_ask,
    ensure_can_ask,
)
from complaintdesk.lib.clock import utcnow
from complaintdesk.notify.staff_notices import (
    department_asked_announce,
    question_answered_announce,
)
from complaintdesk.sla.due import working_days_due

DEFAULT_WORKING_DAYS = 1
MAX_WORKING_DAYS = 10


@transaction.atomic
def ask(
    *,
    complaint: Complaint,
    actor: Actor,
    department: Department,
    question: str,
    working_days: int = DEFAULT_WORKING_DAYS,
) -> Consultation:
    """Ask ``department`` a question, answered within ``working_days`` of its calendar."""
    ensure_can_ask(actor, complaint)
    due = working_days_due(department_id=department.pk, start=utcnow(), days=working_days)
    consultation, _event = consultation_ask(
        complaint=complaint, actor=actor, department=department, question=question,
        due_at=due.due, calendar_verified=due.calendar_verified,
    )
    complaint_share_with(complaint=complaint, department=department)
    department_asked_announce(complaint=complaint, actor=actor, department_id=department.pk)
    return consultation


@transaction.atomic
def answer(*, consultation: Consultation, actor: Actor, text: str) -> Consultation:
    """The department answers in the complaint's thread; the asker is told."""
    answered, _event = consultation_answer(consultation=consultation, actor=actor, answer=text)
    question_answered_announce(
        complaint=answered.complaint, actor=actor, asked_by_id=answered.asked_by_id
    )
    return answered
