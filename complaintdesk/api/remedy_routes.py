"""``/api/v1/complaints/{number}/remedies``: the offers the policies compute, and remedies
from proposal to execution. Validate, call a workflow or selector, present."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja import Status as Reply
from pydantic import Field, model_validator

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import local
from complaintdesk.api.routes import ERRORS, IdempotencyKey, run_once
from complaintdesk.api.schemas import Money
from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.lib.clock import utcnow
from complaintdesk.resolution.choices import RemedyKind
from complaintdesk.resolution.models import Remedy
from complaintdesk.resolution.selectors import (
    ComputedOffer,
    ExtraFacts,
    offers_compute,
    remedies_for,
    remedy_get,
    remedy_not_found,
)
from complaintdesk.resolution.wording import explanation_lines, kind_label, reason_text
from complaintdesk.workflows import remedy as remedies

router = Router(tags=["remedies"])

Share = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]
Reason = Annotated[str, Field(max_length=2000)]


class FactsIn(Schema):
    """Facts the order does not hold; everything else comes from the complaint and order."""

    delivered_at: dt.datetime | None = None
    promised_delivery_at: dt.datetime | None = None
    days_total: Annotated[int, Field(ge=1, le=36500)] | None = None
    days_used: Annotated[int, Field(ge=0, le=36500)] | None = None
    materials_sent: bool = False
    respondent_share: Share = Decimal(0)

    def extra(self) -> ExtraFacts:
        return ExtraFacts(**self.model_dump())


class OptionOut(Schema):
    kind: str
    kind_label: str
    amount: Decimal
    business_amount: Decimal
    respondent_amount: Decimal
    explanation: list[str]
    clause: str
    valid_days: int | None


class OfferOut(Schema):
    policy: str
    policy_name: str
    policy_version: int
    rule: str
    options: list[OptionOut]
    not_applicable: list[str]


class RemedyIn(Schema):
    """Either a computed offer (``policy`` and ``option``, with ``facts``) or a remedy written
    by hand (``kind`` and ``amount``)."""

    policy: Annotated[str, Field(max_length=60)] = ""
    option: Annotated[int, Field(ge=0, le=20)] = 0
    facts: FactsIn = FactsIn()
    kind: RemedyKind | None = None
    amount: Money = Decimal(0)
    respondent_share: Share = Decimal(0)
    coupon_valid_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    note: Reason = ""

    @model_validator(mode="after")
    def _one_way(self) -> RemedyIn:
        if bool(self.policy) == bool(self.kind):
            raise ValueError("give either policy (a computed offer) or kind, not both")
        return self


class ReasonIn(Schema):
    reason: Reason = ""


class NoteIn(Schema):
    note: Reason = ""


class AnswerIn(Schema):
    accepted: bool
    reason: Reason = ""


class ApprovalOut(Schema):
    approver: str
    role: str
    at: dt.datetime


class RemedyOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    amount: Decimal
    currency: str
    explanation: list[str]
    customer_answer: str
    customer_reason: str
    execution_state: str
    executed_at: dt.datetime | None
    coupon_code: str | None
    coupon_expires_at: dt.datetime | None
    payer: str | None = None
    business_amount: Decimal | None = None
    respondent_amount: Decimal | None = None
    policy: str | None = None
    policy_version: int | None = None
    proposed_by: str | None = None
    proposed_at: dt.datetime | None = None
    approvals: list[ApprovalOut] | None = None
    execution_error: str | None = None


def remedy_payload(remedy: Remedy, actor: Actor) -> dict[str, Any]:
    """A remedy as the actor may see it: the customer sees the offer, staff how it came about."""
    out: dict[str, Any] = {
        "id": remedy.pk,
        "kind": remedy.kind,
        "kind_label": kind_label(remedy.kind),
        "status": remedy.status,
        "amount": remedy.amount,
        "currency": remedy.currency,
        "explanation": explanation_lines(remedy),
        "customer_answer": remedy.customer_answer,
        "customer_reason": remedy.customer_reason,
        "execution_state": remedy.execution_state,
        "executed_at": local(remedy.executed_at),
        "coupon_code": remedy.coupon_code if remedy.status == "executed" else None,
        "coupon_expires_at": local(remedy.coupon_expires_at),
    }
    if actor.sees_internal:
        out.update(
            payer=remedy.payer,
            business_amount=remedy.business_amount,
            respondent_amount=remedy.respondent_amount,
            policy=remedy.policy_code,
            policy_version=remedy.policy_version,
            proposed_by=remedy.proposed_by.get_username(),
            proposed_at=local(remedy.proposed_at),
            approvals=[
                {"approver": a.approver.get_username(), "role": a.role, "at": local(a.at)}
                for a in remedy.approvals.all()
            ],
            execution_error=remedy.execution_error,
            coupon_code=remedy.coupon_code,
        )
    return out


def offer_payload(offer: ComputedOffer) -> dict[str, Any]:
    decision = offer.decision
    reasons = [offer.refusal] if offer.refusal else list(decision.reasons if decision else [])
    return {
        "policy": offer.policy.code,
        "policy_name": offer.policy.name,
        "policy_version": offer.policy.version,
        "rule": offer.policy.rule,
        "options": [
            {
                "kind": o.kind,
                "kind_label": kind_label(o.kind),
                "amount": o.amount,
                "business_amount": o.business_amount,
                "respondent_amount": o.respondent_amount,
                "explanation": [reason_text(r.as_dict()) for r in o.reasons],
                "clause": o.clause,
                "valid_days": o.valid_days,
            }
            for o in (decision.options if decision else ())
        ],
        "not_applicable": [reason_text(r.as_dict()) for r in reasons],
    }


def _as_json(data: dict[str, Any]) -> Any:
    return json.loads(RemedyOut.model_validate(data).model_dump_json())


def _remedy(actor: Actor, number: str, remedy_id: int) -> Remedy:
    complaint = selectors.complaint_get(actor=actor, number=number)
    return remedy_get(actor=actor, complaint=complaint, remedy_id=remedy_id)


@router.get(
    "/complaints/{number}/remedies",
    response={200: list[RemedyOut], **ERRORS},
    summary="List the remedies of a complaint",
)
def remedy_list(request: HttpRequest, number: str) -> list[dict[str, Any]]:
    """Staff and auditors see every remedy; the customer sees the approved offers."""
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    return [remedy_payload(r, actor) for r in remedies_for(actor=actor, complaint=complaint)]


@router.get(
    "/complaints/{number}/remedy-offers",
    response={200: list[OfferOut], **ERRORS},
    summary="What the remedy policies offer (staff)",
)
def remedy_offers(
    request: HttpRequest, number: str, facts: Query[FactsIn]
) -> list[dict[str, Any]]:
    """Every matching policy's options on the complaint's facts plus the ``facts`` given,
    each with its explanation; a policy that offers nothing says why."""
    actor = actor_of(request)
    if actor.role not in STAFF_ROLES:
        raise remedy_not_found()
    complaint = selectors.complaint_get(actor=actor, number=number)
    return [
        offer_payload(o)
        for o in offers_compute(complaint=complaint, extra=facts.extra(), as_of=utcnow())
    ]


@router.post(
    "/complaints/{number}/remedies",
    response={201: RemedyOut, **ERRORS},
    summary="Propose a remedy (staff)",
)
def remedy_propose(
    request: HttpRequest, number: str, payload: RemedyIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Reply[Any]:
    """A computed offer (``policy``, ``option``, ``facts``) is recomputed here and records the
    policy version; a remedy by hand gives ``kind`` and ``amount``. 422 when the amount is
    not allowed (e.g. refunds above the price), 404 for roles that cannot propose."""
    actor = actor_of(request)

    def run() -> tuple[int, Any]:
        complaint = selectors.complaint_get(actor=actor, number=number)
        if payload.policy:
            remedy = remedies.propose_offer(
                complaint=complaint, actor=actor, policy_code=payload.policy,
                option_index=payload.option, extra=payload.facts.extra(), note=payload.note,
            )
        else:
            if payload.kind is None:
                raise InvalidInput(_("Give the kind of remedy."), {"field": "kind"})
            draft = remedies.RemedyDraft(
                kind=payload.kind, amount=payload.amount, note=payload.note,
                respondent_share=payload.respondent_share,
                coupon_valid_days=payload.coupon_valid_days,
            )
            remedy = remedies.propose(complaint=complaint, actor=actor, draft=draft)
        return 201, _as_json(remedy_payload(_remedy(actor, number, remedy.pk), actor))

    return Reply(*run_once(request, idempotency_key, run))


def _act(request: HttpRequest, number: str, remedy_id: int, action: Any) -> dict[str, Any]:
    actor = actor_of(request)
    action(_remedy(actor, number, remedy_id), actor)
    return remedy_payload(_remedy(actor, number, remedy_id), actor)


@router.post("/complaints/{number}/remedies/{remedy_id}/approval",
             response={200: RemedyOut, **ERRORS}, summary="Approve a remedy")
def remedy_approval(request: HttpRequest, number: str, remedy_id: int) -> dict[str, Any]:
    """Within the caller's approval limit (403 above it, or for the proposer); 404 for roles
    without a limit. Cash compensation needs two approvers."""
    return _act(request, number, remedy_id, lambda r, a: remedies.approve(remedy=r, actor=a))


@router.post("/complaints/{number}/remedies/{remedy_id}/rejection",
             response={200: RemedyOut, **ERRORS}, summary="Reject a proposed remedy")
def remedy_rejection(
    request: HttpRequest, number: str, remedy_id: int, payload: ReasonIn
) -> dict[str, Any]:
    return _act(request, number, remedy_id,
                lambda r, a: remedies.reject(remedy=r, actor=a, reason=payload.reason))


@router.post("/complaints/{number}/remedies/{remedy_id}/withdrawal",
             response={200: RemedyOut, **ERRORS}, summary="Withdraw a remedy (staff)")
def remedy_withdrawal(
    request: HttpRequest, number: str, remedy_id: int, payload: ReasonIn
) -> dict[str, Any]:
    return _act(request, number, remedy_id,
                lambda r, a: remedies.withdraw(remedy=r, actor=a, reason=payload.reason))


@router.post("/complaints/{number}/remedies/{remedy_id}/execution",
             response={200: RemedyOut, **ERRORS}, summary="Pay or issue an approved remedy")
def remedy_execution(request: HttpRequest, number: str, remedy_id: int) -> dict[str, Any]:
    """Queues the signed ``remedy.execute`` webhook with the remedy's idempotency key; the
    remedy is ``executed`` once the receiver confirms. 409 while a request is pending or
    when no payout endpoint is configured."""
    return _act(request, number, remedy_id, lambda r, a: remedies.execute(remedy=r, actor=a))


@router.post("/complaints/{number}/remedies/{remedy_id}/completion",
             response={200: RemedyOut, **ERRORS}, summary="Record a remedy done by hand")
def remedy_completion(
    request: HttpRequest, number: str, remedy_id: int, payload: NoteIn
) -> dict[str, Any]:
    return _act(request, number, remedy_id,
                lambda r, a: remedies.complete(remedy=r, actor=a, note=payload.note))


@router.post("/complaints/{number}/remedies/{remedy_id}/answer",
             response={200: RemedyOut, **ERRORS}, summary="The customer's answer to an offer")
def remedy_answer(
    request: HttpRequest, number: str, remedy_id: int, payload: AnswerIn
) -> dict[str, Any]:
    """The complaint's customer accepts (a payout is sent at once) or declines with a reason
    (posted as their message). 404 for anyone else."""
    if payload.accepted:
        action = lambda r, a: remedies.accept(remedy=r, actor=a)  # noqa: E731
    else:
        action = lambda r, a: remedies.decline(remedy=r, actor=a, reason=payload.reason)  # noqa: E731
    return _act(request, number, remedy_id, action)
