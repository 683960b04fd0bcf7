"""``/api/v1/complaints/{number}/dispute...``: disputes, evidence, rulings, appeals and their
review; naming the respondent; declaring a conflict of interest.

Each endpoint finds the complaint in the caller's scope (404 alike for missing and out of
scope), validates the body here and calls a workflow. A role outside an action gets 404 too.
Repeats are refused by the dispute's own state (a second opening, ruling or appeal is a 409),
so these POSTs take no ``Idempotency-Key``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja import Status as Reply

from complaintdesk.api.auth import actor_of
from complaintdesk.api.dispute_presenters import dispute_payload
from complaintdesk.api.dispute_schemas import (
    AppealIn,
    ConflictIn,
    ConflictOut,
    DisputeIn,
    DisputeOpenedOut,
    DisputeOut,
    EvidenceIn,
    EvidenceRequestIn,
    LinkOut,
    RespondentNameIn,
    ReviewerIn,
    ReviewIn,
    RulingIn,
)
from complaintdesk.api.presenters import complaint_payload, local
from complaintdesk.api.routes import ERRORS
from complaintdesk.api.schemas import ComplaintOut
from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import MissingRequirement
from complaintdesk.complaints.models import Complaint
from complaintdesk.disputes.choices import Channel
from complaintdesk.disputes.links import respondent_link_url as respondent_link
from complaintdesk.disputes.permissions import no_such_dispute, party_of
from complaintdesk.disputes.rules import Split, split_for
from complaintdesk.disputes.selectors import dispute_view
from complaintdesk.disputes.services import Decision, Submission
from complaintdesk.workflows import appeal as appeals
from complaintdesk.workflows import dispute as disputes

router = Router(tags=["disputes"])
BASE = "/complaints/{number}/dispute"


def _complaint(request: HttpRequest, number: str) -> tuple[Actor, Complaint]:
    actor = actor_of(request)
    return actor, selectors.complaint_get(actor=actor, number=number)


def _view(actor: Actor, complaint: Complaint) -> dict[str, Any]:
    view = dispute_view(actor=actor, complaint=complaint)
    if view is None:
        raise no_such_dispute()
    return dispute_payload(view, actor)


def decision_of(payload: RulingIn) -> Decision:
    given = payload.shares
    split = Split(given.customer, given.respondent, given.platform) if given else None
    return Decision(
        responsible=payload.responsible,
        split=split_for(payload.responsible, split),
        outcome=payload.outcome,
        rationale=payload.rationale,
        rules=list(payload.rules),
        amount=payload.amount,
    )


def _party(actor: Actor, given: str | None) -> str:
    """The caller's own side; staff must say which party they act for."""
    party = party_of(actor) or given
    if party is None:
        raise MissingRequirement(
            _("Say which party this is for: customer or respondent."), {"missing": ["party"]}
        )
    return party


@router.get(BASE, response={200: DisputeOut, **ERRORS}, summary="The complaint's dispute")
def dispute_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    """Staff and auditors see the whole dispute; the customer and the respondent see what they
    were asked, their own evidence (never the other side's), the ruling and the appeal."""
    actor, complaint = _complaint(request, number)
    return _view(actor, complaint)


@router.post(BASE, response={201: DisputeOpenedOut, **ERRORS}, summary="Open a dispute")
def dispute_create(request: HttpRequest, number: str, payload: DisputeIn) -> Reply[Any]:
    """Staff open the dispute on a complaint in progress that names its respondent: the
    complaint moves to ``in_dispute``, the respondent is asked (``respondent_asks``, else the
    question) with a deadline on its evidence clock, and the customer too when
    ``customer_asks`` is given. The respondent's private link is in the answer, once.
    422 without a question or a respondent; 409 when the complaint already has a dispute or
    is not in progress."""
    actor, complaint = _complaint(request, number)
    opened = disputes.open_dispute(
        complaint=complaint, actor=actor, question=payload.question,
        respondent_asks=payload.respondent_asks, customer_asks=payload.customer_asks,
    )
    body = {
        "dispute": _view(actor, opened.dispute.complaint),
        "respondent_link": respondent_link(opened.respondent_token),
    }
    return Reply(201, body)


@router.post(f"{BASE}/evidence-requests", response={201: DisputeOut, **ERRORS},
             summary="Ask a party for evidence")
def dispute_ask(request: HttpRequest, number: str, payload: EvidenceRequestIn) -> Reply[Any]:
    """Ask the customer (or the respondent, if not asked yet) for evidence; the deadline is
    the target of that party's evidence clock. 409 once ruled or when already asked."""
    actor, complaint = _complaint(request, number)
    disputes.request_evidence(
        complaint=complaint, actor=actor, party=payload.party, asks=payload.asks
    )
    return Reply(201, _view(actor, complaint))


@router.post(f"{BASE}/evidence", response={201: DisputeOut, **ERRORS},
             summary="Submit evidence")
def dispute_evidence(request: HttpRequest, number: str, payload: EvidenceIn) -> Reply[Any]:
    """A party submits a statement or a tracking number (files through the tracking page, the
    respondent's link or the desk). Late evidence is kept and marked ``late``. 409 once the
    dispute is ruled; 422 when empty."""
    actor, complaint = _complaint(request, number)
    submission = Submission(
        kind=payload.kind, text=payload.text, tracking_number=payload.tracking_number
    )
    disputes.give_evidence(
        complaint=complaint, actor=actor, party=_party(actor, payload.party),
        submission=submission, channel=Channel.API,
    )
    return Reply(201, _view(actor, complaint))


@router.post(f"{BASE}/ruling", response={201: DisputeOut, **ERRORS}, summary="Rule")
def dispute_rule(request: HttpRequest, number: str, payload: RulingIn) -> Reply[Any]:
    """An agent, supervisor or admin rules: who is responsible, the liability split (adding up
    to 100, or all 0 for ``none``), the rules applied, the rationale (required) and the
    outcome. The appeal period of the dispute policy starts. 409 once ruled or for someone
    who declared a conflict; 422 for a split that does not add up or no rationale."""
    actor, complaint = _complaint(request, number)
    disputes.rule(complaint=complaint, actor=actor, decision=decision_of(payload))
    return Reply(201, _view(actor, complaint))


@router.post(f"{BASE}/default-ruling", response={201: DisputeOut, **ERRORS},
             summary="Confirm the default ruling")
def dispute_default_ruling(request: HttpRequest, number: str) -> Reply[Any]:
    """Confirm the default ruling the policy proposes against a party silent past its
    deadline (``default_proposal``); 409 when there is none."""
    actor, complaint = _complaint(request, number)
    disputes.default_ruling_confirm(complaint=complaint, actor=actor)
    return Reply(201, _view(actor, complaint))


@router.post(f"{BASE}/appeal", response={201: DisputeOut, **ERRORS}, summary="Appeal")
def dispute_appeal(request: HttpRequest, number: str, payload: AppealIn) -> Reply[Any]:
    """A party appeals the ruling within its appeal period (409 after it, or a second time)."""
    actor, complaint = _complaint(request, number)
    appeals.appeal(
        complaint=complaint, actor=actor, party=_party(actor, payload.party),
        grounds=payload.grounds, channel=Channel.API,
    )
    return Reply(201, _view(actor, complaint))


@router.post(f"{BASE}/appeal/reviewer", response={200: DisputeOut, **ERRORS},
             summary="Choose the reviewer of an appeal")
def dispute_reviewer(request: HttpRequest, number: str, payload: ReviewerIn) -> dict[str, Any]:
    """Supervisors and admins. 409 for someone who took part in the dispute, declared a
    conflict on its complaint, customer or respondent, or works in the respondent's
    department (``details.reason``)."""
    actor, complaint = _complaint(request, number)
    reviewer = selectors.user_get(payload.reviewer)
    appeals.choose_reviewer(complaint=complaint, actor=actor, reviewer=reviewer)
    return _view(actor, complaint)


@router.post(f"{BASE}/appeal/review", response={200: DisputeOut, **ERRORS},
             summary="Decide an appeal")
def dispute_review(request: HttpRequest, number: str, payload: ReviewIn) -> dict[str, Any]:
    """The assigned reviewer only (404 for anyone else) confirms the ruling (``note`` says
    why) or replaces it with ``ruling``."""
    actor, complaint = _complaint(request, number)
    replacement = None
    if payload.decision == "replace":
        if payload.ruling is None:
            raise MissingRequirement(_("Give the ruling that replaces it."),
                                     {"missing": ["ruling"]})
        replacement = decision_of(payload.ruling)
    appeals.review(complaint=complaint, actor=actor, replacement=replacement, note=payload.note)
    return _view(actor, complaint)


@router.post(f"{BASE}/respondent-link", response={201: LinkOut, **ERRORS},
             summary="A new link for the respondent")
def dispute_link(request: HttpRequest, number: str) -> Reply[Any]:
    actor, complaint = _complaint(request, number)
    token = disputes.new_respondent_link(complaint=complaint, actor=actor)
    return Reply(201, {"respondent_link": respondent_link(token)})


@router.post("/complaints/{number}/respondent", response={200: ComplaintOut, **ERRORS},
             summary="Name the respondent")
def complaint_respondent(
    request: HttpRequest, number: str, payload: RespondentNameIn
) -> dict[str, Any]:
    """Staff name who the complaint is about by respondent code (``null`` clears it); 409
    while a dispute with the present respondent runs."""
    actor, complaint = _complaint(request, number)
    respondent = selectors.respondent_get(payload.respondent) if payload.respondent else None
    changed = disputes.name_respondent(complaint=complaint, actor=actor, respondent=respondent)
    fresh = selectors.complaints_for(actor).filter(pk=changed.pk).first() or changed
    return complaint_payload(fresh, actor)


@router.post("/complaints/{number}/conflicts", response={201: ConflictOut, **ERRORS},
             summary="Declare a conflict of interest (回避)")
def complaint_conflict(request: HttpRequest, number: str, payload: ConflictIn) -> Reply[Any]:
    """Staff declare a conflict of interest on the complaint: they are taken off it and may
    not rule on or review a dispute about it, its customer or its respondent."""
    actor, complaint = _complaint(request, number)
    declared = appeals.declare_conflict(complaint=complaint, actor=actor, reason=payload.reason)
    return Reply(201, {"number": complaint.number, "declared_at": local(declared.declared_at)})
