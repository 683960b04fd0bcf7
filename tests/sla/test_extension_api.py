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
    assert _extend(api, "supervisor", insured, kind="answer", amount=1).status_code == 422


def test_a_finished_clock_is_409(insured: str, api: Any) -> None:
    # The first reply comes a week late: its clock stops as breached.
    api("agent").post(f"/complaints/{insured}/messages", {"body": "您好，我们正在处理。"})
    assert clock(insured, "first_response").state == "breached"
    response = _extend(api, "supervisor", insured, kind="first_response", amount=1)
    assert response.status_code == 409
    assert response.json()["details"] == {"state": "breached"}
