"""Who sees and does what in a dispute. Every role outside a permission gets 404, exactly like a
complaint outside its scope; a respondent sees only complaints naming it, never the other
side's evidence nor the customer's phone; a customer sees only their own dispute."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.disputes.models import Appeal, Dispute, Evidence, Ruling
from tests.disputes.conftest import RULING, file_complaint, open_dispute, sh

pytestmark = pytest.mark.django_db

EVERYONE = ["agent", "supervisor", "admin", "dept", "other_dept", "auditor", "customer",
            "other_customer", "integration", "merchant", "other_merchant"]
# The complaint is the customer's, about shop-a (the merchant), in the tech department.
SEES = {"agent", "supervisor", "admin", "dept", "auditor", "customer", "merchant"}
STAFF = {"agent", "supervisor", "admin", "dept"}
DECIDERS = {"agent", "supervisor", "admin"}


@pytest.fixture
def disputed(as_: Any, frozen: Any) -> str:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    open_dispute(as_, number, customer_asks="请提供开箱视频")
    Complaint.objects.filter(number=number).update(department=Department.objects.get(code="tech"))
    as_("merchant").post(f"/complaints/{number}/dispute/evidence",
                         {"text": "商家陈述：发货前检测正常"})
    as_("customer").post(f"/complaints/{number}/dispute/evidence",
                         {"kind": "tracking_number", "tracking_number": "SF99887766"})
    return number


@pytest.mark.parametrize("role", EVERYONE)
def test_who_sees_the_dispute(as_, disputed: str, role: str) -> None:
    response = as_(role).get(f"/complaints/{disputed}/dispute")
    assert response.status_code == (200 if role in SEES else 404)
    if role not in SEES:
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("role", EVERYONE)
def test_who_opens_a_dispute(as_, frozen, role: str) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    Complaint.objects.filter(number=number).update(department=Department.objects.get(code="tech"))
    response = as_(role).post(f"/complaints/{number}/dispute", {"question": "是否质量问题"})
    assert response.status_code == (201 if role in STAFF else 404), response.json()
    assert Dispute.objects.count() == (1 if role in STAFF else 0)


@pytest.mark.parametrize("role", EVERYONE)
def test_who_rules(as_, disputed: str, role: str) -> None:
    response = as_(role).post(f"/complaints/{disputed}/dispute/ruling", RULING)
    assert response.status_code == (201 if role in DECIDERS else 404), response.json()
    assert Ruling.objects.count() == (1 if role in DECIDERS else 0)


@pytest.mark.parametrize("role", EVERYONE)
def test_who_asks_for_evidence_and_declares_conflicts(as_, frozen, role: str) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    open_dispute(as_, number)
    Complaint.objects.filter(number=number).update(department=Department.objects.get(code="tech"))
    asked = as_(role).post(f"/complaints/{number}/dispute/evidence-requests",
                           {"party": "customer", "asks": "请提供开箱视频"})
    assert asked.status_code == (201 if role in STAFF else 404)
    declared = as_(role).post(f"/complaints/{number}/conflicts", {"reason": "亲属关系"})
    assert declared.status_code == (201 if role in STAFF else 404)
    named = as_(role).post(f"/complaints/{number}/respondent", {"respondent": None})
    # Staff may not clear the respondent of a running dispute (409); others do not see it.
    assert named.status_code == (409 if role in STAFF else 404)


@pytest.mark.parametrize("role", EVERYONE)
def test_who_submits_evidence(as_, frozen, role: str) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    open_dispute(as_, number, customer_asks="请提供开箱视频")
    Complaint.objects.filter(number=number).update(department=Department.objects.get(code="tech"))
    parties = {"customer", "merchant"}
    body = {"text": "证据", "party": "customer"}
    response = as_(role).post(f"/complaints/{number}/dispute/evidence", body)
    assert response.status_code == (201 if role in STAFF | parties else 404), response.json()
    if role == "merchant":  # a respondent always submits its own side
        assert Evidence.objects.get().request.party == "respondent"


@pytest.mark.parametrize("role", EVERYONE)
def test_who_appeals_chooses_the_reviewer_and_reviews(as_, disputed: str, role: str) -> None:
    as_("agent").post(f"/complaints/{disputed}/dispute/ruling", RULING)
    parties = {"customer", "merchant"}
    appealed = as_(role).post(f"/complaints/{disputed}/dispute/appeal",
                              {"grounds": "不服裁决", "party": "customer"})
    assert appealed.status_code == (201 if role in STAFF | parties else 404)
    if role not in STAFF | parties:
        as_("customer").post(f"/complaints/{disputed}/dispute/appeal", {"grounds": "不服"})
    chosen = as_(role).post(f"/complaints/{disputed}/dispute/appeal/reviewer",
                            {"reviewer": "admin"})
    assert chosen.status_code == (200 if role in {"supervisor", "admin"} else 404)
    if role not in {"supervisor", "admin"}:
        as_("supervisor").post(f"/complaints/{disputed}/dispute/appeal/reviewer",
                               {"reviewer": "admin"})
    reviewed = as_(role).post(f"/complaints/{disputed}/dispute/appeal/review",
                              {"decision": "confirm", "note": "维持"})
    assert reviewed.status_code == (200 if role == "admin" else 404)
    assert bool(Appeal.objects.get().decision) == (role == "admin")


def test_respondent_sees_only_its_complaints_masked_and_without_messages(as_, disputed) -> None:
    as_("agent").post(f"/complaints/{disputed}/messages", {"body": "客户电话 13800000001"})
    merchant = as_("merchant")
    listed = [c["number"] for c in merchant.get("/complaints").json()["items"]]
    assert listed == [disputed]
    assert as_("other_merchant").get("/complaints").json()["items"] == []
    detail = merchant.get(f"/complaints/{disputed}").json()
    assert detail["customer"]["phone"] == "138****0001"  # the customer's own account
    assert "13800000001" not in str(detail)
    assert detail["clocks"] == [] and detail["triage"] == {}
    timeline = merchant.get(f"/complaints/{disputed}/timeline").json()
    assert all(entry["type"] == "event" for entry in timeline)
    assert "13800000001" not in str(timeline)


def test_each_party_sees_its_own_evidence_never_the_other_sides(as_, disputed) -> None:
    def evidence_of(role: str) -> dict[str, list[str]]:
        body = as_(role).get(f"/complaints/{disputed}/dispute").json()
        return {r["party"]: [e["text"] or e["tracking_number"] for e in r["evidence"]]
                for r in body["requests"]}

    assert evidence_of("merchant") == {"respondent": ["商家陈述：发货前检测正常"], "customer": []}
    assert evidence_of("customer") == {"respondent": [], "customer": ["SF99887766"]}
    assert evidence_of("auditor") == {"respondent": ["商家陈述：发货前检测正常"],
                                      "customer": ["SF99887766"]}
    merchant_view = as_("merchant").get(f"/complaints/{disputed}/dispute").json()
    assert merchant_view["default_proposal"] is None
    assert "SF99887766" not in str(merchant_view)


def test_a_respondent_named_elsewhere_cannot_reach_this_dispute(as_, disputed) -> None:
    other = as_("other_merchant")
    assert other.get(f"/complaints/{disputed}/dispute").status_code == 404
    for path, body in (("/evidence", {"text": "x"}), ("/appeal", {"grounds": "x"})):
        assert other.post(f"/complaints/{disputed}/dispute{path}", body).status_code == 404


def test_a_respondent_reads_the_complaint_text_without_contacts(as_, shops) -> None:
    body = {"channel": "api", "text": "耳机坏了，请打我电话13987654321或发邮件 li@example.com",
            "respondent": {"code": "shop-a"}}
    number = as_("customer").post("/complaints", body).json()["number"]
    text = as_("merchant").get(f"/complaints/{number}").json()["text"]
    assert "139****4321" in text and "l***@example.com" in text
    assert "13987654321" not in text
    assert "13987654321" in as_("agent").get(f"/complaints/{number}").json()["text"]
