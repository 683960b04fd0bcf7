"""Every write of a dispute. Each function changes the dispute and records what it did as a
ComplaintEvent (``complaints.services.event_record``) in the caller's transaction; what follows
from it (the complaint's status, the clocks, who is told) is composed in
``workflows.dispute`` and ``workflows.appeal``.

Validation of the request's shape happens at the edges; these functions refuse what the
dispute's state does not allow (409), what the domain requires (422) and what the actor may not
do (404, see :mod:`.permissions`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import CheckedUpload, file_keep
from complaintdesk.complaints.choices import EventKind, Status
from complaintdesk.complaints.errors import Conflict, InvalidInput, MissingRequirement
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Respondent
from complaintdesk.complaints.services import event_record
from complaintdesk.disputes.choices import EvidenceKind, Party, ReviewDecision, StoredStage
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
    DECIDERS,
    ensure_can_act_for,
    ensure_can_assign_reviewer,
    ensure_can_handle,
    ensure_can_rule,
    no_such_dispute,
)
from complaintdesk.disputes.rules import ProposedRuling, Split, is_late, split_problem
from complaintdesk.disputes.selectors import conflicted, current_ruling, took_part

#: Statuses a dispute can be opened in: the complaint is being worked on.
OPENABLE = frozenset({Status.IN_PROGRESS, Status.IN_DISPUTE})


def _iso(moment: dt.datetime | None) -> str | None:
    return localtime(moment).isoformat() if moment is not None else None


def _staff_user(actor: Actor) -> int:
    """The user behind a staff action (staff always act as a signed-in user or a key)."""
    if actor.user_id is None:
        raise no_such_dispute()
    return actor.user_id


def _locked(dispute: Dispute) -> Dispute:
    locking = Dispute.objects.select_for_update(of=("self",))
    return locking.select_related("complaint", "respondent").get(pk=dispute.pk)


@transaction.atomic
def dispute_open(
    *, complaint: Complaint, actor: Actor, question: str, policy: str, at: dt.datetime
) -> Dispute:
    """Open the dispute between the complaint's customer and its respondent."""
    ensure_can_handle(actor)
    if not question.strip():
        raise MissingRequirement(
            _("Say what is in dispute (the question the ruling will answer)."),
            {"missing": ["question"]},
        )
    locking = Complaint.objects.select_for_update(of=("self",)).select_related("respondent")
    complaint = locking.get(pk=complaint.pk)
    if complaint.respondent is None:
        raise InvalidInput(
            _("Name the respondent of the complaint before opening a dispute."),
            {"field": "respondent"},
        )
    if Dispute.objects.filter(complaint=complaint).exists():
        raise Conflict(_("This complaint already has a dispute."))
    if complaint.status not in OPENABLE:
        raise Conflict(
            _("A dispute is opened on a complaint in progress; this one is “%(status)s”.")
            % {"status": Status(complaint.status).label},
            {"status": complaint.status},
        )
    dispute = Dispute.objects.create(
        complaint=complaint, respondent=complaint.respondent, question=question.strip(),
        policy=policy, opened_at=at, opened_by_id=_staff_user(actor),
    )
    event_record(
        complaint=complaint, kind=EventKind.DISPUTE_OPENED, actor=actor, at=at,
        question=dispute.question, respondent=complaint.respondent.code, policy=policy,
    )
    return dispute


def _ensure_open(dispute: Dispute) -> None:
    if dispute.stage != StoredStage.OPEN:
        raise Conflict(
            _("The dispute is “%(stage)s”: evidence is no longer requested or accepted.")
            % {"stage": StoredStage(dispute.stage).label},
            {"stage": dispute.stage},
        )


@transaction.atomic
def evidence_request(
    *,
    dispute: Dispute,
    actor: Actor,
    party: str,
    asks: str,
    due_at: dt.datetime | None,
    at: dt.datetime,
) -> EvidenceRequest:
    """Ask one party for evidence; ``due_at`` is the target of that party's clock."""
    ensure_can_handle(actor)
    if not asks.strip():
        raise MissingRequirement(_("Say what the party should prove."), {"missing": ["asks"]})
    dispute = _locked(dispute)
    _ensure_open(dispute)
    if dispute.requests.filter(party=party).exists():
        raise Conflict(
            _("The %(party)s has already been asked for evidence in this dispute.")
            % {"party": Party(party).label},
            {"party": party},
        )
    request = EvidenceRequest.objects.create(
        dispute=dispute, party=party, asks=asks.strip(), requested_at=at, due_at=due_at,
        requested_by_id=_staff_user(actor),
    )
    event_record(
        complaint=dispute.complaint, kind=EventKind.EVIDENCE_REQUESTED, actor=actor, at=at,
        party=party, asks=request.asks, due_at=_iso(due_at),
    )
    return request


@dataclass(frozen=True)
class Submission:
    """What a party hands in: a statement, a tracking number, files (checked at the edge)."""

    kind: str = EvidenceKind.STATEMENT
    text: str = ""
    tracking_number: str = ""
    files: list[CheckedUpload] = field(default_factory=list)


@transaction.atomic
def evidence_submit(
    *,
    dispute: Dispute,
    actor: Actor,
    party: str,
    submission: Submission,
    channel: str,
    at: dt.datetime,
) -> Evidence:
    """Keep one piece of evidence of ``party``; after its deadline it is kept, marked late."""
    ensure_can_act_for(actor, party)
    if not (submission.text.strip() or submission.tracking_number.strip() or submission.files):
        raise MissingRequirement(
            _("Give a statement, a tracking number or at least one file."),
            {"missing": ["text"]},
        )
    dispute = _locked(dispute)
    _ensure_open(dispute)
    request = dispute.requests.filter(party=party).first()
    if request is None:
        raise Conflict(
            _("The %(party)s has not been asked for evidence in this dispute.")
            % {"party": Party(party).label},
            {"party": party},
        )
    evidence = Evidence.objects.create(
        request=request, kind=submission.kind, text=submission.text.strip(),
        tracking_number=submission.tracking_number.strip(), submitted_at=at,
        submitted_by_id=actor.user_id, channel=channel, late=is_late(at, request.due_at),
    )
    for upload in submission.files:
        stored = file_keep(filename=upload.filename, content=upload.content)
        EvidenceFile.objects.create(
            evidence=evidence, filename=stored.filename, content_type=stored.content_type,
            size=stored.size, sha256=stored.sha256, storage_path=stored.storage_path,
        )
    event_record(
        complaint=dispute.complaint, kind=EventKind.EVIDENCE_SUBMITTED, actor=actor, at=at,
        party=party, evidence_id=evidence.pk, evidence_kind=evidence.kind, late=evidence.late,
        files=len(submission.files), channel=channel,
    )
    return evidence


def default_ruling_propose(
    *, dispute: Dispute, proposal: ProposedRuling, at: dt.datetime
) -> ComplaintEvent | None:
    """Record once that the dispute proposes its policy's default ruling against a silent
    party (the sweep breached that party's clock). A second call records nothing."""
    claimed = Dispute.objects.filter(
        pk=dispute.pk, stage=StoredStage.OPEN, default_proposed_at__isnull=True
    ).update(default_proposed_at=at)
    if claimed != 1:
        return None
    return event_record(
        complaint=dispute.complaint, kind=EventKind.DEFAULT_RULING_PROPOSED, actor=None, at=at,
        party=proposal.silent, responsible=proposal.responsible, outcome=proposal.outcome,
        shares=proposal.split.as_dict(), policy=proposal.policy,
    )


@dataclass(frozen=True)
class Decision:
    """A ruling as the officer (or the reviewer) gives it."""

    responsible: str
    split: Split
    outcome: str
    rationale: str
    rules: list[str] = field(default_factory=list)
    amount: Decimal | None = None


def decision_check(decision: Decision) -> list[RulingRule]:
    """Refuse a decision without a rationale, with a split that does not add up, or naming a
    rule the admin does not keep; return the rules it applies."""
    if not decision.rationale.strip():
        raise MissingRequirement(
            _("A ruling needs its rationale: what the evidence shows and why."),
            {"missing": ["rationale"]},
        )
    problem = split_problem(decision.responsible, decision.split)
    if problem is not None:
        raise InvalidInput(problem, {"field": "shares", **decision.split.as_dict()})
    codes = list(dict.fromkeys(decision.rules))
    rules = list(RulingRule.objects.filter(code__in=codes, is_active=True).order_by("rank", "code"))
    unknown = sorted(set(codes) - {r.code for r in rules})
    if unknown:
        raise InvalidInput(
            _("Unknown ruling rules: %(codes)s.") % {"codes": ", ".join(unknown)},
            {"field": "rules", "unknown": unknown},
        )
    return rules


def ruling_write(
    *,
    dispute: Dispute,
    actor: Actor,
    decision: Decision,
    rules: list[RulingRule],
    at: dt.datetime,
    appeal_until: dt.datetime | None,
    default: ProposedRuling | None = None,
    replaces: Ruling | None = None,
) -> Ruling:
    """Write a ruling checked by :func:`decision_check` (no event: the caller records it)."""
    ruling = Ruling.objects.create(
        dispute=dispute, responsible=decision.responsible,
        customer_share=decision.split.customer, respondent_share=decision.split.respondent,
        platform_share=decision.split.platform, rationale=decision.rationale.strip(),
        outcome=decision.outcome, amount=decision.amount, is_default=default is not None,
        silent_party=default.silent if default is not None else "", decided_at=at,
        decided_by_id=_staff_user(actor), appeal_until=appeal_until, replaces=replaces,
    )
    ruling.rules.set(rules)
    return ruling


def ensure_no_conflict(dispute: Dispute, actor: Actor) -> None:
    if actor.user_id is not None and conflicted(user_id=actor.user_id, complaint=dispute.complaint):
        raise Conflict(
            _("You declared a conflict of interest on this complaint, its customer or its "
              "respondent, so you cannot decide this dispute."),
            {"reason": "conflict"},
        )


@transaction.atomic
def ruling_make(
    *,
    dispute: Dispute,
    actor: Actor,
    decision: Decision,
    at: dt.datetime,
    appeal_until: dt.datetime | None,
    default: ProposedRuling | None = None,
) -> Ruling:
    """Rule on the dispute (or confirm its default ruling, ``default``)."""
    ensure_can_rule(actor)
    rules = decision_check(decision)
    dispute = _locked(dispute)
    ensure_no_conflict(dispute, actor)
    if dispute.stage != StoredStage.OPEN:
        raise Conflict(_("The dispute has already been ruled."), {"stage": dispute.stage})
    ruling = ruling_write(
        dispute=dispute, actor=actor, decision=decision, rules=rules, at=at,
        appeal_until=appeal_until, default=default,
    )
    Dispute.objects.filter(pk=dispute.pk).update(stage=StoredStage.RULED)
    dispute.stage = StoredStage.RULED
    event_record(
        complaint=dispute.complaint, kind=EventKind.DISPUTE_RULED, actor=actor, at=at,
        ruling_id=ruling.pk, responsible=ruling.responsible, shares=decision.split.as_dict(),
        outcome=ruling.outcome, rules=[r.code for r in rules], default=ruling.is_default,
        appeal_until=_iso(appeal_until),
    )
    return ruling


@transaction.atomic
def dispute_close(
    *, dispute: Dispute, actor: Actor, to_status: str, at: dt.datetime
) -> ComplaintEvent:
    """The complaint leaves ``in_dispute``: the dispute closes. Back to work (``in_progress``)
    waits for the ruling to be final: not while an appeal is under review, nor before the
    appeal period ends. Withdrawn or merged, it closes whatever its stage."""
    dispute = _locked(dispute)
    stage = dispute.stage
    if to_status == Status.IN_PROGRESS:
        _ensure_final(dispute, at)
    Dispute.objects.filter(pk=dispute.pk).update(stage=StoredStage.CLOSED, closed_at=at)
    dispute.stage = StoredStage.CLOSED
    return event_record(
        complaint=dispute.complaint, kind=EventKind.DISPUTE_CLOSED, actor=actor, at=at,
        stage=stage, ruled=stage != StoredStage.OPEN, to_status=to_status,
    )


def _ensure_final(dispute: Dispute, at: dt.datetime) -> None:
    if dispute.stage == StoredStage.APPEALED:
        raise Conflict(
            _("The ruling is under appeal; the dispute closes when the review is decided."),
            {"stage": dispute.stage},
        )
    if dispute.stage == StoredStage.RULED:
        ruling = dispute.rulings.order_by("-decided_at", "-id").first()
        if ruling is not None and ruling.appeal_until is not None and at < ruling.appeal_until:
            raise Conflict(
                _("The parties may appeal the ruling until %(until)s; the dispute closes after "
                  "that.") % {"until": localtime(ruling.appeal_until).strftime("%Y-%m-%d %H:%M")},
                {"appeal_until": _iso(ruling.appeal_until)},
            )


@transaction.atomic
def respondent_link_issue(
    *, complaint: Complaint, respondent: Respondent, valid_for: dt.timedelta, at: dt.datetime
) -> str:
    """A new private link token for the respondent to this complaint; only its hash is kept."""
    raw = secrets.token_urlsafe(32)
    RespondentLink.objects.create(
        complaint=complaint, respondent=respondent, token_hash=hash_link_token(raw),
        created_at=at, expires_at=at + valid_for,
    )
    return raw



@transaction.atomic
def appeal_file(
    *, dispute: Dispute, actor: Actor, party: str, grounds: str, channel: str, at: dt.datetime
) -> Appeal:
    """A party appeals the ruling in force, within its appeal period."""
    ensure_can_act_for(actor, party)
    if not grounds.strip():
        raise MissingRequirement(_("Say why the ruling is wrong."), {"missing": ["grounds"]})
    dispute = _locked(dispute)
    if dispute.stage != StoredStage.RULED:
        raise Conflict(
            _("Only a ruling can be appealed, once; this dispute is “%(stage)s”.")
            % {"stage": StoredStage(dispute.stage).label},
            {"stage": dispute.stage},
        )
    ruling = current_ruling(dispute)
    assert ruling is not None
    if ruling.appeal_until is not None and at > ruling.appeal_until:
        raise Conflict(
            _("The appeal period ended on %(until)s.")
            % {"until": localtime(ruling.appeal_until).strftime("%Y-%m-%d %H:%M")},
            {"appeal_until": _iso(ruling.appeal_until)},
        )
    appeal = Appeal.objects.create(
        dispute=dispute, ruling=ruling, party=party, grounds=grounds.strip(), channel=channel,
        filed_at=at,
    )
    Dispute.objects.filter(pk=dispute.pk).update(stage=StoredStage.APPEALED)
    dispute.stage = StoredStage.APPEALED
    event_record(
        complaint=dispute.complaint, kind=EventKind.DISPUTE_APPEALED, actor=actor, at=at,
        party=party, grounds=appeal.grounds, ruling_id=ruling.pk, channel=channel,
    )
    return appeal


def reviewer_refusal(*, dispute: Dispute, reviewer: Any) -> Conflict | None:
    """Why ``reviewer`` may not review this dispute's appeal, or ``None``: they must decide
    disputes, have taken no part in it, have declared no conflict on its complaint, customer
    or respondent, and not work in the respondent's own department."""
    membership = getattr(reviewer, "membership", None)
    name = {"user": reviewer.get_username()}
    if membership is None or membership.role not in DECIDERS or not reviewer.is_active:
        return Conflict(_("%(user)s cannot review appeals.") % name, {"reason": "not_a_decider"})
    if reviewer.pk in took_part(dispute):
        return Conflict(
            _("%(user)s took part in this dispute and cannot review it.") % name,
            {"reason": "took_part"},
        )
    if conflicted(user_id=reviewer.pk, complaint=dispute.complaint):
        return Conflict(
            _("%(user)s declared a conflict of interest on this complaint, its customer or its "
              "respondent.") % name,
            {"reason": "conflict"},
        )
    department = dispute.respondent.department_id
    if department is not None and membership.department_id == department:
        return Conflict(
            _("%(user)s works in the respondent's own department.") % name,
            {"reason": "respondent_department"},
        )
    return None


def _pending_appeal(dispute: Dispute) -> Appeal:
    appeal = Appeal.objects.filter(dispute=dispute).first()
    if dispute.stage != StoredStage.APPEALED or appeal is None or appeal.decision:
        raise Conflict(_("There is no appeal waiting for review."), {"stage": dispute.stage})
    return appeal


@transaction.atomic
def reviewer_assign(*, dispute: Dispute, actor: Actor, reviewer: Any, at: dt.datetime) -> Appeal:
    """A supervisor gives the appeal to an independent reviewer."""
    ensure_can_assign_reviewer(actor)
    dispute = _locked(dispute)
    appeal = _pending_appeal(dispute)
    refusal = reviewer_refusal(dispute=dispute, reviewer=reviewer)
    if refusal is not None:
        raise refusal
    Appeal.objects.filter(pk=appeal.pk).update(reviewer=reviewer)
    appeal.reviewer = reviewer
    event_record(
        complaint=dispute.complaint, kind=EventKind.REVIEWER_ASSIGNED, actor=actor, at=at,
        reviewer=reviewer.get_username(),
    )
    return appeal


def reviewer_release(*, dispute: Dispute, user_id: int, actor: Actor) -> bool:
    """The reviewer of the pending appeal declared a conflict: the appeal waits for another
    reviewer. Returns whether they were its reviewer."""
    released = Appeal.objects.filter(
        dispute=dispute, reviewer_id=user_id, decision=""
    ).update(reviewer=None)
    if released:
        event_record(
            complaint=dispute.complaint, kind=EventKind.REVIEWER_ASSIGNED, actor=actor,
            reviewer=None, released=actor.label or str(user_id),
        )
    return bool(released)


@transaction.atomic
def review_decide(
    *, dispute: Dispute, actor: Actor, replacement: Decision | None, note: str, at: dt.datetime
) -> Ruling:
    """The reviewer confirms the ruling (``replacement`` is ``None``) or replaces it. Nobody
    but the assigned reviewer sees this action; a reviewer who has since become conflicted is
    refused. Returns the ruling now in force."""
    dispute = _locked(dispute)
    appeal = Appeal.objects.filter(dispute=dispute).first()
    if appeal is None or actor.user_id is None or appeal.reviewer_id != actor.user_id:
        raise no_such_dispute()
    appeal = _pending_appeal(dispute)
    ensure_no_conflict(dispute, actor)
    if replacement is None and not note.strip():
        raise MissingRequirement(
            _("Say why the ruling stands."), {"missing": ["rationale"]}
        )
    ruling = current_ruling(dispute)
    assert ruling is not None
    decision = ReviewDecision.CONFIRMED
    if replacement is not None:
        rules = decision_check(replacement)
        ruling = ruling_write(
            dispute=dispute, actor=actor, decision=replacement, rules=rules, at=at,
            appeal_until=None, replaces=ruling,
        )
        decision = ReviewDecision.REPLACED
    Appeal.objects.filter(pk=appeal.pk).update(decision=decision, decided_at=at)
    Dispute.objects.filter(pk=dispute.pk).update(stage=StoredStage.REVIEWED)
    dispute.stage = StoredStage.REVIEWED
    event_record(
        complaint=dispute.complaint, kind=EventKind.DISPUTE_REVIEWED, actor=actor, at=at,
        decision=decision, ruling_id=ruling.pk, responsible=ruling.responsible,
        outcome=ruling.outcome, reason=(replacement.rationale if replacement else note).strip(),
    )
    return ruling


@transaction.atomic
def conflict_declare(
    *, complaint: Complaint, actor: Actor, reason: str, at: dt.datetime
) -> ConflictDeclaration:
    """A member of staff declares a conflict of interest (回避) on the complaint, covering its
    customer and respondent. Taking them off the complaint is the workflow's next step."""
    ensure_can_handle(actor)
    if not reason.strip():
        raise MissingRequirement(_("Say what the conflict of interest is."),
                                 {"missing": ["reason"]})
    user_id = _staff_user(actor)
    if ConflictDeclaration.objects.filter(user_id=user_id, complaint=complaint).exists():
        raise Conflict(_("You have already declared a conflict of interest on this complaint."))
    declaration = ConflictDeclaration.objects.create(
        user_id=user_id, complaint=complaint, respondent_id=complaint.respondent_id,
        customer_id=complaint.customer_id, reason=reason.strip(), declared_at=at,
    )
    event_record(
        complaint=complaint, kind=EventKind.CONFLICT_DECLARED, actor=actor, at=at,
        reason=declaration.reason,
    )
    return declaration
