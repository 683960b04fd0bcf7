"""The retention policy: closed complaints anonymised after the retention period (3 years by
default), idempotency records deleted after 24 hours, sent mails keep no working link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint, ComplaintEvent, IdempotencyRecord
from complaintdesk.notify.models import DeliveryState, OutboundEmail
from complaintdesk.notify.sending import deliveries_send_due
from complaintdesk.privacy.models import PrivacyRequest
from complaintdesk.sla.calendar import SHANGHAI
from tests.channels.conftest import smtp_server  # noqa: F401 - a real SMTP server
from tests.conftest import complaint_body

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"/t/([A-Za-z0-9_-]{16,})/")


def _reject(api: Any, number: str) -> None:
    moved = api("agent").post(
        f"/complaints/{number}/transitions", {"to": "rejected", "reason": "不属于受理范围"}
    )
    assert moved.status_code == 200, moved.content


def _file(api: Any, phone: str, name: str, **headers: str) -> str:
    body = complaint_body(
        text=f"我是{name}，电话{phone}，耳机坏了",
        customer={"name": name, "phone": phone, "email": f"c{phone}@example.com"},
    )
    created = api("integration").post("/complaints", body, **headers)
    assert created.status_code == 201, created.content
    return str(created.json()["number"])


def test_closed_complaints_past_three_years_are_anonymised_and_newer_ones_kept(api) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=SHANGHAI), tick=False):
        old = _file(api, "13711112222", "周晓梅")
        _reject(api, old)
    with time_machine.travel(dt.datetime(2028, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        recent = _file(api, "13733334444", "郑国强")
        _reject(api, recent)
    with time_machine.travel(dt.datetime(2029, 1, 4, 10, tzinfo=SHANGHAI), tick=False):
        call_command("privacy", "retention")
        assert "周晓梅" in Complaint.objects.get(number=old).text  # one day short of 3 years
    with time_machine.travel(dt.datetime(2029, 1, 6, 10, tzinfo=SHANGHAI), tick=False):
        call_command("privacy", "retention")
        call_command("privacy", "retention")  # a second pass finds nothing more to do

    anonymised = Complaint.objects.select_related("customer").get(number=old)
    assert anonymised.text == "我是[姓名]，电话[电话]，耳机坏了"
    assert anonymised.customer is not None and anonymised.customer.phone == ""
    assert anonymised.status == "rejected" and anonymised.number == old
    assert (
        ComplaintEvent.objects.filter(
            complaint=anonymised, kind=EventKind.PERSONAL_DATA_ERASED, data__cause="retention"
        ).count()
        == 1
    )
    assert PrivacyRequest.objects.filter(kind="retention", via="job").count() == 1
    kept = Complaint.objects.select_related("customer").get(number=recent)
    assert "郑国强" in kept.text and kept.customer.phone == "13733334444"


def test_open_complaints_are_never_anonymised_by_retention(api) -> None:
    with time_machine.travel(dt.datetime(2025, 1, 5, 10, tzinfo=SHANGHAI), tick=False):
        number = _file(api, "13755556666", "孙丽")
    with time_machine.travel(dt.datetime(2029, 1, 6, 10, tzinfo=SHANGHAI), tick=False):
        call_command("privacy", "retention")
    assert "孙丽" in Complaint.objects.get(number=number).text


def test_idempotency_records_expire_after_24_hours(api) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI), tick=False):
        _file(api, "13777778888", "钱进", HTTP_IDEMPOTENCY_KEY="old-key")
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, tzinfo=SHANGHAI), tick=False):
        _file(api, "13799990000", "李四", HTTP_IDEMPOTENCY_KEY="new-key")
        call_command("privacy", "retention")
        assert IdempotencyRecord.objects.count() == 2  # 23 hours: both kept
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 1, tzinfo=SHANGHAI), tick=False):
        call_command("privacy", "retention")
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new-key"]


def test_a_sent_mail_keeps_no_working_tracking_link(api, smtp_server, personas) -> None:  # noqa: F811
    number = _file(api, "13712120000", "吴敏")
    mail = OutboundEmail.objects.get(
        complaint__number=number, to_address="c13712120000@example.com"
    )
    token = TOKEN.search(mail.body)
    assert token is not None, mail.body

    deliveries_send_due(now=timezone.now() + dt.timedelta(seconds=1))

    delivered = smtp_server.messages[-1].message.get_body(("plain",)).get_content()
    assert token.group(1) in delivered  # the customer got the working link
    mail.refresh_from_db()
    assert mail.state == DeliveryState.SENT
    assert token.group(1) not in mail.body and token.group(1) not in mail.html_body
    assert "/t/…/" in mail.body
    # The link itself still opens the complaint for the customer.
    assert Client().get(f"/t/{token.group(1)}/").status_code in {200, 302}
    # The outbox page still shows the mail to admins.
    admin = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    admin.force_login(personas["admin"].user)
    page = admin.get(f"/desk/outbox/{mail.pk}/")
    assert page.status_code == 200 and "/t/…/" in page.content.decode()


def test_mails_sent_before_redaction_lose_their_links_in_the_retention_pass(api) -> None:
    number = _file(api, "13712120001", "冯珊")
    mail = OutboundEmail.objects.get(
        complaint__number=number, to_address="c13712120001@example.com"
    )
    token = TOKEN.search(mail.body)
    assert token is not None
    OutboundEmail.objects.filter(pk=mail.pk).update(state=DeliveryState.SENT)
    call_command("privacy", "retention")
    mail.refresh_from_db()
    assert token.group(1) not in mail.body and "/t/…/" in mail.body


def test_the_worker_runs_the_retention_pass_daily(api) -> None:
    from complaintdesk.workflows.tasks import privacy_retention

    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI), tick=False):
        _file(api, "13711110000", "陈一", HTTP_IDEMPOTENCY_KEY="day-old")
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=SHANGHAI), tick=False):
        assert privacy_retention.call_local() is None
    assert not IdempotencyRecord.objects.exists()
    schedule = privacy_retention.s().validate_datetime
    assert schedule(dt.datetime(2026, 3, 4, 3, 30)) and not schedule(dt.datetime(2026, 3, 4, 3, 31))
