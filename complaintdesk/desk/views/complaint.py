"""The complaint page and file downloads."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from complaintdesk.complaints import queues, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import attachment_path
from complaintdesk.complaints.choices import Category, Demand, Priority, Status
from complaintdesk.complaints.errors import NotFound
from complaintdesk.desk.access import desk_view
from complaintdesk.desk.followup_presenters import followup_card
from complaintdesk.desk.forms import AttachForm, MessageForm
from complaintdesk.desk.presenters import (
    customer_panel,
    label,
    timeline_rows,
    transition_choices,
    triage_lines,
)
from complaintdesk.desk.views.clocks import clock_card
from complaintdesk.desk.views.disputes import dispute_card
from complaintdesk.desk.views.remedies import remedy_card
from complaintdesk.triage.selectors import similar_resolved


@desk_view
def complaint_page(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    context = {
        "c": complaint,
        "status_label": label(Status, complaint.status),
        "triage": triage_lines(complaint),
        "customer": customer_panel(complaint, actor),
        "timeline": timeline_rows(
            selectors.timeline(actor=actor, complaint=complaint),
            selectors.department_names(),
        ),
        "attachments": selectors.attachments_visible(actor=actor, complaint=complaint),
        "can_act": actor.is_staff_role,
        "can_open_files": actor.sees_personal_data,
        "followup": followup_card(complaint, actor),
        **dispute_card(complaint, actor),
    }
    similar = similar_resolved(complaint) if actor.is_staff_role else []
    context.update(remedy_card(complaint, actor, request.GET, similar))
    if actor.is_staff_role:
        context.update(
            **clock_card(complaint, actor),
            transitions=transition_choices(complaint, actor),
            staff=queues.assignable_staff(),
            departments=queues.departments_all(),
            message_form=MessageForm(),
            attach_form=AttachForm(),
            similar=similar,
            batch_children=list(complaint.children.order_by("received_at", "id"))
            if complaint.is_batch
            else [],
            correct_choices={
                "category": Category.choices,
                "demand": Demand.choices,
                "priority": Priority.choices,
            },
        )
    return render(request, "desk/complaint.html", context)


@desk_view
def attachment_download(
    request: HttpRequest, actor: Actor, attachment_id: int
) -> HttpResponseBase:
    attachment = selectors.attachment_get(actor=actor, attachment_id=attachment_id)
    path = attachment_path(attachment)
    if not path.exists():
        raise NotFound(attachment.filename)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
