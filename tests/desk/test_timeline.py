"""The timeline says which deadline an escalation was about, what happened and what the sweep
did, with department names and labels, never codes."""

from __future__ import annotations

from django.utils import translation

from complaintdesk.desk.presenters import timeline_rows

DEPARTMENTS = {"tech": "技术部", "special": "专项小组", "logistics": "物流部"}


def _row(kind: str, **data: object) -> str:
    entry = {"type": "event", "kind": kind, "at": None, "actor": None, "data": data}
    with translation.override("zh-hans"):
        return timeline_rows([entry], DEPARTMENTS)[0].detail


def test_a_move_to_the_special_team_names_the_clock_the_stage_and_both_departments() -> None:
    detail = _row(
        "escalated", action="move_to_special_team", clock="resolution", stage="breach",
        before="tech", after="special",
    )
    assert detail == "解决 · 已超时：已转 技术部 → 专项小组"


def test_a_raised_priority_and_a_warning_read_as_words() -> None:
    raised = _row(
        "escalated", action="raise_priority", clock="answer", stage="breach",
        before="normal", after="high",
    )
    assert raised == "答复 · 已超时：优先级 普通 → 高"
    warned = _row("clock_warning", clock="first_response", target="2026-11-02T16:24:00+08:00")
    assert warned == "首次响应：期限 2026-11-02 16:24"


def test_an_assignment_names_the_department() -> None:
    detail = _row("assigned", after={"department": "logistics", "assignee": None})
    assert detail == "部门：物流部；处理人：—"


def test_a_change_the_customer_made_is_signed_by_the_customer() -> None:
    entry = {
        "type": "event", "kind": "status_changed", "at": None, "actor": None,
        "actor_role": "customer", "from_status": "resolved", "to_status": "reopened",
        "data": {"reason": "还是没有收到"},
    }
    with translation.override("zh-hans"):
        row = timeline_rows([entry], DEPARTMENTS)[0]
    assert row.who == "客户"
    assert row.detail == "已解决 → 已重新打开。还是没有收到"
