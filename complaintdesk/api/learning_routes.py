"""``/api/v1/`` learning from complaints: the root-cause taxonomy, a complaint's root cause
(with the suggestion from similar resolved complaints), improvement actions.

Roles outside a permission get 404, as for a record that does not exist: root causes are
staff's on complaints they may change; actions are seen by agents, department staff,
supervisors and admins, created by supervisors and admins, moved by them and the owner.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as Reply
from pydantic import Field

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import local
from complaintdesk.api.routes import ERRORS, IdempotencyKey, run_once
from complaintdesk.api.schemas import Line, PastMoment, RootCauseIn, Strict
from complaintdesk.complaints import selectors
from complaintdesk.complaints.choices import Category, Industry
from complaintdesk.complaints.errors import complaint_not_found
from complaintdesk.complaints.permissions import may_change
from complaintdesk.learning.choices import ActionOrigin, ActionStatus, Metric
from complaintdesk.learning.models import ComplaintRootCause, ImprovementAction, RootCause
from complaintdesk.learning.permissions import ensure_can_view_actions, not_found
from complaintdesk.learning.selectors import (
    action_get,
    actions_for,
    root_cause_of,
    root_causes_for,
)
from complaintdesk.learning.services import action_move
from complaintdesk.workflows.improvement import ActionForm, action_open
from complaintdesk.workflows.root_cause import (
    root_cause_input,
    root_cause_record,
    root_cause_suggestion,
)

router = Router(tags=["learning"])
Short = Annotated[Line, Field(max_length=200)]


class RootCauseOut(Schema):
    code: str
    name: str
    industry: str


def _cause(cause: RootCause) -> dict[str, Any]:
    return {"code": cause.code, "name": cause.name, "industry": cause.industry}


def _record(record: ComplaintRootCause | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "root_cause": _cause(record.root_cause),
        "department": record.department.code if record.department else "",
        "respondent": record.respondent.code if record.respondent else "",
        "suggested": record.suggested,
        "set_at": local(record.set_at),
    }


@router.get(
    "/root-causes", response={200: list[RootCauseOut], **ERRORS}, summary="The root-cause taxonomy"
)
def root_causes(request: HttpRequest, industry: Industry | None = None) -> Any:
    """The active root causes, those of ``industry`` and of every industry."""
    if not actor_of(request).is_staff_role:
        raise not_found()
    return [_cause(c) for c in root_causes_for(industry or "")]


@router.get(
    "/complaints/{number}/root-cause",
    response={200: dict[str, Any], **ERRORS},
    summary="A complaint's root cause and the suggestion",
)
def complaint_root_cause(request: HttpRequest, number: str) -> Any:
    """The recorded root cause (``null`` if none) and the root cause the most similar
    resolved complaints had, with those complaints."""
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    if not may_change(actor, complaint):
        raise complaint_not_found(number)
    suggestion = root_cause_suggestion(complaint)
    return {
        "recorded": _record(root_cause_of(complaint)),
        "suggestion": None
        if suggestion is None
        else {
            "root_cause": _cause(suggestion.root_cause),
            "department": suggestion.department.code if suggestion.department else "",
            "respondent": suggestion.respondent.code if suggestion.respondent else "",
            "weight": round(suggestion.weight, 3),
            "from_complaints": suggestion.sources,
        },
    }


@router.put(
    "/complaints/{number}/root-cause",
    response={200: dict[str, Any], **ERRORS},
    summary="Record or correct a complaint's root cause",
)
def complaint_root_cause_put(
    request: HttpRequest,
    number: str,
    payload: RootCauseIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """The first time records it (``root_cause_set``); after that it is a correction and
    ``reason`` is required (``root_cause_corrected``, 422 without it)."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        complaint = selectors.complaint_get(actor=actor, number=number)
        if not may_change(actor, complaint):
            raise complaint_not_found(number)
        choice = root_cause_input(
            code=payload.code,
            department=payload.department,
            respondent=payload.respondent,
            reason=payload.reason,
        )
        return 200, _record(root_cause_record(complaint=complaint, actor=actor, choice=choice))

    return Reply(*run_once(request, idempotency_key, run))


class ActionIn(Strict):
    title: Short
    description: Annotated[Line, Field(max_length=4000)] = ""
    owner: Annotated[Line, Field(max_length=150)]
    due_date: dt.date
    metric: Metric
    period_days: Annotated[int, Field(ge=7, le=366)] = 90
    category: Category | None = None
    item: Short = ""
    respondent: Annotated[Line, Field(max_length=80)] = ""
    department: Annotated[Line, Field(max_length=40)] = ""
    complaints: Annotated[list[Annotated[Line, Field(max_length=32)]], Field(max_length=500)] = []
    origin: ActionOrigin = ActionOrigin.COMPLAINTS
    root_cause: Annotated[Line, Field(max_length=60)] = ""
    alert_id: int | None = None


class ActionStatusIn(Strict):
    to: ActionStatus
    note: Annotated[Line, Field(max_length=2000)] = ""
    at: PastMoment | None = None  # when it really happened, if recorded later


def action_payload(action: ImprovementAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "origin": action.origin,
        "root_cause": action.root_cause.code if action.root_cause else "",
        "alert_id": action.alert_id,
        "owner": action.owner.get_username(),
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "scope": {
            "category": action.scope_category,
            "item": action.scope_item,
            "respondent": action.scope_respondent.code if action.scope_respondent else "",
            "department": action.scope_department.code if action.scope_department else "",
        },
        "complaints": sorted(action.complaints.values_list("number", flat=True)),
        "metric": action.metric,
        "baseline": {
            "from": local(action.baseline_start),
            "until": local(action.baseline_end),
            "count": action.baseline_numerator,
            "base": action.baseline_denominator,
            "value": action.baseline_value,
        },
        "effect": None
        if action.evaluated_at is None
        else {
            "from": local(action.effect_start),
            "until": local(action.effect_end),
            "count": action.effect_numerator,
            "base": action.effect_denominator,
            "value": action.effect_value,
            "change": action.effect_change,
            "p_value": action.effect_p_value,
            "verdict": action.verdict,
        },
        "done_at": local(action.done_at),
    }


@router.get(
    "/actions", response={200: list[dict[str, Any]], **ERRORS}, summary="Improvement actions"
)
def actions_list(request: HttpRequest, status: ActionStatus | None = None) -> Any:
    queryset = actions_for(actor_of(request)).prefetch_related("complaints")
    if status:
        queryset = queryset.filter(status=status)
    return [action_payload(a) for a in queryset[:500]]


@router.get(
    "/actions/{action_id}",
    response={200: dict[str, Any], **ERRORS},
    summary="One improvement action",
)
def action_detail(request: HttpRequest, action_id: int) -> Any:
    return action_payload(action_get(actor=actor_of(request), action_id=action_id))


@router.post(
    "/actions", response={201: dict[str, Any], **ERRORS}, summary="Create an improvement action"
)
def action_create_route(
    request: HttpRequest, payload: ActionIn, idempotency_key: str | None = IdempotencyKey
) -> Reply[Any]:
    """The baseline is measured now, over the ``period_days`` before."""
    actor = actor_of(request)
    ensure_can_view_actions(actor)

    def run() -> tuple[int, Any]:
        form = ActionForm(
            title=payload.title,
            owner=payload.owner,
            due_date=payload.due_date,
            metric=payload.metric,
            description=payload.description,
            period_days=payload.period_days,
            category=payload.category or "",
            item=payload.item,
            respondent=payload.respondent,
            department=payload.department,
            complaints=tuple(payload.complaints),
            root_cause=payload.root_cause,
        )
        action = action_open(
            actor=actor, form=form, origin=payload.origin, alert_id=payload.alert_id
        )
        return 201, action_payload(action)

    return Reply(*run_once(request, idempotency_key, run))


@router.post(
    "/actions/{action_id}/status",
    response={200: dict[str, Any], **ERRORS},
    summary="Move an improvement action",
)
def action_status(
    request: HttpRequest,
    action_id: int,
    payload: ActionStatusIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """planned → in progress → done (or a step back); ``evaluated`` is written by the effect
    measurement only (409). Supervisors, admins and the action's owner. ``at``: when it
    really happened, if recorded later (between the action's creation and now; the effect of
    a done action is measured from it)."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        action = action_get(actor=actor, action_id=action_id)
        moved = action_move(
            action=action, actor=actor, to=payload.to, note=payload.note, at=payload.at
        )
        return 200, action_payload(moved)

    return Reply(*run_once(request, idempotency_key, run))
