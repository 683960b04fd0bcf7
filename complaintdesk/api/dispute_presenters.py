"""A dispute as an API payload, as much of it as the caller may see (``disputes.selectors``
already left out the other side's evidence for a party)."""

from __future__ import annotations

from typing import Any

from complaintdesk.api.presenters import local
from complaintdesk.complaints.actors import Actor
from complaintdesk.disputes.models import Evidence, Ruling
from complaintdesk.disputes.rules import ProposedRuling
from complaintdesk.disputes.selectors import DisputeView


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "text": item.text,
        "tracking_number": item.tracking_number,
        "submitted_at": local(item.submitted_at),
        "late": item.late,
        "channel": item.channel,
        "files": [{"id": f.pk, "filename": f.filename, "size": f.size} for f in item.files.all()],
    }


def ruling_payload(ruling: Ruling, *, staff: bool) -> dict[str, Any]:
    return {
        "id": ruling.pk,
        "responsible": ruling.responsible,
        "shares": {
            "customer": ruling.customer_share,
            "respondent": ruling.respondent_share,
            "platform": ruling.platform_share,
        },
        "outcome": ruling.outcome,
        "rules": [rule.code for rule in ruling.rules.all()],
        "rationale": ruling.rationale,
        "amount": ruling.amount,
        "default": ruling.is_default,
        "decided_at": local(ruling.decided_at),
        "decided_by": ruling.decided_by.get_username() if staff else None,
        "appeal_until": local(ruling.appeal_until),
    }


def _proposal(proposal: ProposedRuling | None) -> dict[str, Any] | None:
    if proposal is None:
        return None
    return {
        "silent": proposal.silent,
        "responsible": proposal.responsible,
        "shares": proposal.split.as_dict(),
        "outcome": proposal.outcome,
        "rationale": proposal.rationale,
        "policy": proposal.policy,
    }


def dispute_payload(view: DisputeView, actor: Actor) -> dict[str, Any]:
    dispute, appeal, staff = view.dispute, view.appeal, view.all_evidence
    respondent = dispute.respondent
    return {
        "number": dispute.complaint.number,
        "stage": view.stage,
        "question": dispute.question,
        "respondent": {"code": respondent.code, "name": respondent.name, "kind": respondent.kind},
        "policy": dispute.policy,
        "opened_at": local(dispute.opened_at),
        "requests": [
            {
                "party": r.request.party,
                "asks": r.request.asks,
                "requested_at": local(r.request.requested_at),
                "due_at": local(r.request.due_at),
                "answered": r.answered,
                "silent": r.silent,
                "evidence": [_evidence(item) for item in r.evidence],
            }
            for r in view.requests
        ],
        "ruling": ruling_payload(view.ruling, staff=staff) if view.ruling else None,
        "earlier_rulings": [ruling_payload(r, staff=staff) for r in view.earlier_rulings],
        "appeal": None
        if appeal is None
        else {
            "party": appeal.party,
            "grounds": appeal.grounds,
            "filed_at": local(appeal.filed_at),
            "reviewer": appeal.reviewer.get_username() if staff and appeal.reviewer else None,
            "decision": appeal.decision or None,
            "decided_at": local(appeal.decided_at),
        },
        "default_proposal": _proposal(view.proposal),
        "can_appeal": view.can_appeal,
    }
