"""Closing the loop with the customer after a resolution: their confirmation, the
satisfaction survey, return calls, and the worker's follow-up pass.

Each use case calls the feature services in the order a reader sees here, in one transaction:

- **confirm**: record the answer → "solved" closes the complaint, "not solved" reopens it
  (the answer and resolution clocks restart, the customer is told the new promise);
- **survey_submit**: record the answer (spending a single-use link) → a first low score
  schedules a follow-up call by the next working day and tells the supervisors;
- **call_schedule_by_staff** / **call_outcome**: a return call chosen by staff; its outcome →
  not reached moves it to the next working day (closed as unreached after the last attempt),
  issue recurring reopens the complaint, a new issue opens a new complaint linked to this one;
- **followup_pass** (the worker, every minute): send due invitations, then due reminders, then
  close complaints whose customer stayed silent. Every item is claimed with a conditional
  UPDATE in its own transaction together with its event and its outbox row, so a pass killed
  at any point and run again sends nothing twice and loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Channel, Status
from complaintdesk.complaints.errors import MissingRequirement
from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.choices import CallOutcome, CallReason
from complaintdesk.followup.models import ReturnCall, Survey, SurveyLink
from complaintdesk.followup.selectors import (
    confirmation_open,
    confirmations_due,
    invites_due,
    reminders_due,
    script_for,
    survey_department_id,
)
from complaintdesk.followup.services import (
    FOLLOWUP_ACTOR,
    CallPlan,
    CallRecorded,
    SurveyAnswer,
    SurveyAnswered,
    SurveyMail,
    call_ensure_by,
    call_link_new_complaint,
    call_record_reached,
    call_record_unreached,
    call_schedule,
    confirmation_answer,
    confirmation_expire,
    survey_answer,
    survey_invite_claim,
    survey_reminder_claim,
)
from complaintdesk.intake.services import CustomerData, IntakeRequest
from complaintdesk.notify.announce import (
    customer_language,
    low_score_announce,
    survey_mail_announce,
)
from complaintdesk.sla.calendar import add_working_days
from complaintdesk.sla.calendars import CALENDARS
from complaintdesk.workflows.followup_start import complaint_calendar
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reopen import reopen
from complaintdesk.workflows.transition import transition

logger = logging.getLogger(__name__)
PASS_BATCH = 100


def _next_working_day(complaint: Complaint, now: dt.datetime) -> dt.date:
    return add_working_days(complaint_calendar(complaint), now, 1).due.date()


@transaction.atomic
def confirm(
    *, complaint: Complaint, actor: Actor, solved: bool, reason: str, via: str
) -> Complaint:
    """The customer's answer to "is the problem solved?"."""
    answered = confirmation_answer(
        complaint=complaint, actor=actor, solved=solved, reason=reason, via=via
    )
    if solved:
        return transition(
            complaint=complaint, to=Status.CLOSED, actor=actor,
            reason=_("The customer confirmed the problem is solved."),
        )
    return reopen(
        complaint=complaint, actor=actor,
        reason=_("The customer says the problem is not solved: %(text)s")
        % {"text": answered.confirmation.reason},
    )


@transaction.atomic
def survey_submit(
    *, survey: Survey, actor: Actor, answer: SurveyAnswer, via: str,
    link: SurveyLink | None = None,
) -> SurveyAnswered:
    """Record the customer's rating; a first low score opens a follow-up call due by the next
    working day (kept if one is already due sooner) and tells every supervisor."""
    answered = survey_answer(survey=survey, actor=actor, answer=answer, via=via, link=link)
    if answered.low_first:
        complaint = answered.survey.complaint
        now = answered.event.at
        call_ensure_by(
            complaint=complaint,
            actor=FOLLOWUP_ACTOR,
            plan=CallPlan(
                reason=CallReason.LOW_SCORE,
                due_on=_next_working_day(complaint, now),
                assignee=complaint.assignee,
                script=script_for(
                    category=complaint.category, language=customer_language(complaint)
                ),
                max_attempts=settings.FOLLOWUP_CALL_ATTEMPTS,
            ),
            today=timezone.localdate(now),
        )
        low_score_announce(complaint=complaint, event=answered.event, score=answer.score)
    return answered


def call_schedule_by_staff(
    *, complaint: Complaint, actor: Actor, due_on: dt.date, assignee: AbstractBaseUser | None
) -> ReturnCall:
    """A return call chosen by staff for a day they pick, with the category's script."""
    return call_schedule(
        complaint=complaint,
        actor=actor,
        plan=CallPlan(
            reason=CallReason.AGENT,
            due_on=due_on,
            assignee=assignee,
            script=script_for(category=complaint.category, language=customer_language(complaint)),
            max_attempts=settings.FOLLOWUP_CALL_ATTEMPTS,
        ),
        today=timezone.localdate(),
    )


@dataclass(frozen=True)
class CallReport:
    """What the caller recorded. ``new_issue`` is the text of the new complaint (required
    with the outcome "new issue")."""

    reached: bool
    outcome: str = ""
    notes: str = ""
    new_issue: str = ""


def _open_linked(call: ReturnCall, actor: Actor, text: str) -> Complaint:
    source = call.complaint
    customer = source.customer
    request = IntakeRequest(
        channel=Channel.PHONE,
        text=text,
        received_at=timezone.now(),
        customer=CustomerData(name=customer.name, phone=customer.phone, email=customer.email)
        if customer is not None
        else None,
        language=source.language,
    )
    new = receive(request=request, actor=actor).complaint
    call_link_new_complaint(call=call, new_complaint=new, actor=actor)
    return new


def _recurring(call: ReturnCall, actor: Actor, notes: str) -> None:
    complaint = call.complaint  # read under the call's lock, in this transaction
    reason = _("Return call: the issue is back. %(notes)s") % {"notes": notes}
    if complaint.status == Status.RESOLVED:
        reopen(complaint=complaint, actor=actor, reason=reason.strip())
    elif complaint.status == Status.CLOSED:
        _open_linked(call, actor, reason.strip())


@transaction.atomic
def call_outcome(*, call: ReturnCall, actor: Actor, report: CallReport) -> CallRecorded:
    """Record one attempt of a due return call and what follows from it."""
    today = timezone.localdate()
    if not report.reached:
        return call_record_unreached(
            call=call, actor=actor, notes=report.notes,
            next_due_on=_next_working_day(call.complaint, timezone.now()), today=today,
        )
    if report.outcome == CallOutcome.NEW_ISSUE and not report.new_issue.strip():
        raise MissingRequirement(
            _("Describe the new issue; it becomes a new complaint."), {"missing": ["new_issue"]}
        )
    recorded = call_record_reached(
        call=call, actor=actor, outcome=report.outcome, notes=report.notes, today=today
    )
    if report.outcome == CallOutcome.RECURRING:
        _recurring(recorded.call, actor, report.notes.strip())
    elif report.outcome == CallOutcome.NEW_ISSUE:
        _open_linked(recorded.call, actor, report.new_issue.strip())
    return recorded


# The worker's pass --------------------------------------------------------------------------


def survey_link_url(token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/s/{token}/"


def _mail(claimed: SurveyMail, now: dt.datetime, *, reminder: bool) -> None:
    complaint = claimed.survey.complaint
    asked = confirmation_open(complaint=complaint)
    survey_mail_announce(
        complaint=complaint,
        event=claimed.event,
        survey_link=survey_link_url(claimed.token),
        answer_by=asked.closes_at if asked is not None else claimed.survey.closes_at,
        reminder=reminder,
    )


@transaction.atomic
def survey_invite(*, survey_id: int, now: dt.datetime) -> bool:
    """Send one due invitation (claim, event, link, outbox row); False if not ours to send."""
    calendar = CALENDARS.get().for_department(survey_department_id(survey_id=survey_id))[1]
    reminder_at = add_working_days(calendar, now, settings.FOLLOWUP_REMINDER_WORKING_DAYS).due
    claimed = survey_invite_claim(survey_id=survey_id, now=now, reminder_due_at=reminder_at)
    if claimed is None:
        return False
    _mail(claimed, now, reminder=False)
    return True


@transaction.atomic
def survey_remind(*, survey_id: int, now: dt.datetime) -> bool:
    """Send the one reminder of an unanswered survey; False if not ours to send."""
    claimed = survey_reminder_claim(survey_id=survey_id, now=now)
    if claimed is None:
        return False
    _mail(claimed, now, reminder=True)
    return True


@transaction.atomic
def confirmation_close_silent(*, confirmation_id: int, now: dt.datetime) -> bool:
    """Close a resolved complaint whose customer did not answer in time."""
    expired = confirmation_expire(confirmation_id=confirmation_id, now=now)
    if expired is None:
        return False
    transition(
        complaint=expired.confirmation.complaint,
        to=Status.CLOSED,
        actor=FOLLOWUP_ACTOR,
        reason=_(
            "Closed automatically: the customer did not answer by %(day)s whether the "
            "problem is solved."
        )
        % {"day": f"{timezone.localtime(expired.confirmation.closes_at):%Y-%m-%d %H:%M}"},
    )
    return True


@dataclass
class PassResult:
    invited: int = 0
    reminded: int = 0
    closed: int = 0
    failed: list[int] = field(default_factory=list)


def _drain(
    due: Callable[..., list[int]], act: Callable[..., bool], now: dt.datetime, batch: int,
    failed: list[int],
) -> int:
    """Act on every due item, one transaction each; a failing item is logged and skipped
    until the next pass, so one bad row never stops the others or loops forever."""
    done, skip = 0, set[int]()
    while ids := due(now=now, limit=batch, skip=skip):
        for pk in ids:
            skip.add(pk)
            try:
                done += act(pk, now)
            except Exception:
                logger.exception("follow-up pass: item %s failed; retried next pass", pk)
                failed.append(pk)
    return done


def followup_pass(*, now: dt.datetime | None = None, batch: int = PASS_BATCH) -> PassResult:
    """One pass of the worker: invitations, reminders, silent confirmations, in that order."""
    now = now or timezone.now()
    result = PassResult()
    result.invited = _drain(
        invites_due, lambda pk, at: survey_invite(survey_id=pk, now=at), now, batch, result.failed
    )
    result.reminded = _drain(
        reminders_due, lambda pk, at: survey_remind(survey_id=pk, now=at), now, batch,
        result.failed,
    )
    result.closed = _drain(
        confirmations_due,
        lambda pk, at: confirmation_close_silent(confirmation_id=pk, now=at),
        now, batch, result.failed,
    )
    return result
