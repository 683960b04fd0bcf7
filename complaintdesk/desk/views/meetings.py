"""Review meetings on the desk (supervisors and admins; 404 for everyone else): the list and
a new meeting, its pack (page, printable page, PDF), minutes, selected cases, decisions, and
a decision made an improvement action with one click."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import queues, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import Conflict, InvalidInput
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.learning_forms import CasesForm, DecisionForm, MeetingForm, MinutesForm
from complaintdesk.learning.choices import Metric
from complaintdesk.learning.pdf import PdfUnavailable, html_to_pdf
from complaintdesk.learning.selectors import Scope, meeting_get, meetings_for
from complaintdesk.learning.services import (
    decision_add,
    meeting_cases_set,
    meeting_create,
    meeting_minutes_save,
)
from complaintdesk.workflows.improvement import ActionForm
from complaintdesk.workflows.review_pack import decision_to_action, review_pack

DECISION_DUE_DAYS = 30


@desk_view
def meetings(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = list(meetings_for(actor)[:100])
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(form_errors(form))
        data = form.cleaned_data
        department = selectors.department_get(data["department"]) if data["department"] else None
        meeting = meeting_create(
            actor=actor,
            title=data["title"],
            held_on=data["held_on"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            scope=Scope(
                category=data["category"], department_id=department.pk if department else None
            ),
        )
        messages.success(request, _("Review meeting created."))
        return redirect("desk:meeting", meeting_id=meeting.pk)
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    form = MeetingForm(
        initial={
            "held_on": today,
            "period_start": first,
            "period_end": today.replace(day=1) - dt.timedelta(days=1),
        }
    )
    return render(
        request,
        "desk/learning/meetings.html",
        {
            "meetings": rows,
            "form": form,
            "departments": queues.departments_all(),
        },
    )


@desk_view
def meeting_page(request: HttpRequest, actor: Actor, meeting_id: int) -> HttpResponse:
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    pack = review_pack(meeting=meeting, actor=actor)
    return render(
        request,
        "desk/learning/meeting.html",
        {
            "pack": pack,
            "meeting": meeting,
            "decisions": list(meeting.decisions.select_related("action")),
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
            "cases_form": CasesForm(
                initial={"complaints": ", ".join(case.complaint.number for case in pack.cases)}
            ),
            "decision_form": DecisionForm(),
        },
    )


def _pack_html(request: HttpRequest, actor: Actor, meeting_id: int) -> str:
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    pack = review_pack(meeting=meeting, actor=actor)
    return render_to_string(
        "desk/learning/pack.html",
        {
            "pack": pack,
            "meeting": meeting,
            "decisions": list(meeting.decisions.all()),
        },
        request=request,
    )


@desk_view
def meeting_print(request: HttpRequest, actor: Actor, meeting_id: int) -> HttpResponse:
    """The pack alone, self-contained and laid out for paper."""
    return HttpResponse(_pack_html(request, actor, meeting_id))


@desk_view
def meeting_pdf(request: HttpRequest, actor: Actor, meeting_id: int) -> HttpResponse:
    html = _pack_html(request, actor, meeting_id)
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable as exc:
        raise Conflict(
            _(
                "The PDF could not be printed: Chromium is not available on the server (%(e)s). "
                "Use the printable page and your browser's print instead."
            )
            % {"e": exc}
        ) from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="review-{meeting_id}.pdf"'
    return response


@require_POST
@desk_view
def meeting_minutes(request: HttpRequest, actor: Actor, meeting_id: int) -> HttpResponse:
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    meeting_minutes_save(meeting=meeting, actor=actor, minutes=form.cleaned_data["minutes"])
    messages.success(request, _("Minutes saved."))
    return redirect("desk:meeting", meeting_id=meeting.pk)


@require_POST
@desk_view
def meeting_cases(request: HttpRequest, actor: Actor, meeting_id: int) -> HttpResponse:
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    form = CasesForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    raw = form.cleaned_data["complaints"].replace("，", ",")
    numbers = list(dict.fromkeys(n.strip() for n in raw.split(",") if n.strip()))
    complaints = [selectors.complaint_get(actor=actor, number=n) for n in numbers]
    meeting_cases_set(meeting=meeting, actor=actor, complaints=complaints)
    messages.success(request, _("Cases saved."))
    return redirect("desk:meeting", meeting_id=meeting.pk)


@require_POST
@desk_view
def meeting_decision(request: HttpRequest, actor: Actor, meeting_id: int) -> HttpResponse:
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    decision_add(meeting=meeting, actor=actor, text=form.cleaned_data["text"])
    messages.success(request, _("Decision recorded."))
    return redirect("desk:meeting", meeting_id=meeting.pk)


@require_POST
@desk_view
def decision_action(
    request: HttpRequest, actor: Actor, meeting_id: int, decision_id: int
) -> HttpResponse:
    """One click: the decision becomes a planned action owned by the person who clicked, due
    in 30 days, measuring the complaint count of the meeting's scope; edit it after."""
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    decision = meeting.decisions.filter(pk=decision_id).first()
    if decision is None:
        raise InvalidInput(_("No such decision on this meeting."))
    form = ActionForm(
        title=decision.text[:200],
        description=decision.text,
        owner=request.user.get_username(),
        due_date=timezone.localdate() + dt.timedelta(days=DECISION_DUE_DAYS),
        metric=Metric.COUNT,
        category=meeting.scope_category,
        department=meeting.scope_department.code if meeting.scope_department else "",
        complaints=tuple(meeting.cases.values_list("number", flat=True)),
    )
    action = decision_to_action(decision=decision, actor=actor, form=form)
    messages.success(request, _("The decision is now an improvement action; adjust it here."))
    return redirect("desk:action_edit", action_id=action.pk)
