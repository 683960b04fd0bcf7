"""The remedy endpoints: offers, proposal, approval, the customer's answer; every refusal is
a clear 4xx in the caller's language and writes nothing, and every role outside a permission
gets 404."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.models import ComplaintEvent
from complaintdesk.resolution.models import Remedy

pytestmark = pytest.mark.django_db
OFFER = {"policy": "education-lesson-refund", "option": 0}


@pytest.fixture
def number(course_complaint: Any) -> str:
    return course_complaint().number


def _propose(api: Any, number: str, who: str = "agent", body: Any = None, **kw: Any) -> Any:
    return api(who, **kw).post(f"/complaints/{number}/remedies", body or OFFER)


def test_offers_explain_themselves_in_the_callers_language(api: Any, number: str) -> None:
    offers = api("agent").get(f"/complaints/{number}/remedy-offers").json()
    lesson = next(o for o in offers if o["policy"] == "education-lesson-refund")
    (option,) = lesson["options"]
    assert option["amount"] == "646.58" and option["kind"] == "lesson_refund"
    assert lesson["policy_version"] == 1
    english = api("agent", "en").get(f"/complaints/{number}/remedy-offers").json()
    text = next(o for o in english if o["rule"] == "lesson_refund")["options"][0]["explanation"]
    assert "37 lessons not taken" in text[0]
    split = api("agent").get(f"/complaints/{number}/remedy-offers", respondent_share="30").json()
    option = next(o for o in split if o["rule"] == "lesson_refund")["options"][0]
    assert (option["business_amount"], option["respondent_amount"]) == ("452.61", "193.97")


def test_propose_approve_and_the_customer_accepts(api: Any, number: str) -> None:
    proposed = _propose(api, number)
    assert proposed.status_code == 201, proposed.content
    body = proposed.json()
    assert body["amount"] == "646.58" and body["status"] == "proposed"
    assert body["policy"] == "education-lesson-refund" and body["policy_version"] == 1
    remedy_id = body["id"]
    assert api("customer").get(f"/complaints/{number}/remedies").json() == []
    approved = api("supervisor").post(f"/complaints/{number}/remedies/{remedy_id}/approval")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    seen = api("customer").get(f"/complaints/{number}/remedies").json()
    assert [r["amount"] for r in seen] == ["646.58"]
    assert "approvals" not in seen[0] or seen[0]["approvals"] is None
    answer = api("customer").post(
        f"/complaints/{number}/remedies/{remedy_id}/answer", {"accepted": False, "reason": "太少"}
    )
    assert answer.status_code == 200 and answer.json()["customer_answer"] == "declined"


def test_a_repeated_proposal_with_the_same_key_proposes_once(api: Any, number: str) -> None:
    client = api("agent")
    first = client.post(f"/complaints/{number}/remedies", OFFER, HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(f"/complaints/{number}/remedies", OFFER, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Remedy.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "language", "status", "words"),
    [
        ({"kind": "lesson_refund", "amount": "700.00"}, "zh-hans", 422, "超过"),
        ({"kind": "lesson_refund", "amount": "700.00"}, "en", 422, "more than the 699.00"),
        ({"kind": "apology", "amount": "5.00"}, "en", 422, "carries no amount"),
        ({"kind": "partial_refund", "amount": "-1"}, "en", 422, "negative"),
        ({"kind": "partial_refund", "amount": "1.001"}, "en", 422, "two decimal"),
        ({"kind": "coupon", "amount": "20.00"}, "en", 422, "days it is valid"),
        ({"policy": "no-such-policy"}, "en", 422, "No active remedy policy"),
        ({"policy": "education-lesson-refund", "kind": "apology"}, "en", 422, "either"),
        ({"policy": "education-cooling-off"}, "en", 422, "offers nothing"),
    ],
)
def test_bad_proposals_are_refused_in_the_callers_language(
    api: Any, number: str, body: dict[str, Any], language: str, status: int, words: str
) -> None:
    before = ComplaintEvent.objects.count()
    response = _propose(api, number, body=body, language=language)
    assert response.status_code == status, response.content
    assert words in response.json()["message"]
    assert not Remedy.objects.exists() and ComplaintEvent.objects.count() == before


def test_self_approval_and_limits_are_403_with_the_reason(api: Any, number: str) -> None:
    remedy_id = _propose(api, number, "supervisor").json()["id"]
    own = api("supervisor", "en").post(f"/complaints/{number}/remedies/{remedy_id}/approval")
    assert own.status_code == 403 and "someone else" in own.json()["message"]
    limit = api("agent").post(f"/complaints/{number}/remedies/{remedy_id}/approval")
    assert limit.status_code == 403 and "200.00" in limit.json()["message"]
    assert Remedy.objects.get().status == "proposed"


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("customer", "offers"), ("auditor", "offers"), ("integration", "offers"),
        ("customer", "propose"), ("auditor", "propose"),
        ("customer", "approval"), ("auditor", "approval"), ("dept", "approval"),
        ("customer", "rejection"), ("auditor", "withdrawal"), ("customer", "execution"),
        ("agent", "answer"), ("supervisor", "answer"), ("other_customer", "list"),
    ],
)
def test_roles_outside_a_permission_get_404(
    api: Any, number: str, who: str, action: str
) -> None:
    remedy_id = _propose(api, number).json()["id"]
    api("supervisor").post(f"/complaints/{number}/remedies/{remedy_id}/approval")
    client = api(who)
    base = f"/complaints/{number}/remedies"
    response = {
        "offers": lambda: client.get(f"/complaints/{number}/remedy-offers"),
        "propose": lambda: client.post(base, OFFER),
        "list": lambda: client.get(base),
        "answer": lambda: client.post(f"{base}/{remedy_id}/answer", {"accepted": True}),
    }.get(action, lambda: client.post(f"{base}/{remedy_id}/{action}", {"reason": "x"}))()
    assert response.status_code == 404, (who, action, response.content)
    assert Remedy.objects.count() == 1
    assert Remedy.objects.get().customer_answer == ""


def test_the_customer_cannot_see_a_proposal_before_approval(api: Any, number: str) -> None:
    remedy_id = _propose(api, number).json()["id"]
    response = api("customer").post(
        f"/complaints/{number}/remedies/{remedy_id}/answer", {"accepted": True}
    )
    assert response.status_code == 404
