"""The work queues: counts per queue, filters, text search, sort (newest, most urgent, nearest
deadline) and cursor pages; batch children under their parent; saved filters; and, for
people in a department, the questions other teams asked it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from complaintdesk.complaints import queues, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role, Status
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.oversight import scopes_of
from complaintdesk.complaints.saved_filters import saved_filters_for
from complaintdesk.consult.selectors import open_count_for_department, open_for_department
from complaintdesk.desk.access import desk_view, form_errors, open_to_overseers
from complaintdesk.desk.forms import BULK_ACTIONS, PAGE_SIZE, QUEUE_LABELS, QueueFilterForm
from complaintdesk.desk.panels import due_cell, grouped_rows
from complaintdesk.desk.presenters import label
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.due import nearest_running, queue_page_by_due


def default_queue(actor: Actor) -> str:
    if actor.role == Role.DEPARTMENT:
        return "department"
    if actor.role in {Role.AUDITOR, Role.OVERSEER, Role.SUPERVISOR, Role.ADMIN}:
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
        respondent=data.get("respondent") or None,
        q=data.get("q") or None,
        received_from=form.day_start(data.get("received_from")),
        received_to=form.day_start(data.get("received_to"), next_day=True),
    )


def _page(actor: Actor, queue: str, form: QueueFilterForm) -> queues.QueuePage:
    sort = form.cleaned_data.get("sort") or "received"
    cursor = form.cleaned_data.get("cursor") or None
    if sort == "due":
        rows = queues.queue_rows(actor=actor, queue=queue, filters=queue_filters(form))
        return queue_page_by_due(rows, cursor, PAGE_SIZE)
    return queues.queue_page(
        actor=actor, queue=queue, filters=queue_filters(form), sort=sort, cursor=cursor,
        limit=PAGE_SIZE,
    )


def _rows(page: queues.QueuePage) -> list[Any]:
    """Each row with its status label and nearest running deadline (one query, none when
    the page was sorted by deadline)."""
    now = utcnow()
    if page.rows and hasattr(page.rows[0], "due_at"):
        nearest = {}
    else:
        nearest = nearest_running([c.pk for c in page.rows])
    cells = []
    for c in page.rows:
        clock = nearest.get(c.pk)
        at = getattr(c, "due_at", None) if clock is None else clock.target_at
        kind = clock.kind if clock is not None else ""
        cells.append((c, label(Status, c.status), due_cell(at, kind, now)))
    return grouped_rows(cells)


def _counts(actor: Actor) -> list[tuple[str, Any, int]]:
    counts = [
        (code, QUEUE_LABELS[code], count)
        for code, count in queues.queue_counts(actor=actor).items()
    ]
    if actor.department_id is not None and actor.is_staff_role:
        counts.insert(0, ("asked", QUEUE_LABELS["asked"], open_count_for_department(actor=actor)))
    return counts


@desk_view
@open_to_overseers
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    queue_code = form.cleaned_data.get("queue") or default_queue(actor)
    context: dict[str, Any] = {
        "form": form,
        "queue": queue_code,
        "queue_title": QUEUE_LABELS[queue_code],
        "params": _params(request),
        "can_act": actor.is_staff_role,
        "bulk_actions": BULK_ACTIONS,
        "statuses": Status.choices,
    }
    if queue_code == "asked":
        context["asked"] = open_for_department(actor=actor)
    else:
        page = _page(actor, queue_code, form)
        context.update(rows=_rows(page), next_cursor=page.next_cursor)
    if actor.is_staff_role:
        context["departments"], context["staff"] = queues.assignment_choices(actor=actor)
    context["overseer"] = actor.role == Role.OVERSEER
    context["respondents"] = (
        [scope.respondent for scope in scopes_of(actor=actor) if scope.respondent]
        if context["overseer"]
        else selectors.respondents_active()
    )
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "queue-results":
        return render(request, "desk/_queue_results.html", context)
    context["queues"] = _counts(actor)
    context["saved_filters"] = saved_filters_for(actor=actor)
    return render(request, "desk/queue.html", context)


def _params(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("cursor", None)
    return params.urlencode()
