"""The complaint page, its reply box (filled from a reply snippet) and file downloads."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from complaintdesk.complaints import queues, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import attachment_path
from complaintdesk.complaints.choices import Category, Demand, Priority, Status
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.complaints.permissions import may_change
from complaintdesk.consult.selectors import consultations_of
from complaintdesk.desk.access import desk_view, open_to_overseers
from complaintdesk.desk.followup_presenters import followup_card
from complaintdesk.desk.forms import AttachForm, ReplyForm
from complaintdesk.desk.learning_cards import root_cause_card
from complaintdesk.desk.panels import consultation_lines, snippet_options
from complaintdesk.desk.presenters import (
    customer_panel,
    label,
    risk_tags,
    timeline_rows,
    transition_choices,
    triage_lines,
)
from complaintdesk.desk.views.cases import case_card
from complaintdesk.desk.views.clocks import clock_card
from complaintdesk.desk.views.disputes import dispute_card
from complaintdesk.desk.views.oversight import opinion_card
from complaintdesk.desk.views.remedies import remedy_card
from complaintdesk.lib.clock import utcnow
from complaintdesk.notify.selectors import snippet_get, snippets_for
from complaintdesk.notify.templating import FilledSnippet, customer_language, snippet_fill
from complaintdesk.triage.selectors import similar_resolved

CORRECTABLE = {"category": Category, "demand": Demand, "priority": Priority}


def _reply_box(complaint: Complaint, snippet: FilledSnippet | None) -> dict[str, Any]:
    """The reply box: the snippets for this complaint's category, industry and language, and
    the chosen one filled in (body, status to move to, tags)."""
    language = customer_language(complaint)
    templates = snippets_for(
        category=complaint.category, industry=complaint.industry, language=language
    )
    return {"snippets": snippet_options(templates), "snippet": snippet}


def _filled(complaint: Complaint, request: HttpRequest, promised: Any) -> FilledSnippet | None:
    raw = request.GET.get("snippet", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(_("Choose a reply snippet from the list."))
    template = snippet_get(template_id=int(raw), language=customer_language(complaint))
    if template is None:
        raise NotFound(_("No such reply snippet for this complaint."))
    return snippet_fill(template=template, complaint=complaint, promised_at=promised)


def _corrections(complaint: Complaint) -> list[dict[str, Any]]:
    """One correction form per field, its select starting at the current value."""
    return [
        {"field": field, "title": line.title, "current": getattr(complaint, field),
         "choices": CORRECTABLE[field].choices}
        for field, line in zip(CORRECTABLE, triage_lines(complaint), strict=True)
    ]


def _staff_context(
    complaint: Complaint,
    actor: Actor,
    request: HttpRequest,
    everyone: list[Department],
    similar: list[Any],
) -> dict[str, Any]:
    card = clock_card(complaint, actor)
    context: dict[str, Any] = {
        **card,
        "consultations": consultation_lines(consultations_of(complaint=complaint), actor, utcnow()),
        "similar": similar,
        "batch_children": list(complaint.children.order_by("received_at", "id"))
        if complaint.is_batch else [],
        "related": selectors.related_complaints(actor=actor, complaint=complaint),
        "attach_form": AttachForm(),
        "can_change": may_change(actor, complaint),
    }
    if context["can_change"]:
        departments, staff = queues.assignment_choices(actor=actor, departments=everyone)
        snippet = _filled(complaint, request, card["promised"])
        context.update(
            _reply_box(complaint, snippet),
            transitions=transition_choices(complaint, actor),
            staff=staff,
            departments=departments,
            ask_departments=[d for d in everyone if d.pk != complaint.department_id],
            corrections=_corrections(complaint),
            reply_form=ReplyForm(),
        )
    return context


@desk_view
@open_to_overseers
def complaint_page(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    everyone = queues.departments_all()
    context = {
        "c": complaint,
        "status_label": label(Status, complaint.status),
        "triage": triage_lines(complaint),
        "risks": risk_tags(complaint),
        "customer": customer_panel(complaint, actor),
        "timeline": timeline_rows(
            selectors.timeline(actor=actor, complaint=complaint),
            {d.code: d.name for d in everyone},
        ),
        "attachments": selectors.attachments_visible(actor=actor, complaint=complaint),
        "can_act": actor.is_staff_role,
        "can_open_files": actor.sees_personal_data,
        "followup": followup_card(complaint, actor),
        **dispute_card(complaint, actor),
        **opinion_card(request, complaint, actor),
        **case_card(complaint, actor),
    }
    similar = similar_resolved(complaint) if actor.is_staff_role else []
    context.update(remedy_card(complaint, actor, request.GET, similar))
    context.update(
        root_cause_card(complaint, actor, similar, everyone, context.get("respondents"))
    )
    if actor.is_staff_role:
        context.update(_staff_context(complaint, actor, request, everyone, similar))
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "reply-box":
        return render(request, "desk/complaint/_reply.html", context)
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
