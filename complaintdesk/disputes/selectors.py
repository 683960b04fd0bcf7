"""Reads of disputes, filtered for what the actor may see: staff and auditors see the whole
dispute; a party sees what it was asked, its own evidence, the ruling and the appeal, never the
other side's evidence. The caller found the complaint through the actor's scope
(``complaints.selectors.complaint_get``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES
from complaintdesk.complaints.errors import NotFound
from complaintdesk.complaints.models import Complaint, Respondent
from complaintdesk.disputes.choices import Party, Stage, StoredStage
from complaintdesk.disputes.models import (
    Appeal,
    ConflictDeclaration,
    Dispute,
    Evidence,
    EvidenceFile,
    EvidenceRequest,
    RespondentLink,
    Ruling,
    RulingRule,
    hash_link_token,
)
from complaintdesk.disputes.permissions import (
    ensure_can_read,
    no_such_dispute,
    party_of,
    sees_all_evidence,
)
from complaintdesk.disputes.policies import dispute_policy_named
from complaintdesk.disputes.rules import ProposedRuling, default_ruling, open_stage


def conflicted(*, user_id: int, complaint: Complaint) -> bool:
    """Has the user declared a conflict on this complaint, its customer or its respondent?"""
    wanted = Q(complaint_id=complaint.pk)
    if complaint.respondent_id is not None:
        wanted |= Q(respondent_id=complaint.respondent_id)
    if complaint.customer_id is not None:
        wanted |= Q(customer_id=complaint.customer_id)
    return ConflictDeclaration.objects.filter(wanted, user_id=user_id).exists()


def conflicted_user_ids(*, complaint: Complaint, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` declared a conflict on the complaint, its customer or respondent."""
    wanted = Q(complaint_id=complaint.pk)
    if complaint.respondent_id is not None:
        wanted |= Q(respondent_id=complaint.respondent_id)
    if complaint.customer_id is not None:
        wanted |= Q(customer_id=complaint.customer_id)
    found = ConflictDeclaration.objects.filter(wanted, user_id__in=list(user_ids))
    return set(found.values_list("user_id", flat=True))


def took_part(dispute: Dispute) -> set[int]:
    """The staff who handled the dispute: who opened it, asked for evidence, recorded evidence
    or ruled on it, and the complaint's assignee."""
    people = {dispute.opened_by_id, dispute.complaint.assignee_id}
    people |= set(dispute.requests.values_list("requested_by_id", flat=True))
    people |= set(dispute.rulings.values_list("decided_by_id", flat=True))
    people |= set(
        Evidence.objects.filter(
            request__dispute=dispute, submitted_by__membership__role__in=STAFF_ROLES
        ).values_list("submitted_by_id", flat=True)
    )
    return {pk for pk in people if pk is not None}


def current_ruling(dispute: Dispute) -> Ruling | None:
    """The ruling in force: the latest (a review's replacement, else the first)."""
    return (
        Ruling.objects.filter(dispute=dispute)
        .prefetch_related("rules")
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )


def dispute_for(*, actor: Actor, complaint: Complaint) -> Dispute | None:
    """The complaint's dispute, if it has one; 404 for roles that see no disputes."""
    ensure_can_read(actor)
    return Dispute.objects.filter(complaint=complaint).select_related(
        "complaint", "respondent", "opened_by"
    ).first()


def dispute_get(*, actor: Actor, complaint: Complaint) -> Dispute:
    dispute = dispute_for(actor=actor, complaint=complaint)
    if dispute is None:
        raise no_such_dispute()
    return dispute


def dispute_running(*, complaint: Complaint) -> bool:
    """Does the complaint have a dispute that has not closed?"""
    return Dispute.objects.filter(complaint=complaint).exclude(stage=StoredStage.CLOSED).exists()


def dispute_unclosed(*, complaint: Complaint) -> Dispute | None:
    """The complaint's dispute while it has not closed (no actor: for the lifecycle)."""
    return (
        Dispute.objects.filter(complaint=complaint).exclude(stage=StoredStage.CLOSED).first()
    )


@dataclass(frozen=True)
class RequestView:
    """One party's evidence request as the dispute shows it."""

    request: EvidenceRequest
    evidence: list[Evidence]
    answered: bool
    silent: bool


@dataclass(frozen=True)
class DisputeView:
    """Everything about a dispute one actor may see."""

    dispute: Dispute
    stage: Stage
    requests: list[RequestView]
    ruling: Ruling | None
    earlier_rulings: list[Ruling]
    appeal: Appeal | None
    proposal: ProposedRuling | None
    viewer_party: Party | None
    can_appeal: bool
    all_evidence: bool
    conflicts: list[ConflictDeclaration] = field(default_factory=list)


def _requests(dispute: Dispute, now: dt.datetime) -> list[RequestView]:
    views = []
    requests = dispute.requests.select_related("requested_by").order_by("requested_at", "id")
    evidence = Evidence.objects.filter(request__dispute=dispute).prefetch_related("files")
    by_request: dict[int, list[Evidence]] = {}
    for item in evidence.select_related("submitted_by").order_by("submitted_at", "id"):
        by_request.setdefault(item.request_id, []).append(item)
    for request in requests:
        items = by_request.get(request.pk, [])
        overdue = request.due_at is not None and now > request.due_at
        views.append(RequestView(request, items, bool(items), overdue and not items))
    return views


def proposal_of(dispute: Dispute, requests: list[RequestView]) -> ProposedRuling | None:
    """The default ruling the dispute's policy proposes, while it is open and exactly one
    asked party stayed silent past its deadline."""
    if dispute.stage != StoredStage.OPEN:
        return None
    policy = dispute_policy_named(dispute.policy)
    return default_ruling(
        silent={r.request.party for r in requests if r.silent},
        answered={r.request.party for r in requests if r.answered},
        rules=policy.default_rules(),
        policy=policy.code,
    )


def _stage(dispute: Dispute, requests: list[RequestView]) -> Stage:
    if dispute.stage != StoredStage.OPEN:
        return Stage(dispute.stage)
    pending = {r.request.party for r in requests if not r.answered and not r.silent}
    return open_stage(asked={r.request.party for r in requests}, pending=pending)


def dispute_view(
    *, actor: Actor, complaint: Complaint, now: dt.datetime | None = None
) -> DisputeView | None:
    """The complaint's dispute as ``actor`` may see it, or ``None`` when there is none."""
    dispute = dispute_for(actor=actor, complaint=complaint)
    if dispute is None:
        return None
    now = now or timezone.now()
    requests = _requests(dispute, now)
    everything = sees_all_evidence(actor)
    party = party_of(actor)
    visible = [
        r if everything or r.request.party == party else RequestView(r.request, [], r.answered,
                                                                      r.silent)
        for r in requests
    ]
    rulings = list(
        Ruling.objects.filter(dispute=dispute).prefetch_related("rules")
        .select_related("decided_by").order_by("decided_at", "id")
    )
    ruling = rulings[-1] if rulings else None
    appeal = Appeal.objects.filter(dispute=dispute).select_related("reviewer").first()
    can_appeal = (
        party is not None and dispute.stage == StoredStage.RULED and ruling is not None
        and (ruling.appeal_until is None or now <= ruling.appeal_until)
    )
    return DisputeView(
        dispute=dispute, stage=_stage(dispute, requests), requests=visible, ruling=ruling,
        earlier_rulings=rulings[:-1] if everything else [], appeal=appeal,
        proposal=proposal_of(dispute, requests) if everything else None,
        viewer_party=party, can_appeal=can_appeal, all_evidence=everything,
        conflicts=list(
            ConflictDeclaration.objects.filter(complaint=complaint).select_related("user")
        ) if everything else [],
    )


def default_proposals_due(
    *, complaint_ids: Iterable[int], now: dt.datetime
) -> list[tuple[Dispute, ProposedRuling]]:
    """Open disputes among ``complaint_ids`` whose default ruling is due and not yet proposed."""
    disputes = Dispute.objects.filter(
        complaint_id__in=list(complaint_ids), stage=StoredStage.OPEN,
        default_proposed_at__isnull=True,
    ).select_related("complaint").order_by("id")
    due = []
    for dispute in disputes:
        proposal = proposal_of(dispute, _requests(dispute, now))
        if proposal is not None:
            due.append((dispute, proposal))
    return due


def rules_active() -> list[RulingRule]:
    return list(RulingRule.objects.filter(is_active=True).order_by("rank", "code"))


def respondent_link_open(raw_token: str) -> tuple[Complaint, Respondent]:
    """The complaint and respondent a respondent's link opens; 404 alike for unknown and
    expired links, and for a complaint that no longer names that respondent."""
    link = (
        RespondentLink.objects.select_related("complaint", "respondent")
        .filter(token_hash=hash_link_token(raw_token), expires_at__gt=timezone.now())
        .first()
    )
    if link is None or link.complaint.respondent_id != link.respondent_id:
        raise NotFound(_("This link is not valid or has expired."))
    return link.complaint, link.respondent


def evidence_file_get(*, actor: Actor, complaint: Complaint, file_id: int) -> EvidenceFile:
    """A file of the complaint's dispute: staff see every one, a party only its own files.
    Auditors see that files exist but do not open them (they may hold personal data)."""
    ensure_can_read(actor)
    found = EvidenceFile.objects.filter(
        pk=file_id, evidence__request__dispute__complaint=complaint
    ).select_related("evidence__request").first()
    party = party_of(actor)
    if found is None or (not actor.sees_personal_data and party is None):
        raise NotFound(_("No such file."))
    if not sees_all_evidence(actor) and found.evidence.request.party != party:
        raise NotFound(_("No such file."))
    return found
