"""Reads for remedies: what an actor may see, approval limits, the offers the policies compute
for a complaint, and what similar complaints received."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ALL_STAFF_SCOPE_ROLES, STAFF_ROLES
from complaintdesk.complaints.errors import NotFound
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.resolution.choices import REFUND_KINDS, ExecutionState, RemedyStatus
from complaintdesk.resolution.models import ApprovalLimit, Remedy, RemedyPolicy
from complaintdesk.resolution.policies import decide
from complaintdesk.resolution.policies.base import Decision, Facts, FactsRefused, Reason

#: What a customer (or the integration that filed for them) sees: offers made to them.
CUSTOMER_VISIBLE = (RemedyStatus.APPROVED, RemedyStatus.EXECUTED)


def remedies_for(*, actor: Actor, complaint: Complaint) -> list[Remedy]:
    """The complaint's remedies the actor may see (the complaint is already in scope)."""
    remedies = Remedy.objects.filter(complaint=complaint).select_related("proposed_by")
    if actor.role not in STAFF_ROLES and actor.role not in ALL_STAFF_SCOPE_ROLES:
        remedies = remedies.filter(status__in=CUSTOMER_VISIBLE)
    return list(remedies.prefetch_related("approvals__approver").order_by("proposed_at", "id"))


def remedy_not_found() -> NotFound:
    """What a role outside a permission hears: the same as for a remedy that does not exist."""
    return NotFound(_("There is no such remedy, or it is not yours to act on."))


def remedy_get(*, actor: Actor, complaint: Complaint, remedy_id: int) -> Remedy:
    for remedy in remedies_for(actor=actor, complaint=complaint):
        if remedy.pk == remedy_id:
            return remedy
    raise remedy_not_found()


def remedy_given(complaint: Complaint) -> bool:
    """Whether the complaint gives the customer a remedy: one approved or carried out."""
    granted = (RemedyStatus.APPROVED, RemedyStatus.EXECUTED)
    return Remedy.objects.filter(complaint=complaint, status__in=granted).exists()


def offers_awaiting_answer(complaint: Complaint) -> list[Remedy]:
    """Approved remedies the customer has not answered yet: what the resolution mail offers."""
    return list(
        Remedy.objects.filter(
            complaint=complaint, status=RemedyStatus.APPROVED, customer_answer=""
        ).order_by("proposed_at", "id")
    )


@dataclass(frozen=True)
class ApproverLimit:
    """The largest amount an actor may approve; ``None`` means no limit."""

    max_amount: Decimal | None


def approver_limit(actor: Actor) -> ApproverLimit | None:
    """The actor's approval limit, or ``None`` when their role approves nothing. A department
    row applies only to staff of that department; the highest applicable limit wins."""
    if actor.user_id is None or actor.role not in STAFF_ROLES:
        return None
    own_department = (
        Department.objects.filter(pk=actor.department_id).values("code")
        if actor.department_id is not None
        else Department.objects.none().values("code")
    )
    rows = list(
        ApprovalLimit.objects.filter(role=actor.role).filter(
            Q(department_code="") | Q(department_code__in=own_department)
        )
    )
    if not rows:
        return None
    if any(row.max_amount is None for row in rows):
        return ApproverLimit(None)
    return ApproverLimit(max(row.max_amount for row in rows if row.max_amount is not None))


def remedies_awaiting_confirmation(limit: int = 500) -> QuerySet[Remedy]:
    """Remedies sent to the business's systems and not yet confirmed or failed."""
    return (
        Remedy.objects.filter(execution_state=ExecutionState.PENDING)
        .select_related("complaint")
        .order_by("id")[:limit]
    )


@dataclass(frozen=True)
class ExtraFacts:
    """Facts the order does not hold, given by the agent (or an integration)."""

    delivered_at: dt.datetime | None = None
    promised_delivery_at: dt.datetime | None = None
    days_total: int | None = None
    days_used: int | None = None
    materials_sent: bool = False
    respondent_share: Decimal = Decimal(0)


def facts_for(complaint: Complaint, extra: ExtraFacts, as_of: dt.datetime) -> Facts:
    order = complaint.order
    return Facts(
        as_of=as_of,
        paid=order.amount if order else None,
        purchased_at=order.purchased_at if order else None,
        delivered_at=extra.delivered_at,
        promised_delivery_at=extra.promised_delivery_at,
        lessons_total=order.lessons_total if order else None,
        lessons_used=order.lessons_used if order else None,
        days_total=extra.days_total,
        days_used=extra.days_used,
        materials_sent=extra.materials_sent,
        respondent_share=extra.respondent_share,
        category=complaint.category,
        demand=complaint.demand,
    )


def policies_matching(complaint: Complaint) -> list[RemedyPolicy]:
    """Active policies whose industries, categories, demands and products all match (an
    empty list matches anything), in rank order."""
    item = complaint.order.item if complaint.order else ""
    wanted = {
        "industries": complaint.industry,
        "categories": complaint.category,
        "demands": complaint.demand,
        "products": item,
    }
    return [
        policy
        for policy in RemedyPolicy.objects.filter(is_active=True).order_by("rank", "code")
        if all(not getattr(policy, name) or value in getattr(policy, name)
               for name, value in wanted.items())
    ]


@dataclass(frozen=True)
class ComputedOffer:
    """One policy's decision for a complaint, or why it could not decide."""

    policy: RemedyPolicy
    facts: Facts
    decision: Decision | None
    refusal: Reason | None


def offers_compute(
    *, complaint: Complaint, extra: ExtraFacts, as_of: dt.datetime
) -> list[ComputedOffer]:
    """What every matching policy offers on the complaint's facts."""
    facts = facts_for(complaint, extra, as_of)
    computed = []
    for policy in policies_matching(complaint):
        try:
            decision = decide(policy.rule, facts, policy.config)
        except FactsRefused as refused:
            computed.append(ComputedOffer(policy, facts, None, refused.reason))
        else:
            computed.append(ComputedOffer(policy, facts, decision, None))
    return computed


@dataclass(frozen=True)
class PastRemedy:
    kind: str
    amount: Decimal
    status: str


def remedies_of_complaints(numbers: list[str]) -> dict[str, list[PastRemedy]]:
    """What the given complaints received (approved or carried out), by complaint number:
    the usual remedies beside a new decision."""
    found: dict[str, list[PastRemedy]] = defaultdict(list)
    rows = (
        Remedy.objects.filter(complaint__number__in=numbers, status__in=CUSTOMER_VISIBLE)
        .order_by("proposed_at", "id")
        .values_list("complaint__number", "kind", "amount", "status")
    )
    for number, kind, amount, status in rows:
        found[number].append(PastRemedy(kind, amount, status))
    return dict(found)


def execution_payload(remedy: Remedy) -> dict[str, Any]:
    """What the business's system receives to pay or issue a remedy (``remedy.execute``).
    ``idempotency_key`` is the same on every attempt and every retry: pay once per key."""
    complaint = remedy.complaint
    order = complaint.order
    coupon = None
    if remedy.coupon_code:
        expires = remedy.coupon_expires_at.isoformat() if remedy.coupon_expires_at else None
        coupon = {"code": remedy.coupon_code, "expires_at": expires}
    return {
        "type": "remedy.execute",
        "idempotency_key": remedy.idempotency_key,
        "remedy": {
            "id": remedy.pk,
            "kind": remedy.kind,
            "amount": f"{remedy.amount:.2f}",
            "currency": remedy.currency,
            "payer": remedy.payer,
            "business_amount": f"{remedy.business_amount:.2f}",
            "respondent_amount": f"{remedy.respondent_amount:.2f}",
            "coupon": coupon,
        },
        "complaint": {"number": complaint.number, "external_id": complaint.external_id},
        "order": {"number": order.number, "platform": order.platform} if order else None,
    }


def refunded_among(complaint_ids: list[int]) -> int:
    """How many of these complaints had a refund carried out (one query), for refund rates."""
    return (
        Remedy.objects.filter(
            complaint_id__in=complaint_ids, kind__in=REFUND_KINDS, status=RemedyStatus.EXECUTED
        )
        .values("complaint_id")
        .distinct()
        .count()
    )
