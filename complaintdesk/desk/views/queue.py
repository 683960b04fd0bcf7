"""The work queues: counts per queue, filters, text search, sort and cursor pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from complaintdesk.complaints import queues, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role, Status
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.forms import BULK_ACTIONS, PAGE_SIZE, QUEUE_LABELS, QueueFilterForm
from complaintdesk.desk.presenters import label


def default_queue(actor: Actor) -> str:
    if actor.role == Role.DEPARTMENT:
        return "department"
    if actor.role in {Role.AUDITOR, Role.SUPERVISOR, Role.ADMIN}:
        return "open"
    return "mine"


def queue_filters(form: QueueFilterForm) -> selectors.ComplaintFilters:
    data = form.cleaned_data
    return selectors.ComplaintFilters(
        status=[data["status"]] if data.get("status") else None,
        category=data.get("category") or None,
        priority=data.get("priority") or None,
        channel=data.get("channel") or None,
        industry=data.get("industry") or None,
        assignee=data.get("assignee") or None,
        q=data.get("q") or None,
        received_from=form.day_start(data.get("received_from")),
        received_to=form.day_start(data.get("received_to"), next_day=True),
    )


@desk_view
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    queue_code = form.cleaned_data.get("queue") or default_queue(actor)
    sort = form.cleaned_data.get("sort") or "received"
    page = queues.queue_page(
        actor=actor,
        queue=queue_code,
        filters=queue_filters(form),
        sort=sort,
        cursor=form.cleaned_data.get("cursor") or None,
        limit=PAGE_SIZE,
    )
    params = request.GET.copy()
    params.pop("cursor", None)
    context = {
        "form": form,
        "queue": queue_code,
        "queue_title": QUEUE_LABELS[queue_code],
        "rows": [(c, label(Status, c.status)) for c in page.rows],
        "next_cursor": page.next_cursor,
        "params": params.urlencode(),
        "can_act": actor.is_staff_role,
        "bulk_actions": BULK_ACTIONS,
        "statuses": Status.choices,
    }
    if actor.is_staff_role:
        context["staff"] = queues.assignable_staff()
        context["departments"] = queues.departments_all()
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "queue-results":
        return render(request, "desk/_queue_results.html", context)
    context["queues"] = [
        (code, QUEUE_LABELS[code], count)
        for code, count in queues.queue_counts(actor=actor).items()
    ]
    return render(request, "desk/queue.html", context)
