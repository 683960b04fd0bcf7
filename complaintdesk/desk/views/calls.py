"""Return calls (回访) on the desk: the queue of calls due today, one call with its script and
the outcome form, and scheduling a call from the complaint page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.followup_forms import CallOutcomeForm, CallScheduleForm
from complaintdesk.desk.followup_presenters import call_row
from complaintdesk.desk.presenters import customer_panel
from complaintdesk.followup.permissions import ensure_can_call
from complaintdesk.followup.selectors import call_get, calls_due
from complaintdesk.workflows.followup import CallReport, call_outcome, call_schedule_by_staff


@desk_view
def calls_queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Scheduled calls due today or earlier, oldest first; ``?mine=1`` only the caller's."""
    mine = request.GET.get("mine") == "1"
    today = timezone.localdate()
    calls = calls_due(actor=actor, today=today, assignee_id=actor.user_id if mine else None)
    rows = [(call_row(c), customer_panel(c.complaint, actor)) for c in calls]
    context = {"rows": rows, "mine": mine, "today": today}
    return render(request, "desk/calls.html", context)


@desk_view
def call_page(request: HttpRequest, actor: Actor, call_id: int) -> HttpResponse:
    call = call_get(actor=actor, call_id=call_id)
    today = timezone.localdate()
    context = {
        "row": call_row(call),
        "c": call.complaint,
        "customer": customer_panel(call.complaint, actor),
        "form": CallOutcomeForm(),
        "is_due": call.state == "scheduled" and call.due_on <= today,
        "can_act": actor.is_staff_role,
    }
    return render(request, "desk/call.html", context)


@require_POST
@desk_view
def call_record(request: HttpRequest, actor: Actor, call_id: int) -> HttpResponse:
    call = call_get(actor=actor, call_id=call_id)
    ensure_can_call(actor)
    form = CallOutcomeForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    data = form.cleaned_data
    recorded = call_outcome(
        call=call,
        actor=actor,
        report=CallReport(
            reached=data["reached"], outcome=data["outcome"], notes=data["notes"],
            new_issue=data["new_issue"],
        ),
    )
    done = recorded.call
    if done.new_complaint is not None:
        messages.success(
            request, _("Saved. New complaint %(number)s opened.") % {"number": done.new_complaint}
        )
    elif done.state == "scheduled":
        messages.success(
            request, _("Saved. Next try on %(day)s.") % {"day": done.due_on.isoformat()}
        )
    else:
        messages.success(request, _("Return call saved."))
    return redirect("desk:call", call_id=done.pk)


@require_POST
@desk_view
def call_schedule(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    ensure_can_call(actor)
    form = CallScheduleForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    username = form.cleaned_data["assignee"]
    call_schedule_by_staff(
        complaint=complaint,
        actor=actor,
        due_on=form.cleaned_data["due_on"],
        assignee=selectors.user_get(username) if username else None,
    )
    messages.success(request, _("Return call scheduled."))
    return redirect("desk:complaint", number=number)
