"""Helpers of the clock tests: default policies, a special team, frozen time, API submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Department
from complaintdesk.complaints.services import event_record
from complaintdesk.sla.calendar import SHANGHAI
from complaintdesk.sla.models import Clock, OrgCalendar
from complaintdesk.sla.policies import load_default_policies
from complaintdesk.sla.services import clocks_sync_policies
from tests.conftest import complaint_body


def sh(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def iso(*args: int) -> str:
    return sh(*args).isoformat()


@pytest.fixture
def clock_policies(db: Any) -> None:
    """The default policies and calendar (the data migration's rows, restored if a
    transactional test flushed them)."""
    load_default_policies()
    OrgCalendar.objects.get_or_create(
        code="default", defaults={"name": "Default", "is_default": True}
    )


@pytest.fixture
def special_team(db: Any) -> Department:
    return Department.objects.create(code="special", name="专项小组", is_special_team=True)


@pytest.fixture
def frozen() -> Iterator[Any]:
    """``frozen(moment)`` moves the frozen clock; time stands still in between."""
    traveller: list[Any] = []

    def move(moment: dt.datetime) -> None:
        if traveller:
            traveller.pop().stop()
        t = time_machine.travel(moment, tick=False)
        t.start()
        traveller.append(t)

    yield move
    if traveller:
        traveller.pop().stop()


def submit(client: Any, received_at: dt.datetime, **overrides: Any) -> dict[str, Any]:
    overrides.setdefault("channel", "email")
    response = client.post(
        "/complaints", complaint_body(received_at=received_at.isoformat(), **overrides)
    )
    assert response.status_code == 201, response.content
    # Intake triage guesses industry, priority and department from the text; the scenarios
    # pin them (no industry, normal priority, no department) so the generic policies apply.
    number = response.json()["number"]
    classify(number, industry="", category="", priority="normal", department=None)
    return dict(client.get(f"/complaints/{number}").json())


def clocks_of(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {clock["kind"]: clock for clock in payload["clocks"]}


def targets(payload: dict[str, Any]) -> dict[str, str]:
    return {clock["kind"]: clock["target_at"] for clock in payload["clocks"]}


def classify(number: str, **fields: Any) -> Complaint:
    """What triage run again does: set fields, record a ``classified`` event, and let the
    clocks follow the new values (``workflows.assign.triage_again``)."""
    Complaint.objects.filter(number=number).update(**fields)
    complaint = Complaint.objects.get(number=number)
    event_record(complaint=complaint, kind=EventKind.CLASSIFIED, actor=None, **fields)
    clocks_sync_policies(complaint=complaint)
    return complaint


def events_of(number: str, *kinds: str) -> list[ComplaintEvent]:
    return list(
        ComplaintEvent.objects.filter(complaint__number=number, kind__in=kinds).order_by("id")
    )


def clock(number: str, kind: str) -> Clock:
    return Clock.objects.get(complaint__number=number, kind=kind)
