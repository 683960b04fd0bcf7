"""Every write of follow-up: confirmation, survey, return calls. Each runs in the caller's
transaction (or its own) and records what it did as a ComplaintEvent through
``complaints.services.event_record`` in that same transaction.

These functions change follow-up rows and write events only. What follows from an answer
(the complaint closed or reopened, supervisors told, a new complaint opened) is composed in
``complaintdesk.workflows.followup``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES, EventKind, Role, Status
from complaintdesk.complaints.errors import Conflict, InvalidInput, MissingRequirement
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.complaints.services import event_record
from complaintdesk.followup.choices import (
    AnswerChannel,
    CallOutcome,
    CallState,
    ConfirmationState,
    SurveyState,
)
from complaintdesk.followup.errors import Gone
from complaintdesk.followup.models import Confirmation, ReturnCall, Survey, SurveyLink
from complaintdesk.followup.models.survey import SCORE_MAX, SCORE_MIN, hash_survey_token
from complaintdesk.followup.permissions import ensure_can_answer, ensure_can_call

#: The actor of what follow-up does on its own (closing a complaint nobody answered for).
FOLLOWUP_ACTOR = Actor(user_id=None, role=Role.ADMIN, label="followup")
#: Complaint statuses in which the customer is asked, reminded and may rate.
SETTLED = frozenset({Status.RESOLVED, Status.CLOSED})
REASON_CHARS = 2000
COMMENT_CHARS = 2000


class SurveyPlan(NamedTuple):
    """What a resolution opens: the confirmation's deadline and the survey's window."""

    asked_at: dt.datetime
    confirm_closes_at: dt.datetime
    calendar_verified: bool
    survey_closes_at: dt.datetime
    language: str
    questions: dict[str, Any]
    has_remedy: bool


def _iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


@transaction.atomic
def followup_open(*, complaint: Complaint, actor: Actor, plan: SurveyPlan) -> Confirmation:
    """A resolution asks the customer to confirm it and opens the survey (the first time) or
    opens it again until the new window's end (when it was not answered yet)."""
    Confirmation.objects.filter(complaint=complaint, state=ConfirmationState.ASKED).update(
        state=ConfirmationState.WITHDRAWN, answered_at=plan.asked_at
    )
    confirmation = Confirmation.objects.create(
        complaint=complaint,
        asked_at=plan.asked_at,
        closes_at=plan.confirm_closes_at,
        calendar_verified=plan.calendar_verified,
    )
    survey = Survey.objects.filter(complaint=complaint).first()
    if survey is None:
        customer = complaint.customer
        survey = Survey.objects.create(
            complaint=complaint,
            language=plan.language,
            industry=complaint.industry,
            category=complaint.category,
            department_id=complaint.department_id,
            agent_id=complaint.assignee_id,
            has_remedy=plan.has_remedy,
            questions=plan.questions,
            by_mail=bool(customer and customer.email),
            created_at=plan.asked_at,
            invite_due_at=plan.asked_at,
            closes_at=plan.survey_closes_at,
        )
    elif survey.state != SurveyState.ANSWERED:
        survey.closes_at = max(survey.closes_at, plan.survey_closes_at)
        survey.has_remedy = survey.has_remedy or plan.has_remedy
        survey.save(update_fields=["closes_at", "has_remedy"])
    event_record(
        complaint=complaint,
        kind=EventKind.CONFIRMATION_ASKED,
        actor=actor,
        at=plan.asked_at,
        confirmation=confirmation.pk,
        closes_at=_iso(plan.confirm_closes_at),
        calendar_verified=plan.calendar_verified,
        survey=survey.pk,
        survey_closes_at=_iso(survey.closes_at),
        has_remedy=plan.has_remedy,
    )
    return confirmation


class Answered(NamedTuple):
    confirmation: Confirmation
    event: ComplaintEvent


@transaction.atomic
def confirmation_answer(
    *, complaint: Complaint, actor: Actor, solved: bool, reason: str, via: str
) -> Answered:
    """The customer says whether the resolution solved the problem; "not solved" needs a
    reason. Refused (409) when nothing is being asked."""
    ensure_can_answer(actor)
    reason = reason.strip()
    if not solved and not reason:
        raise MissingRequirement(
            _("Tell us what is still wrong, so we can work on it again."), {"missing": ["reason"]}
        )
    if len(reason) > REASON_CHARS:
        raise InvalidInput(
            _("At most %(n)s characters.") % {"n": REASON_CHARS}, {"field": "reason"}
        )
    confirmation = (
        Confirmation.objects.select_for_update()
        .filter(complaint=complaint, state=ConfirmationState.ASKED)
        .first()
    )
    if confirmation is None:
        raise Conflict(_("We are not waiting for your confirmation on this complaint now."))
    now = timezone.now()
    confirmation.state = ConfirmationState.SOLVED if solved else ConfirmationState.NOT_SOLVED
    confirmation.answered_at, confirmation.answered_via = now, via
    confirmation.reason = reason
    confirmation.save(update_fields=["state", "answered_at", "answered_via", "reason"])
    event = event_record(
        complaint=complaint,
        kind=EventKind.CONFIRMATION_ANSWERED,
        actor=actor,
        at=now,
        confirmation=confirmation.pk,
        solved=solved,
        reason=reason,
        via=via,
    )
    return Answered(confirmation, event)


@transaction.atomic
def confirmation_expire(*, confirmation_id: int, now: dt.datetime) -> Answered | None:
    """Claim a confirmation nobody answered before its deadline (conditional UPDATE: two
    workers never both claim it) and record that it expired. ``None``: not due or taken."""
    claimed = Confirmation.objects.filter(
        pk=confirmation_id, state=ConfirmationState.ASKED, closes_at__lte=now
    ).update(state=ConfirmationState.EXPIRED, answered_at=now, answered_via=AnswerChannel.SYSTEM)
    if claimed != 1:
        return None
    confirmation = Confirmation.objects.select_related("complaint").get(pk=confirmation_id)
    event = event_record(
        complaint=confirmation.complaint,
        kind=EventKind.CONFIRMATION_EXPIRED,
        actor=FOLLOWUP_ACTOR,
        at=now,
        confirmation=confirmation.pk,
        closes_at=_iso(confirmation.closes_at),
    )
    return Answered(confirmation, event)


@transaction.atomic
def confirmation_withdraw(*, complaint: Complaint, actor: Actor, at: dt.datetime) -> int:
    """Staff closed or reopened the complaint themselves: the question is no longer asked."""
    ids = list(
        Confirmation.objects.filter(complaint=complaint, state=ConfirmationState.ASKED)
        .values_list("pk", flat=True)
    )
    Confirmation.objects.filter(pk__in=ids).update(
        state=ConfirmationState.WITHDRAWN, answered_at=at
    )
    for pk in ids:
        event_record(
            complaint=complaint,
            kind=EventKind.CONFIRMATION_WITHDRAWN,
            actor=actor,
            at=at,
            confirmation=pk,
        )
    return len(ids)


def _new_link(survey: Survey, now: dt.datetime) -> str:
    raw = secrets.token_urlsafe(32)
    SurveyLink.objects.create(
        survey=survey,
        token_hash=hash_survey_token(raw),
        created_at=now,
        expires_at=survey.closes_at,
    )
    return raw


class SurveyMail(NamedTuple):
    """A claimed invitation or reminder: the survey, its event and the new link to send."""

    survey: Survey
    event: ComplaintEvent
    token: str


@transaction.atomic
def survey_invite_claim(
    *, survey_id: int, now: dt.datetime, reminder_due_at: dt.datetime
) -> SurveyMail | None:
    """Claim a due invitation (``invited_at`` still empty, conditional UPDATE), record
    ``survey_sent`` and issue its single-use link. ``None`` when another pass took it."""
    claimed = Survey.objects.filter(
        pk=survey_id, state=SurveyState.PENDING, invited_at__isnull=True, invite_due_at__lte=now
    ).update(state=SurveyState.SENT, invited_at=now, reminder_due_at=reminder_due_at)
    if claimed != 1:
        return None
    survey = Survey.objects.select_related("complaint", "complaint__customer").get(pk=survey_id)
    event = event_record(
        complaint=survey.complaint, kind=EventKind.SURVEY_SENT, actor=FOLLOWUP_ACTOR, at=now,
        survey=survey.pk, reminder_due_at=_iso(reminder_due_at),
    )
    return SurveyMail(survey, event, _new_link(survey, now))


@transaction.atomic
def survey_reminder_claim(*, survey_id: int, now: dt.datetime) -> SurveyMail | None:
    """Claim the one reminder of an unanswered survey, record it and issue a new link."""
    claimed = Survey.objects.filter(
        pk=survey_id,
        state=SurveyState.SENT,
        reminded_at__isnull=True,
        reminder_due_at__lte=now,
        closes_at__gt=now,
    ).update(reminded_at=now)
    if claimed != 1:
        return None
    survey = Survey.objects.select_related("complaint", "complaint__customer").get(pk=survey_id)
    event = event_record(
        complaint=survey.complaint, kind=EventKind.SURVEY_REMINDED, actor=FOLLOWUP_ACTOR,
        at=now, survey=survey.pk,
    )
    return SurveyMail(survey, event, _new_link(survey, now))


class SurveyAnswer(NamedTuple):
    score: int
    comment: str
    remedy_fair: bool | None


class SurveyAnswered(NamedTuple):
    """The answer recorded; ``low_first`` when it is the first low score of this survey;
    ``token`` the fresh link to change the answer (answers through a link only)."""

    survey: Survey
    event: ComplaintEvent
    low_first: bool
    token: str


def _check_answer(answer: SurveyAnswer) -> None:
    if not isinstance(answer.score, int) or not SCORE_MIN <= answer.score <= SCORE_MAX:
        raise InvalidInput(
            _("Choose a score from %(low)s to %(high)s stars.")
            % {"low": SCORE_MIN, "high": SCORE_MAX},
            {"field": "score", "min": SCORE_MIN, "max": SCORE_MAX},
        )
    if len(answer.comment) > COMMENT_CHARS:
        raise InvalidInput(
            _("At most %(n)s characters.") % {"n": COMMENT_CHARS}, {"field": "comment"}
        )


def _use_link(survey: Survey, link: SurveyLink | None, now: dt.datetime) -> None:
    if link is None:
        return
    if link.survey_id != survey.pk:
        raise InvalidInput(_("This link belongs to another survey."))
    if SurveyLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now) != 1:
        raise Gone(_("This survey link was used already. Use the newest link we gave you."))


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    actor: Actor,
    answer: SurveyAnswer,
    via: str,
    link: SurveyLink | None = None,
) -> SurveyAnswered:
    """Record (or change, while the survey is open) the customer's answer. Through a
    single-use ``link`` the link is spent and a fresh one returned for a later change."""
    ensure_can_answer(actor)
    _check_answer(answer)
    survey = Survey.objects.select_for_update().select_related("complaint").get(pk=survey.pk)
    now = timezone.now()
    if survey.closes_at <= now:
        raise Gone(_("This survey closed on %(day)s.") % {"day": f"{survey.closes_at:%Y-%m-%d}"})
    if survey.complaint.status not in SETTLED:
        raise Conflict(_("We are working on your complaint again; rate us once it is resolved."))
    _use_link(survey, link, now)
    changed = survey.answered_at is not None
    low_first = answer.score <= settings.FOLLOWUP_LOW_SCORE and survey.low_score_flagged_at is None
    survey.state = SurveyState.ANSWERED
    survey.score, survey.comment = answer.score, answer.comment.strip()
    survey.remedy_fair = answer.remedy_fair if survey.has_remedy else None
    survey.answered_via = via
    survey.answered_at = survey.answered_at or now
    survey.changed_at = now if changed else None
    survey.low_score_flagged_at = now if low_first else survey.low_score_flagged_at
    survey.save()
    event = event_record(
        complaint=survey.complaint, kind=EventKind.SURVEY_ANSWERED, actor=actor, at=now,
        survey=survey.pk, score=survey.score, remedy_fair=survey.remedy_fair,
        comment=survey.comment[:200], changed=changed, via=via,
    )
    token = _new_link(survey, now) if link is not None else ""
    return SurveyAnswered(survey, event, low_first, token)


# Return calls ------------------------------------------------------------------------------


class CallPlan(NamedTuple):
    """Where, when and by whom a return call is made."""

    reason: str
    due_on: dt.date
    assignee: AbstractBaseUser | None
    script: str
    max_attempts: int


def _check_call_assignee(user: AbstractBaseUser | None) -> None:
    membership = getattr(user, "membership", None) if user is not None else None
    if user is not None and (
        membership is None or membership.role not in STAFF_ROLES or not user.is_active
    ):
        raise InvalidInput(
            _("%(user)s is not active staff and cannot make return calls.")
            % {"user": user.get_username()},
            {"field": "assignee"},
        )


def _scheduled_event(call: ReturnCall, actor: Actor | None, **extra: Any) -> ComplaintEvent:
    return event_record(
        complaint=call.complaint, kind=EventKind.RETURN_CALL_SCHEDULED, actor=actor,
        call=call.pk, reason=call.reason, due_on=call.due_on.isoformat(),
        assignee=call.assignee.get_username() if call.assignee else None, **extra,
    )


@transaction.atomic
def call_schedule(
    *, complaint: Complaint, actor: Actor, plan: CallPlan, today: dt.date
) -> ReturnCall:
    """Schedule a return call; refused while another one is scheduled for the complaint.
    Calls a policy or a low score opens are scheduled by :data:`FOLLOWUP_ACTOR`."""
    ensure_can_call(actor)
    _check_call_assignee(plan.assignee)
    if plan.due_on < today:
        raise InvalidInput(_("Choose today or a later day."), {"field": "due_on"})
    Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
    existing = ReturnCall.objects.filter(complaint=complaint, state=CallState.SCHEDULED).first()
    if existing is not None:
        raise Conflict(
            _("A return call is already scheduled for %(day)s.") % {"day": existing.due_on},
            {"call": existing.pk},
        )
    call = ReturnCall.objects.create(
        complaint=complaint, reason=plan.reason, due_on=plan.due_on,
        assignee_id=plan.assignee.pk if plan.assignee is not None else None,
        script=plan.script, max_attempts=plan.max_attempts, created_at=timezone.now(),
        created_by_id=actor.user_id,
    )
    _scheduled_event(call, actor)
    return call


@transaction.atomic
def call_ensure_by(
    *, complaint: Complaint, actor: Actor, plan: CallPlan, today: dt.date
) -> ReturnCall:
    """A call due by ``plan.due_on``: the scheduled one, brought forward if it falls later
    (the move recorded), or a new one."""
    existing = (
        ReturnCall.objects.select_for_update()
        .filter(complaint=complaint, state=CallState.SCHEDULED)
        .first()
    )
    if existing is None:
        return call_schedule(complaint=complaint, actor=actor, plan=plan, today=today)
    if existing.due_on > plan.due_on:
        existing.due_on = plan.due_on
        existing.save(update_fields=["due_on"])
        _scheduled_event(existing, actor, moved_for=plan.reason)
    return existing


class CallRecorded(NamedTuple):
    call: ReturnCall
    event: ComplaintEvent


def _lock_due_call(call: ReturnCall, today: dt.date) -> ReturnCall:
    call = ReturnCall.objects.select_for_update().select_related("complaint").get(pk=call.pk)
    if call.state != CallState.SCHEDULED:
        raise Conflict(
            _("This return call is finished (%(state)s); nothing more can be recorded.")
            % {"state": CallState(call.state).label},
            {"state": call.state},
        )
    if call.due_on > today:
        raise Conflict(
            _("This return call is due on %(day)s; record its outcome from that day.")
            % {"day": call.due_on.isoformat()},
            {"due_on": call.due_on.isoformat()},
        )
    return call


@transaction.atomic
def call_record_unreached(
    *, call: ReturnCall, actor: Actor, notes: str, next_due_on: dt.date, today: dt.date
) -> CallRecorded:
    """The customer did not answer: one more attempt. The last allowed attempt closes the
    call as unreached; otherwise it moves to ``next_due_on`` (the next working day)."""
    ensure_can_call(actor)
    call = _lock_due_call(call, today)
    now = timezone.now()
    call.attempts += 1
    call.last_attempt_at = now
    call.notes = "\n".join(filter(None, [call.notes, notes.strip()]))
    closed = call.attempts >= call.max_attempts
    if closed:
        call.state, call.completed_at = CallState.UNREACHED, now
    else:
        call.due_on = next_due_on
    call.save()
    event = event_record(
        complaint=call.complaint,
        kind=EventKind.RETURN_CALL_UNREACHED if closed else EventKind.RETURN_CALL_ATTEMPTED,
        actor=actor, at=now, call=call.pk, attempts=call.attempts,
        max_attempts=call.max_attempts, next_due_on=None if closed else next_due_on.isoformat(),
        notes=notes.strip()[:500],
    )
    return CallRecorded(call, event)


@transaction.atomic
def call_record_reached(
    *, call: ReturnCall, actor: Actor, outcome: str, notes: str, today: dt.date
) -> CallRecorded:
    """The customer was reached: the outcome ends the call."""
    ensure_can_call(actor)
    if outcome not in CallOutcome.values:
        raise InvalidInput(
            _("Choose what came of the call."), {"field": "outcome", "allowed": CallOutcome.values}
        )
    call = _lock_due_call(call, today)
    now = timezone.now()
    call.attempts += 1
    call.last_attempt_at = call.completed_at = now
    call.state, call.outcome = CallState.DONE, outcome
    call.notes = "\n".join(filter(None, [call.notes, notes.strip()]))
    call.save()
    event = event_record(
        complaint=call.complaint, kind=EventKind.RETURN_CALL_COMPLETED, actor=actor, at=now,
        call=call.pk, outcome=outcome, attempts=call.attempts, notes=notes.strip()[:500],
    )
    return CallRecorded(call, event)


@transaction.atomic
def call_link_new_complaint(*, call: ReturnCall, new_complaint: Complaint, actor: Actor) -> None:
    """A call that found a new issue points to the complaint opened for it; both complaints
    record the link."""
    ReturnCall.objects.filter(pk=call.pk).update(new_complaint=new_complaint)
    call.new_complaint = new_complaint
    event_record(
        complaint=call.complaint, kind=EventKind.LINKED, actor=actor, call=call.pk,
        number=new_complaint.number, relation="new_issue",
    )
    event_record(
        complaint=new_complaint, kind=EventKind.LINKED, actor=actor, call=call.pk,
        number=call.complaint.number, relation="found_on_return_call",
    )


@transaction.atomic
def calls_cancel(
    *, complaint: Complaint, actor: Actor, reasons: frozenset[str], at: dt.datetime
) -> int:
    """Cancel the scheduled calls of these reasons (a reopening makes them moot)."""
    calls = list(
        ReturnCall.objects.select_for_update().filter(
            complaint=complaint, state=CallState.SCHEDULED, reason__in=reasons
        )
    )
    for call in calls:
        call.state, call.completed_at = CallState.CANCELLED, at
        call.save(update_fields=["state", "completed_at"])
        event_record(
            complaint=complaint, kind=EventKind.RETURN_CALL_CANCELLED, actor=actor, at=at,
            call=call.pk, reason=call.reason,
        )
    return len(calls)
