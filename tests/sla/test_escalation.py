"""Warnings and breaches found by the sweep, and the escalation each one triggers."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.sla.models import Clock
from complaintdesk.sla.selectors import clocks_breaching_soon
from complaintdesk.workflows.escalate import sweep
from tests.sla.conftest import clock, events_of, sh, submit

pytestmark = pytest.mark.usefixtures("clock_policies")

CLOCK_EVENTS = (EventKind.CLOCK_WARNING, EventKind.CLOCK_BREACHED, EventKind.ESCALATED)


@pytest.fixture
def received_monday(api: Any, frozen: Any) -> str:
    """An e-mail complaint received Mon 2026-11-02 10:00: first reply due Mon 18:00, answer
    due Thu 11-05 18:00 (warning at 80 %: Thu 11:00), resolution due Mon 11-16 18:00."""
    frozen(sh(2026, 11, 2, 10, 1))
    return str(submit(api("agent"), sh(2026, 11, 2, 10))["number"])


def test_nothing_happens_before_the_warning(received_monday: str) -> None:
    result = sweep(now=sh(2026, 11, 2, 16, 23))  # first reply warns at 16:24
    assert (result.warned, result.breached) == (0, 0)
    assert events_of(received_monday, *CLOCK_EVENTS) == []


def test_warning_at_80_percent_notifies_the_supervisor(received_monday: str) -> None:
    result = sweep(now=sh(2026, 11, 2, 16, 24))
    assert (result.warned, result.breached) == (1, 0)
    warning, notify = events_of(received_monday, *CLOCK_EVENTS)
    assert (warning.kind, warning.data["clock"]) == (EventKind.CLOCK_WARNING, "first_response")
    assert warning.actor_role == "system"
    assert notify.kind == EventKind.ESCALATED
    assert notify.data == {
        "action": "notify_supervisor",
        "clock": "first_response",
        "stage": "warning",
        "notify": ["supervisor"],
    }
    first = clock(received_monday, "first_response")
    assert first.warned_at == sh(2026, 11, 2, 16, 24)
    assert first.state == "running" and first.next_due_at == first.target_at


def test_breach_raises_the_priority_and_notifies(received_monday: str) -> None:
    sweep(now=sh(2026, 11, 2, 16, 24))
    result = sweep(now=sh(2026, 11, 2, 18))
    assert (result.warned, result.breached) == (0, 1)
    first = clock(received_monday, "first_response")
    assert (first.state, first.breached_at, first.next_due_at) == (
        "breached",
        sh(2026, 11, 2, 18),
        None,
    )
    assert Complaint.objects.get(number=received_monday).priority == "high"
    breach_events = events_of(received_monday, *CLOCK_EVENTS)[2:]
    assert [(e.kind, e.data.get("action")) for e in breach_events] == [
        (EventKind.CLOCK_BREACHED, None),
        (EventKind.ESCALATED, "notify_supervisor"),
        (EventKind.ESCALATED, "raise_priority"),
    ]
    assert breach_events[2].data["before"] == "normal" and breach_events[2].data["after"] == "high"


def test_resolution_breach_moves_the_complaint_to_the_special_team(
    received_monday: str, special_team: Any, api: Any
) -> None:
    api("agent").post(
        f"/complaints/{received_monday}/assignment", {"department": "tech", "assignee": "dept"}
    )
    sweep(now=sh(2026, 11, 16, 18))
    complaint = Complaint.objects.get(number=received_monday)
    assert complaint.department == special_team
    assert complaint.assignee is None  # tech staff cannot hold a special-team complaint
    moved = [
        e
        for e in events_of(received_monday, EventKind.ESCALATED)
        if e.data["action"] == "move_to_special_team"
    ]
    assert len(moved) == 1
    assert (moved[0].data["before"], moved[0].data["after"]) == ("tech", "special")
    # Losing the assignee is a change of its own, recorded like any assignment.
    unassigned = events_of(received_monday, EventKind.ASSIGNED)[-1]
    assert unassigned.actor_role == "system"
    assert unassigned.data["before"]["assignee"] == "dept"
    assert unassigned.data["after"] == {"department": "special", "assignee": None}
    # Every clock is breached; first reply and answer raised the priority one step each.
    assert {c.state for c in complaint.clocks.all()} == {"breached"}
    assert complaint.priority == "urgent"


def test_a_late_sweep_breaches_without_a_stale_warning(received_monday: str) -> None:
    sweep(now=sh(2026, 11, 5, 18))
    answer = clock(received_monday, "answer")
    assert answer.state == "breached" and answer.warned_at is None
    kinds = [e.data["clock"] for e in events_of(received_monday, EventKind.CLOCK_BREACHED)]
    assert sorted(kinds) == ["answer", "first_response"]


def test_sweep_again_changes_nothing(received_monday: str) -> None:
    first = sweep(now=sh(2026, 11, 5, 18))
    events = ComplaintEvent.objects.count()
    rows = list(Clock.objects.values_list("id", "state", "warned_at", "breached_at"))
    again = sweep(now=sh(2026, 11, 5, 18))
    later = sweep(now=sh(2026, 11, 5, 18, 30))
    assert first.breached == 2
    assert (again.warned, again.breached, later.warned, later.breached) == (0, 0, 0, 0)
    assert ComplaintEvent.objects.count() == events
    assert list(Clock.objects.values_list("id", "state", "warned_at", "breached_at")) == rows


def test_supervisor_of_the_department_is_notified(
    received_monday: str, api: Any, personas: Any
) -> None:
    api("agent").post(f"/complaints/{received_monday}/assignment", {"department": "cs"})
    sweep(now=sh(2026, 11, 2, 16, 24))
    (notify,) = events_of(received_monday, EventKind.ESCALATED)
    assert notify.data["notify"] == ["supervisor"]


def test_breaching_soon_queue(received_monday: str, personas: Any) -> None:
    agent = actor_for_user(personas["agent"].user)
    customer = actor_for_user(personas["customer"].user)
    assert agent is not None and customer is not None
    soon = clocks_breaching_soon(
        actor=agent, within=sh(2026, 11, 2, 19) - sh(2026, 11, 2, 17), now=sh(2026, 11, 2, 17)
    )
    assert [(c.complaint.number, c.kind) for c in soon] == [(received_monday, "first_response")]
    assert (
        list(
            clocks_breaching_soon(
                actor=customer, within=sh(2026, 12, 1) - sh(2026, 11, 2), now=sh(2026, 11, 2, 17)
            )
        )
        == []
    )
