"""``/api/v1/`` follow-up: the customer's confirmation and survey (for integrations that
answer for their customers), and return calls for staff.

Answers are the customer's own: only complainant roles (a customer's key, the integration
that submitted the complaint) may give them (403 otherwise). A complaint out of the caller's
scope is 404, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja import Status as Reply
from pydantic import Field

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import local
from complaintdesk.api.routes import ERRORS, IdempotencyKey, run_once
from complaintdesk.api.schemas import Line, Prose, Strict
from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import NotFound
from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.choices import AnswerChannel, CallOutcome
from complaintdesk.followup.models import ReturnCall
from complaintdesk.followup.permissions import ensure_can_call
from complaintdesk.followup.selectors import (
    call_get,
    calls_due,
    calls_of,
    confirmation_latest,
    survey_of,
)
from complaintdesk.followup.services import SurveyAnswer
from complaintdesk.workflows.followup import (
    CallReport,
    call_outcome,
    call_schedule_by_staff,
    confirm,
    survey_submit,
)

router = Router(tags=["follow-up"])
Note = Annotated[Prose, Field(max_length=2000)]


class ConfirmationIn(Strict):
    solved: bool
    reason: Note = ""


class SurveyIn(Strict):
    score: Annotated[int, Field(ge=1, le=5)]
    comment: Note = ""
    remedy_fair: bool | None = None


class CallIn(Strict):
    due_on: dt.date
    assignee: Annotated[Line, Field(max_length=150)] | None = None


class OutcomeIn(Strict):
    reached: bool
    outcome: CallOutcome | None = None
    notes: Note = ""
    new_issue: Annotated[Prose, Field(max_length=5000)] = ""


class ConfirmationOut(Schema):
    state: str
    asked_at: dt.datetime
    closes_at: dt.datetime
    answered_at: dt.datetime | None
    reason: str


class SurveyOut(Schema):
    state: str
    invited_at: dt.datetime | None
    reminded_at: dt.datetime | None
    closes_at: dt.datetime
    score: int | None
    comment: str
    remedy_fair: bool | None
    has_remedy: bool
    answered_at: dt.datetime | None


class CallOut(Schema):
    id: int
    complaint: str
    reason: str
    state: str
    due_on: dt.date
    assignee: str | None
    attempts: int
    max_attempts: int
    outcome: str
    new_complaint: str | None
    script: str


class FollowupOut(Schema):
    confirmation: ConfirmationOut | None
    survey: SurveyOut | None
    return_calls: list[CallOut]


def _call(call: ReturnCall) -> dict[str, Any]:
    return {
        "id": call.pk,
        "complaint": call.complaint.number,
        "reason": call.reason,
        "state": call.state,
        "due_on": call.due_on,
        "assignee": call.assignee.get_username() if call.assignee else None,
        "attempts": call.attempts,
        "max_attempts": call.max_attempts,
        "outcome": call.outcome,
        "new_complaint": call.new_complaint.number if call.new_complaint else None,
        "script": call.script,
    }


def _followup(complaint: Complaint, actor: Actor) -> dict[str, Any]:
    confirmation = confirmation_latest(complaint=complaint)
    survey = survey_of(complaint=complaint)
    return json.loads(FollowupOut.model_validate({
        "confirmation": None if confirmation is None else {
            "state": confirmation.state, "asked_at": local(confirmation.asked_at),
            "closes_at": local(confirmation.closes_at),
            "answered_at": local(confirmation.answered_at), "reason": confirmation.reason,
        },
        "survey": None if survey is None else {
            "state": survey.state, "invited_at": local(survey.invited_at),
            "reminded_at": local(survey.reminded_at), "closes_at": local(survey.closes_at),
            "score": survey.score, "comment": survey.comment, "remedy_fair": survey.remedy_fair,
            "has_remedy": survey.has_remedy, "answered_at": local(survey.answered_at),
        },
        "return_calls": [_call(c) for c in calls_of(complaint=complaint)]
        if actor.sees_internal else [],
    }).model_dump_json())


@router.get(
    "/complaints/{number}/followup",
    response={200: FollowupOut, **ERRORS},
    summary="Confirmation, survey and return calls of a complaint",
)
def followup_get(request: HttpRequest, number: str) -> dict[str, Any]:
    """The latest confirmation request, the survey and (for staff and auditors) the return
    calls. Customers and integrations see their own complaints only."""
    actor = actor_of(request)
    return _followup(selectors.complaint_get(actor=actor, number=number), actor)


@router.post(
    "/complaints/{number}/confirmation",
    response={200: FollowupOut, **ERRORS},
    summary="The customer confirms the resolution, or says it did not solve the problem",
)
def confirmation_post(
    request: HttpRequest, number: str, payload: ConfirmationIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """``solved: true`` closes the complaint; ``solved: false`` with a ``reason`` (422 without
    one) reopens it and restarts the answer clock. 409 when no confirmation is awaited; 403
    for staff roles (they move the status themselves)."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        complaint = selectors.complaint_get(actor=actor, number=number)
        confirm(complaint=complaint, actor=actor, solved=payload.solved, reason=payload.reason,
                via=AnswerChannel.API)
        return 200, _followup(complaint, actor)

    return Reply(*run_once(request, idempotency_key, run))


@router.post(
    "/complaints/{number}/survey",
    response={200: FollowupOut, **ERRORS},
    summary="The customer's satisfaction rating",
)
def survey_post(
    request: HttpRequest, number: str, payload: SurveyIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """``score`` 1–5 (422 otherwise), an optional ``comment`` and, when the resolution gave a
    remedy, ``remedy_fair``. A second call changes the answer while the survey is open (410
    after it closed; 409 while the complaint is reopened). A score at or below
    ``FOLLOWUP_LOW_SCORE`` tells the supervisors and schedules a follow-up call."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        complaint = selectors.complaint_get(actor=actor, number=number)
        survey = survey_of(complaint=complaint)
        if survey is None:
            raise NotFound(_no_survey(number))
        survey_submit(
            survey=survey, actor=actor, via=AnswerChannel.API,
            answer=SurveyAnswer(payload.score, payload.comment, payload.remedy_fair),
        )
        return 200, _followup(complaint, actor)

    return Reply(*run_once(request, idempotency_key, run))


def _no_survey(number: str) -> str:
    return _("Complaint %(number)s has no survey: it has not been resolved yet.") % {
        "number": number
    }


@router.get(
    "/return-calls",
    response={200: list[CallOut], **ERRORS},
    summary="Return calls due today",
)
def calls_due_get(request: HttpRequest, mine: bool = False) -> list[dict[str, Any]]:
    """Scheduled calls due today or earlier on complaints the caller may see, oldest first;
    ``mine=true`` only those assigned to the caller."""
    actor = actor_of(request)
    calls = calls_due(
        actor=actor, today=timezone.localdate(), assignee_id=actor.user_id if mine else None
    )
    return [_call(c) for c in calls]


@router.post(
    "/complaints/{number}/return-calls",
    response={201: CallOut, **ERRORS},
    summary="Schedule a return call",
)
def call_post(
    request: HttpRequest, number: str, payload: CallIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """Staff only (403). ``due_on`` today or later (422); 409 while another call is scheduled
    for the complaint."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        complaint = selectors.complaint_get(actor=actor, number=number)
        ensure_can_call(actor)
        assignee = selectors.user_get(payload.assignee) if payload.assignee else None
        call = call_schedule_by_staff(
            complaint=complaint, actor=actor, due_on=payload.due_on, assignee=assignee
        )
        return 201, json.loads(CallOut.model_validate(_call(call)).model_dump_json())

    return Reply(*run_once(request, idempotency_key, run))


@router.post(
    "/return-calls/{call_id}/outcome",
    response={200: CallOut, **ERRORS},
    summary="Record a return call",
)
def call_outcome_post(
    request: HttpRequest, call_id: int, payload: OutcomeIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """``reached: false`` counts an attempt (the last one closes the call as unreached);
    ``reached: true`` needs an ``outcome``: ``recurring`` reopens the complaint, ``new_issue``
    (with ``new_issue`` text) opens a linked complaint. 409 when the call is not due yet or
    already finished."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        call = call_get(actor=actor, call_id=call_id)
        ensure_can_call(actor)
        recorded = call_outcome(
            call=call, actor=actor,
            report=CallReport(
                reached=payload.reached, outcome=payload.outcome or "", notes=payload.notes,
                new_issue=payload.new_issue,
            ),
        )
        return 200, json.loads(CallOut.model_validate(_call(recorded.call)).model_dump_json())

    return Reply(*run_once(request, idempotency_key, run))
