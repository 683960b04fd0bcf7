"""Deadlines on the desk: the "breaching soon" queue and the countdown on the complaint page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from complaintdesk.sla.calendar import SHANGHAI
from complaintdesk.sla.models import Clock

MONDAY_10 = dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def monday() -> Iterator[None]:
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def test_breaching_soon_lists_deadlines_in_the_window(desk: Any, make_complaint: Any) -> None:
    complaint = make_complaint()
    page = desk("agent").get("/desk/soon/")
    assert page.status_code == 200
    html = page.content.decode()
    # First reply within 8 working hours: due 18:00 today, inside the default 8-hour window.
    assert complaint.number in html and "首次响应" in html and "2026-11-02 18:00" in html
    assert "即将超时" in html
    two_hours = desk("agent").get("/desk/soon/?within=2").content.decode()
    assert complaint.number not in two_hours and "此时间范围内没有到期的期限" in two_hours


def test_breaching_soon_shows_only_what_the_user_may_see(desk: Any, make_complaint: Any) -> None:
    complaint = make_complaint(department="legal")
    assert complaint.number not in desk("dept").get("/desk/soon/").content.decode()
    assert complaint.number in desk("other_dept").get("/desk/soon/").content.decode()


def test_breaching_soon_query_count_is_bounded(
    desk: Any, make_complaint: Any, django_assert_max_num_queries: Any
) -> None:
    client = desk("supervisor")
    make_complaint()
    with django_assert_max_num_queries(8):
        assert client.get("/desk/soon/").status_code == 200
    for i in range(15):
        make_complaint(phone=f"139000000{i:02d}")
    with django_assert_max_num_queries(8):
        page = client.get("/desk/soon/")
    assert page.content.decode().count('href="/desk/c/') == 16


def test_complaint_page_counts_down_each_clock(desk: Any, make_complaint: Any) -> None:
    complaint = make_complaint()
    html = desk("agent").get(f"/desk/c/{complaint.number}/").content.decode()
    assert 'id="clocks"' in html
    # 8 working hours left on the first reply; the answer (3 working days, Thu 18:00) has 35.
    assert "首次响应" in html and "剩余工作时间 8小时0分钟" in html
    assert "答复" in html and "剩余工作时间 35小时0分钟" in html and "2026-11-05 18:00" in html
    assert "计时中" in html and "日历未核实" not in html


def test_complaint_page_warns_of_an_unverified_calendar_and_a_missed_target(
    desk: Any, make_complaint: Any
) -> None:
    complaint = make_complaint()
    Clock.objects.filter(complaint=complaint, kind="answer").update(calendar_verified=False)
    Clock.objects.filter(complaint=complaint, kind="first_response").update(
        target_at=MONDAY_10 - dt.timedelta(hours=2), warn_at=MONDAY_10 - dt.timedelta(hours=3)
    )
    html = desk("agent").get(f"/desk/c/{complaint.number}/").content.decode()
    assert "日历未核实" in html
    assert "已超时 1小时0分钟" in html  # 08:00 to 09:00 is outside working hours
    assert "已超期" in html
