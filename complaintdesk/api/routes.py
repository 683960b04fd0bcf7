"""The complaint endpoints of ``/api/v1/``: validate, call a service or selector, present."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Header, Query, Router, Schema
from ninja import Status as Reply
from pydantic import Field

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import complaint_payload, complaint_payloads
from complaintdesk.api.schemas import (
    AssignIn,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    ErrorOut,
    MessageIn,
    MessageOut,
    Moment,
    PastMoment,
    TimelineEntry,
    TransitionIn,
)
from complaintdesk.complaints import selectors
from complaintdesk.complaints.choices import Category, Priority, Status
from complaintdesk.complaints.errors import Conflict
from complaintdesk.complaints.idempotency import idempotent_call
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.permissions import ensure_assignment_reachable
from complaintdesk.intake.services import (
    CustomerData,
    IntakeRequest,
    OrderData,
    RespondentData,
)
from complaintdesk.lib.clock import utcnow
from complaintdesk.workflows.assign import assign
from complaintdesk.workflows.oversight import complaint_viewed
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reply import reply
from complaintdesk.workflows.root_cause import root_cause_input
from complaintdesk.workflows.transition import transition

router = Router(tags=["complaints"])

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}
IdempotencyKey = Header(None, alias="Idempotency-Key", max_length=255)


def _request_hash(request: HttpRequest) -> str:
    try:
        canonical = json.dumps(json.loads(request.body), sort_keys=True, ensure_ascii=False)
    except ValueError:
        canonical = request.body.decode("utf-8", "replace")
    digest = hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode())
    return digest.hexdigest()


def run_once(request: HttpRequest, key: str | None, run: Any) -> tuple[int, Any]:
    """Run the write once per Idempotency-Key, replaying the first response to retries."""
    if not key:
        return run()
    return idempotent_call(
        user_id=actor_of(request).user_id or 0,
        key=key,
        request_hash=_request_hash(request),
        run=run,
    )


def _intake_request(payload: ComplaintIn) -> IntakeRequest:
    customer = payload.customer
    order = payload.order
    return IntakeRequest(
        channel=payload.channel,
        text=payload.text,
        title=payload.title,
        received_at=payload.received_at or utcnow(),
        customer=CustomerData(**customer.model_dump()) if customer else None,
        order=OrderData(**order.model_dump()) if order else None,
        amount_claimed=payload.amount_claimed,
        currency=payload.currency,
        external_id=payload.external_id,
        language=payload.language,
        respondent=RespondentData(**payload.respondent.model_dump())
        if payload.respondent
        else None,
    )


def _as_json(data: Any) -> Any:
    return json.loads(ComplaintOut.model_validate(data).model_dump_json())


@router.post(
    "/complaints",
    response={200: ComplaintOut, 201: ComplaintOut, **ERRORS},
    summary="Submit a complaint",
)
def complaint_create(
    request: HttpRequest, payload: ComplaintIn, idempotency_key: str | None = IdempotencyKey
) -> Reply[Any]:
    """Record a complaint (201). The same caller sending the same channel and
    ``external_id`` again gets the existing complaint (200); ids are per caller, so another
    caller's id is a new complaint. ``channel: platform`` is for the signed platform webhook
    (422). An ``Idempotency-Key`` replays the first response."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        result = receive(request=_intake_request(payload), actor=actor)
        if result.created:
            return 201, _as_json(complaint_payload(result.complaint, actor))
        if not selectors.complaints_for(actor).filter(pk=result.complaint.pk).exists():
            raise Conflict(
                _(
                    "You already submitted this channel and external_id; that complaint is "
                    "no longer in your scope (e.g. it was handed to another department)."
                ),
                {"channel": payload.channel, "external_id": payload.external_id},
            )
        return 200, _as_json(complaint_payload(result.complaint, actor))

    return Reply(*run_once(request, idempotency_key, run))


class ListFilters(Schema):
    status: list[Status] | None = None
    category: Category | None = None
    priority: Priority | None = None
    department: str | None = Field(None, max_length=40)
    assignee: str | None = Field(None, max_length=150)
    respondent: str | None = Field(None, max_length=80)
    q: str | None = Field(None, max_length=200)
    received_from: PastMoment | None = None
    received_to: Moment | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


@router.get("/complaints", response={200: ComplaintPage, **ERRORS}, summary="List complaints")
def complaint_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Newest first, filtered, one page at a time; pass ``next_cursor`` as ``cursor``."""
    actor = actor_of(request)
    rows, next_cursor = selectors.complaint_list(
        actor=actor,
        filters=selectors.ComplaintFilters(
            status=[str(s) for s in filters.status] if filters.status else None,
            category=filters.category,
            priority=filters.priority,
            department=filters.department,
            assignee=filters.assignee,
            respondent=filters.respondent,
            q=filters.q,
            received_from=filters.received_from,
            received_to=filters.received_to,
        ),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": complaint_payloads(rows, actor), "next_cursor": next_cursor}


@router.get(
    "/complaints/{number}", response={200: ComplaintOut, **ERRORS}, summary="Get a complaint"
)
def complaint_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    complaint_viewed(
        actor=actor, complaint=complaint, surface="api", path=request.path,
        address=request.META.get("REMOTE_ADDR"),
    )
    return complaint_payload(complaint, actor)


@router.post(
    "/complaints/{number}/transitions",
    response={200: ComplaintOut, **ERRORS},
    summary="Change the status",
)
def complaint_transition(
    request: HttpRequest,
    number: str,
    payload: TransitionIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """Move the complaint along its lifecycle; 409 ``illegal_transition`` names the moves
    allowed from its current status. Resolving with ``has_remedy: true`` says the answer
    gives a remedy: the survey asks whether it was fair and a return call is planned.
    Resolving needs the root cause (``root_cause``, or one recorded before) unless
    ``ROOT_CAUSE_REQUIRED`` is off: 422 ``missing_requirement`` otherwise."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        complaint = selectors.complaint_get(actor=actor, number=number)
        target = None
        if payload.merge_into:
            target = selectors.complaint_get(actor=actor, number=payload.merge_into)
        cause = payload.root_cause
        changed = transition(
            complaint=complaint,
            to=payload.to,
            actor=actor,
            reason=payload.reason,
            merge_into=target,
            has_remedy=payload.has_remedy,
            root_cause=root_cause_input(
                code=cause.code, department=cause.department, respondent=cause.respondent,
                reason=cause.reason,
            ) if cause is not None else None,
        )
        return 200, _as_json(complaint_payload(_reread(actor, changed), actor))

    return Reply(*run_once(request, idempotency_key, run))


@router.post(
    "/complaints/{number}/assignment",
    response={200: ComplaintOut, **ERRORS},
    summary="Assign to a department and/or person",
)
def complaint_assign(
    request: HttpRequest,
    number: str,
    payload: AssignIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """Fields left out keep their value; ``null`` clears them. Roles that cannot assign get
    404, whatever the names they send."""
    actor = actor_of(request)
    ensure_assignment_reachable(actor, number)

    def run() -> tuple[int, Any]:
        complaint = selectors.complaint_get(actor=actor, number=number)
        given = payload.model_fields_set
        department = complaint.department
        if "department" in given:
            department = (
                selectors.department_get(payload.department) if payload.department else None
            )
        assignee: AbstractBaseUser | None = complaint.assignee
        if "assignee" in given:
            assignee = selectors.user_get(payload.assignee) if payload.assignee else None
        changed = assign(
            complaint=complaint, actor=actor, assignee=assignee, department=department
        )
        return 200, _as_json(complaint_payload(_reread(actor, changed), actor))

    return Reply(*run_once(request, idempotency_key, run))


def _reread(actor: Any, complaint: Complaint) -> Complaint:
    """The complaint as the actor now sees it, with its relations; the written copy when the
    change moved it out of the actor's scope (e.g. handed to another department)."""
    return selectors.complaints_for(actor).filter(pk=complaint.pk).first() or complaint


@router.post(
    "/complaints/{number}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Reply to the customer or add an internal note",
)
def complaint_message(
    request: HttpRequest,
    number: str,
    payload: MessageIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """Staff reply to the customer or add an internal note (``internal: true``); customers and
    integrations add the customer's own message."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        with transaction.atomic():
            complaint = selectors.complaint_get(actor=actor, number=number)
            message = reply(
                complaint=complaint, actor=actor, body=payload.body, internal=payload.internal
            )
            complaint.refresh_from_db(fields=["status"])
        body = {
            "id": message.pk,
            "kind": message.kind,
            "body": message.body,
            "created_at": timezone.localtime(message.created_at).isoformat(),
            "complaint_status": complaint.status,
        }
        return 201, body

    return Reply(*run_once(request, idempotency_key, run))


@router.get(
    "/complaints/{number}/timeline",
    response={200: list[TimelineEntry], **ERRORS},
    summary="Events and messages in order",
)
def complaint_timeline(request: HttpRequest, number: str) -> list[dict[str, Any]]:
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    complaint_viewed(
        actor=actor, complaint=complaint, surface="api", path=request.path,
        address=request.META.get("REMOTE_ADDR"),
    )
    return selectors.timeline(actor=actor, complaint=complaint)
