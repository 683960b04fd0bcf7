"""Every write to remedies. Each function runs in one transaction, changes one remedy and
records what it did as a ComplaintEvent (``complaints.services.event_record``) in that same
transaction. What follows from a change (the payout webhook, the customer's message) is
composed in ``complaintdesk.workflows.remedy``.

Who may do what:

- propose, withdraw, ask for execution, record a non-monetary remedy as done: staff;
- approve or reject: roles with an :class:`ApprovalLimit` (agent ≤ 200.00, supervisor
  ≤ 2,000.00, finance and admins without limit by default), never the proposer, and cash
  compensation only with two approvals from two people;
- accept or decline: the complaint's own customer, once the remedy is approved.

A role outside a permission gets :class:`NotFound`, exactly like a remedy that does not exist.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES, EventKind, Role
from complaintdesk.complaints.errors import Conflict, Forbidden, InvalidInput
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.complaints.services import event_record
from complaintdesk.complaints.states import FINAL_STATES
from complaintdesk.lib.money import to_money
from complaintdesk.resolution.choices import (
    CASH_KINDS,
    MONEY_KINDS,
    REFUND_KINDS,
    WEBHOOK_KINDS,
    CustomerAnswer,
    ExecutionState,
    Payer,
    RemedyKind,
    RemedyStatus,
)
from complaintdesk.resolution.models import Remedy, RemedyApproval
from complaintdesk.resolution.policies.base import split
from complaintdesk.resolution.selectors import ApproverLimit, approver_limit, remedy_not_found

COUPON_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out on the phone
COUPON_LENGTH = 10
REASON_MAX_CHARS = 2000
OPEN_STATUSES = (RemedyStatus.PROPOSED, RemedyStatus.APPROVED, RemedyStatus.EXECUTED)


class RemedyChange(NamedTuple):
    """A remedy after a service changed it, with the event that records the change."""

    remedy: Remedy
    event: ComplaintEvent


@dataclass(frozen=True)
class RemedyDraft:
    """A remedy to propose. An offer computed by a policy carries its code, version, facts and
    configuration in ``computation`` and its reasons in ``explanation``."""

    kind: str
    amount: Decimal
    note: str = ""
    respondent_share: Decimal = Decimal(0)
    explanation: list[dict[str, Any]] = field(default_factory=list)
    policy_code: str = ""
    policy_version: int | None = None
    computation: dict[str, Any] = field(default_factory=dict)
    coupon_valid_days: int | None = None


def _ensure_staff(actor: Actor) -> int:
    """The staff member's user id; anyone else is told there is no such remedy."""
    if actor.role not in STAFF_ROLES or actor.user_id is None:
        raise remedy_not_found()
    return actor.user_id


def _locked(remedy: Remedy) -> Remedy:
    return (
        Remedy.objects.select_for_update(of=("self",)).select_related("complaint").get(pk=remedy.pk)
    )


def _event(remedy: Remedy, kind: str, actor: Actor | None, **data: Any) -> ComplaintEvent:
    return event_record(
        complaint=remedy.complaint,
        kind=kind,
        actor=actor,
        remedy=remedy.pk,
        remedy_kind=remedy.kind,
        amount=str(remedy.amount),
        **data,
    )


def _status_conflict(remedy: Remedy) -> Conflict:
    return Conflict(
        _("This remedy is already “%(status)s”; reload the page.")
        % {"status": RemedyStatus(remedy.status).label},
        {"status": remedy.status},
    )


def _check_draft(complaint: Complaint, draft: RemedyDraft) -> None:
    if draft.kind not in RemedyKind.values:
        raise InvalidInput(_("Unknown kind of remedy."), {"field": "kind"})
    if draft.amount < 0 or to_money(draft.amount) != draft.amount:
        raise InvalidInput(
            _("The amount must be zero or more, with at most two decimals."), {"field": "amount"}
        )
    if draft.kind in MONEY_KINDS and draft.amount <= 0:
        raise InvalidInput(_("A refund, coupon or compensation needs an amount above zero."),
                           {"field": "amount"})
    if draft.kind not in MONEY_KINDS and draft.amount != 0:
        raise InvalidInput(_("This kind of remedy carries no amount."), {"field": "amount"})
    if not 0 <= draft.respondent_share <= 100:
        raise InvalidInput(_("The respondent's share is a percentage from 0 to 100."),
                           {"field": "respondent_share"})
    if draft.kind == RemedyKind.COUPON and not draft.coupon_valid_days:
        raise InvalidInput(_("A coupon needs the number of days it is valid."),
                           {"field": "coupon_valid_days"})
    if draft.kind in REFUND_KINDS:
        _check_refund_fits(complaint, draft.amount)


def _check_refund_fits(complaint: Complaint, amount: Decimal) -> None:
    """Refunds on one complaint never add up to more than the order's price."""
    paid = complaint.order.amount if complaint.order_id and complaint.order else None
    if paid is None:
        raise InvalidInput(_("The order's price is unknown, so no refund can be proposed."),
                           {"field": "amount"})
    earlier = Remedy.objects.filter(
        complaint=complaint, kind__in=list(REFUND_KINDS), status__in=OPEN_STATUSES
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if earlier + amount > paid:
        raise InvalidInput(
            _("Refunds would total %(total)s yuan, more than the %(paid)s yuan paid.")
            % {"total": to_money(earlier + amount), "paid": to_money(paid)},
            {"field": "amount", "paid": str(paid), "refunded": str(earlier)},
        )


def _payer(share: Decimal) -> str:
    if share <= 0:
        return Payer.BUSINESS
    return Payer.RESPONDENT if share >= 100 else Payer.SHARED


@transaction.atomic
def remedy_propose(*, complaint: Complaint, actor: Actor, draft: RemedyDraft) -> RemedyChange:
    """A new remedy in status ``proposed``: staff only, on a complaint still being handled."""
    user_id = _ensure_staff(actor)
    complaint = (
        Complaint.objects.select_for_update(of=("self",)).select_related("order").get(pk=complaint.pk)
    )
    if complaint.status in FINAL_STATES:
        raise Conflict(_("This complaint is closed; remedies can no longer be proposed."))
    _check_draft(complaint, draft)
    business, respondent = split(draft.amount, draft.respondent_share)
    remedy = Remedy.objects.create(
        complaint=complaint,
        kind=draft.kind,
        amount=draft.amount,
        payer=_payer(draft.respondent_share),
        respondent_share=draft.respondent_share,
        business_amount=business,
        respondent_amount=respondent,
        explanation=draft.explanation,
        note=draft.note.strip(),
        policy_code=draft.policy_code,
        policy_version=draft.policy_version,
        computation=draft.computation,
        coupon_valid_days=draft.coupon_valid_days if draft.kind == RemedyKind.COUPON else None,
        proposed_by_id=user_id,
        proposed_at=timezone.now(),
        idempotency_key=f"rem_{secrets.token_hex(16)}",
    )
    event = _event(
        remedy, EventKind.REMEDY_PROPOSED, actor,
        payer=remedy.payer, policy=draft.policy_code, policy_version=draft.policy_version,
    )
    return RemedyChange(remedy, event)


def _ensure_may_approve(remedy: Remedy, actor: Actor) -> ApproverLimit:
    limit = approver_limit(actor)
    if limit is None or actor.user_id is None:
        raise remedy_not_found()
    if remedy.status != RemedyStatus.PROPOSED:
        raise _status_conflict(remedy)
    if remedy.proposed_by_id == actor.user_id:
        raise Forbidden(_("You proposed this remedy; someone else must approve it."))
    if remedy.approvals.filter(approver_id=actor.user_id).exists():
        raise Forbidden(_("You approved it already; cash compensation needs a second person."))
    if limit.max_amount is not None and remedy.amount > limit.max_amount:
        raise Forbidden(
            _("%(amount)s yuan is above your approval limit of %(limit)s yuan; ask a "
              "colleague with a higher limit.")
            % {"amount": remedy.amount, "limit": limit.max_amount},
            {"limit": str(limit.max_amount), "amount": str(remedy.amount)},
        )
    return limit


def approvals_needed(kind: str) -> int:
    """Cash compensation needs two approvers (four eyes on money beyond the price); every
    other remedy one. The proposer never counts."""
    return 2 if kind in CASH_KINDS else 1


@transaction.atomic
def remedy_approve(*, remedy: Remedy, actor: Actor) -> RemedyChange:
    """Record an approval; the remedy is ``approved`` once it has all it needs."""
    remedy = _locked(remedy)
    limit = _ensure_may_approve(remedy, actor)
    now = timezone.now()
    RemedyApproval.objects.create(
        remedy=remedy, approver_id=_ensure_staff(actor), role=actor.role, limit=limit.max_amount,
        at=now,
    )
    count, needed = remedy.approvals.count(), approvals_needed(remedy.kind)
    if count >= needed:
        remedy.status, remedy.approved_at = RemedyStatus.APPROVED, now
        remedy.save(update_fields=["status", "approved_at", "updated_at"])
    event = _event(remedy, EventKind.REMEDY_APPROVED, actor, approvals=count, needed=needed,
                   approved=count >= needed)
    return RemedyChange(remedy, event)


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput(_("Give a reason."), {"field": "reason"})
    if len(text) > REASON_MAX_CHARS:
        raise InvalidInput(_("The reason has at most %(n)s characters.") % {"n": REASON_MAX_CHARS},
                           {"field": "reason"})
    return text


@transaction.atomic
def remedy_reject(*, remedy: Remedy, actor: Actor, reason: str) -> RemedyChange:
    """An approver turns a proposal down, with the reason."""
    remedy = _locked(remedy)
    if approver_limit(actor) is None:
        raise remedy_not_found()
    text = _reason(reason)
    if remedy.status != RemedyStatus.PROPOSED:
        raise _status_conflict(remedy)
    remedy.status, remedy.closed_reason = RemedyStatus.REJECTED, text
    remedy.save(update_fields=["status", "closed_reason", "updated_at"])
    return RemedyChange(remedy, _event(remedy, EventKind.REMEDY_REJECTED, actor, reason=text))


@transaction.atomic
def remedy_withdraw(*, remedy: Remedy, actor: Actor, reason: str) -> RemedyChange:
    """Staff take back a remedy not yet sent for execution (e.g. the customer declined it)."""
    _ensure_staff(actor)
    remedy = _locked(remedy)
    text = _reason(reason)
    if remedy.status not in (RemedyStatus.PROPOSED, RemedyStatus.APPROVED) or (
        remedy.execution_state == ExecutionState.PENDING
    ):
        raise _status_conflict(remedy)
    remedy.status, remedy.closed_reason = RemedyStatus.WITHDRAWN, text
    remedy.save(update_fields=["status", "closed_reason", "updated_at"])
    return RemedyChange(remedy, _event(remedy, EventKind.REMEDY_WITHDRAWN, actor, reason=text))


@transaction.atomic
def remedy_answer(
    *, remedy: Remedy, actor: Actor, accepted: bool, reason: str = ""
) -> RemedyChange:
    """The customer accepts the approved offer, or declines it and says why."""
    remedy = _locked(remedy)
    if actor.role != Role.CUSTOMER or actor.customer_id != remedy.complaint.customer_id:
        raise remedy_not_found()
    if remedy.status != RemedyStatus.APPROVED or remedy.customer_answer:
        raise Conflict(_("This offer has been answered already or is no longer open."))
    text = "" if accepted else _reason(reason)
    remedy.customer_answer = CustomerAnswer.ACCEPTED if accepted else CustomerAnswer.DECLINED
    remedy.customer_reason, remedy.customer_answered_at = text, timezone.now()
    remedy.save(
        update_fields=["customer_answer", "customer_reason", "customer_answered_at", "updated_at"]
    )
    kind = EventKind.REMEDY_ACCEPTED if accepted else EventKind.REMEDY_DECLINED
    return RemedyChange(remedy, _event(remedy, kind, actor, reason=text))


def _coupon_code() -> str:
    return "CP" + "".join(secrets.choice(COUPON_ALPHABET) for _ in range(COUPON_LENGTH))


@transaction.atomic
def remedy_execution_request(*, remedy: Remedy, actor: Actor) -> RemedyChange:
    """Mark an approved payout or coupon as sent to the business's systems; the caller queues
    the webhook on the returned event. Staff may send it (the customer agreed by phone, or a
    failed attempt is retried); the customer's acceptance sends it too. A coupon gets its
    code and expiry here, once."""
    remedy = _locked(remedy)
    accepted_by_customer = (
        actor.role == Role.CUSTOMER
        and actor.customer_id == remedy.complaint.customer_id
        and remedy.customer_answer == CustomerAnswer.ACCEPTED
    )
    if actor.role not in STAFF_ROLES and not accepted_by_customer:
        raise remedy_not_found()
    if remedy.kind not in WEBHOOK_KINDS:
        raise InvalidInput(_("This remedy is carried out by staff; record it as done."))
    if remedy.status != RemedyStatus.APPROVED or remedy.execution_state not in (
        "", ExecutionState.FAILED
    ):
        raise _status_conflict(remedy)
    if remedy.customer_answer == CustomerAnswer.DECLINED:
        raise Conflict(_("The customer declined this offer; withdraw it and propose another."))
    now = timezone.now()
    if remedy.kind == RemedyKind.COUPON and not remedy.coupon_code:
        remedy.coupon_code = _coupon_code()
        remedy.coupon_expires_at = now + dt.timedelta(days=remedy.coupon_valid_days or 30)
    retry = remedy.execution_state == ExecutionState.FAILED
    event = _event(remedy, EventKind.REMEDY_EXECUTION_REQUESTED, actor,
                   idempotency_key=remedy.idempotency_key, retry=retry)
    remedy.execution_state, remedy.execution_event, remedy.execution_error = (
        ExecutionState.PENDING, event, ""
    )
    remedy.save(update_fields=["execution_state", "execution_event", "execution_error",
                               "coupon_code", "coupon_expires_at", "updated_at"])
    return RemedyChange(remedy, event)


def remedy_execution_confirm(*, remedy: Remedy, at: dt.datetime) -> RemedyChange | None:
    """The receiver confirmed: the remedy is carried out. Runs at most once per request (a
    conditional UPDATE on the pending state); returns ``None`` when it was settled already.
    Call it inside the caller's transaction."""
    changed = Remedy.objects.filter(
        pk=remedy.pk, status=RemedyStatus.APPROVED, execution_state=ExecutionState.PENDING
    ).update(status=RemedyStatus.EXECUTED, execution_state=ExecutionState.CONFIRMED,
             executed_at=at, updated_at=timezone.now())
    if changed != 1:
        return None
    remedy.refresh_from_db()
    event = _event(remedy, EventKind.REMEDY_EXECUTED, None,
                   idempotency_key=remedy.idempotency_key, coupon_code=remedy.coupon_code or "")
    return RemedyChange(remedy, event)


def remedy_execution_fail(*, remedy: Remedy, error: str) -> RemedyChange | None:
    """Every attempt failed: the remedy shows as failed until staff send it again. Returns
    ``None`` when it was settled already. Call it inside the caller's transaction."""
    changed = Remedy.objects.filter(
        pk=remedy.pk, execution_state=ExecutionState.PENDING
    ).update(execution_state=ExecutionState.FAILED, execution_error=error[:500],
             updated_at=timezone.now())
    if changed != 1:
        return None
    remedy.refresh_from_db()
    return RemedyChange(
        remedy, _event(remedy, EventKind.REMEDY_EXECUTION_FAILED, None, error=error[:500])
    )


@transaction.atomic
def remedy_complete(*, remedy: Remedy, actor: Actor, note: str) -> RemedyChange:
    """Staff record a remedy carried out by hand (apology made, item resent, lesson given)."""
    _ensure_staff(actor)
    remedy = _locked(remedy)
    if remedy.kind in WEBHOOK_KINDS:
        raise InvalidInput(_("Payouts and coupons are carried out by the business's system."))
    if remedy.status != RemedyStatus.APPROVED:
        raise _status_conflict(remedy)
    remedy.status, remedy.executed_at = RemedyStatus.EXECUTED, timezone.now()
    remedy.save(update_fields=["status", "executed_at", "updated_at"])
    return RemedyChange(
        remedy, _event(remedy, EventKind.REMEDY_EXECUTED, actor, note=note.strip()[:2000])
    )
