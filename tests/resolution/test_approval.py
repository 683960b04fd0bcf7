"""Approval of remedies: limits by role from configuration, nobody approves their own
proposal, cash compensation needs two approvers, and every refusal writes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind, Role
from complaintdesk.complaints.errors import Conflict, Forbidden, InvalidInput, NotFound
from complaintdesk.complaints.models import ComplaintEvent, Department, Membership
from complaintdesk.resolution.choices import RemedyStatus
from complaintdesk.resolution.models import ApprovalLimit, Remedy, RemedyApproval
from complaintdesk.resolution.services import RemedyDraft
from complaintdesk.testing.personas import PASSWORD
from complaintdesk.workflows import remedy as remedies

pytestmark = pytest.mark.django_db


def _draft(kind: str, amount: str, **more: Any) -> RemedyDraft:
    return RemedyDraft(kind=kind, amount=Decimal(amount), **more)


def _finance(django_user_model: Any) -> Actor:
    department = Department.objects.create(code="finance", name="财务部")
    user = django_user_model.objects.create_user(username="finance", password=PASSWORD)
    Membership.objects.create(user=user, role=Role.DEPARTMENT, department=department)
    return Actor(user_id=user.pk, role=Role.DEPARTMENT, department_id=department.pk)


def _events(kind: str) -> int:
    return ComplaintEvent.objects.filter(kind=kind).count()


@pytest.mark.parametrize(
    ("approver", "amount", "allowed"),
    [
        ("other_agent", "200.00", True),
        ("other_agent", "200.01", False),
        ("supervisor", "2000.00", True),
        ("supervisor", "2000.01", False),
        ("finance", "2000.01", True),
        ("finance", "99999.00", True),
        ("admin", "5000.00", True),
    ],
)
def test_each_role_approves_up_to_its_limit(
    approver: str, amount: str, allowed: bool, actors: dict[str, Actor], course_complaint: Any,
    django_user_model: Any,
) -> None:
    complaint = course_complaint(amount="99999.00", order=f"EDU-{amount}")
    remedy = remedies.propose(
        complaint=complaint, actor=actors["agent"], draft=_draft("partial_refund", amount)
    )
    if approver == "finance":
        actor = _finance(django_user_model)
    elif approver == "other_agent":
        user = django_user_model.objects.create_user(username="agent2", password=PASSWORD)
        Membership.objects.create(user=user, role=Role.AGENT)
        actor = Actor(user_id=user.pk, role=Role.AGENT)
    else:
        actor = actors[approver]
    if allowed:
        assert remedies.approve(remedy=remedy, actor=actor).status == RemedyStatus.APPROVED
        assert _events(EventKind.REMEDY_APPROVED) == 1
        return
    with pytest.raises(Forbidden) as refused:
        remedies.approve(remedy=remedy, actor=actor)
    assert "200.00" in str(refused.value) or "2000.00" in str(refused.value)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.PROPOSED
    assert not RemedyApproval.objects.exists() and _events(EventKind.REMEDY_APPROVED) == 0


def test_limits_live_in_configuration(actors: dict[str, Actor], course_complaint: Any) -> None:
    ApprovalLimit.objects.filter(role=Role.SUPERVISOR).update(max_amount=Decimal("500.00"))
    remedy = remedies.propose(
        complaint=course_complaint(), actor=actors["agent"], draft=_draft("lesson_refund", "646.58")
    )
    with pytest.raises(Forbidden):
        remedies.approve(remedy=remedy, actor=actors["supervisor"])
    ApprovalLimit.objects.filter(role=Role.SUPERVISOR).update(max_amount=Decimal("700.00"))
    assert remedies.approve(remedy=remedy, actor=actors["supervisor"]).status == "approved"


def test_nobody_approves_their_own_proposal(actors: dict[str, Actor], course_complaint: Any):
    remedy = remedies.propose(
        complaint=course_complaint(), actor=actors["supervisor"], draft=_draft("apology", "0")
    )
    with pytest.raises(Forbidden) as refused:
        remedies.approve(remedy=remedy, actor=actors["supervisor"])
    assert refused.value.status == 403
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.PROPOSED and not remedy.approvals.exists()


def test_cash_compensation_needs_two_different_approvers(
    actors: dict[str, Actor], course_complaint: Any, django_user_model: Any
) -> None:
    remedy = remedies.propose(
        complaint=course_complaint(), actor=actors["agent"],
        draft=_draft("cash_compensation", "100.00"),
    )
    first = remedies.approve(remedy=remedy, actor=actors["supervisor"])
    assert first.status == RemedyStatus.PROPOSED
    with pytest.raises(Forbidden):
        remedies.approve(remedy=remedy, actor=actors["supervisor"])
    with pytest.raises(Forbidden):
        remedies.approve(remedy=remedy, actor=actors["agent"])  # the proposer
    second = remedies.approve(remedy=remedy, actor=_finance(django_user_model))
    assert second.status == RemedyStatus.APPROVED
    events = ComplaintEvent.objects.filter(kind=EventKind.REMEDY_APPROVED).order_by("id")
    assert [(e.data["approvals"], e.data["approved"]) for e in events] == [(1, False), (2, True)]


def test_a_refund_needs_one_approver(actors: dict[str, Actor], course_complaint: Any) -> None:
    remedy = remedies.propose(
        complaint=course_complaint(), actor=actors["agent"], draft=_draft("lesson_refund", "646.58")
    )
    assert remedies.approve(remedy=remedy, actor=actors["supervisor"]).status == "approved"


@pytest.mark.parametrize("role", ["auditor", "customer", "integration", "dept"])
def test_roles_without_a_limit_cannot_see_the_approval(
    role: str, actors: dict[str, Actor], course_complaint: Any
) -> None:
    remedy = remedies.propose(
        complaint=course_complaint(), actor=actors["agent"], draft=_draft("apology", "0")
    )
    with pytest.raises(NotFound):
        remedies.approve(remedy=remedy, actor=actors[role])
    with pytest.raises(NotFound):
        remedies.reject(remedy=remedy, actor=actors[role], reason="no")
    assert not remedy.approvals.exists()


@pytest.mark.parametrize("role", ["auditor", "customer", "integration"])
def test_only_staff_propose(role: str, actors: dict[str, Actor], course_complaint: Any) -> None:
    with pytest.raises(NotFound):
        remedies.propose(
            complaint=course_complaint(), actor=actors[role], draft=_draft("apology", "0")
        )
    assert not Remedy.objects.exists()


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (_draft("lesson_refund", "699.01"), "amount"),
        (_draft("lesson_refund", "0"), "amount"),
        (_draft("lesson_refund", "-1.00"), "amount"),
        (_draft("lesson_refund", "1.001"), "amount"),
        (_draft("apology", "10.00"), "amount"),
        (_draft("coupon", "20.00"), "coupon_valid_days"),
        (_draft("lesson_refund", "100.00", respondent_share=Decimal(101)), "respondent_share"),
        (_draft("teleport", "1.00"), "kind"),
    ],
)
def test_bad_proposals_are_refused_and_write_nothing(
    draft: RemedyDraft, field: str, actors: dict[str, Actor], course_complaint: Any
) -> None:
    complaint = course_complaint()
    with pytest.raises(InvalidInput) as refused:
        remedies.propose(complaint=complaint, actor=actors["agent"], draft=draft)
    assert refused.value.details["field"] == field
    assert not Remedy.objects.exists() and _events(EventKind.REMEDY_PROPOSED) == 0


def test_refunds_together_never_exceed_the_price(
    actors: dict[str, Actor], course_complaint: Any
) -> None:
    complaint = course_complaint()
    remedies.propose(complaint=complaint, actor=actors["agent"],
                     draft=_draft("lesson_refund", "646.58"))
    with pytest.raises(InvalidInput):
        remedies.propose(complaint=complaint, actor=actors["agent"],
                         draft=_draft("partial_refund", "52.43"))
    remedies.propose(complaint=complaint, actor=actors["agent"],
                     draft=_draft("partial_refund", "52.42"))


def test_a_decided_remedy_cannot_be_approved_again(
    actors: dict[str, Actor], course_complaint: Any
) -> None:
    remedy = remedies.propose(
        complaint=course_complaint(), actor=actors["agent"], draft=_draft("apology", "0")
    )
    remedies.reject(remedy=remedy, actor=actors["supervisor"], reason="先核实课时记录")
    with pytest.raises(Conflict):
        remedies.approve(remedy=remedy, actor=actors["admin"])
    with pytest.raises(InvalidInput):
        remedies.withdraw(remedy=remedy, actor=actors["agent"], reason=" ")
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.REJECTED and remedy.closed_reason == "先核实课时记录"


def test_every_move_is_an_event(actors: dict[str, Actor], course_complaint: Any) -> None:
    complaint = course_complaint()
    remedy = remedies.propose(complaint=complaint, actor=actors["agent"],
                              draft=_draft("makeup_lesson", "0"))
    remedies.approve(remedy=remedy, actor=actors["supervisor"])
    remedies.complete(remedy=remedy, actor=actors["agent"], note="已安排补课")
    kinds = list(
        ComplaintEvent.objects.filter(complaint=complaint, kind__startswith="remedy_")
        .order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["remedy_proposed", "remedy_approved", "remedy_executed"]
