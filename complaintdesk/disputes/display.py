"""A dispute in words, as the desk, the tracking page and the respondent's page show it: every
code turned into its translated label, each evidence request with its state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from complaintdesk.complaints.choices import EventKind
from complaintdesk.disputes.choices import (
    Channel,
    EvidenceKind,
    Outcome,
    Party,
    Responsible,
    ReviewDecision,
    Stage,
    StoredStage,
)
from complaintdesk.disputes.models import Evidence, Ruling
from complaintdesk.disputes.rules import ProposedRuling
from complaintdesk.disputes.selectors import DisputeView


def label(choices: Any, value: str | None) -> str:
    if not value:
        return "—"
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class RulingPanel:
    responsible: str
    shares: str
    outcome: str
    amount: Any
    rules: list[str]
    rationale: str
    default: bool
    decided_at: Any
    decided_by: str
    appeal_until: Any


def shares_text(customer: int, respondent: int, platform: int) -> str:
    """``被投诉方 70% · 投诉人 30%``; ``—`` when no one carries liability."""
    parts = [
        (_("Respondent"), respondent), (_("Customer"), customer), (_("Platform"), platform)
    ]
    return " · ".join(f"{name} {share}%" for name, share in parts if share) or "—"


def ruling_panel(ruling: Ruling, *, staff: bool) -> RulingPanel:
    return RulingPanel(
        responsible=label(Responsible, ruling.responsible),
        shares=shares_text(ruling.customer_share, ruling.respondent_share, ruling.platform_share),
        outcome=label(Outcome, ruling.outcome),
        amount=ruling.amount,
        rules=[rule.title for rule in ruling.rules.all()],
        rationale=ruling.rationale,
        default=ruling.is_default,
        decided_at=ruling.decided_at,
        decided_by=ruling.decided_by.get_username() if staff else "",
        appeal_until=ruling.appeal_until,
    )


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": label(EvidenceKind, item.kind),
        "text": item.text,
        "tracking_number": item.tracking_number,
        "at": item.submitted_at,
        "late": item.late,
        "channel": label(Channel, item.channel),
        "files": list(item.files.all()),
    }


def _state(answered: bool, silent: bool, late: bool) -> str:
    if answered and late:
        return _("Answered late")
    if answered:
        return _("Answered")
    if silent:
        return _("Silent past the deadline")
    return _("Waiting")


def _proposal(proposal: ProposedRuling | None) -> dict[str, Any] | None:
    if proposal is None:
        return None
    return {
        "silent": label(Party, proposal.silent),
        "responsible": label(Responsible, proposal.responsible),
        "shares": shares_text(**proposal.split.as_dict()),
        "outcome": label(Outcome, proposal.outcome),
        "rationale": proposal.rationale,
    }


def dispute_panel(view: DisputeView) -> dict[str, Any]:
    staff = view.all_evidence
    appeal = view.appeal
    return {
        "stage": view.stage,
        "stage_label": label(Stage, view.stage),
        "is_open": view.dispute.stage == StoredStage.OPEN,
        "question": view.dispute.question,
        "respondent": view.dispute.respondent.name,
        "opened_at": view.dispute.opened_at,
        "requests": [
            {
                "party": r.request.party,
                "party_label": label(Party, r.request.party),
                "asks": r.request.asks,
                "due_at": r.request.due_at,
                "state": _state(r.answered, r.silent, any(e.late for e in r.evidence)),
                "silent": r.silent,
                "evidence": [_evidence(item) for item in r.evidence],
                "mine": r.request.party == view.viewer_party,
            }
            for r in view.requests
        ],
        "asked": {r.request.party for r in view.requests},
        "ruling": ruling_panel(view.ruling, staff=staff) if view.ruling else None,
        "earlier": [ruling_panel(r, staff=staff) for r in view.earlier_rulings],
        "appeal": None if appeal is None else {
            "party": label(Party, appeal.party),
            "grounds": appeal.grounds,
            "filed_at": appeal.filed_at,
            "reviewer": appeal.reviewer.get_username() if staff and appeal.reviewer else "",
            "decision": label(ReviewDecision, appeal.decision) if appeal.decision else "",
        },
        "proposal": _proposal(view.proposal),
        "can_appeal": view.can_appeal,
        "conflicts": [
            {"user": c.user.get_username(), "reason": c.reason, "at": c.declared_at}
            for c in view.conflicts
        ],
    }


def _moment(value: Any) -> str:
    """An ISO time of an event's data as ``2026-10-10 11:00`` (local time, as recorded)."""
    return str(value or "")[:16].replace("T", " ")


def dispute_event_detail(kind: str, data: dict[str, Any]) -> str | None:
    """What a dispute event says on the desk's timeline; ``None`` for other kinds."""
    party = label(Party, data.get("party"))
    if kind == EventKind.DISPUTE_OPENED:
        return str(data.get("question", ""))
    if kind == EventKind.EVIDENCE_REQUESTED:
        return _("%(party)s, by %(due)s: %(asks)s") % {
            "party": party, "due": _moment(data.get("due_at")) or "—", "asks": data.get("asks", ""),
        }
    if kind == EventKind.EVIDENCE_SUBMITTED:
        late = _(" (late)") if data.get("late") else ""
        return f"{party}{late} · {label(Channel, data.get('channel'))}"
    if kind in {EventKind.DEFAULT_RULING_PROPOSED, EventKind.DISPUTE_RULED,
                EventKind.DISPUTE_REVIEWED}:
        shares = data.get("shares") or {}
        parts = [label(ReviewDecision, data.get("decision")) if data.get("decision") else "",
                 label(Responsible, data.get("responsible")),
                 shares_text(**shares) if shares else "", label(Outcome, data.get("outcome"))]
        return " · ".join(p for p in parts if p and p != "—")
    if kind == EventKind.DISPUTE_APPEALED:
        return f"{party}: {data.get('grounds', '')}"
    if kind == EventKind.REVIEWER_ASSIGNED:
        return str(data.get("reviewer") or _("released by %(user)s") % {
            "user": data.get("released", "")})
    if kind == EventKind.RESPONDENT_NAMED:
        return str(data.get("name") or "—")
    if kind == EventKind.CONFLICT_DECLARED:
        return str(data.get("reason", ""))
    if kind == EventKind.DISPUTE_CLOSED:
        return _("after the ruling") if data.get("ruled") else _("without a ruling")
    return None
