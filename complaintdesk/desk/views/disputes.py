"""The dispute card of a complaint and its actions: name the respondent, open a dispute, ask
for and record evidence, rule (or confirm the default ruling), choose the reviewer of an
appeal, decide it, issue a respondent's link, declare a conflict of interest. Each action
validates its form, calls one workflow and returns to the complaint page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import queues, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import stored_path
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.dispute_forms import (
    AskForm,
    ConflictForm,
    EvidenceForm,
    OpenDisputeForm,
    RespondentForm,
    ReviewerForm,
    ReviewForm,
    RulingForm,
)
from complaintdesk.desk.views.actions import checked_uploads
from complaintdesk.disputes.choices import Channel, StoredStage
from complaintdesk.disputes.display import dispute_panel
from complaintdesk.disputes.links import respondent_link_path
from complaintdesk.disputes.permissions import DECIDERS, REVIEW_ASSIGNERS
from complaintdesk.disputes.selectors import dispute_view, evidence_file_get, rules_active
from complaintdesk.disputes.services import Submission
from complaintdesk.workflows import appeal as appeals
from complaintdesk.workflows import dispute as disputes

OPENABLE = {Status.IN_PROGRESS, Status.IN_DISPUTE}


def dispute_card(complaint: Complaint, actor: Actor) -> dict[str, Any]:
    """What the complaint page shows of the respondent and the dispute, and which forms. A
    complaint without a dispute costs two queries (the dispute, the respondents to choose
    from); the forms of a dispute read the ruling rules only while they are offered."""
    view = dispute_view(actor=actor, complaint=complaint)
    card: dict[str, Any] = {"dispute": dispute_panel(view) if view else None}
    if not actor.is_staff_role:
        return card
    card["respondents"] = selectors.respondents_active()
    if view is None:
        card["can_open"] = complaint.respondent_id is not None and complaint.status in OPENABLE
        card["open_form"] = OpenDisputeForm()
        return card
    stage, appeal = view.dispute.stage, view.appeal
    pending = stage == StoredStage.APPEALED and appeal is not None and not appeal.decision
    card.update(
        can_work=stage == StoredStage.OPEN,
        ask_form=AskForm(),
        evidence_form=EvidenceForm(),
        can_rule=stage == StoredStage.OPEN and actor.role in DECIDERS,
        can_choose_reviewer=pending and actor.role in REVIEW_ASSIGNERS
        and appeal is not None and appeal.reviewer_id is None,
        can_review=pending and appeal is not None and appeal.reviewer_id == actor.user_id,
    )
    if card["can_rule"] or card["can_review"]:
        rules = rules_active()
        card["ruling_form"] = RulingForm(rules=rules)
        card["review_form"] = ReviewForm(rules=rules)
    if card["can_choose_reviewer"]:
        card["reviewers"] = queues.assignable_staff()
    return card


def _back(number: str) -> HttpResponse:
    return redirect("desk:complaint", number=number)


def _staff_complaint(actor: Actor, number: str) -> Complaint:
    if not actor.is_staff_role:
        raise NotFound(_("There is no such page."))
    return selectors.complaint_get(actor=actor, number=number)


@require_POST
@desk_view
def name_respondent(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = RespondentForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    code = form.cleaned_data["respondent"]
    respondent = selectors.respondent_get(code) if code else None
    disputes.name_respondent(complaint=complaint, actor=actor, respondent=respondent)
    messages.success(request, _("Respondent saved."))
    return _back(number)


@require_POST
@desk_view
def open_dispute(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = OpenDisputeForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    opened = disputes.open_dispute(complaint=complaint, actor=actor, **form.cleaned_data)
    messages.success(
        request,
        _("Dispute opened. Send the respondent this private link (shown only now): %(link)s")
        % {"link": request.build_absolute_uri(respondent_link_path(opened.respondent_token))},
    )
    return _back(number)


@require_POST
@desk_view
def ask(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = AskForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    disputes.request_evidence(complaint=complaint, actor=actor, **form.cleaned_data)
    messages.success(request, _("Evidence requested."))
    return _back(number)


@require_POST
@desk_view
def evidence(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    data = form.cleaned_data
    submission = Submission(
        kind=data["kind"], text=data["text"], tracking_number=data["tracking_number"],
        files=checked_uploads(data["attachments"]),
    )
    disputes.give_evidence(complaint=complaint, actor=actor, party=data["party"],
                           submission=submission, channel=Channel.DESK)
    messages.success(request, _("Evidence recorded."))
    return _back(number)


@require_POST
@desk_view
def rule(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = RulingForm(request.POST, rules=rules_active())
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    disputes.rule(complaint=complaint, actor=actor, decision=form.decision())
    messages.success(request, _("Ruling recorded; the parties may appeal within its period."))
    return _back(number)


@require_POST
@desk_view
def default_ruling(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    disputes.default_ruling_confirm(complaint=complaint, actor=actor)
    messages.success(request, _("Default ruling confirmed."))
    return _back(number)


@require_POST
@desk_view
def choose_reviewer(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = ReviewerForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    reviewer = selectors.user_get(form.cleaned_data["reviewer"])
    appeals.choose_reviewer(complaint=complaint, actor=actor, reviewer=reviewer)
    messages.success(request, _("Reviewer chosen."))
    return _back(number)


@require_POST
@desk_view
def review(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = ReviewForm(request.POST, rules=rules_active())
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    replacement = None
    if form.cleaned_data["decision_kind"] == "replace":
        if not form.cleaned_data.get("responsible") or not form.cleaned_data.get("outcome"):
            raise InvalidInput(_("Give the ruling that replaces it: who is responsible and the "
                                 "outcome."))
        replacement = form.decision()
    appeals.review(complaint=complaint, actor=actor, replacement=replacement,
                   note=form.cleaned_data.get("note") or "")
    messages.success(request, _("Appeal decided."))
    return _back(number)


@require_POST
@desk_view
def new_link(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    token = disputes.new_respondent_link(complaint=complaint, actor=actor)
    messages.success(
        request,
        _("New link for the respondent (shown only now): %(link)s")
        % {"link": request.build_absolute_uri(respondent_link_path(token))},
    )
    return _back(number)


@require_POST
@desk_view
def declare_conflict(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = _staff_complaint(actor, number)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    appeals.declare_conflict(complaint=complaint, actor=actor, reason=form.cleaned_data["reason"])
    messages.success(request, _("Conflict of interest recorded; you are off this complaint."))
    if not selectors.complaints_for(actor).filter(number=number).exists():
        return redirect("desk:queue")
    return _back(number)


@desk_view
def evidence_file(
    request: HttpRequest, actor: Actor, number: str, file_id: int
) -> HttpResponseBase:
    complaint = selectors.complaint_get(actor=actor, number=number)
    found = evidence_file_get(actor=actor, complaint=complaint, file_id=file_id)
    path = stored_path(found.storage_path)
    if not path.exists():
        raise NotFound(found.filename)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=found.filename,
                            content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response

