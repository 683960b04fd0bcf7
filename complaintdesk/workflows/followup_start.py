"""What a status change starts or stops in follow-up, called by :func:`.transition.transition`
after the clocks and the customer's mail.

- **resolved**: ask the customer to confirm (silence closes the complaint after
  ``FOLLOWUP_CONFIRM_WORKING_DAYS`` working days on the complaint's calendar), open the
  satisfaction survey (the worker sends the invitation), and plan a return call when the
  policy asks for one (a remedy, a high priority, risk flags);
- **reopened**: the customer's own reopening answers the question "not solved"; staff's
  withdraws it; calls the policy planned are cancelled (the next resolution plans again);
- **closed**: the customer's own closing answers "solved"; staff's withdraws the question.

Nothing here moves the complaint: the moves that follow from an answer are in :mod:`.followup`.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.complaints.permissions import COMPLAINANT_ROLES
from complaintdesk.followup.choices import POLICY_REASONS, AnswerChannel
from complaintdesk.followup.policy import call_reason
from complaintdesk.followup.selectors import confirmation_open, questions_snapshot, script_for
from complaintdesk.followup.services import (
    FOLLOWUP_ACTOR,
    CallPlan,
    SurveyPlan,
    call_ensure_by,
    calls_cancel,
    confirmation_answer,
    confirmation_withdraw,
    followup_open,
)
from complaintdesk.notify.announce import customer_language
from complaintdesk.sla.calendar import WorkingCalendar, add_working_days
from complaintdesk.sla.calendars import CALENDARS


def complaint_calendar(complaint: Complaint) -> WorkingCalendar:
    """The working calendar of the complaint's department (else the default one)."""
    return CALENDARS.get().for_department(complaint.department_id)[1]


def _answer_channel(actor: Actor) -> str:
    return AnswerChannel.API if actor.user_id is not None else AnswerChannel.PORTAL


def _on_resolved(
    complaint: Complaint, event: ComplaintEvent, actor: Actor, has_remedy: bool
) -> None:
    cal = complaint_calendar(complaint)
    confirm = add_working_days(cal, event.at, settings.FOLLOWUP_CONFIRM_WORKING_DAYS)
    window = add_working_days(cal, event.at, settings.FOLLOWUP_SURVEY_WORKING_DAYS)
    language = customer_language(complaint)
    plan = SurveyPlan(
        asked_at=event.at,
        confirm_closes_at=confirm.due,
        calendar_verified=confirm.calendar_verified,
        survey_closes_at=max(window.due, confirm.due),
        language=language,
        questions=questions_snapshot(industry=complaint.industry),
        has_remedy=has_remedy,
    )
    followup_open(complaint=complaint, actor=actor, plan=plan)
    reason = call_reason(
        has_remedy=has_remedy, priority=complaint.priority, risk_flags=complaint.risk_flags or []
    )
    if reason is None:
        return
    due = add_working_days(cal, event.at, settings.FOLLOWUP_CALL_WORKING_DAYS).due
    assignee = complaint.assignee
    call_ensure_by(
        complaint=complaint,
        actor=FOLLOWUP_ACTOR,
        plan=CallPlan(
            reason=reason,
            due_on=due.date(),
            assignee=assignee if assignee is not None and assignee.is_active else None,
            script=script_for(category=complaint.category, language=language),
            max_attempts=settings.FOLLOWUP_CALL_ATTEMPTS,
        ),
        today=timezone.localdate(event.at),
    )


def _answered_or_withdrawn(
    complaint: Complaint, event: ComplaintEvent, actor: Actor, *, solved: bool
) -> None:
    """The customer moving the complaint themselves answers the open question; staff moving it
    withdraws the question."""
    if confirmation_open(complaint=complaint) is None:
        return
    if actor.role in COMPLAINANT_ROLES:
        reason = str(event.data.get("reason", ""))
        confirmation_answer(
            complaint=complaint, actor=actor, solved=solved, reason=reason,
            via=_answer_channel(actor),
        )
    else:
        confirmation_withdraw(complaint=complaint, actor=actor, at=event.at)


def followup_after_move(
    *, complaint: Complaint, event: ComplaintEvent, actor: Actor, has_remedy: bool
) -> None:
    """Start or stop follow-up after the move ``event`` recorded."""
    if event.to_status == Status.RESOLVED:
        _on_resolved(complaint, event, actor, has_remedy)
    elif event.to_status == Status.REOPENED:
        _answered_or_withdrawn(complaint, event, actor, solved=False)
        calls_cancel(complaint=complaint, actor=actor, reasons=POLICY_REASONS, at=event.at)
    elif event.to_status == Status.CLOSED:
        _answered_or_withdrawn(complaint, event, actor, solved=True)
