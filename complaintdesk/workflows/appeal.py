"""Appeals and independent review, and conflicts of interest (回避).

An appeal: record it within the ruling's appeal period → the review clock starts (the
review is something the business owes). A supervisor then gives it to a reviewer who took no
part in the dispute, declared no conflict and does not work in the respondent's department
(``disputes.services.reviewer_refusal``). The review: confirm or replace the ruling → the
review clock is met. A conflict declared on a complaint takes the declarer off it: they stop
being its assignee and, if they were to review its appeal, the appeal waits for another
reviewer.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind
from complaintdesk.complaints.models import Complaint
from complaintdesk.disputes.models import Appeal, ConflictDeclaration, Ruling
from complaintdesk.disputes.selectors import dispute_get, dispute_unclosed
from complaintdesk.disputes.services import (
    Decision,
    appeal_file,
    conflict_declare,
    review_decide,
    reviewer_assign,
    reviewer_release,
)
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.choices import Trigger
from complaintdesk.sla.services import clock_run, clocks_meet
from complaintdesk.workflows.assign import assign


@transaction.atomic
def appeal(
    *, complaint: Complaint, actor: Actor, party: str, grounds: str, channel: str
) -> Appeal:
    """A party appeals the ruling; the independent review's clock starts."""
    dispute = dispute_get(actor=actor, complaint=complaint)
    filed = appeal_file(
        dispute=dispute, actor=actor, party=party, grounds=grounds, channel=channel,
        at=utcnow(),
    )
    clock_run(complaint=complaint, kind=ClockKind.REVIEW, trigger=Trigger.DISPUTE,
              at=filed.filed_at)
    return filed


@transaction.atomic
def choose_reviewer(
    *, complaint: Complaint, actor: Actor, reviewer: AbstractBaseUser
) -> Appeal:
    """A supervisor gives the appeal to an independent reviewer (refused otherwise, 409)."""
    dispute = dispute_get(actor=actor, complaint=complaint)
    return reviewer_assign(dispute=dispute, actor=actor, reviewer=reviewer, at=utcnow())


@transaction.atomic
def review(
    *, complaint: Complaint, actor: Actor, replacement: Decision | None, note: str
) -> Ruling:
    """The reviewer confirms the ruling or replaces it; the review clock is met."""
    dispute = dispute_get(actor=actor, complaint=complaint)
    now = utcnow()
    ruling = review_decide(
        dispute=dispute, actor=actor, replacement=replacement, note=note, at=now
    )
    clocks_meet(complaint=complaint, kinds={ClockKind.REVIEW}, at=now)
    return ruling


@transaction.atomic
def declare_conflict(*, complaint: Complaint, actor: Actor, reason: str) -> ConflictDeclaration:
    """Declare a conflict of interest: recorded, then the declarer is taken off the complaint
    (no longer its assignee, no longer the reviewer of its appeal)."""
    declaration = conflict_declare(complaint=complaint, actor=actor, reason=reason, at=utcnow())
    if complaint.assignee_id is not None and complaint.assignee_id == actor.user_id:
        assign(complaint=complaint, actor=actor, assignee=None, department=complaint.department)
    dispute = dispute_unclosed(complaint=complaint)
    if dispute is not None and actor.user_id is not None:
        reviewer_release(dispute=dispute, user_id=actor.user_id, actor=actor)
    return declaration
