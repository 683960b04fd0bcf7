"""Starting clocks at intake: the calendar is loaded once, the clocks go in with one insert;
history that arrives settled starts none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.sla.choices import DayKind, Trigger
from complaintdesk.sla.models import CalendarDay, Clock, ClockPolicy, OrgCalendar
from complaintdesk.sla.services import clocks_insert, clocks_plan, clocks_start_for
from tests.sla.conftest import sh

pytestmark = pytest.mark.usefixtures("clock_policies")


def _complaint(number: str, channel: str = "email", status: str = "new", **extra: Any) -> Complaint:
    return Complaint.objects.create(
        number=number, channel=channel, text="快递丢了", received_at=sh(2026, 11, 2, 10),
        status=status, status_changed_at=sh(2026, 11, 2, 10), **extra,
    )


def test_a_department_calendar_is_read_once_for_all_clocks(db: Any) -> None:
    tech = Department.objects.create(code="tech", name="技术部")
    record = OrgCalendar.objects.create(code="tech", name="Tech", department=tech)
    CalendarDay.objects.create(calendar=record, day=dt.date(2026, 11, 3), kind=DayKind.HOLIDAY)
    complaint = _complaint("TS-S-1", department=tech)
    with CaptureQueriesContext(connection) as queries:
        started = clocks_start_for(
            complaint=complaint, trigger=Trigger.RECEIVED, at=sh(2026, 11, 2, 10)
        )
    assert sorted(c.kind for c in started) == ["answer", "first_response", "resolution"]
    # Existing kinds, policies, the calendar, its days, one insert.
    assert len(queries.captured_queries) == 5
    assert {c.calendar_id for c in Clock.objects.filter(complaint=complaint)} == {record.pk}
    # The unit's own holiday on Tue 11-03 moves the 3-working-day answer to Fri 11-06.
    assert Clock.objects.get(complaint=complaint, kind="answer").target_at == sh(2026, 11, 6, 18)


def test_settled_history_starts_no_clocks_even_under_a_catch_all_policy(db: Any) -> None:
    ClockPolicy.objects.filter(code="answer").update(channels=[])  # matches imports too
    settled = _complaint("TS-S-2", channel="import", status="closed")
    planned = clocks_plan(facts=settled, department_id=None, started_at=settled.received_at)
    assert [c.kind for c in planned] == ["answer"]
    assert clocks_insert(complaint=settled, clocks=planned) == []
    assert not Clock.objects.filter(complaint=settled).exists()
    still_open = _complaint("TS-S-3", channel="import")
    planned = clocks_plan(facts=still_open, department_id=None, started_at=sh(2026, 11, 2, 10))
    clocks_insert(complaint=still_open, clocks=planned)
    assert list(Clock.objects.filter(complaint=still_open).values_list("kind", flat=True)) == [
        "answer"
    ]
