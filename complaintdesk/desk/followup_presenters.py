"""What the desk shows of follow-up: the card on the complaint page, the lines of follow-up
events in the timeline, and the rows of the return-call queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.choices import (
    CallOutcome,
    CallReason,
    CallState,
    ConfirmationState,
    SurveyState,
)
from complaintdesk.followup.models import ReturnCall
from complaintdesk.followup.selectors import calls_of, confirmation_latest, survey_of

FOLLOWUP_EVENTS = frozenset(
    {
        EventKind.CONFIRMATION_ASKED, EventKind.CONFIRMATION_ANSWERED,
        EventKind.CONFIRMATION_EXPIRED, EventKind.CONFIRMATION_WITHDRAWN,
        EventKind.SURVEY_SENT, EventKind.SURVEY_REMINDED, EventKind.SURVEY_ANSWERED,
        EventKind.RETURN_CALL_SCHEDULED, EventKind.RETURN_CALL_ATTEMPTED,
        EventKind.RETURN_CALL_COMPLETED, EventKind.RETURN_CALL_UNREACHED,
        EventKind.RETURN_CALL_CANCELLED, EventKind.LINKED,
    }
)


def _label(choices: Any, value: str | None) -> str:
    try:
        return str(choices(value).label) if value else "—"
    except ValueError:
        return str(value)


def _when(value: Any) -> str:
    """An ISO instant or date from event data, as the desk writes times."""
    text = str(value or "")
    return text[:16].replace("T", " ") if text else "—"


def stars(score: int | None) -> str:
    return "★" * score + "☆" * (5 - score) if score else ""


def _call_detail(kind: str, data: dict[str, Any]) -> str:
    if kind == EventKind.RETURN_CALL_SCHEDULED:
        return _("%(reason)s · due %(day)s · caller: %(who)s") % {
            "reason": _label(CallReason, data.get("reason")), "day": _when(data.get("due_on")),
            "who": data.get("assignee") or "—",
        }
    if kind == EventKind.RETURN_CALL_ATTEMPTED:
        return _("Attempt %(n)s of %(max)s; next try %(day)s. %(notes)s") % {
            "n": data.get("attempts"), "max": data.get("max_attempts"),
            "day": _when(data.get("next_due_on")), "notes": data.get("notes", ""),
        }
    if kind == EventKind.RETURN_CALL_UNREACHED:
        return _("Not reached after %(n)s attempts. %(notes)s") % {
            "n": data.get("attempts"), "notes": data.get("notes", ""),
        }
    if kind == EventKind.RETURN_CALL_COMPLETED:
        return f"{_label(CallOutcome, data.get('outcome'))}. {data.get('notes', '')}".strip()
    if kind == EventKind.RETURN_CALL_CANCELLED:
        return _label(CallReason, data.get("reason"))
    if data.get("relation") == "new_issue":
        return _("New complaint %(number)s") % {"number": data.get("number")}
    return _("Found on a return call about %(number)s") % {"number": data.get("number")}


def followup_event_detail(kind: str, data: dict[str, Any]) -> str:
    """One line for a follow-up event in the timeline."""
    if kind == EventKind.CONFIRMATION_ASKED:
        return _("Answer awaited until %(day)s") % {"day": _when(data.get("closes_at"))}
    if kind == EventKind.CONFIRMATION_ANSWERED:
        if data.get("solved"):
            return _("Solved")
        return _("Not solved: %(reason)s") % {"reason": data.get("reason", "")}
    if kind == EventKind.CONFIRMATION_EXPIRED:
        return _("No answer by %(day)s") % {"day": _when(data.get("closes_at"))}
    if kind == EventKind.SURVEY_SENT:
        return _("Reminder due %(day)s") % {"day": _when(data.get("reminder_due_at"))}
    if kind == EventKind.SURVEY_ANSWERED:
        parts = [f"{stars(data.get('score'))} ({data.get('score')}/5)"]
        if data.get("remedy_fair") is not None:
            parts.append(_("remedy fair") if data["remedy_fair"] else _("remedy not fair"))
        if data.get("changed"):
            parts.append(_("answer changed"))
        if data.get("comment"):
            parts.append(str(data["comment"]))
        return " · ".join(parts)
    if kind in {EventKind.CONFIRMATION_WITHDRAWN, EventKind.SURVEY_REMINDED}:
        return ""
    return _call_detail(kind, data)


@dataclass(frozen=True)
class CallRow:
    call: ReturnCall
    reason: str
    state: str
    outcome: str


def call_row(call: ReturnCall) -> CallRow:
    return CallRow(
        call=call,
        reason=_label(CallReason, call.reason),
        state=_label(CallState, call.state),
        outcome=_label(CallOutcome, call.outcome) if call.outcome else "",
    )


def followup_card(complaint: Complaint, actor: Actor) -> dict[str, Any]:
    """The follow-up card of the complaint page: the latest confirmation, the survey and the
    return calls, and whether a call can be scheduled now."""
    confirmation = confirmation_latest(complaint=complaint)
    survey = survey_of(complaint=complaint)
    calls = [call_row(c) for c in calls_of(complaint=complaint)]
    return {
        "confirmation": confirmation,
        "confirmation_state": _label(ConfirmationState, confirmation.state)
        if confirmation
        else "",
        "survey": survey,
        "survey_state": _label(SurveyState, survey.state) if survey else "",
        "survey_stars": stars(survey.score) if survey else "",
        "calls": calls,
        "can_schedule": actor.is_staff_role
        and not any(r.call.state == CallState.SCHEDULED for r in calls),
    }
