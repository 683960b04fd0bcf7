"""Remedies on the desk: the card of a complaint's remedies, the offers the policies compute
beside what similar complaints received, and the actions (propose, approve, reject, withdraw,
send for payment, record as done). Each action calls one workflow and returns to the page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.presenters import label
from complaintdesk.desk.remedy_forms import (
    FactsForm,
    ManualProposalForm,
    NoteForm,
    OfferProposalForm,
    ReasonForm,
)
from complaintdesk.lib.clock import utcnow
from complaintdesk.resolution.choices import (
    WEBHOOK_KINDS,
    CustomerAnswer,
    ExecutionState,
    Payer,
    PolicyRule,
    RemedyKind,
    RemedyStatus,
)
from complaintdesk.resolution.models import Remedy
from complaintdesk.resolution.selectors import (
    ExtraFacts,
    approver_limit,
    offers_compute,
    remedies_for,
    remedies_of_complaints,
    remedy_get,
)
from complaintdesk.resolution.wording import (
    amount_text,
    explanation_lines,
    kind_label,
    reason_text,
)
from complaintdesk.triage.selectors import SimilarResolved
from complaintdesk.workflows import remedy as remedies


@dataclass(frozen=True)
class RemedyRow:
    remedy: Remedy
    title: str
    rule: str
    status: str
    payer: str
    lines: list[str]
    approvals: str
    answer: str
    execution: str
    can_approve: bool
    can_execute: bool
    can_complete: bool
    can_withdraw: bool


def _row(remedy: Remedy, actor: Actor, may_approve: bool) -> RemedyRow:
    approved = remedy.status == RemedyStatus.APPROVED
    pending = remedy.execution_state == ExecutionState.PENDING
    execution = label(ExecutionState, remedy.execution_state) if remedy.execution_state else ""
    if remedy.execution_error:
        execution = f"{execution}: {remedy.execution_error}"
    answer = ""
    if remedy.customer_answer:
        answer = label(CustomerAnswer, remedy.customer_answer)
        if remedy.customer_reason:
            answer = f"{answer}: {remedy.customer_reason}"
    return RemedyRow(
        remedy=remedy,
        title=f"{kind_label(remedy.kind)} · {amount_text(remedy.amount)}",
        rule=label(PolicyRule, str(remedy.computation.get("rule", ""))) if remedy.policy_code
        else "",
        status=label(RemedyStatus, remedy.status),
        payer=label(Payer, remedy.payer),
        lines=explanation_lines(remedy),
        approvals=", ".join(a.approver.get_username() for a in remedy.approvals.all()),
        answer=answer,
        execution=execution,
        can_approve=may_approve and remedy.status == RemedyStatus.PROPOSED
        and remedy.proposed_by_id != actor.user_id,
        can_execute=actor.is_staff_role and approved and remedy.kind in WEBHOOK_KINDS
        and remedy.execution_state in ("", ExecutionState.FAILED)
        and remedy.customer_answer != CustomerAnswer.DECLINED,
        can_complete=actor.is_staff_role and approved and remedy.kind not in WEBHOOK_KINDS,
        can_withdraw=actor.is_staff_role and not pending
        and remedy.status in (RemedyStatus.PROPOSED, RemedyStatus.APPROVED),
    )


def _offers(complaint: Complaint, extra: ExtraFacts) -> list[dict[str, Any]]:
    rows = []
    for offer in offers_compute(complaint=complaint, extra=extra, as_of=utcnow()):
        decision = offer.decision
        why = [offer.refusal] if offer.refusal else list(decision.reasons if decision else ())
        rows.append({
            "policy": offer.policy,
            "options": [
                {"index": i, "title": f"{kind_label(o.kind)} · {amount_text(o.amount)}",
                 "amount": o.amount, "respondent": o.respondent_amount,
                 "lines": [reason_text(r.as_dict()) for r in o.reasons], "clause": o.clause}
                for i, o in enumerate(decision.options if decision else ())
            ],
            "why_not": [reason_text(r.as_dict()) for r in why],
        })
    return rows


def _usual(similar: list[SimilarResolved]) -> list[dict[str, Any]]:
    received = remedies_of_complaints([s.number for s in similar])
    return [
        {"number": s.number, "score": s.score,
         "remedies": [f"{kind_label(r.kind)} · {amount_text(r.amount)}"
                      for r in received.get(s.number, [])],
         "satisfaction": None}
        for s in similar
    ]


def remedy_card(
    complaint: Complaint, actor: Actor, query: QueryDict, similar: list[SimilarResolved]
) -> dict[str, Any]:
    """The remedies card: existing remedies with what this actor may do, and for staff the
    computed offers, the facts form, a proposal by hand and what similar complaints got."""
    may_approve = approver_limit(actor) is not None
    card: dict[str, Any] = {
        "remedies": [_row(r, actor, may_approve)
                     for r in remedies_for(actor=actor, complaint=complaint)],
    }
    if actor.is_staff_role:
        facts = FactsForm(query or None)
        extra = facts.extra() if facts.is_bound and facts.is_valid() else ExtraFacts()
        card.update(
            facts_form=facts,
            facts_query=query.urlencode() if facts.is_bound else "",
            offers=_offers(complaint, extra),
            manual_form=ManualProposalForm(),
            usual=_usual(similar),
        )
    return card


def _back(number: str) -> HttpResponse:
    return redirect("desk:complaint", number=number)


def _remedy(actor: Actor, number: str, remedy_id: int) -> Remedy:
    complaint = selectors.complaint_get(actor=actor, number=number)
    return remedy_get(actor=actor, complaint=complaint, remedy_id=remedy_id)


@require_POST
@desk_view
def propose(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    if request.POST.get("policy"):
        form: Any = OfferProposalForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(form_errors(form))
        remedies.propose_offer(
            complaint=complaint, actor=actor, policy_code=form.cleaned_data["policy"],
            option_index=form.cleaned_data["option"], extra=form.extra(),
            note=form.cleaned_data["note"],
        )
    else:
        form = ManualProposalForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(form_errors(form))
        data = form.cleaned_data
        draft = remedies.RemedyDraft(
            kind=RemedyKind(data["kind"]), amount=data["amount"], note=data["note"],
            respondent_share=data["respondent_share"] or Decimal(0),
            coupon_valid_days=data["coupon_valid_days"],
        )
        remedies.propose(complaint=complaint, actor=actor, draft=draft)
    messages.success(request, _("Remedy proposed; it needs another person's approval."))
    return _back(number)


@require_POST
@desk_view
def approve(request: HttpRequest, actor: Actor, number: str, remedy_id: int) -> HttpResponse:
    remedy = remedies.approve(remedy=_remedy(actor, number, remedy_id), actor=actor)
    if remedy.status == RemedyStatus.APPROVED:
        messages.success(request, _("Remedy approved; the customer can now accept it."))
    else:
        messages.success(request, _("Approval recorded; cash compensation needs a second one."))
    return _back(number)


def _with_reason(request: HttpRequest) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return str(form.cleaned_data["reason"])


@require_POST
@desk_view
def reject(request: HttpRequest, actor: Actor, number: str, remedy_id: int) -> HttpResponse:
    remedy = _remedy(actor, number, remedy_id)
    remedies.reject(remedy=remedy, actor=actor, reason=_with_reason(request))
    messages.success(request, _("Remedy rejected."))
    return _back(number)


@require_POST
@desk_view
def withdraw(request: HttpRequest, actor: Actor, number: str, remedy_id: int) -> HttpResponse:
    remedy = _remedy(actor, number, remedy_id)
    remedies.withdraw(remedy=remedy, actor=actor, reason=_with_reason(request))
    messages.success(request, _("Remedy withdrawn."))
    return _back(number)


@require_POST
@desk_view
def execute(request: HttpRequest, actor: Actor, number: str, remedy_id: int) -> HttpResponse:
    remedies.execute(remedy=_remedy(actor, number, remedy_id), actor=actor)
    messages.success(request, _("Sent for payment; it is carried out once the system confirms."))
    return _back(number)


@require_POST
@desk_view
def complete(request: HttpRequest, actor: Actor, number: str, remedy_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    remedy = _remedy(actor, number, remedy_id)
    remedies.complete(remedy=remedy, actor=actor, note=form.cleaned_data["note"])
    messages.success(request, _("Remedy recorded as carried out."))
    return _back(number)
