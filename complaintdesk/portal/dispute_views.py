"""Disputes on the portal: the customer answers from the tracking page, the respondent from
its private link (``/r/<token>/``).

On the respondent's page the respondent acts as itself (role ``respondent``): it sees the
complaint it is named in with the customer's contact details masked, what it is asked and by
when, its own evidence (never the customer's), the ruling, and may appeal within the period.
A wrong or expired link, or a complaint that no longer names the respondent, is a plain 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import stored_path
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import DomainError, NotFound
from complaintdesk.complaints.models import Complaint, Respondent
from complaintdesk.disputes.choices import Channel, Party
from complaintdesk.disputes.display import dispute_panel
from complaintdesk.disputes.selectors import (
    dispute_view,
    evidence_file_get,
    respondent_link_open,
)
from complaintdesk.disputes.services import Submission
from complaintdesk.lib.text import mask_contacts_in_text
from complaintdesk.portal.dispute_forms import AppealForm, PartyEvidenceForm
from complaintdesk.workflows.appeal import appeal
from complaintdesk.workflows.dispute import give_evidence


def dispute_context(actor: Actor, complaint: Complaint) -> dict[str, Any]:
    """The dispute section of a party's page and its two forms."""
    view = dispute_view(actor=actor, complaint=complaint)
    panel = dispute_panel(view) if view else None
    return {
        "dispute": panel,
        "dispute_asked_me": panel is not None and view is not None
        and view.viewer_party in panel["asked"],
        "evidence_form": PartyEvidenceForm(),
        "appeal_form": AppealForm(),
    }


def respondent_actor(respondent: Respondent) -> Actor:
    return Actor(user_id=None, role=Role.RESPONDENT, respondent_id=respondent.pk,
                 label=respondent.name)


def _opened(token: str) -> tuple[Complaint, Actor]:
    try:
        complaint, respondent = respondent_link_open(token)
    except NotFound:
        raise Http404 from None
    return complaint, respondent_actor(respondent)


def _respondent_page(request: HttpRequest, token: str, complaint: Complaint, actor: Actor,
                     status: int = 200, error: str = "", **forms: Any) -> HttpResponse:
    context = {
        "c": complaint,
        "token": token,
        "text": mask_contacts_in_text(complaint.text),
        "masked": True,
        "respondent": actor.label,
        "error": error,
        **dispute_context(actor, complaint),
        **forms,
    }
    return render(request, "portal/respondent.html", context, status=status)


def respondent_page(request: HttpRequest, token: str) -> HttpResponse:
    complaint, actor = _opened(token)
    return _respondent_page(request, token, complaint, actor)


def submit_evidence(request: HttpRequest, complaint: Complaint, actor: Actor, party: str,
                    channel: str) -> tuple[int, str, PartyEvidenceForm | None]:
    """Validate and keep a party's evidence; ``(status, error, form)`` when refused."""
    form = PartyEvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return 400, "", form
    data = form.cleaned_data
    submission = Submission(kind=data["kind"], text=data["text"],
                            tracking_number=data["tracking_number"], files=data["attachments"])
    try:
        with transaction.atomic():
            give_evidence(complaint=complaint, actor=actor, party=party,
                          submission=submission, channel=channel)
    except DomainError as exc:
        return exc.status, str(exc.message), form
    return 0, "", None


def file_appeal(request: HttpRequest, complaint: Complaint, actor: Actor, party: str,
                channel: str) -> tuple[int, str, AppealForm | None]:
    form = AppealForm(request.POST)
    if not form.is_valid():
        return 400, "", form
    try:
        appeal(complaint=complaint, actor=actor, party=party,
               grounds=form.cleaned_data["grounds"], channel=channel)
    except DomainError as exc:
        return exc.status, str(exc.message), form
    return 0, "", None


@require_POST
def respondent_evidence(request: HttpRequest, token: str) -> HttpResponse:
    complaint, actor = _opened(token)
    status, error, form = submit_evidence(request, complaint, actor, Party.RESPONDENT,
                                          Channel.LINK)
    if form is not None:
        return _respondent_page(request, token, complaint, actor, status, error,
                                evidence_form=form)
    return redirect("portal:respondent", token=token)


@require_POST
def respondent_appeal(request: HttpRequest, token: str) -> HttpResponse:
    complaint, actor = _opened(token)
    status, error, form = file_appeal(request, complaint, actor, Party.RESPONDENT, Channel.LINK)
    if form is not None:
        return _respondent_page(request, token, complaint, actor, status, error,
                                appeal_form=form)
    return redirect("portal:respondent", token=token)


def evidence_download(actor: Actor, complaint: Complaint, file_id: int) -> HttpResponseBase:
    """A party's own evidence file; 404 for anything else."""
    try:
        found = evidence_file_get(actor=actor, complaint=complaint, file_id=file_id)
    except DomainError:
        raise Http404 from None
    path = stored_path(found.storage_path)
    if not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=found.filename,
                            content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respondent_file(request: HttpRequest, token: str, file_id: int) -> HttpResponseBase:
    complaint, actor = _opened(token)
    return evidence_download(actor, complaint, file_id)

