"""One road through a complaint: the order of effects a customer and an agent can see.

Each story drives the product through its edges (API, portal) and checks what the customer is
told against the clocks: the acknowledgement is chosen after triage and promises the answer
clock's instant; the email, the tracking page and the API promise the same instant, also after
a reopening and after an extension; intake creates each clock once.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaintdesk.complaints.choices import EventKind, Status
from complaintdesk.complaints.models import ComplaintEvent
from complaintdesk.notify.models import MailKind, OutboundEmail
from complaintdesk.notify.templating import promise_format
from complaintdesk.sla.models import Clock
from tests.conftest import complaint_body
from tests.sla.conftest import sh

pytestmark = pytest.mark.usefixtures("clock_policies")

LATE_PARCEL = "快递一周了还没送到，物流信息一直不更新，快递员电话也打不通，请尽快处理。"


def _file(api: Any, **overrides: Any) -> dict[str, Any]:
    body = complaint_body(
        text=LATE_PARCEL, channel="email", received_at=sh(2026, 9, 30, 17).isoformat(), **overrides
    )
    response = api("agent").post("/complaints", body)
    assert response.status_code == 201, response.content
    return dict(response.json())


def _promised_on_the_tracking_page(mail: OutboundEmail) -> str:
    path = re.search(r"https?://[^/\s]+(/t/[\w-]+/)", mail.body)
    assert path is not None, mail.body
    page = Client().get(path.group(1), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    shown = re.search(r'<strong id="promised">([^<]+)</strong>', page)
    assert shown is not None
    return shown.group(1)


def _answer_target(number: str) -> Any:
    return timezone.localtime(Clock.objects.get(complaint__number=number, kind="answer").target_at)


def test_a_late_parcel_gets_the_logistics_acknowledgement_promising_the_answer_clock(
    api: Any, frozen: Any
) -> None:
    frozen(sh(2026, 9, 30, 17, 1))
    complaint = _file(api)
    assert complaint["category"] == "logistics" and complaint["industry"] == "ecommerce"
    target = _answer_target(complaint["number"])
    # The e-commerce answer policy: 48 hours from receipt, the National Day holiday included.
    assert target == sh(2026, 10, 2, 17)
    ack = OutboundEmail.objects.get(complaint__number=complaint["number"])
    assert ack.kind == MailKind.ACKNOWLEDGEMENT
    assert "承运方" in ack.body  # ack-logistics, chosen after triage classified the complaint
    assert promise_format(target, "zh-hans") in ack.body
    assert complaint["promised_at"] == target.isoformat()
    assert _promised_on_the_tracking_page(ack) == f"{target:%Y-%m-%d %H:%M}"


def test_the_promise_is_one_instant_after_a_reopening(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 9, 30, 17, 1))
    number = _file(api)["number"]
    ack = OutboundEmail.objects.get(complaint__number=number)
    agent = api("agent")
    frozen(sh(2026, 10, 9, 10))
    for step in ("acknowledged", "in_progress"):
        assert agent.post(f"/complaints/{number}/transitions", {"to": step}).status_code == 200
    resolved = {"to": "resolved", "reason": "已联系承运方重新派送"}
    assert agent.post(f"/complaints/{number}/transitions", resolved).status_code == 200
    frozen(sh(2026, 12, 1, 9, 30))
    reopened = {"to": "reopened", "reason": "客户说包裹仍未收到"}
    payload = agent.post(f"/complaints/{number}/transitions", reopened).json()

    target = _answer_target(number)
    assert target == sh(2026, 12, 3, 9, 30)  # 48 hours from the reopening
    mail = OutboundEmail.objects.filter(complaint__number=number).latest("id")
    assert mail.kind == MailKind.PROGRESS and "重新打开" in mail.body
    assert promise_format(target, "zh-hans") in mail.body
    assert payload["promised_at"] == target.isoformat()
    assert _promised_on_the_tracking_page(ack) == f"{target:%Y-%m-%d %H:%M}"


def test_the_promise_is_one_instant_after_an_extension(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 9, 30, 17, 1))
    number = _file(api)["number"]
    ack = OutboundEmail.objects.get(complaint__number=number)
    extension = {"amount": 12, "reason": "需要承运方提供签收记录"}
    response = api("supervisor").post(f"/complaints/{number}/clocks/answer/extension", extension)
    assert response.status_code == 200, response.content

    target = _answer_target(number)
    assert target == sh(2026, 10, 3, 5)
    notice = OutboundEmail.objects.filter(complaint__number=number).latest("id")
    assert notice.kind == MailKind.EXTENSION
    assert "需要承运方提供签收记录" in notice.body
    assert promise_format(target, "zh-hans") in notice.body
    again = api("agent").get(f"/complaints/{number}").json()
    assert again["promised_at"] == target.isoformat()
    assert _promised_on_the_tracking_page(ack) == f"{target:%Y-%m-%d %H:%M}"


def test_intake_creates_each_clock_once_under_its_final_policy(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 9, 30, 17, 1))
    with CaptureQueriesContext(connection) as queries:
        complaint = _file(api)
    written = [q["sql"] for q in queries.captured_queries]
    assert sum(sql.startswith('INSERT INTO "sla_clock"') for sql in written) == 1
    assert not any(sql.startswith('UPDATE "sla_clock"') for sql in written)
    clocks = Clock.objects.filter(complaint__number=complaint["number"])
    assert sorted(c.policy.code for c in clocks) == [
        "ecommerce-answer", "first-response", "resolution",
    ]
    kinds = list(
        ComplaintEvent.objects.filter(complaint__number=complaint["number"])
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds[:2] == [EventKind.CREATED, EventKind.CLASSIFIED]


def test_a_customer_who_says_it_is_not_solved_reopens_the_complaint(
    api: Any, frozen: Any
) -> None:
    frozen(sh(2026, 9, 30, 17, 1))
    number = _file(api)["number"]
    ack = OutboundEmail.objects.get(complaint__number=number)
    agent = api("agent")
    for step, reason in (("acknowledged", ""), ("in_progress", ""), ("resolved", "已补发")):
        agent.post(f"/complaints/{number}/transitions", {"to": step, "reason": reason})
    frozen(sh(2026, 10, 12, 10))
    path = re.search(r"https?://[^/\s]+(/t/[\w-]+/)", ack.body)
    assert path is not None
    customer = Client()
    page = customer.get(path.group(1))
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else ""
    message = {"body": "还是没有收到，问题没有解决。", "csrfmiddlewaretoken": token}
    response = customer.post(f"{path.group(1)}add/", message)
    assert response.status_code == 302

    complaint = agent.get(f"/complaints/{number}").json()
    assert complaint["status"] == Status.REOPENED
    reopened = ComplaintEvent.objects.filter(
        complaint__number=number, to_status=Status.REOPENED
    ).get()
    assert reopened.actor_role == "customer"
    assert "还是没有收到" in reopened.data["reason"]
    assert _answer_target(number) == sh(2026, 10, 14, 10)
    assert complaint["promised_at"] == sh(2026, 10, 14, 10).isoformat()
