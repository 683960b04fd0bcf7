"""What the customer sees: status in plain words, the messages of their complaint, and the
questions after a resolution (is it solved, how did we do)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import EventKind, MessageKind, Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.texts import event_reason
from complaintdesk.followup.selectors import confirmation_open, survey_is_open, survey_of
from complaintdesk.portal.forms import ConfirmForm, SurveyForm
from complaintdesk.resolution.choices import CustomerAnswer, RemedyStatus
from complaintdesk.resolution.models import Remedy
from complaintdesk.resolution.wording import explanation_lines, remedy_title

PLAIN_STATUS = {
    Status.NEW: _("We have received your complaint and will look at it shortly."),
    Status.ACKNOWLEDGED: _("We have accepted your complaint and are looking into it."),
    Status.IN_PROGRESS: _("We are working on your complaint."),
    Status.WAITING_CUSTOMER: _("We need more information from you: please read our last message."),
    Status.IN_DISPUTE: _("We are examining the evidence from both sides."),
    Status.RESOLVED: _("We have given our answer. Tell us below if it does not solve the problem."),
    Status.CLOSED: _("Your complaint is closed."),
    Status.REOPENED: _("Your complaint was reopened and we are working on it again."),
    Status.REJECTED: _("We could not accept this complaint; the reason is below."),
    Status.WITHDRAWN: _("You withdrew this complaint."),
    Status.MERGED: _("Your complaint is handled together with a related complaint."),
}

def plain_status(complaint: Complaint) -> str:
    return str(PLAIN_STATUS.get(Status(complaint.status), ""))


@dataclass(frozen=True)
class Line:
    at: dt.datetime
    mine: bool
    who: str
    body: str


def conversation(entries: list[dict[str, Any]]) -> list[Line]:
    """Messages to and from the customer, and status changes with their public reason."""
    lines = []
    for entry in entries:
        if entry["type"] == "message":
            mine = entry["kind"] == MessageKind.INBOUND
            who = _("You") if mine else _("Customer service")
            lines.append(Line(entry["at"], mine, str(who), entry["body"]))
        elif entry["kind"] == EventKind.STATUS_CHANGED and entry.get("to_status"):
            reason = event_reason(entry.get("data") or {})
            text = str(Status(entry["to_status"]).label)
            said = text
            if reason:
                said = _("%(status)s. %(reason)s") % {"status": text, "reason": reason}
            lines.append(Line(entry["at"], False, str(_("Status")), said))
    return lines


SETTLED = frozenset({Status.RESOLVED, Status.CLOSED})


def followup_context(
    complaint: Complaint,
    *,
    confirm_form: ConfirmForm | None = None,
    survey_form: SurveyForm | None = None,
) -> dict[str, Any]:
    """The question about the resolution and the survey, as the customer sees them: the
    wording in the page's language (the survey's snapshot), the current answer filled in."""
    confirmation = confirmation_open(complaint=complaint)
    survey = survey_of(complaint=complaint)
    survey_open = (
        survey is not None and survey_is_open(survey) and complaint.status in SETTLED
    )
    questions: dict[str, Any] = {}
    if survey is not None:
        snapshot = survey.questions or {}
        language = "en" if (get_language() or "").startswith("en") else "zh-hans"
        questions = snapshot.get(language) or snapshot.get("zh-hans") or {}
    if survey_form is None and survey is not None and survey.score is not None:
        fair = "" if survey.remedy_fair is None else ("yes" if survey.remedy_fair else "no")
        survey_form = SurveyForm(
            initial={"score": str(survey.score), "comment": survey.comment, "remedy_fair": fair}
        )
    return {
        "confirmation": confirmation,
        "survey": survey,
        "survey_open": survey_open,
        "questions": questions,
        "ask_comment": questions.get("ask_comment", True),
        "ask_remedy": bool(survey and survey.has_remedy and questions.get("ask_remedy", True)),
        "confirm_form": confirm_form or ConfirmForm(),
        "survey_form": survey_form or SurveyForm(),
    }
@dataclass(frozen=True)
class OfferCard:
    remedy_id: int
    title: str
    lines: list[str]
    state: str
    can_answer: bool
    coupon_code: str
    coupon_expires_at: dt.datetime | None


def _offer_state(remedy: Remedy) -> str:
    if remedy.status == RemedyStatus.EXECUTED:
        return str(_("Done."))
    if remedy.customer_answer == CustomerAnswer.DECLINED:
        return str(_("You declined this offer; we will come back to you."))
    if remedy.customer_answer == CustomerAnswer.ACCEPTED:
        return str(_("You accepted this offer; we are carrying it out."))
    return ""


def offer_cards(remedies: list[Remedy]) -> list[OfferCard]:
    """The offers made to the customer, in their words, with whether they can still answer."""
    return [
        OfferCard(
            remedy_id=r.pk,
            title=remedy_title(r),
            lines=explanation_lines(r),
            state=_offer_state(r),
            can_answer=r.status == RemedyStatus.APPROVED and not r.customer_answer,
            coupon_code=(r.coupon_code or "") if r.status == RemedyStatus.EXECUTED else "",
            coupon_expires_at=r.coupon_expires_at,
        )
        for r in remedies
    ]
