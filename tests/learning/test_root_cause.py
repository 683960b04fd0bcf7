"""Root causes on resolution: required by default, recorded with an event, corrected only
with a reason, suggested from similar resolved complaints, refused to roles outside (404)."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.choices import EventKind, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.learning.models import ComplaintRootCause
from tests.conftest import complaint_body

pytestmark = pytest.mark.django_db

TEACHER = {"code": "teacher", "department": "tech"}


def _in_progress(api: Any, text: str = "老师上课总是迟到，讲课敷衍，要求退费。") -> str:
    agent = api("agent")
    response = agent.post("/complaints", complaint_body(text=text))
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    for step in ("acknowledged", "in_progress"):
        assert agent.post(f"/complaints/{number}/transitions", {"to": step}).status_code == 200
    Complaint.objects.filter(number=number).update(industry="education")
    return number


def _resolve(api: Any, number: str, **extra: Any) -> Any:
    body = {"to": "resolved", "reason": "已更换授课老师并补课两节", **extra}
    return api("agent").post(f"/complaints/{number}/transitions", body)


def test_resolving_without_a_root_cause_is_refused_and_changes_nothing(api: Any) -> None:
    number = _in_progress(api)
    events_before = ComplaintEvent.objects.filter(complaint__number=number).count()
    response = _resolve(api, number)
    assert response.status_code == 422
    assert response.json()["code"] == "missing_requirement"
    assert "根本原因" in response.json()["message"]
    assert Complaint.objects.get(number=number).status == Status.IN_PROGRESS
    assert ComplaintEvent.objects.filter(complaint__number=number).count() == events_before


def test_resolving_with_the_root_cause_records_it_and_its_event(api: Any) -> None:
    number = _in_progress(api)
    response = _resolve(api, number, root_cause=TEACHER)
    assert response.status_code == 200, response.content
    record = ComplaintRootCause.objects.get(complaint__number=number)
    assert (record.root_cause.code, record.department.code) == ("teacher", "tech")
    events = list(
        ComplaintEvent.objects.filter(complaint__number=number)
        .order_by("id")
        .values_list("kind", "to_status")
    )
    assert events.index((EventKind.ROOT_CAUSE_SET, "")) < events.index(
        (EventKind.STATUS_CHANGED, "resolved")
    )
    event = ComplaintEvent.objects.get(complaint__number=number, kind=EventKind.ROOT_CAUSE_SET)
    assert event.data["after"] == {"root_cause": "teacher", "department": "tech", "respondent": ""}


def test_a_root_cause_recorded_before_is_enough_to_resolve(api: Any) -> None:
    number = _in_progress(api)
    put = api("agent").client.put(
        f"/api/v1/complaints/{number}/root-cause",
        TEACHER,
        content_type="application/json",
        **api("agent").headers,
    )
    assert put.status_code == 200, put.content
    assert _resolve(api, number).status_code == 200


def test_with_the_setting_off_a_complaint_resolves_without_one(api: Any, settings: Any) -> None:
    settings.ROOT_CAUSE_REQUIRED = False
    number = _in_progress(api)
    assert _resolve(api, number).status_code == 200
    assert not ComplaintRootCause.objects.filter(complaint__number=number).exists()


def _put(api: Any, who: str, number: str, body: dict[str, Any]) -> Any:
    client = api(who)
    return client.client.put(
        f"/api/v1/complaints/{number}/root-cause",
        body,
        content_type="application/json",
        **client.headers,
    )


def test_a_correction_needs_a_reason_and_keeps_before_and_after(api: Any) -> None:
    number = _in_progress(api)
    assert _put(api, "agent", number, TEACHER).status_code == 200
    other = {"code": "course_content_outdated", "department": "tech"}
    refused = _put(api, "agent", number, other)
    assert refused.status_code == 422 and "原因" in refused.json()["message"]
    assert ComplaintRootCause.objects.get(complaint__number=number).root_cause.code == "teacher"
    done = _put(api, "agent", number, {**other, "reason": "复核录像后确认是课程内容过时"})
    assert done.status_code == 200
    event = ComplaintEvent.objects.get(
        complaint__number=number, kind=EventKind.ROOT_CAUSE_CORRECTED
    )
    assert event.data["before"]["root_cause"] == "teacher"
    assert event.data["after"]["root_cause"] == "course_content_outdated"
    assert event.data["reason"] == "复核录像后确认是课程内容过时"


def test_bad_root_cause_input_is_refused_with_what_to_fix(api: Any) -> None:
    number = _in_progress(api)
    unknown = _put(api, "agent", number, {"code": "no_such", "department": "tech"})
    assert unknown.status_code == 422 and "no_such" in unknown.json()["message"]
    nobody = _put(api, "agent", number, {"code": "teacher"})
    assert nobody.status_code == 422 and "责任" in nobody.json()["message"]
    other_industry = _put(api, "agent", number, {"code": "rider_conduct", "department": "tech"})
    assert other_industry.status_code == 422
    assert not ComplaintRootCause.objects.filter(complaint__number=number).exists()


@pytest.mark.parametrize("who", ["auditor", "customer", "integration", "other_dept"])
def test_roles_outside_get_404(api: Any, who: str) -> None:
    number = _in_progress(api)
    Complaint.objects.filter(number=number).update(
        department=Complaint.objects.get(number=number).department
    )
    assert _put(api, who, number, TEACHER).status_code == 404
    assert api(who).get(f"/complaints/{number}/root-cause").status_code == 404
    assert not ComplaintRootCause.objects.exists()


def test_the_taxonomy_offers_the_industry_and_the_general_causes(api: Any) -> None:
    codes = [c["code"] for c in api("agent").get("/root-causes", industry="education").json()]
    assert {"teacher", "course_content_outdated", "policy_unclear"} <= set(codes)
    assert "rider_conduct" not in codes
    assert api("customer").get("/root-causes").status_code == 404


def test_the_suggestion_comes_from_similar_resolved_complaints(api: Any) -> None:
    first = _in_progress(api, "老师上课迟到，讲课敷衍，孩子听不懂，要求退费。")
    second = _in_progress(api, "这个老师上课总是迟到，讲课很敷衍，要求换老师。")
    unrelated = _in_progress(api, "快递三天没送到，包裹显示已签收但我没收到。")
    for number in (first, second):
        assert _resolve(api, number, root_cause=TEACHER).status_code == 200
    assert (
        _resolve(
            api, unrelated, root_cause={"code": "policy_unclear", "department": "cs"}
        ).status_code
        == 200
    )
    new = _in_progress(api, "老师上课迟到二十分钟，讲课敷衍了事，要求退费。")
    body = api("agent").get(f"/complaints/{new}/root-cause").json()
    assert body["recorded"] is None
    suggestion = body["suggestion"]
    assert suggestion["root_cause"]["code"] == "teacher"
    assert suggestion["department"] == "tech"
    assert set(suggestion["from_complaints"]) == {first, second}
