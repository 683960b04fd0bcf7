"""Remedies on a complaint, from the offer to the payout.

- ``propose_offer``: recompute the policies' offers on the complaint's facts and propose the
  chosen option, recording the policy's code, version, configuration and the facts;
  ``propose`` a remedy written by hand.
- ``approve``, ``reject``, ``withdraw``: the approval chain (limits, no self-approval, two
  approvers for cash compensation) lives in ``resolution.services``.
- ``accept``: the customer's yes; a payout or coupon is sent at once. ``decline``: their no and
  why, posted in the thread as their message (a resolved complaint reopens).
- ``execute``: mark the remedy sent and queue the signed ``remedy.execute`` webhook in the same
  transaction, with the remedy's idempotency key. ``settle`` (the worker, every minute) marks
  it carried out only once the receiver confirmed (2xx), or failed once every retry failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.lib.clock import utcnow
from complaintdesk.notify.models import DeliveryState, WebhookEvent
from complaintdesk.notify.selectors import webhook_outcomes
from complaintdesk.notify.webhooks import webhook_queue_single
from complaintdesk.resolution.choices import WEBHOOK_KINDS
from complaintdesk.resolution.models import Remedy
from complaintdesk.resolution.selectors import (
    ComputedOffer,
    ExtraFacts,
    execution_payload,
    offers_compute,
    remedies_awaiting_confirmation,
)
from complaintdesk.resolution.services import (
    RemedyDraft,
    remedy_answer,
    remedy_approve,
    remedy_complete,
    remedy_execution_confirm,
    remedy_execution_fail,
    remedy_execution_request,
    remedy_propose,
    remedy_reject,
    remedy_withdraw,
)
from complaintdesk.resolution.wording import remedy_title
from complaintdesk.workflows.reply import reply


def propose(*, complaint: Complaint, actor: Actor, draft: RemedyDraft) -> Remedy:
    return remedy_propose(complaint=complaint, actor=actor, draft=draft).remedy


def draft_from_offer(offer: ComputedOffer, option_index: int, note: str = "") -> RemedyDraft:
    """The draft of one option of a computed offer, recording how it was computed."""
    if offer.decision is None or not 0 <= option_index < len(offer.decision.options):
        raise InvalidInput(_("This policy offers nothing on these facts."), {"field": "option"})
    chosen = offer.decision.options[option_index]
    policy = offer.policy
    return RemedyDraft(
        kind=chosen.kind,
        amount=chosen.amount,
        note=note,
        respondent_share=offer.facts.respondent_share,
        explanation=[reason.as_dict() for reason in chosen.reasons],
        policy_code=policy.code,
        policy_version=policy.version,
        computation={
            "rule": policy.rule,
            "config": policy.config,
            "facts": offer.facts.as_dict(),
            "clause": chosen.clause,
        },
        coupon_valid_days=chosen.valid_days,
    )


def propose_offer(
    *,
    complaint: Complaint,
    actor: Actor,
    policy_code: str,
    option_index: int,
    extra: ExtraFacts,
    note: str = "",
) -> Remedy:
    """Propose what the policy ``policy_code`` offers now on the complaint's facts."""
    offers = offers_compute(complaint=complaint, extra=extra, as_of=utcnow())
    chosen = next((o for o in offers if o.policy.code == policy_code), None)
    if chosen is None:
        raise InvalidInput(
            _("No active remedy policy “%(code)s” applies to this complaint.")
            % {"code": policy_code},
            {"field": "policy"},
        )
    draft = draft_from_offer(chosen, option_index, note)
    return propose(complaint=complaint, actor=actor, draft=draft)


def approve(*, remedy: Remedy, actor: Actor) -> Remedy:
    return remedy_approve(remedy=remedy, actor=actor).remedy


def reject(*, remedy: Remedy, actor: Actor, reason: str) -> Remedy:
    return remedy_reject(remedy=remedy, actor=actor, reason=reason).remedy


def withdraw(*, remedy: Remedy, actor: Actor, reason: str) -> Remedy:
    return remedy_withdraw(remedy=remedy, actor=actor, reason=reason).remedy


def complete(*, remedy: Remedy, actor: Actor, note: str) -> Remedy:
    return remedy_complete(remedy=remedy, actor=actor, note=note).remedy


@transaction.atomic
def execute(*, remedy: Remedy, actor: Actor) -> Remedy:
    """Send an approved payout or coupon to the business's system, exactly one receiver."""
    change = remedy_execution_request(remedy=remedy, actor=actor)
    webhook_queue_single(
        event_type=WebhookEvent.REMEDY_EXECUTE,
        event=change.event,
        payload=execution_payload(change.remedy),
    )
    return change.remedy


@transaction.atomic
def accept(*, remedy: Remedy, actor: Actor) -> Remedy:
    """The customer accepts; a payout or coupon goes to the business's system at once."""
    answered = remedy_answer(remedy=remedy, actor=actor, accepted=True).remedy
    if answered.kind in WEBHOOK_KINDS:
        return execute(remedy=answered, actor=actor)
    return answered


@transaction.atomic
def decline(*, remedy: Remedy, actor: Actor, reason: str) -> Remedy:
    """The customer declines and says why; the reason is their message in the thread."""
    answered = remedy_answer(remedy=remedy, actor=actor, accepted=False, reason=reason).remedy
    body = _("I do not accept the offer “%(offer)s”: %(reason)s") % {
        "offer": remedy_title(answered),
        "reason": answered.customer_reason,
    }
    reply(complaint=answered.complaint, actor=actor, body=body, internal=False)
    return answered


@dataclass
class SettleReport:
    executed: int = 0
    failed: int = 0
    waiting: int = 0


def settle(*, now: dt.datetime | None = None) -> SettleReport:
    """Mark sent remedies carried out once their webhook was confirmed, or failed once it
    failed for good; each remedy in its own transaction."""
    now = now or utcnow()
    pending = list(remedies_awaiting_confirmation())
    outcomes = webhook_outcomes(
        event_ids=[r.execution_event_id for r in pending if r.execution_event_id],
        event_type=WebhookEvent.REMEDY_EXECUTE,
    )
    report = SettleReport()
    for remedy in pending:
        outcome = outcomes.get(remedy.execution_event_id or 0)
        with transaction.atomic():
            if outcome is not None and outcome.state == DeliveryState.SENT:
                done = remedy_execution_confirm(remedy=remedy, at=outcome.delivered_at or now)
                report.executed += done is not None
            elif outcome is not None and outcome.state == DeliveryState.FAILED:
                failed = remedy_execution_fail(remedy=remedy, error=outcome.last_error)
                report.failed += failed is not None
            else:
                report.waiting += 1
    return report
