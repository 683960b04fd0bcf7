"""POST /api/v1/complaints/{number}/clocks/{kind}/extension: who may extend, and every refusal."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.choices import EventKind
from tests.sla.conftest import classify, clock, events_of, iso, sh, submit

pytestmark = pytest.mark.usefixtures("clock_policies")


@pytest.fixture
def insured(api: Any, frozen: Any) -> str:
    """An insurance complaint of Mon 2026-11-02: statutory decision due 11-18 00:00."""
    frozen(sh(2026, 11, 2, 10, 1))
    number = str(submit(api("agent"), sh(2026, 11, 2, 10))["number"])
    classify(number, industry="insurance")
    frozen(sh(2026, 11, 10, 9))
    return number


def _extend(api: Any, who: str, number: str, kind: str = "statutory", **body: Any) -> Any:
    body.setdefault("amount", 15)
    body.setdefault("reason", "需调取医院病历，情况复杂")
    return api(who).post(f"/complaints/{number}/clocks/{kind}/extension", body)


def test_a_supervisor_extends_the_statutory_clock(insured: str, api: Any) -> None:
    response = _extend(api, "supervisor", insured)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["target_at"] == iso(2026, 12, 3)
    assert (body["extension"], body["unit"]) == (15, "calendar_days")
    assert body["extension_reason"] == "需调取医院病历，情况复杂"
    assert clock(insured, "statutory").target_at == sh(2026, 12, 3)
    recorded = events_of(insured, EventKind.CLOCK_EXTENDED, EventKind.CUSTOMER_NOTICE_DUE)
    kinds = [e.kind for e in recorded]
    assert kinds == [EventKind.CLOCK_EXTENDED, EventKind.CUSTOMER_NOTICE_DUE]
    assert _extend(api, "admin", insured, amount=30).status_code == 200


@pytest.mark.parametrize("who", ["agent", "auditor"])
def test_only_supervisors_and_admins_may_extend(insured: str, api: Any, who: str) -> None:
    response = _extend(api, who, insured)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "forbidden"
    assert events_of(insured, EventKind.CLOCK_EXTENDED) == []


def test_out_of_scope_or_unknown_is_404(insured: str, api: Any) -> None:
    assert _extend(api, "customer", insured).status_code == 404
    assert _extend(api, "supervisor", "TS-20261102-999999").status_code == 404
    assert _extend(api, "supervisor", insured, kind="evidence").status_code == 404  # no such clock


def test_a_missing_reason_is_422_in_the_callers_language(insured: str, api: Any) -> None:
    missing = _extend(api, "supervisor", insured, reason="  ")
    assert missing.status_code == 422
    assert missing.json()["details"] == {"missing": ["reason"]}
    assert "理由" in missing.json()["message"] or "原因" in missing.json()["message"]
    english = api("supervisor", "en").post(
        f"/complaints/{insured}/clocks/statutory/extension", {"amount": 15}
    )
    assert english.status_code == 422
    assert "reason" in english.json()["message"]


def test_too_long_an_extension_is_422(insured: str, api: Any) -> None:
    response = _extend(api, "supervisor", insured, amount=46)
    assert response.status_code == 422
    assert response.json()["details"] == {"field": "amount", "max": 45}
    assert "最多还可延长 45" in response.json()["message"]


def test_a_finished_clock_is_409(insured: str, api: Any) -> None:
    # The first reply comes a week late: its clock stops as breached.
    api("agent").post(f"/complaints/{insured}/messages", {"body": "您好，我们正在处理。"})
    assert clock(insured, "first_response").state == "breached"
    response = _extend(api, "supervisor", insured, kind="first_response", amount=1)
    assert response.status_code == 409
    assert response.json()["details"] == {"state": "breached"}


@pytest.fixture
def fresh(api: Any, frozen: Any) -> str:
    """A complaint of Mon 2026-11-02 10:00 (no industry): answer due Thu 11-05 18:00."""
    frozen(sh(2026, 11, 2, 10, 1))
    number = str(submit(api("agent"), sh(2026, 11, 2, 10))["number"])
    frozen(sh(2026, 11, 3, 9))
    return number


def test_the_answer_promise_moves_by_up_to_five_working_days(fresh: str, api: Any) -> None:
    assert clock(fresh, "answer").target_at == sh(2026, 11, 5, 18)
    response = _extend(api, "supervisor", fresh, kind="answer", amount=5, reason="需仓库核实")
    assert response.status_code == 200, response.content
    assert response.json()["target_at"] == iso(2026, 11, 12, 18)
    assert (response.json()["extension"], response.json()["unit"]) == (5, "working_days")
    extended, notice = events_of(fresh, EventKind.CLOCK_EXTENDED, EventKind.CUSTOMER_NOTICE_DUE)
    assert extended.data["previous_target"] == iso(2026, 11, 5, 18)
    assert extended.data["target"] == iso(2026, 11, 12, 18)
    assert (extended.data["amount"], extended.data["reason"]) == (5, "需仓库核实")
    assert notice.data["notice"] == "extension" and notice.data["clock"] == "answer"


def test_more_than_the_room_says_how_much_is_left(fresh: str, api: Any) -> None:
    response = _extend(api, "supervisor", fresh, kind="answer", amount=6)
    assert response.status_code == 422
    assert response.json()["details"] == {"field": "amount", "max": 5}
    assert "最多还可延长 5" in response.json()["message"] and "已用 0" in response.json()["message"]
    assert events_of(fresh, EventKind.CLOCK_EXTENDED) == []


def test_a_used_up_extension_cannot_be_extended_further(fresh: str, api: Any) -> None:
    assert _extend(api, "supervisor", fresh, kind="resolution", amount=10).status_code == 200
    response = _extend(api, "supervisor", fresh, kind="resolution", amount=1)
    assert response.status_code == 422
    assert response.json()["details"] == {"field": "amount", "max": 0}
    message = response.json()["message"]
    assert "不能再延长" in message and "已延长 10" in message and "1 至 0" not in message
    english = api("supervisor", "en").post(
        f"/complaints/{fresh}/clocks/resolution/extension", {"amount": 1, "reason": "again"}
    )
    assert "cannot be extended further" in english.json()["message"]
    assert len(events_of(fresh, EventKind.CLOCK_EXTENDED)) == 1


def test_a_first_reply_cannot_be_extended_and_the_refusal_says_why(fresh: str, api: Any) -> None:
    response = _extend(api, "supervisor", fresh, kind="first_response", amount=1)
    assert response.status_code == 422
    assert response.json()["details"] == {"field": "amount", "max": 0}
    assert "首次响应期限不能延长" in response.json()["message"]
    assert "请现在就回复客户" in response.json()["message"]
    english = api("supervisor", "en").post(
        f"/complaints/{fresh}/clocks/first_response/extension", {"amount": 1, "reason": "busy"}
    )
    assert "cannot be extended" in english.json()["message"]
    assert "1 to 0" not in english.json()["message"]
    assert events_of(fresh, EventKind.CLOCK_EXTENDED) == []


def test_a_regulator_deadline_without_extension_names_its_policy(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = str(submit(api("agent"), sh(2026, 11, 2, 10), channel="regulator")["number"])
    response = _extend(api, "supervisor", number, kind="statutory", amount=1)
    assert response.status_code == 422
    message = response.json()["message"]
    assert "不能延长" in message and "12315 referral" in message
    assert clock(number, "statutory").extension == 0
