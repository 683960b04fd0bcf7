"""Writes of consultations: ask a department, answer the question. Each records its event on
the complaint in the same transaction; sharing the complaint with the department and telling
people is composed in ``workflows.consult``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES, EventKind
from complaintdesk.complaints.errors import Conflict, InvalidInput, MissingRequirement, NotFound
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Department
from complaintdesk.complaints.permissions import ensure_owns
from complaintdesk.complaints.services import event_record
from complaintdesk.consult.models import Consultation, ConsultationState

QUESTION_MAX_CHARS = 4000


def ensure_can_ask(actor: Actor, complaint: Complaint) -> None:
    """Staff who keep the complaint ask; for anyone else the page does not exist."""
    if actor.role not in STAFF_ROLES:
        raise NotFound(_("There is no such page."))
    ensure_owns(actor, complaint)


@transaction.atomic
def consultation_ask(
    *, complaint: Complaint, actor: Actor, department: Department, question: str,
    due_at: dt.datetime, calendar_verified: bool,
) -> tuple[Consultation, ComplaintEvent]:
    """Ask ``department`` a question about the complaint, to be answered by ``due_at`` (its
    working-day deadline, worked out by the caller on the department's calendar)."""
    ensure_can_ask(actor, complaint)
    question = question.strip()
    if not question:
        raise MissingRequirement(_("Write the question."), {"missing": ["question"]})
    if complaint.department_id == department.pk:
        raise InvalidInput(
            _("%(department)s already handles this complaint; write them a note instead.")
            % {"department": department.name},
            {"field": "department"},
        )
    now = timezone.now()
    consultation = Consultation.objects.create(
        complaint=complaint, department=department, question=question[:QUESTION_MAX_CHARS],
        asked_by_id=actor.user_id, asked_at=now, due_at=due_at,
        calendar_verified=calendar_verified,
    )
    event = event_record(
        complaint=complaint, kind=EventKind.CONSULTATION_ASKED, actor=actor, at=now,
        consultation=consultation.pk, department=department.code, question=consultation.question,
        due=due_at.isoformat(),
    )
    return consultation, event


def may_answer(actor: Actor, consultation: Consultation) -> bool:
    return (
        actor.role in STAFF_ROLES
        and actor.department_id is not None
        and actor.department_id == consultation.department_id
    )


@transaction.atomic
def consultation_answer(
    *, consultation: Consultation, actor: Actor, answer: str
) -> tuple[Consultation, ComplaintEvent]:
    """The asked department answers, once. Anyone outside it finds no such question."""
    if not may_answer(actor, consultation):
        raise NotFound(_("No such question to your department."))
    answer = answer.strip()
    if not answer:
        raise MissingRequirement(_("Write the answer."), {"missing": ["answer"]})
    now = timezone.now()
    changed = Consultation.objects.filter(
        pk=consultation.pk, state=ConsultationState.OPEN
    ).update(
        state=ConsultationState.ANSWERED, answer=answer[:QUESTION_MAX_CHARS],
        answered_by_id=actor.user_id, answered_at=now,
    )
    if changed != 1:
        raise Conflict(_("This question was already answered."))
    consultation.refresh_from_db()
    event = event_record(
        complaint=consultation.complaint, kind=EventKind.CONSULTATION_ANSWERED, actor=actor,
        at=now, consultation=consultation.pk, department=consultation.department.code,
        answer=consultation.answer, met=bool(consultation.met),
    )
    return consultation, event
