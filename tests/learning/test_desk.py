"""The learning pages of the desk: the root-cause card and the resolve form, improvement
actions, and who gets 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.learning.models import ComplaintRootCause, ImprovementAction, OverdueAlert
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.improvement import overdue_alerts
from tests.conftest import complaint_body
from tests.learning.conftest import at, received

pytestmark = pytest.mark.django_db
Desk = Callable[..., Client]


def _in_progress(api: Any, text: str) -> Complaint:
    agent = api("agent")
    number = agent.post("/complaints", complaint_body(text=text)).json()["number"]
    for step in ("acknowledged", "in_progress"):
        agent.post(f"/complaints/{number}/transitions", {"to": step})
    Complaint.objects.filter(number=number).update(industry="education")
    return Complaint.objects.get(number=number)


def test_the_card_shows_the_suggestion_and_where_it_came_from(api: Any, desk: Desk) -> None:
    done = _in_progress(api, "老师上课迟到，讲课敷衍，孩子听不懂，要求退费。")
    api("agent").post(
        f"/complaints/{done.number}/transitions",
        {
            "to": "resolved",
            "reason": "已换老师",
            "root_cause": {"code": "teacher", "department": "tech"},
        },
    )
    new = _in_progress(api, "老师上课迟到二十分钟，讲课敷衍了事，要求退费。")
    page = desk("agent").get(f"/desk/c/{new.number}/").content.decode()
    assert 'id="root-cause-suggestion"' in page
    assert "教师教学问题" in page and done.number in page
    accepted = desk("agent").post(
        f"/desk/c/{new.number}/root-cause/",
        {"root_cause": "teacher", "department": "tech", "suggested": "1"},
    )
    assert accepted.status_code == 302
    record = ComplaintRootCause.objects.get(complaint=new)
    assert record.suggested and record.root_cause.code == "teacher"


def test_the_resolve_form_records_the_root_cause(api: Any, desk: Desk) -> None:
    c = _in_progress(api, "课程内容是三年前的版本，和宣传的不一样。")
    refused = desk("agent").post(
        f"/desk/c/{c.number}/status/", {"to": "resolved", "reason": "已补发新版课程"}
    )
    assert refused.status_code == 422
    assert "根本原因" in refused.content.decode()
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS
    done = desk("agent").post(
        f"/desk/c/{c.number}/status/",
        {
            "to": "resolved",
            "reason": "已补发新版课程",
            "root_cause": "course_content_outdated",
            "responsible_department": "tech",
        },
    )
    assert done.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.RESOLVED
    assert ComplaintRootCause.objects.get(complaint=c).root_cause.code == (
        "course_content_outdated"
    )


def test_auditors_see_no_root_cause_form(api: Any, desk: Desk) -> None:
    c = _in_progress(api, "课程视频打不开。")
    page = desk("auditor").get(f"/desk/c/{c.number}/").content.decode()
    assert 'id="root-cause-form"' not in page
    assert (
        desk("auditor")
        .post(
            f"/desk/c/{c.number}/root-cause/",
            {"root_cause": "platform_fault", "department": "tech"},
        )
        .status_code
        == 404
    )


def test_a_supervisor_creates_an_action_from_a_complaint(api: Any, desk: Desk) -> None:
    c = _in_progress(api, "课程内容过时。")
    form = desk("supervisor").get(f"/desk/learning/actions/new/?complaint={c.number}")
    assert form.status_code == 200 and c.number in form.content.decode()
    created = desk("supervisor").post(
        "/desk/learning/actions/new/",
        {
            "title": "重录第3章",
            "owner": "agent",
            "due_date": "2026-12-31",
            "metric": "count",
            "period_days": "90",
            "category": "quality",
            "complaints": c.number,
            "origin": "complaints",
        },
    )
    assert created.status_code == 302, created.content.decode()[:500]
    action = ImprovementAction.objects.get()
    assert list(action.complaints.values_list("number", flat=True)) == [c.number]
    page = desk("agent").get(f"/desk/learning/actions/{action.pk}/").content.decode()
    assert "重录第3章" in page and 'id="action-move"' in page  # the owner may move it
    assert (
        'id="action-move"'
        not in desk("dept").get(f"/desk/learning/actions/{action.pk}/").content.decode()
    )


@pytest.mark.parametrize("who", ["agent", "dept", "auditor"])
def test_only_managers_create_actions(desk: Desk, who: str) -> None:
    assert desk(who).get("/desk/learning/actions/new/").status_code == 404


def test_auditors_do_not_see_actions(desk: Desk, personas: dict[str, Persona]) -> None:
    assert desk("auditor").get("/desk/learning/actions/").status_code == 404
    assert desk("agent").get("/desk/learning/actions/").status_code == 200


def test_the_owner_sees_the_overdue_alert_on_the_desk(
    api: Any, desk: Desk, personas: dict[str, Persona]
) -> None:
    received(at("2026-08-10 10:00"), count=2)
    response = api("supervisor").post(
        "/actions",
        {"title": "改进退费说明", "owner": "agent", "due_date": "2020-01-01", "metric": "count"},
    )
    assert response.status_code == 201
    overdue_alerts()
    assert OverdueAlert.objects.count() == 1
    page = desk("agent").get("/desk/learning/actions/").content.decode()
    assert 'id="overdue-actions"' in page and "改进退费说明" in page
    assert (
        'id="overdue-actions"' not in desk("dept").get("/desk/learning/actions/").content.decode()
    )


def test_an_action_from_an_alert_takes_its_complaints(desk: Desk) -> None:
    from complaintdesk.insights.models import Alert

    complaints = received(at("2026-11-20 10:00"), count=3, status="in_progress")
    alert = Alert.objects.create(
        kind="spike",
        series_kind="category",
        series_key="quality",
        day=dt.date(2026, 11, 20),
        count=3,
        expected=0.5,
        p_value=0.001,
        complaint_ids=[c.pk for c in complaints],
        created_at=at("2026-11-20 12:00"),
    )
    page = desk("supervisor").get(f"/desk/learning/actions/new/?alert={alert.pk}")
    body = page.content.decode()
    assert all(c.number in body for c in complaints)
    assert 'value="alert"' in body


def test_supervisor_actor_is_needed_for_meetings(desk: Desk, personas: dict[str, Persona]) -> None:
    assert actor_for_user(personas["agent"].user) is not None
    for who in ("agent", "dept", "auditor"):
        assert desk(who).get("/desk/learning/meetings/").status_code == 404
    assert desk("supervisor").get("/desk/learning/meetings/").status_code == 200


def test_an_action_from_a_root_cause_and_its_edit_measures_again(desk: Desk) -> None:
    """Frozen at 2026-12-01: the 30-day baselines cover 2026-11-01 to 2026-12-01."""
    with time_machine.travel(at("2026-12-01 09:00"), tick=False):
        received(at("2026-11-20 10:00"), count=3)
        received(at("2026-11-20 10:00"), count=2, category="logistics")
        form = desk("supervisor").get("/desk/learning/actions/new/?root_cause=teacher")
        body = form.content.decode()
        assert 'value="teacher"' in body and "消除原因：教师教学问题" in body
        created = desk("supervisor").post(
            "/desk/learning/actions/new/",
            {
                "title": "教师培训",
                "owner": "agent",
                "due_date": "2026-12-31",
                "metric": "count",
                "period_days": "30",
                "category": "quality",
                "origin": "root_cause",
                "root_cause": "teacher",
            },
        )
        assert created.status_code == 302
        action = ImprovementAction.objects.get()
        assert (action.origin, action.root_cause.code) == ("root_cause", "teacher")
        assert action.baseline_numerator == 3
        edited = desk("supervisor").post(
            f"/desk/learning/actions/{action.pk}/edit/",
            {
                "title": "教师培训",
                "owner": "agent",
                "due_date": "2026-12-31",
                "metric": "count",
                "period_days": "30",
                "category": "logistics",
            },
        )
        assert edited.status_code == 302
        action.refresh_from_db()
        assert action.scope_category == "logistics" and action.baseline_numerator == 2
        assert (
            desk("agent")
            .post(
                f"/desk/learning/actions/{action.pk}/edit/",
                {
                    "title": "x",
                    "owner": "agent",
                    "due_date": "2026-12-31",
                    "metric": "count",
                    "period_days": "30",
                },
            )
            .status_code
            == 404
        )
