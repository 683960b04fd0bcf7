"""A supervisor extends a deadline from the complaint page's deadlines card; nobody else sees
the form or reaches its URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import ComplaintEvent
from complaintdesk.sla.calendar import SHANGHAI
from complaintdesk.sla.models import Clock

MONDAY_10 = dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def monday() -> Iterator[None]:
    with time_machine.travel(MONDAY_10, tick=False):
        yield


def _extend(client: Any, number: str, **form: Any) -> Any:
    form.setdefault("clock", "answer")
    form.setdefault("amount", "2")
    form.setdefault("reason", "需仓库核实发货记录")
    return client.post(f"/desk/c/{number}/extend/", form)


def _extensions(number: str) -> list[ComplaintEvent]:
    return list(
        ComplaintEvent.objects.filter(
            complaint__number=number,
            kind__in=[EventKind.CLOCK_EXTENDED, EventKind.CUSTOMER_NOTICE_DUE],
        ).order_by("id")
    )


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_supervisors_and_admins_see_the_form_with_each_open_clock(
    desk: Any, make_complaint: Any, who: str
) -> None:
    complaint = make_complaint()
    html = desk(who).get(f"/desk/c/{complaint.number}/").content.decode()
    assert 'id="extend"' in html and f'action="/desk/c/{complaint.number}/extend/"' in html
    assert "答复 · 还可延长 5（工作日）" in html
    assert "首次响应 · 不可延长" in html


@pytest.mark.parametrize("who", ["agent", "dept", "auditor"])
def test_other_roles_neither_see_the_form_nor_reach_its_url(
    desk: Any, make_complaint: Any, who: str
) -> None:
    complaint = make_complaint(department="tech" if who == "dept" else "cs")
    page = desk(who).get(f"/desk/c/{complaint.number}/")
    assert page.status_code == 200 and 'id="extend"' not in page.content.decode()
    response = _extend(desk(who), complaint.number)
    assert response.status_code == 404
    assert _extensions(complaint.number) == []


def test_a_supervisor_extends_the_answer_deadline(desk: Any, make_complaint: Any) -> None:
    complaint = make_complaint()
    before = Clock.objects.get(complaint=complaint, kind="answer").target_at
    assert before == dt.datetime(2026, 11, 5, 18, tzinfo=SHANGHAI)
    client = desk("supervisor")
    response = _extend(client, complaint.number, amount="2")
    assert response.status_code == 302 and response.url == f"/desk/c/{complaint.number}/"
    clock = Clock.objects.get(complaint=complaint, kind="answer")
    assert clock.target_at == dt.datetime(2026, 11, 9, 18, tzinfo=SHANGHAI)
    assert (clock.extension, clock.extension_reason) == (2, "需仓库核实发货记录")
    extended, notice = _extensions(complaint.number)
    assert (extended.kind, notice.kind) == (EventKind.CLOCK_EXTENDED, EventKind.CUSTOMER_NOTICE_DUE)
    assert extended.data["target"] == "2026-11-09T18:00:00+08:00"
    page = client.get(f"/desk/c/{complaint.number}/").content.decode()
    assert "期限已延长至 2026-11-09 18:00" in page
    assert "答复 · 还可延长 3（工作日）" in page


@pytest.mark.parametrize(
    ("form", "language", "status", "expected"),
    [
        ({"clock": "first_response", "amount": "1"}, "zh-hans", 422, "首次响应期限不能延长"),
        ({"clock": "first_response", "amount": "1"}, "en", 422, "cannot be extended"),
        ({"amount": "6"}, "zh-hans", 422, "最多还可延长 5"),
        ({"amount": "6"}, "en", 422, "can be extended by at most 5 more"),
        ({"reason": ""}, "zh-hans", 422, "理由（将告知客户）"),
        ({"amount": "0"}, "zh-hans", 422, "延长"),
        ({"clock": "evidence"}, "zh-hans", 404, "没有此类时限"),
    ],
)
def test_each_refusal_is_a_page_in_the_users_language(
    desk: Any,
    make_complaint: Any,
    form: dict[str, str],
    language: str,
    status: int,
    expected: str,
) -> None:
    complaint = make_complaint()
    client = desk("supervisor")
    response = client.post(
        f"/desk/c/{complaint.number}/extend/",
        {"clock": "answer", "amount": "2", "reason": "需核实", **form},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == status
    assert expected in response.content.decode()
    assert _extensions(complaint.number) == []


def test_a_used_up_extension_is_refused_with_why(desk: Any, make_complaint: Any) -> None:
    complaint = make_complaint()
    client = desk("supervisor")
    assert _extend(client, complaint.number, amount="5").status_code == 302
    response = _extend(client, complaint.number, amount="1")
    assert response.status_code == 422
    assert "不能再延长" in response.content.decode()
    assert len(_extensions(complaint.number)) == 2
