"""Disputes between a customer and a respondent, from opening to the ruling.

Opening: record the dispute → move the complaint into ``in_dispute`` (its clock column starts
the respondent's evidence clock) → ask the respondent, whose deadline is that clock's target →
ask the customer too if the agent does (the customer's evidence clock starts) → issue the
respondent's private link, shown once. Evidence: keep it → meet that party's clock (late
evidence finds its clock already breached). Ruling: record it with the appeal period of the
dispute policy on the working calendar → stop the evidence clocks still running. A party silent
past its deadline: the sweep breaches its clock and :func:`defaults_propose` records the
policy's default ruling, which an agent confirms with :func:`default_ruling_confirm`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind, EventKind, Status
from complaintdesk.complaints.errors import Conflict
from complaintdesk.complaints.events import RecordedEvent
from complaintdesk.complaints.models import Complaint, Respondent
from complaintdesk.complaints.permissions import ensure_can_name_respondent
from complaintdesk.complaints.services import complaint_name_respondent
from complaintdesk.disputes.choices import Party
from complaintdesk.disputes.models import Dispute, Evidence, EvidenceRequest, Ruling
from complaintdesk.disputes.permissions import ensure_can_handle
from complaintdesk.disputes.policies import dispute_policy_for, dispute_policy_named
from complaintdesk.disputes.selectors import (
    default_proposals_due,
    dispute_get,
    dispute_running,
    dispute_view,
    rules_active,
)
from complaintdesk.disputes.services import (
    Decision,
    Submission,
    default_ruling_propose,
    dispute_open,
    evidence_request,
    evidence_submit,
    respondent_link_issue,
    ruling_make,
)
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.choices import Trigger
from complaintdesk.sla.selectors import calendar_due
from complaintdesk.sla.services import clock_run, clocks_meet, clocks_stop
from complaintdesk.workflows.transition import transition

#: Each party's deadline is a clock of its own kind.
PARTY_CLOCKS = {Party.RESPONDENT: ClockKind.EVIDENCE, Party.CUSTOMER: ClockKind.CUSTOMER_EVIDENCE}
EVIDENCE_CLOCKS = {str(kind) for kind in PARTY_CLOCKS.values()}
RESPONDENT_LINK_VALID_FOR = dt.timedelta(days=60)
#: The rule a default ruling applies, when the admin keeps it.
BURDEN_OF_PROOF = "burden-of-proof"


@dataclass(frozen=True)
class Opened:
    """The dispute, and the respondent's private link token (shown once, never stored)."""

    dispute: Dispute
    respondent_token: str


@transaction.atomic
def open_dispute(
    *, complaint: Complaint, actor: Actor, question: str, respondent_asks: str,
    customer_asks: str = "",
) -> Opened:
    """Open the dispute and ask the respondent (and, if ``customer_asks``, the customer)."""
    now = utcnow()
    policy = dispute_policy_for(channel=complaint.channel, industry=complaint.industry)
    dispute = dispute_open(
        complaint=complaint, actor=actor, question=question, policy=policy.code, at=now
    )
    if dispute.complaint.status == Status.IN_PROGRESS:
        transition(complaint=dispute.complaint, to=Status.IN_DISPUTE, actor=actor,
                   reason=dispute.question)
    ask(dispute=dispute, actor=actor, party=Party.RESPONDENT,
        asks=respondent_asks.strip() or dispute.question, at=now)
    if customer_asks.strip():
        ask(dispute=dispute, actor=actor, party=Party.CUSTOMER, asks=customer_asks, at=now)
    token = respondent_link_issue(
        complaint=dispute.complaint, respondent=dispute.respondent,
        valid_for=RESPONDENT_LINK_VALID_FOR, at=now,
    )
    return Opened(dispute, token)


@transaction.atomic
def ask(
    *, dispute: Dispute, actor: Actor, party: str, asks: str, at: dt.datetime | None = None
) -> EvidenceRequest:
    """Ask one party for evidence: its clock runs (started, or run again if it had finished
    before this dispute) and its target is the request's deadline."""
    at = at or utcnow()
    clock = clock_run(
        complaint=dispute.complaint, kind=PARTY_CLOCKS[Party(party)], trigger=Trigger.DISPUTE,
        at=at,
    )
    return evidence_request(
        dispute=dispute, actor=actor, party=party, asks=asks,
        due_at=clock.target_at if clock is not None else None, at=at,
    )


@transaction.atomic
def request_evidence(
    *, complaint: Complaint, actor: Actor, party: str, asks: str
) -> EvidenceRequest:
    """Ask a party for evidence later in the dispute: typically the customer, once the
    respondent has answered (待双方补充凭证)."""
    dispute = dispute_get(actor=actor, complaint=complaint)
    return ask(dispute=dispute, actor=actor, party=party, asks=asks)


@transaction.atomic
def give_evidence(
    *, complaint: Complaint, actor: Actor, party: str, submission: Submission, channel: str
) -> Evidence:
    """Keep a party's evidence and meet its clock (a clock already breached stays so)."""
    dispute = dispute_get(actor=actor, complaint=complaint)
    evidence = evidence_submit(
        dispute=dispute, actor=actor, party=party, submission=submission, channel=channel,
        at=utcnow(),
    )
    clocks_meet(complaint=complaint, kinds={PARTY_CLOCKS[Party(party)]},
                at=evidence.submitted_at)
    return evidence


def appeal_deadline(dispute: Dispute, at: dt.datetime) -> dt.datetime:
    """The end of the appeal period: the policy's working days on the working calendar."""
    days = dispute_policy_named(dispute.policy).appeal_working_days
    return calendar_due(start=at, working_days=days).due


@transaction.atomic
def rule(*, complaint: Complaint, actor: Actor, decision: Decision) -> Ruling:
    """Rule on the dispute; the evidence periods still running stop, the appeal period
    starts."""
    dispute = dispute_get(actor=actor, complaint=complaint)
    now = utcnow()
    ruling = ruling_make(
        dispute=dispute, actor=actor, decision=decision, at=now,
        appeal_until=appeal_deadline(dispute, now),
    )
    clocks_stop(complaint=complaint, kinds=EVIDENCE_CLOCKS, at=now)
    return ruling


@transaction.atomic
def default_ruling_confirm(*, complaint: Complaint, actor: Actor) -> Ruling:
    """An agent confirms the default ruling the dispute's policy proposes against the party
    that stayed silent past its deadline. 409 when there is none to confirm."""
    view = dispute_view(actor=actor, complaint=complaint)
    if view is None or view.proposal is None:
        raise Conflict(
            _("There is no default ruling to confirm: it applies only while the dispute is "
              "open and exactly one party asked for evidence stayed silent past its deadline."),
        )
    proposal = view.proposal
    kept = {r.code for r in rules_active()}
    decision = Decision(
        responsible=proposal.responsible, split=proposal.split, outcome=proposal.outcome,
        rationale=proposal.rationale, rules=[BURDEN_OF_PROOF] if BURDEN_OF_PROOF in kept else [],
    )
    now = utcnow()
    ruling = ruling_make(
        dispute=view.dispute, actor=actor, decision=decision, at=now,
        appeal_until=appeal_deadline(view.dispute, now), default=proposal,
    )
    clocks_stop(complaint=complaint, kinds=EVIDENCE_CLOCKS, at=now)
    return ruling


def defaults_propose(*, events: list[RecordedEvent], now: dt.datetime) -> int:
    """After a sweep batch: the disputes whose party's evidence clock was just breached record
    the default ruling their policy proposes (once). Returns how many were proposed."""
    breached = {
        e.complaint_id for e in events
        if e.kind == EventKind.CLOCK_BREACHED and e.data.get("clock") in EVIDENCE_CLOCKS
    }
    if not breached:
        return 0
    proposed = 0
    for dispute, proposal in default_proposals_due(complaint_ids=breached, now=now):
        proposed += default_ruling_propose(dispute=dispute, proposal=proposal, at=now) is not None
    return proposed


@transaction.atomic
def name_respondent(
    *, complaint: Complaint, actor: Actor, respondent: Respondent | None
) -> Complaint:
    """Staff name who the complaint is about; not while a dispute with the present one runs."""
    ensure_can_name_respondent(actor)
    if dispute_running(complaint=complaint):
        raise Conflict(_("A dispute with the present respondent is running; it keeps its "
                         "respondent until it closes."))
    return complaint_name_respondent(
        complaint=complaint, actor=actor, respondent=respondent
    ).complaint


@transaction.atomic
def new_respondent_link(*, complaint: Complaint, actor: Actor) -> str:
    """Staff issue a fresh link for the respondent of the complaint's dispute."""
    ensure_can_handle(actor)
    dispute = dispute_get(actor=actor, complaint=complaint)
    return respondent_link_issue(
        complaint=complaint, respondent=dispute.respondent,
        valid_for=RESPONDENT_LINK_VALID_FOR, at=utcnow(),
    )
