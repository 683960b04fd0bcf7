"""Reads of follow-up: the question open to a customer, the survey, due calls, what the
worker has to do. Complaint scope always comes from ``complaints.selectors``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import NotFound
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import complaints_for
from complaintdesk.followup.choices import CallState, ConfirmationState, SurveyState
from complaintdesk.followup.errors import Gone
from complaintdesk.followup.models import (
    CallScript,
    Confirmation,
    ReturnCall,
    Survey,
    SurveyLink,
    SurveyQuestions,
)
from complaintdesk.followup.models.survey import hash_survey_token

LANGUAGES = ("zh-hans", "en")
SETTLED_STATUSES = ("resolved", "closed")


def confirmation_open(*, complaint: Complaint) -> Confirmation | None:
    """The question still asked about the complaint's latest resolution, if any."""
    return Confirmation.objects.filter(
        complaint=complaint, state=ConfirmationState.ASKED
    ).first()


def confirmation_latest(*, complaint: Complaint) -> Confirmation | None:
    return Confirmation.objects.filter(complaint=complaint).order_by("-asked_at", "-id").first()


def survey_of(*, complaint: Complaint) -> Survey | None:
    return Survey.objects.filter(complaint=complaint).first()


def survey_is_open(survey: Survey, now: dt.datetime | None = None) -> bool:
    return survey.closes_at > (now or timezone.now())


def survey_link_find(raw_token: str) -> SurveyLink:
    """The link a customer opened: 404 when unknown, 410 when used or expired."""
    link = (
        SurveyLink.objects.select_related("survey", "survey__complaint")
        .filter(token_hash=hash_survey_token(raw_token))
        .first()
    )
    if link is None:
        raise NotFound(_("This survey link is not valid. Check that you copied all of it."))
    if link.used_at is not None:
        raise Gone(_("This survey link was used already. Use the newest link we gave you."))
    if link.expires_at <= timezone.now():
        raise Gone(_("This survey has closed. Thank you all the same."))
    return link


def questions_snapshot(*, industry: str) -> dict[str, Any]:
    """The survey wording for this industry (or the general one) in each language."""
    rows = SurveyQuestions.objects.filter(
        is_active=True, industry__in=[industry, ""], language__in=LANGUAGES
    )
    chosen: dict[str, SurveyQuestions] = {}
    for row in sorted(rows, key=lambda r: r.industry != industry):
        chosen.setdefault(row.language, row)
    return {
        language: {
            "intro": row.intro,
            "rating": row.rating_question,
            "comment": row.comment_question,
            "remedy": row.remedy_question,
            "ask_comment": row.ask_comment,
            "ask_remedy": row.ask_remedy,
        }
        for language, row in chosen.items()
    }


def script_for(*, category: str, language: str) -> str:
    """The return-call script of this category (or the general one), in this language."""
    rows = CallScript.objects.filter(
        is_active=True, category__in=[category, ""], language__in=[language, "zh-hans"]
    )
    best = min(
        rows,
        key=lambda r: (r.language != language, r.category != category, r.pk),
        default=None,
    )
    return best.body if best is not None else ""


def calls_of(*, complaint: Complaint) -> QuerySet[ReturnCall]:
    return ReturnCall.objects.filter(complaint=complaint).select_related(
        "assignee", "new_complaint"
    ).order_by("created_at", "id")


def calls_due(
    *, actor: Actor, today: dt.date, assignee_id: int | None = None, limit: int = 200
) -> QuerySet[ReturnCall]:
    """Scheduled calls due today or earlier on complaints the actor sees, oldest due first.
    Calls are internal work: complainant roles see none."""
    if not actor.sees_internal:
        return ReturnCall.objects.none()
    calls = ReturnCall.objects.filter(
        state=CallState.SCHEDULED, due_on__lte=today, complaint__in=complaints_for(actor)
    )
    if assignee_id is not None:
        calls = calls.filter(assignee_id=assignee_id)
    return calls.select_related("complaint", "complaint__customer", "assignee").order_by(
        "due_on", "id"
    )[:limit]


def call_get(*, actor: Actor, call_id: int) -> ReturnCall:
    """One call, or 404 alike when it does not exist, its complaint is out of scope, or the
    actor is a complainant (calls are internal work)."""
    if not actor.sees_internal:
        raise NotFound(_("No return call %(id)s that you can see.") % {"id": call_id})
    call = (
        ReturnCall.objects.filter(pk=call_id, complaint__in=complaints_for(actor))
        .select_related("complaint", "complaint__customer", "assignee", "new_complaint")
        .first()
    )
    if call is None:
        raise NotFound(_("No return call %(id)s that you can see.") % {"id": call_id})
    return call


def invites_due(*, now: dt.datetime, limit: int, skip: set[int]) -> list[int]:
    """Surveys whose invitation is due, on complaints resolved or closed (not reopened)."""
    return list(
        Survey.objects.filter(
            state=SurveyState.PENDING, by_mail=True, invited_at__isnull=True,
            invite_due_at__lte=now, closes_at__gt=now,
            complaint__status__in=SETTLED_STATUSES,
        )
        .exclude(pk__in=skip)
        .order_by("invite_due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def reminders_due(*, now: dt.datetime, limit: int, skip: set[int]) -> list[int]:
    """Sent, unanswered surveys whose one reminder is due, while still open."""
    return list(
        Survey.objects.filter(
            state=SurveyState.SENT, reminded_at__isnull=True, reminder_due_at__lte=now,
            closes_at__gt=now, complaint__status__in=SETTLED_STATUSES,
        )
        .exclude(pk__in=skip)
        .order_by("reminder_due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def confirmations_due(*, now: dt.datetime, limit: int, skip: set[int]) -> list[int]:
    """Confirmations nobody answered before their deadline."""
    return list(
        Confirmation.objects.filter(state=ConfirmationState.ASKED, closes_at__lte=now)
        .exclude(pk__in=skip)
        .order_by("closes_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def survey_department_id(*, survey_id: int) -> int | None:
    """The department of the survey's complaint (whose calendar counts its working days)."""
    return (
        Survey.objects.filter(pk=survey_id)
        .values_list("complaint__department_id", flat=True)
        .first()
    )


SATISFIED_FROM = 4


def satisfaction_among(complaint_ids: list[int]) -> tuple[int, int]:
    """(answered surveys, of which satisfied: 4 or 5 of 5) of these complaints, one query."""
    scores = list(
        Survey.objects.filter(complaint_id__in=complaint_ids, score__isnull=False).values_list(
            "score", flat=True
        )
    )
    return len(scores), sum(1 for s in scores if s is not None and s >= SATISFIED_FROM)
