"""Root causes and improvement actions on the desk: record a complaint's root cause; list,
create (from a complaint, a root cause, an alert or a set of complaints), edit and move
actions. Refusals come back as error pages with their status (404 for roles outside)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import queues, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.learning_forms import ActionForm, ActionStatusForm, RootCauseForm
from complaintdesk.insights.describe import alert_title
from complaintdesk.insights.models import Alert
from complaintdesk.learning.choices import ACTION_MOVES, ActionOrigin, ActionStatus, Metric
from complaintdesk.learning.models import ImprovementAction, MeetingDecision
from complaintdesk.learning.permissions import (
    ensure_can_manage_actions,
    may_manage_actions,
    may_move_action,
    not_found,
)
from complaintdesk.learning.selectors import (
    action_get,
    actions_for,
    overdue_alerts_of,
    root_cause_get,
)
from complaintdesk.learning.services import action_move
from complaintdesk.workflows import improvement
from complaintdesk.workflows.review_pack import decision_to_action
from complaintdesk.workflows.root_cause import root_cause_input, root_cause_record

DEFAULT_DUE_DAYS = 30


@require_POST
@desk_view
def root_cause(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = RootCauseForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    data = form.cleaned_data
    choice = root_cause_input(
        code=data["root_cause"],
        department=data["department"],
        respondent=data["respondent"],
        reason=data["reason"],
        suggested=data["suggested"],
    )
    root_cause_record(complaint=complaint, actor=actor, choice=choice)
    messages.success(request, _("Root cause saved."))
    return redirect("desk:complaint", number=number)


@desk_view
def actions_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    status = request.GET.get("status", "")
    queryset = actions_for(actor)
    if status in ActionStatus.values:
        queryset = queryset.filter(status=status)
    today = timezone.localdate()
    overdue = overdue_alerts_of(actor=actor, day=today)
    return render(
        request,
        "desk/learning/actions.html",
        {
            "actions": list(queryset[:300]),
            "status": status,
            "statuses": ActionStatus.choices,
            "overdue": list(overdue),
            "today": today,
            "can_manage": may_manage_actions(actor),
        },
    )


def _initial(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    """The new action's form, prefilled from where it was started."""
    initial: dict[str, Any] = {
        "owner": request.user.get_username(),
        "metric": Metric.COUNT,
        "period_days": 90,
        "due_date": timezone.localdate() + dt.timedelta(days=DEFAULT_DUE_DAYS),
        "origin": ActionOrigin.COMPLAINTS,
    }
    number = request.GET.get("complaint", "")
    if number:
        complaint = selectors.complaint_get(actor=actor, number=number)
        initial.update(
            complaints=number,
            category=complaint.category,
            item=complaint.order.item if complaint.order else "",
        )
        record = getattr(complaint, "root_cause_record", None)
        if record is not None:
            initial.update(origin=ActionOrigin.ROOT_CAUSE, root_cause=record.root_cause.code)
    cause = root_cause_get(request.GET.get("root_cause", ""))
    if cause is not None:
        initial.update(
            origin=ActionOrigin.ROOT_CAUSE,
            root_cause=cause.code,
            title=_("Remove the cause: %(cause)s") % {"cause": cause.name},
        )
    alert_id = request.GET.get("alert", "")
    if alert_id.isdigit():
        alert = Alert.objects.filter(pk=int(alert_id)).first()
        if alert is None:
            raise not_found()
        numbers = selectors.complaints_for(actor).filter(pk__in=alert.complaint_ids)
        initial.update(
            origin=ActionOrigin.ALERT,
            alert=alert.pk,
            title=alert_title(alert),
            complaints=", ".join(numbers.values_list("number", flat=True)),
        )
        if alert.series_kind == "category":
            initial["category"] = alert.series_key
        elif alert.series_kind == "item":
            initial["item"] = alert.series_key
    return initial


def _form_of(form: ActionForm) -> improvement.ActionForm:
    data = form.cleaned_data
    return improvement.ActionForm(
        title=data["title"],
        owner=data["owner"],
        due_date=data["due_date"],
        metric=data["metric"],
        description=data["description"],
        period_days=data["period_days"],
        category=data["category"],
        item=data["item"],
        respondent=data["respondent"],
        department=data["department"],
        complaints=form.numbers(),
        root_cause=data["root_cause"],
    )


def _choices() -> dict[str, Any]:
    return {
        "departments": queues.departments_all(),
        "respondents": selectors.respondents_active(),
        "owners": queues.assignable_staff(),
    }


@desk_view
def action_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    ensure_can_manage_actions(actor)
    if request.method != "POST":
        form = ActionForm(initial=_initial(request, actor))
        return render(
            request, "desk/learning/action_form.html", {"form": form, "action": None, **_choices()}
        )
    form = ActionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    data = form.cleaned_data
    decision = None
    if data["decision"]:
        decision = MeetingDecision.objects.filter(pk=data["decision"]).first()
        if decision is None:
            raise not_found()
        action = decision_to_action(decision=decision, actor=actor, form=_form_of(form))
    else:
        action = improvement.action_open(
            actor=actor,
            form=_form_of(form),
            origin=data["origin"] or ActionOrigin.COMPLAINTS,
            alert_id=data["alert"],
        )
    messages.success(request, _("Improvement action created; its baseline was measured."))
    return redirect("desk:action", action_id=action.pk)


@desk_view
def action_page(request: HttpRequest, actor: Actor, action_id: int) -> HttpResponse:
    action = action_get(actor=actor, action_id=action_id)
    allowed = ACTION_MOVES.get(action.status, frozenset())
    moves = [ActionStatus(code) for code in ActionStatus.values if code in allowed]
    return render(
        request,
        "desk/learning/action.html",
        {
            "action": action,
            "history": list(action.status_changes.select_related("by")),
            "complaints": list(action.complaints.order_by("received_at", "id")),
            "moves": moves if may_move_action(actor, action.owner_id) else [],
            "can_manage": may_manage_actions(actor),
            "overdue": action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
            and action.due_date < timezone.localdate(),
        },
    )


@desk_view
def action_edit(request: HttpRequest, actor: Actor, action_id: int) -> HttpResponse:
    ensure_can_manage_actions(actor)
    action = action_get(actor=actor, action_id=action_id)
    if request.method != "POST":
        form = ActionForm(initial=_edit_initial(action))
        return render(
            request,
            "desk/learning/action_form.html",
            {"form": form, "action": action, **_choices()},
        )
    form = ActionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    draft = improvement.action_draft(actor=actor, form=_form_of(form))
    improvement.action_edit(action=action, actor=actor, draft=draft)
    messages.success(request, _("Improvement action saved."))
    return redirect("desk:action", action_id=action.pk)


def _edit_initial(action: ImprovementAction) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "owner": action.owner.get_username(),
        "due_date": action.due_date,
        "metric": action.metric,
        "period_days": action.period_days,
        "category": action.scope_category,
        "item": action.scope_item,
        "respondent": action.scope_respondent.code if action.scope_respondent else "",
        "department": action.scope_department.code if action.scope_department else "",
        "complaints": ", ".join(action.complaints.values_list("number", flat=True)),
        "root_cause": action.root_cause.code if action.root_cause else "",
        "origin": action.origin,
    }


@require_POST
@desk_view
def action_status(request: HttpRequest, actor: Actor, action_id: int) -> HttpResponse:
    action = action_get(actor=actor, action_id=action_id)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    action_move(
        action=action,
        actor=actor,
        to=form.cleaned_data["to"],
        note=form.cleaned_data["note"],
        at=form.cleaned_data["at"],
    )
    messages.success(request, _("Status changed."))
    return redirect("desk:action", action_id=action.pk)
