"""Actions on one complaint. Each validates its form, calls one service and returns to the
complaint page; a refusal by the service becomes an error page with its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import (
    CheckedUpload,
    attachment_upload,
    attachment_upload_check,
)
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.forms import (
    AssignForm,
    AttachForm,
    CorrectForm,
    MessageForm,
    ReplyForm,
    TagsForm,
    TransitionForm,
)
from complaintdesk.workflows import assign as assigning
from complaintdesk.workflows.reply import FollowUp, reply_and_follow_up
from complaintdesk.workflows.reply import reply as message_reply
from complaintdesk.workflows.root_cause import RootCauseInput, root_cause_input
from complaintdesk.workflows.transition import transition as status_move


def _back(number: str) -> HttpResponse:
    return redirect("desk:complaint", number=number)


def checked_uploads(files: list[UploadedFile]) -> list[CheckedUpload]:
    return [attachment_upload_check(stream=f, filename=f.name or "") for f in files]


def _attach_all(
    complaint: Complaint, actor: Actor, uploads: list[CheckedUpload], message: Message | None
) -> None:
    for upload in uploads:
        attachment_upload(complaint=complaint, actor=actor, upload=upload, message=message)


@require_POST
@desk_view
def assign(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = AssignForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    code = form.cleaned_data["department"]
    username = form.cleaned_data["assignee"]
    assigning.assign(
        complaint=complaint,
        actor=actor,
        department=selectors.department_get(code) if code else None,
        assignee=selectors.user_get(username) if username else None,
    )
    messages.success(request, _("Assignment saved."))
    if not selectors.complaints_for(actor).filter(number=number).exists():
        return redirect("desk:queue")
    return _back(number)


@require_POST
@desk_view
def transition(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    target_number = form.cleaned_data["merge_into"].strip()
    data = form.cleaned_data
    cause: RootCauseInput | None = None
    if data["to"] == "resolved" and data["root_cause"]:
        cause = root_cause_input(
            code=data["root_cause"], department=data["responsible_department"],
            respondent=data["responsible_respondent"],
        )
    status_move(
        complaint=complaint,
        to=form.cleaned_data["to"],
        actor=actor,
        reason=form.cleaned_data["reason"],
        merge_into=selectors.complaint_get(actor=actor, number=target_number)
        if target_number
        else None,
        has_remedy=form.cleaned_data["has_remedy"],
        root_cause=cause,
    )
    messages.success(request, _("Status changed."))
    return _back(number)


def _note(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    uploads = checked_uploads(form.cleaned_data["attachments"])
    with transaction.atomic():
        message = message_reply(
            complaint=complaint, actor=actor, body=form.cleaned_data["body"], internal=True
        )
        _attach_all(complaint, actor, uploads, message)
    messages.success(request, _("Note added."))
    return _back(number)


@require_POST
@desk_view
def reply(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    """A reply to the customer, then what its snippet set: tags and a status move."""
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    data = form.cleaned_data
    uploads = checked_uploads(data["attachments"])
    follow_up = FollowUp(
        add_tags=TagsForm.split(data["then_tags"]),
        to_status=data["then_status"],
        reason=data["then_reason"],
    )
    with transaction.atomic():
        message = reply_and_follow_up(
            complaint=complaint, actor=actor, body=data["body"], follow_up=follow_up
        )
        _attach_all(complaint, actor, uploads, message)
    messages.success(request, _("Reply sent."))
    return _back(number)


@require_POST
@desk_view
def note(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    return _note(request, actor, number)


@require_POST
@desk_view
def attach(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    uploads = checked_uploads(form.cleaned_data["attachments"])
    names = ", ".join(u.filename for u in uploads)
    body = form.cleaned_data["comment"] or _("Attached: %(names)s") % {"names": names}
    with transaction.atomic():
        message = message_reply(complaint=complaint, actor=actor, body=body, internal=True)
        _attach_all(complaint, actor, uploads, message)
    messages.success(request, _("Files attached."))
    return _back(number)


@require_POST
@desk_view
def correct(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = CorrectForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    assigning.correct(
        complaint=complaint,
        actor=actor,
        field=form.cleaned_data["field"],
        value=form.cleaned_data["value"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Correction saved."))
    return _back(number)


@require_POST
@desk_view
def tags(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = TagsForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    assigning.tags_change(
        complaint=complaint,
        actor=actor,
        add=TagsForm.split(form.cleaned_data["add"]),
        remove=TagsForm.split(form.cleaned_data["remove"]),
    )
    messages.success(request, _("Tags saved."))
    return _back(number)
