"""Bad input in a dispute: a clear 4xx in the caller's language (Chinese by default, English
on request), and nothing written — no row, no event."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.disputes.models import Appeal, Dispute, Evidence, Ruling
from tests.disputes.conftest import RULING, file_complaint, open_dispute, sh

pytestmark = pytest.mark.django_db


def written() -> tuple[int, ...]:
    return (ComplaintEvent.objects.count(), Dispute.objects.count(), Evidence.objects.count(),
            Ruling.objects.count(), Appeal.objects.count())


@pytest.fixture
def disputed(as_: Any, frozen: Any) -> str:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    open_dispute(as_, number)
    return number


def refused(response: Any, status: int, code: str, words: str) -> None:
    body = response.json()
    assert response.status_code == status, body
    assert body["code"] == code
    assert words in body["message"], body["message"]


@pytest.mark.parametrize(("language", "words"), [
    ("zh-hans", "不再要求或接收证据"), ("en", "evidence is no longer requested or accepted"),
])
def test_evidence_after_the_ruling(as_, disputed, language, words) -> None:
    as_("agent").post(f"/complaints/{disputed}/dispute/ruling", RULING)
    before = written()
    response = as_("merchant", language).post(f"/complaints/{disputed}/dispute/evidence",
                                              {"text": "补充一份检测报告"})
    refused(response, 409, "conflict", words)
    assert written() == before


@pytest.mark.parametrize(("shares", "language", "words"), [
    ({"respondent": 70, "customer": 20}, "zh-hans", "合计须为 100%，当前合计为 90%"),
    ({"respondent": 70, "customer": 20}, "en", "must add up to 100 %; these add up to 90 %"),
    ({"respondent": 60, "customer": 60}, "en", "add up to 120 %"),
    ({"respondent": 100}, "en", "at least two parties"),
])
def test_a_split_that_does_not_add_up(as_, disputed, shares, language, words) -> None:
    before = written()
    response = as_("agent", language).post(
        f"/complaints/{disputed}/dispute/ruling",
        {**RULING, "responsible": "shared", "shares": shares},
    )
    refused(response, 422, "invalid_input", words)
    assert written() == before


def test_one_party_responsible_with_a_partial_share(as_, disputed) -> None:
    before = written()
    response = as_("agent", "en").post(
        f"/complaints/{disputed}/dispute/ruling",
        {**RULING, "responsible": "respondent", "shares": {"respondent": 60, "customer": 40}},
    )
    refused(response, 422, "invalid_input", "choose “shared”")
    assert written() == before


def test_no_one_responsible_with_shares(as_, disputed) -> None:
    response = as_("agent", "en").post(
        f"/complaints/{disputed}/dispute/ruling",
        {**RULING, "responsible": "none", "outcome": "not_upheld",
         "shares": {"respondent": 100}},
    )
    refused(response, 422, "invalid_input", "leave the shares at 0")


@pytest.mark.parametrize(("language", "words"), [
    ("zh-hans", "裁决须写明理由"), ("en", "A ruling needs its rationale"),
])
def test_a_ruling_without_a_rationale(as_, disputed, language, words) -> None:
    before = written()
    response = as_("agent", language).post(f"/complaints/{disputed}/dispute/ruling",
                                           {**RULING, "rationale": "   "})
    refused(response, 422, "missing_requirement", words)
    assert response.json()["details"] == {"missing": ["rationale"]}
    assert written() == before


def test_a_ruling_naming_a_rule_the_admin_does_not_keep(as_, disputed) -> None:
    before = written()
    response = as_("agent", "en").post(f"/complaints/{disputed}/dispute/ruling",
                                       {**RULING, "rules": ["quality-defect", "made-up"]})
    refused(response, 422, "invalid_input", "made-up")
    assert written() == before


@pytest.mark.parametrize(("language", "words"), [
    ("zh-hans", "申诉期已于 2026-10-14 18:00 结束"),
    ("en", "appeal period ended on 2026-10-14 18:00"),
])
def test_an_appeal_after_its_period(as_, disputed, frozen, language, words) -> None:
    frozen(sh(2026, 10, 10, 10))  # ruled on the make-up Saturday: 3 working days to appeal
    as_("agent").post(f"/complaints/{disputed}/dispute/ruling", RULING)
    frozen(sh(2026, 10, 14, 18, 1))
    before = written()
    response = as_("customer", language).post(f"/complaints/{disputed}/dispute/appeal",
                                              {"grounds": "我不同意"})
    refused(response, 409, "conflict", words)
    assert written() == before


def test_an_appeal_before_any_ruling_and_a_second_appeal(as_, disputed) -> None:
    response = as_("customer", "en").post(f"/complaints/{disputed}/dispute/appeal",
                                          {"grounds": "我不同意"})
    refused(response, 409, "conflict", "Only a ruling can be appealed, once")
    as_("agent").post(f"/complaints/{disputed}/dispute/ruling", RULING)
    assert as_("customer").post(f"/complaints/{disputed}/dispute/appeal",
                                {"grounds": "我不同意"}).status_code == 201
    before = written()
    again = as_("merchant", "en").post(f"/complaints/{disputed}/dispute/appeal",
                                       {"grounds": "我也不同意"})
    refused(again, 409, "conflict", "Only a ruling can be appealed, once")
    assert written() == before


def test_an_appeal_without_grounds_and_empty_evidence(as_, disputed) -> None:
    before = written()
    refused(as_("merchant", "en").post(f"/complaints/{disputed}/dispute/evidence", {}),
            422, "missing_requirement", "Give a statement, a tracking number or at least one")
    as_("agent").post(f"/complaints/{disputed}/dispute/ruling", RULING)
    before = written()
    refused(as_("merchant", "en").post(f"/complaints/{disputed}/dispute/appeal",
                                       {"grounds": " "}),
            422, "missing_requirement", "Say why the ruling is wrong")
    assert written() == before


def test_opening_refusals(as_, frozen) -> None:
    frozen(sh(2026, 10, 9, 10))
    number = file_complaint(as_)
    before = written()
    refused(as_("agent", "en").post(f"/complaints/{number}/dispute", {"question": ""}),
            422, "missing_requirement", "Say what is in dispute")
    Complaint.objects.filter(number=number).update(respondent=None)
    refused(as_("agent", "en").post(f"/complaints/{number}/dispute", {"question": "质量"}),
            422, "invalid_input", "Name the respondent")
    assert written() == before
    fresh = as_("customer").post("/complaints", {"channel": "api", "text": "新投诉",
                                                 "respondent": {"code": "shop-a"}}).json()
    before = written()
    refused(as_("agent", "en").post(f"/complaints/{fresh['number']}/dispute",
                                    {"question": "质量"}),
            409, "conflict", "A dispute is opened on a complaint in progress")
    assert written() == before


def test_a_second_dispute_and_asking_a_party_twice(as_, disputed) -> None:
    before = written()
    refused(as_("agent", "en").post(f"/complaints/{disputed}/dispute", {"question": "再开"}),
            409, "conflict", "already has a dispute")
    refused(as_("agent", "en").post(f"/complaints/{disputed}/dispute/evidence-requests",
                                    {"party": "respondent", "asks": "再交一次"}),
            409, "conflict", "has already been asked")
    refused(as_("customer", "en").post(f"/complaints/{disputed}/dispute/evidence",
                                       {"text": "我的证据"}),
            409, "conflict", "has not been asked")
    assert written() == before


def test_a_review_that_replaces_without_a_ruling_and_an_unknown_reviewer(as_, disputed) -> None:
    as_("agent").post(f"/complaints/{disputed}/dispute/ruling", RULING)
    as_("customer").post(f"/complaints/{disputed}/dispute/appeal", {"grounds": "不同意"})
    refused(as_("supervisor", "en").post(f"/complaints/{disputed}/dispute/appeal/reviewer",
                                         {"reviewer": "nobody"}),
            404, "not_found", "nobody")
    as_("supervisor").post(f"/complaints/{disputed}/dispute/appeal/reviewer",
                           {"reviewer": "admin"})
    before = written()
    refused(as_("admin", "en").post(f"/complaints/{disputed}/dispute/appeal/review",
                                    {"decision": "replace"}),
            422, "missing_requirement", "Give the ruling that replaces it")
    refused(as_("admin", "en").post(f"/complaints/{disputed}/dispute/appeal/review",
                                    {"decision": "confirm"}),
            422, "missing_requirement", "Say why the ruling stands")
    assert written() == before


def test_a_conflicted_officer_cannot_rule(as_, disputed) -> None:
    as_("agent").post(f"/complaints/{disputed}/conflicts", {"reason": "与店主相识"})
    before = written()
    refused(as_("agent", "en").post(f"/complaints/{disputed}/dispute/ruling", RULING),
            409, "conflict", "declared a conflict of interest")
    assert written() == before
