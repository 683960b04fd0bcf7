"""Improvement actions through /api/v1/: who sees, creates and moves them (404 outside),
what is refused, and the overdue alerts once per action per day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model

from complaintdesk.learning.models import ActionStatusChange, ImprovementAction, OverdueAlert
from complaintdesk.notify.models import OutboundEmail
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.improvement import overdue_alerts
from tests.learning.conftest import at, received

pytestmark = pytest.mark.django_db

BODY = {
    "title": "更新Python入门课第3-5章",
    "owner": "agent",
    "due_date": "2026-09-30",
    "metric": "count",
    "period_days": 30,
    "category": "quality",
    "item": "Python入门课",
    "origin": "root_cause",
    "root_cause": "course_content_outdated",
}


def _create(api: Any, who: str = "supervisor", **extra: Any) -> Any:
    with time_machine.travel(at("2026-09-01 00:00"), tick=False):
        return api(who).post("/actions", {**BODY, **extra})


def test_a_supervisor_creates_an_action_with_its_baseline(api: Any) -> None:
    received(at("2026-08-10 10:00"), count=4)
    number = received(at("2026-08-12 10:00"))[0].number
    response = _create(api, complaints=[number])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "planned" and body["root_cause"] == "course_content_outdated"
    assert body["baseline"]["count"] == 5 and body["baseline"]["value"] == 5.0
    assert body["complaints"] == [number]
    assert body["effect"] is None
    action = ImprovementAction.objects.get()
    assert action.created_by.get_username() == "supervisor"


@pytest.mark.parametrize("who", ["agent", "dept", "auditor", "customer", "integration"])
def test_roles_that_may_not_create_get_404_and_nothing_is_written(api: Any, who: str) -> None:
    assert _create(api, who).status_code == 404
    assert not ImprovementAction.objects.exists()


def test_staff_see_actions_and_outsiders_get_404(api: Any) -> None:
    action_id = _create(api).json()["id"]
    for who in ("agent", "dept", "supervisor", "admin"):
        assert api(who).get("/actions").status_code == 200
        assert api(who).get(f"/actions/{action_id}").json()["id"] == action_id
    for who in ("auditor", "customer", "integration"):
        assert api(who).get("/actions").status_code == 404
        assert api(who).get(f"/actions/{action_id}").status_code == 404
    assert api("agent").get("/actions/999999").status_code == 404


def test_bad_input_says_what_to_fix(api: Any) -> None:
    unknown_owner = _create(api, owner="nobody")
    assert unknown_owner.status_code == 404 and "nobody" in unknown_owner.json()["message"]
    short = _create(api, period_days=3)
    assert short.status_code == 422
    cause = _create(api, root_cause="no_such_cause")
    assert cause.status_code == 422 and "no_such_cause" in cause.json()["message"]
    foreign = _create(api, complaints=["TS-NOPE-1"])
    assert foreign.status_code == 404
    assert not ImprovementAction.objects.exists()


def test_the_owner_moves_it_and_each_change_is_recorded(api: Any) -> None:
    action_id = _create(api).json()["id"]
    path = f"/actions/{action_id}/status"
    assert api("dept").post(path, {"to": "in_progress"}).status_code == 404  # not the owner
    assert api("agent").post(path, {"to": "in_progress", "note": "已开始重录"}).status_code == 200
    illegal = api("agent").post(path, {"to": "evaluated"})
    assert illegal.status_code == 409
    done = api("agent").post(path, {"to": "done"})
    assert done.status_code == 200 and done.json()["done_at"] is not None
    moves = list(
        ActionStatusChange.objects.filter(action_id=action_id).values_list(
            "to_status", "by__username", "note"
        )
    )
    assert moves == [
        ("planned", "supervisor", ""),
        ("in_progress", "agent", "已开始重录"),
        ("done", "agent", ""),
    ]


def test_an_overdue_action_alerts_owner_and_supervisors_once_a_day(
    api: Any, personas: dict[str, Persona]
) -> None:
    for who in ("agent", "supervisor", "admin"):
        get_user_model().objects.filter(username=who).update(email=f"{who}@example.com")
    action_id = _create(api).json()["id"]
    assert overdue_alerts(today=dt.date(2026, 9, 30)) == []  # due today: not overdue yet
    alerted = overdue_alerts(today=dt.date(2026, 10, 1))
    assert [a.pk for a in alerted] == [action_id]
    assert overdue_alerts(today=dt.date(2026, 10, 1)) == []  # once a day
    mails = sorted(OutboundEmail.objects.values_list("to_address", flat=True))
    assert mails == ["admin@example.com", "agent@example.com", "supervisor@example.com"]
    assert "更新Python入门课第3-5章" in OutboundEmail.objects.first().subject
    assert len(overdue_alerts(today=dt.date(2026, 10, 2))) == 1  # the next day again
    assert OverdueAlert.objects.filter(action_id=action_id).count() == 2
    api("agent").post(f"/actions/{action_id}/status", {"to": "done"})
    assert overdue_alerts(today=dt.date(2026, 10, 3)) == []  # done: no more alerts


def test_a_done_date_recorded_later_is_where_the_effect_is_measured_from(api: Any) -> None:
    action_id = _create(api).json()["id"]
    path = f"/actions/{action_id}/status"
    too_early = api("agent").post(path, {"to": "done", "at": "2026-08-01T10:00:00+08:00"})
    assert too_early.status_code == 422  # before the action was created
    future = api("agent").post(path, {"to": "done", "at": "2030-01-01T10:00:00+08:00"})
    assert future.status_code == 422
    done = api("agent").post(path, {"to": "done", "at": "2026-09-20T10:00:00+08:00"})
    assert done.status_code == 200, done.content
    assert done.json()["done_at"].startswith("2026-09-20T10:00:00")
    change = ActionStatusChange.objects.filter(action_id=action_id).last()
    assert change.at == at("2026-09-20 10:00")
