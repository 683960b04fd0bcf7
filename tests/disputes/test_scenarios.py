"""Dispute scenarios, named after what happens, through the API with frozen time.

The complaints are e-commerce ones: the merchant's evidence is due within 4 working hours
(09:00–18:00 on working days, make-up Saturdays included), the customer's within 3 working
days; an appeal may follow within 3 working days of the ruling.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.models import Complaint, Department, Membership
from complaintdesk.disputes.models import Appeal, Dispute, Evidence, Ruling
from complaintdesk.sla.models import Clock
from complaintdesk.workflows.escalate import sweep
from tests.disputes.conftest import RULING, events, file_complaint, iso, open_dispute, sh

pytestmark = pytest.mark.django_db


def clock_state(number: str, kind: str) -> str:
    return Clock.objects.get(complaint__number=number, kind=kind).state


def rule(as_: Any, number: str, by: str = "agent", **changes: Any) -> Any:
    return as_(by).post(f"/complaints/{number}/dispute/ruling", {**RULING, **changes})


def test_both_sides_submit_and_the_officer_rules(as_, frozen) -> None:
    frozen(sh(2026, 10, 9, 16))  # Friday 16:00, before the make-up Saturday 2026-10-10
    number = file_complaint(as_)
    opened = open_dispute(as_, number, customer_asks="请提供开箱视频")
    dispute = opened["dispute"]
    assert opened["respondent_link"].startswith("http") and "/r/" in opened["respondent_link"]
    assert Complaint.objects.get(number=number).status == "in_dispute"
    due = {r["party"]: r["due_at"] for r in dispute["requests"]}
    # Two working hours on Friday, two on the make-up Saturday.
    assert due["respondent"] == iso(2026, 10, 10, 11)
    assert due["customer"] == iso(2026, 10, 13, 18)
    assert dispute["stage"] == "waiting_both"

    frozen(sh(2026, 10, 10, 10))
    merchant = as_("merchant").post(
        f"/complaints/{number}/dispute/evidence",
        {"kind": "quality_report", "text": "出厂质检合格，附质检单号 QC-7781"},
    )
    assert merchant.status_code == 201, merchant.json()
    assert merchant.json()["stage"] == "waiting_customer"
    assert clock_state(number, "evidence") == "met"

    customer = as_("customer").post(
        f"/complaints/{number}/dispute/evidence",
        {"kind": "tracking_number", "tracking_number": "SF1234567890", "text": "退回单号"},
    )
    assert customer.json()["stage"] == "under_review"
    assert clock_state(number, "customer_evidence") == "met"

    ruled = rule(as_, number)
    assert ruled.status_code == 201, ruled.json()
    ruling = ruled.json()["ruling"]
    assert ruling["responsible"] == "respondent"
    assert ruling["shares"] == {"customer": 0, "respondent": 100, "platform": 0}
    assert ruling["rules"] == ["quality-defect"]
    assert ruling["appeal_until"] == iso(2026, 10, 14, 18)  # Sat 10:00 + 3 working days
    assert ruled.json()["stage"] == "ruled"
    assert Complaint.objects.get(number=number).status == "in_dispute"
    kinds = [e.kind for e in events(number, "dispute_opened", "evidence_requested",
                                    "evidence_submitted", "dispute_ruled")]
    assert kinds == ["dispute_opened", "evidence_requested", "evidence_requested",
                     "evidence_submitted", "evidence_submitted", "dispute_ruled"]


def test_silent_respondent_gets_the_default_ruling_an_agent_confirms(as_, frozen) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    open_dispute(as_, number)
    frozen(sh(2026, 10, 10, 11, 1))  # a minute past the merchant's deadline
    sweep()
    assert clock_state(number, "evidence") == "breached"
    proposed = events(number, "default_ruling_proposed")
    assert len(proposed) == 1 and proposed[0].data["party"] == "respondent"
    sweep()
    assert len(events(number, "default_ruling_proposed")) == 1  # once

    dispute = as_("agent").get(f"/complaints/{number}/dispute").json()
    assert dispute["requests"][0]["silent"] is True
    proposal = dispute["default_proposal"]
    assert proposal["responsible"] == "respondent" and proposal["outcome"] == "refund_by_respondent"

    confirmed = as_("agent").post(f"/complaints/{number}/dispute/default-ruling")
    assert confirmed.status_code == 201, confirmed.json()
    ruling = confirmed.json()["ruling"]
    assert ruling["default"] is True
    assert ruling["shares"]["respondent"] == 100
    assert ruling["rules"] == ["burden-of-proof"]
    stored = Ruling.objects.get(dispute__complaint__number=number)
    assert stored.silent_party == "respondent" and stored.is_default


def test_late_evidence_is_kept_marked_late_and_no_default_is_proposed(as_, frozen) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    open_dispute(as_, number)
    frozen(sh(2026, 10, 12, 9, 30))  # Monday, after Saturday 11:00
    sweep()
    late = as_("merchant").post(
        f"/complaints/{number}/dispute/evidence", {"text": "周末无人值班，现补交聊天记录"}
    )
    assert late.status_code == 201, late.json()
    evidence = late.json()["requests"][0]["evidence"]
    assert [e["late"] for e in evidence] == [True]
    assert Evidence.objects.get(request__dispute__complaint__number=number).late is True
    assert clock_state(number, "evidence") == "breached"
    assert events(number, "evidence_submitted")[0].data["late"] is True
    view = as_("agent").get(f"/complaints/{number}/dispute").json()
    assert view["default_proposal"] is None
    assert view["stage"] == "under_review"
    refused = as_("agent").post(f"/complaints/{number}/dispute/default-ruling")
    assert refused.status_code == 409


def test_shared_liability_seventy_thirty(as_, frozen) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    open_dispute(as_, number, customer_asks="请说明拆封后的使用情况")
    response = rule(
        as_, number, responsible="shared", shares={"respondent": 70, "customer": 30},
        outcome="partial_refund_by_respondent", amount="209.30",
        rationale="商品确有瑕疵，但买家拆封使用后延误退回，按七三分担。",
        rules=["quality-defect", "seven-day-return"],
    )
    assert response.status_code == 201, response.json()
    ruling = Ruling.objects.get(dispute__complaint__number=number)
    assert (ruling.respondent_share, ruling.customer_share, ruling.platform_share) == (70, 30, 0)
    assert str(ruling.amount) == "209.30"
    assert sorted(ruling.rules.values_list("code", flat=True)) == [
        "quality-defect", "seven-day-return"
    ]
    # The customer's evidence period ended with the ruling: its clock stops unmet.
    assert clock_state(number, "customer_evidence") == "stopped"


def _ruled_and_appealed(as_: Any, frozen: Any, by: str = "merchant") -> str:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    open_dispute(as_, number)
    assert rule(as_, number).status_code == 201
    frozen(sh(2026, 10, 12, 10))
    appealed = as_(by).post(
        f"/complaints/{number}/dispute/appeal", {"grounds": "质检报告覆盖左右耳，请复核"}
    )
    assert appealed.status_code == 201, appealed.json()
    assert appealed.json()["stage"] == "appealed"
    assert clock_state(number, "review") == "running"
    return number


def test_appeal_confirmed_by_an_independent_reviewer(as_, frozen) -> None:
    number = _ruled_and_appealed(as_, frozen)
    chosen = as_("supervisor").post(f"/complaints/{number}/dispute/appeal/reviewer",
                                    {"reviewer": "admin"})
    assert chosen.status_code == 200, chosen.json()
    decided = as_("admin").post(
        f"/complaints/{number}/dispute/appeal/review",
        {"decision": "confirm", "note": "质检单未列明左耳测试项，维持原裁决。"},
    )
    assert decided.status_code == 200, decided.json()
    body = decided.json()
    assert body["stage"] == "reviewed" and body["appeal"]["decision"] == "confirmed"
    assert Ruling.objects.filter(dispute__complaint__number=number).count() == 1
    assert clock_state(number, "review") == "met"
    # The ruling is final: the complaint goes back to work and the dispute closes.
    back = as_("agent").post(f"/complaints/{number}/transitions", {"to": "in_progress"})
    assert back.status_code == 200, back.json()
    assert Dispute.objects.get(complaint__number=number).stage == "closed"
    assert [e.data["ruled"] for e in events(number, "dispute_closed")] == [True]


def test_appeal_replaced_by_the_reviewer(as_, frozen) -> None:
    number = _ruled_and_appealed(as_, frozen, by="customer")
    as_("supervisor").post(f"/complaints/{number}/dispute/appeal/reviewer",
                           {"reviewer": "admin"})
    replaced = as_("admin").post(
        f"/complaints/{number}/dispute/appeal/review",
        {"decision": "replace", "ruling": {
            "responsible": "shared", "shares": {"respondent": 50, "customer": 50},
            "outcome": "partial_refund_by_respondent", "amount": "149.50",
            "rationale": "双方证据均不充分，各担一半。", "rules": ["burden-of-proof"],
        }},
    )
    assert replaced.status_code == 200, replaced.json()
    body = replaced.json()
    assert body["appeal"]["decision"] == "replaced"
    assert body["ruling"]["shares"] == {"customer": 50, "respondent": 50, "platform": 0}
    assert [r["responsible"] for r in body["earlier_rulings"]] == ["respondent"]
    first, second = Ruling.objects.filter(dispute__complaint__number=number).order_by("id")
    assert second.replaces_id == first.pk and second.decided_by.username == "admin"


def test_reviewer_who_declared_a_conflict_is_refused(as_, frozen) -> None:
    number = _ruled_and_appealed(as_, frozen)
    declared = as_("admin").post(f"/complaints/{number}/conflicts",
                                 {"reason": "该店铺店主是我的亲属"})
    assert declared.status_code == 201, declared.json()
    refused = as_("supervisor").post(f"/complaints/{number}/dispute/appeal/reviewer",
                                     {"reviewer": "admin"})
    assert refused.status_code == 409
    assert refused.json()["details"]["reason"] == "conflict"
    assert Appeal.objects.get(dispute__complaint__number=number).reviewer is None
    assert events(number, "reviewer_assigned") == []


def test_a_conflict_on_the_respondent_bars_reviewing_another_complaint_about_it(
    as_, frozen
) -> None:
    frozen(sh(2026, 10, 9, 9, 30))
    earlier = file_complaint(as_)
    as_("admin").post(f"/complaints/{earlier}/conflicts", {"reason": "曾在该店铺任职"})
    number = _ruled_and_appealed(as_, frozen)
    refused = as_("supervisor").post(f"/complaints/{number}/dispute/appeal/reviewer",
                                     {"reviewer": "admin"})
    assert refused.status_code == 409
    assert refused.json()["details"]["reason"] == "conflict"


def test_original_handler_is_refused_as_reviewer(as_, frozen) -> None:
    number = _ruled_and_appealed(as_, frozen)
    refused = as_("supervisor").post(f"/complaints/{number}/dispute/appeal/reviewer",
                                     {"reviewer": "agent"})
    assert refused.status_code == 409
    assert refused.json()["details"]["reason"] == "took_part"
    assert "agent" in refused.json()["message"]


def test_reviewer_from_the_respondents_own_department_is_refused(as_, frozen, people) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_, respondent="teacher-li", industry="education")
    open_dispute(as_, number)
    assert rule(as_, number, outcome="redo_by_respondent").status_code == 201
    as_("customer").post(f"/complaints/{number}/dispute/appeal", {"grounds": "补课时间不合理"})
    colleague = get_user_model().objects.create_user(username="tech_lead")
    Membership.objects.create(user=colleague, role=Role.SUPERVISOR,
                              department=Department.objects.get(code="tech"))
    refused = as_("supervisor").post(f"/complaints/{number}/dispute/appeal/reviewer",
                                     {"reviewer": "tech_lead"})
    assert refused.status_code == 409
    assert refused.json()["details"]["reason"] == "respondent_department"
    accepted = as_("supervisor").post(f"/complaints/{number}/dispute/appeal/reviewer",
                                      {"reviewer": "admin"})
    assert accepted.status_code == 200


def test_declaring_a_conflict_takes_the_assignee_off_the_complaint(as_, frozen, people) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    as_("supervisor").post(f"/complaints/{number}/assignment", {"assignee": "agent"})
    assert Complaint.objects.get(number=number).assignee.username == "agent"
    as_("agent").post(f"/complaints/{number}/conflicts", {"reason": "投诉人是我的邻居"})
    assert Complaint.objects.get(number=number).assignee is None
    again = as_("supervisor").post(f"/complaints/{number}/assignment", {"assignee": "agent"})
    assert again.status_code == 409
    assert Complaint.objects.get(number=number).assignee is None
    assert rule(as_, number).status_code in {404, 409}  # no dispute yet: 404


def test_the_dispute_stays_open_until_the_ruling_is_final(as_, frozen) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    open_dispute(as_, number)
    rule(as_, number)
    early = as_("agent").post(f"/complaints/{number}/transitions", {"to": "in_progress"})
    assert early.status_code == 409
    assert Complaint.objects.get(number=number).status == "in_dispute"
    frozen(sh(2026, 10, 15, 9))  # the appeal period ended on 2026-10-14 at 18:00
    late = as_("merchant").post(f"/complaints/{number}/dispute/appeal", {"grounds": "不服"})
    assert late.status_code == 409
    done = as_("agent").post(f"/complaints/{number}/transitions", {"to": "in_progress"})
    assert done.status_code == 200
    assert Dispute.objects.get(complaint__number=number).stage == "closed"
