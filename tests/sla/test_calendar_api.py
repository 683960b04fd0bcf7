"""The due-date endpoint and command, the clocks on the complaint list, the system check."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaintdesk.sla.checks import check_calendar_coverage
from complaintdesk.sla.models import CalendarDay, OrgCalendar
from tests.sla.conftest import iso, sh, submit

pytestmark = pytest.mark.usefixtures("clock_policies")


def test_three_working_days_from_national_day_eve_end_on_the_make_up_saturday(api: Any) -> None:
    response = api("agent").get("/calendar/due", start="2026-09-30T18:30:00+08:00", working_days=3)
    assert response.status_code == 200
    assert response.json() == {"due": iso(2026, 10, 10, 18), "calendar_verified": True}


def test_four_working_hours_from_friday_17h_end_saturday_noon(api: Any) -> None:
    response = api("agent").get("/calendar/due", start="2026-10-09T17:00:00", working_hours=4)
    assert response.json() == {"due": iso(2026, 10, 10, 12), "calendar_verified": True}


def test_due_in_an_unknown_year_is_unverified(api: Any) -> None:
    response = api("agent").get("/calendar/due", start="2027-03-01T10:00:00+08:00", working_days=1)
    assert response.json() == {"due": iso(2027, 3, 2, 18), "calendar_verified": False}


def test_admin_holiday_moves_the_due_date(api: Any) -> None:
    default = OrgCalendar.objects.get(is_default=True)
    CalendarDay.objects.create(calendar=default, day=dt.date(2026, 11, 3), kind="holiday")
    response = api("agent").get("/calendar/due", start="2026-11-02T10:00:00+08:00", working_days=1)
    assert response.json()["due"] == iso(2026, 11, 4, 18)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-13-01T10:00:00", "working_days": 1}, "start"),
        ({"start": "yesterday", "working_days": 1}, "start"),
        ({"start": "2026-11-02T10:00:00", "working_days": -1}, "working_days"),
        ({"start": "2026-11-02T10:00:00", "working_hours": -0.5}, "working_hours"),
        ({"start": "2026-11-02T10:00:00", "working_days": "two"}, "working_days"),
        ({"working_days": 1}, "start"),
        ({"start": "1052-01-15T12:28:15-02:04", "working_hours": 255}, "start"),
        ({"start": "9999-12-31T10:00:00", "working_days": 3650}, "start"),
    ],
)
def test_bad_input_is_refused_with_the_field(api: Any, params: dict[str, Any], field: str) -> None:
    response = api("agent", "en").get("/calendar/due", **params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [d["field"] for d in body["details"]] == [field]


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-11-02T10:00:00", "working_days": 1, "working_hours": 2},
        {"start": "2026-11-02T10:00:00"},
    ],
)
def test_exactly_one_of_days_and_hours(api: Any, params: dict[str, Any]) -> None:
    response = api("agent", "en").get("/calendar/due", **params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "working_days or working_hours" in response.json()["message"]


def test_due_needs_authentication(api: Any) -> None:
    response = api(None).get("/calendar/due", start="2026-11-02T10:00:00", working_days=1)
    assert response.status_code == 401


def _cli(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("calendar", "due", *args, stdout=out)
    return dict(json.loads(out.getvalue()))


def test_cli_prints_the_same_answer_as_the_api(api: Any) -> None:
    assert _cli("--start", "2026-09-30T18:30:00+08:00", "--working-days", "3") == {
        "due": iso(2026, 10, 10, 18),
        "calendar_verified": True,
    }
    assert _cli("--start", "2026-10-09T17:00", "--working-hours", "4")["due"] == iso(
        2026, 10, 10, 12
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--start", "2026-02-30", "--working-days", "1"], "ISO 8601"),
        (["--start", "2026-11-02T10:00", "--working-days", "-2"], "negative"),
        (
            ["--start", "2026-11-02T10:00", "--working-days", "1", "--working-hours", "2"],
            "not allowed",
        ),
        (["--start", "2026-11-02T10:00"], "required"),
    ],
)
def test_cli_refusals(db: Any, args: list[str], problem: str) -> None:
    with pytest.raises(CommandError, match=problem):
        call_command("calendar", "due", *args, stdout=io.StringIO())


def test_complaint_list_reads_clocks_in_one_query(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    submit(api("agent"), sh(2026, 11, 2, 10))
    client = api("agent")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/complaints").json()["items"]) == 1
    for _ in range(4):
        submit(api("agent"), sh(2026, 11, 2, 10))
    with CaptureQueriesContext(connection) as five:
        items = client.get("/complaints").json()["items"]
    assert len(items) == 5 and all(len(item["clocks"]) == 3 for item in items)
    assert len(five.captured_queries) == len(one.captured_queries)


def test_check_warns_until_next_year_is_covered(frozen: Any) -> None:
    frozen(sh(2026, 11, 22, 12))
    (warning,) = check_calendar_coverage()
    assert warning.id == "sla.W001" and "2027" in warning.msg
    frozen(sh(2025, 6, 1, 12))
    assert check_calendar_coverage() == []


def test_check_is_satisfied_by_an_admin_maintained_year(frozen: Any) -> None:
    frozen(sh(2026, 11, 22, 12))
    OrgCalendar.objects.filter(is_default=True).update(maintained_years=[2027])
    assert check_calendar_coverage() == []
    OrgCalendar.objects.create(code="hk", name="HK office", use_statutory_data=False)
    (warning,) = check_calendar_coverage()
    assert warning.obj == "hk" and "2026, 2027" in warning.msg
