"""Email in: a customer writes, is acknowledged over real SMTP, replies in the thread."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from complaintdesk.complaints.choices import Channel, MessageKind
from complaintdesk.complaints.models import Attachment, Complaint, Message
from complaintdesk.intake.email.ingest import IngestOutcome
from complaintdesk.intake.models import ProcessedMessage
from complaintdesk.notify.models import DeliveryState, MailKind, OutboundEmail
from complaintdesk.notify.sending import deliveries_send_due, mail_requeue
from complaintdesk.workflows.email_in import email_ingest
from tests.channels.conftest import Mailbox, build_email, free_port

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40


def test_customer_is_acknowledged_and_reply_joins_the_complaint(smtp_server: Mailbox) -> None:
    first = email_ingest(raw=build_email())
    assert first.outcome == IngestOutcome.CREATED
    complaint = first.complaint
    assert complaint is not None and complaint.channel == Channel.EMAIL
    assert complaint.customer is not None and complaint.customer.email == "wang@example.com"

    assert deliveries_send_due()["sent"] == 1
    (ack,) = smtp_server.messages
    assert ack.rcpt_tos == ["wang@example.com"]
    assert complaint.number in str(ack.message["Subject"])
    body = ack.message.get_body().get_content()
    assert complaint.number in body and "前给您" in body  # the promised answer time
    assert "http://127.0.0.1:8000/t/" in body
    assert ack.message["Auto-Submitted"] == "auto-replied"

    reply = build_email(
        text="补充：订单号 JD-1001，照片见附件。\n\n> 我们已收到您的投诉",
        subject=f"Re: {ack.message['Subject']}",
        message_id="<c2@mail.example.com>",
        headers={"In-Reply-To": str(ack.message["Message-ID"])},
    )
    joined = email_ingest(raw=reply)
    assert joined.outcome == IngestOutcome.REPLY
    assert joined.complaint == complaint
    assert Complaint.objects.count() == 1
    inbound = Message.objects.get(complaint=complaint, kind=MessageKind.INBOUND)
    assert inbound.body == "补充：订单号 JD-1001，照片见附件。"
    # A reply is not acknowledged again.
    assert OutboundEmail.objects.filter(kind=MailKind.ACKNOWLEDGEMENT).count() == 1


def test_a_reply_quoting_an_earlier_customer_message_joins_too() -> None:
    first = email_ingest(raw=build_email(message_id="<root@mail.example.com>"))
    follow_up = build_email(
        text="还没有人联系我。",
        subject="还有一件事",
        message_id="<next@mail.example.com>",
        headers={"References": "<root@mail.example.com>"},
    )
    assert email_ingest(raw=follow_up).complaint == first.complaint
    assert Complaint.objects.count() == 1


def test_number_in_subject_joins_only_from_the_customers_own_address() -> None:
    complaint = email_ingest(raw=build_email()).complaint
    assert complaint is not None
    own = build_email(subject=f"关于 {complaint.number}", message_id="<own@x>", text="进展如何？")
    assert email_ingest(raw=own).outcome == IngestOutcome.REPLY
    stranger = build_email(
        subject=f"关于 {complaint.number}",
        message_id="<other@x>",
        text="我也要投诉",
        sender=("路人", "someone@else.example"),
    )
    assert email_ingest(raw=stranger).outcome == IngestOutcome.CREATED
    assert Complaint.objects.count() == 2


def test_a_forged_thread_id_does_not_join() -> None:
    complaint = email_ingest(raw=build_email()).complaint
    assert complaint is not None
    forged = f"<{complaint.number}.m1.0123456789abcdef0123@shop.example>"
    intruder = build_email(
        sender=("x", "x@evil.example"),
        message_id="<f@x>",
        subject="hi",
        headers={"In-Reply-To": forged},
    )
    assert email_ingest(raw=intruder).outcome == IngestOutcome.CREATED


def test_the_same_message_twice_opens_one_complaint() -> None:
    raw = build_email()
    assert email_ingest(raw=raw).outcome == IngestOutcome.CREATED
    again = email_ingest(raw=raw)
    assert again.outcome == IngestOutcome.DUPLICATE
    assert Complaint.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_without_message_id_the_same_content_opens_one_complaint() -> None:
    raw = build_email(message_id=None)
    email_ingest(raw=raw)
    resent = b"Received: from relay2 by mx; Mon, 23 Nov 2026 10:00:00 +0800\r\n" + raw
    assert email_ingest(raw=resent).outcome == IngestOutcome.DUPLICATE
    assert Complaint.objects.count() == 1
    assert ProcessedMessage.objects.get().key.startswith("sha256:")


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
        {"Return-Path": "<>"},
    ],
)
def test_auto_replies_open_nothing_and_get_no_answer(headers: dict[str, str]) -> None:
    raw = build_email(subject="Out of office", text="I am away until Monday.", headers=headers)
    assert email_ingest(raw=raw).outcome == IngestOutcome.IGNORED_AUTO
    assert Complaint.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_out_of_office_reply_to_our_acknowledgement_joins_nothing() -> None:
    complaint = email_ingest(raw=build_email()).complaint
    ack = OutboundEmail.objects.get()
    ooo = build_email(
        subject="自动回复: 已受理",
        text="我正在休假。",
        message_id="<ooo@x>",
        headers={"In-Reply-To": ack.message_id, "Auto-Submitted": "auto-replied"},
    )
    assert email_ingest(raw=ooo).outcome == IngestOutcome.IGNORED_AUTO
    assert not Message.objects.filter(complaint=complaint).exists()
    assert OutboundEmail.objects.count() == 1


def test_a_delivery_report_is_a_bounce() -> None:
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\nTo: service@shop.example\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn1@mx>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; "
        b'boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n'
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n\r\n--B--\r\n"
    )
    assert email_ingest(raw=raw).outcome == IngestOutcome.IGNORED_AUTO
    assert Complaint.objects.count() == 0


def _b64_word(text: str, charset: str) -> bytes:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?=".encode()


def test_a_gbk_message_reads_correctly() -> None:
    # 镕 is in GBK but not in GB2312: clients still label such mail gb2312.
    body = "朱镕先生：快递显示已签收但我没有收到，要求重新发货。"
    raw = (
        b"From: " + _b64_word("朱镕", "gbk") + b" <zhu@example.cn>\r\n"
        b"To: service@shop.example\r\nSubject: " + _b64_word("快递未收到", "gb2312") + b"\r\n"
        b"Message-ID: <gbk@example.cn>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + body.encode("gbk")
    )
    complaint = email_ingest(raw=raw).complaint
    assert complaint is not None
    assert complaint.text == body
    assert complaint.title == "快递未收到"
    assert complaint.customer is not None and complaint.customer.name == "朱镕"


def test_a_big5_message_reads_correctly() -> None:
    body = "我購買的課程無法播放，客服也不回覆，要求退費。"
    raw = (
        b"From: " + _b64_word("陳先生", "big5") + b" <chen@example.tw>\r\n"
        b"To: service@shop.example\r\nSubject: " + _b64_word("課程退費", "big5") + b"\r\n"
        b"Message-ID: <big5@example.tw>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(body.encode("big5"))
    )
    complaint = email_ingest(raw=raw).complaint
    assert complaint is not None
    assert complaint.text == body and complaint.title == "課程退費"


def test_html_only_mail_becomes_text_and_attachments_are_kept(settings: Any) -> None:
    raw = (
        b"From: a@example.com\r\nTo: service@shop.example\r\nSubject: html\r\n"
        b"Message-ID: <h@x>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="M"\r\n\r\n'
        b"--M\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + "<html><style>p{}</style><p>屏幕&amp;碎了</p><script>x()</script><p>请退款</p>".encode()
        + b"\r\n--M\r\nContent-Type: image/png\r\n"
        b'Content-Disposition: attachment; filename="../../photo.png"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(PNG) + b"--M--\r\n"
    )
    complaint = email_ingest(raw=raw).complaint
    assert complaint is not None
    assert complaint.text == "屏幕&碎了\n\n请退款"
    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.filename == "photo.png" and attachment.content_type == "image/png"
    stored = settings.ATTACHMENT_ROOT / attachment.storage_path
    assert stored.read_bytes() == PNG


def test_outbound_mail_retries_with_backoff(smtp_server: Mailbox, settings: Any) -> None:
    email_ingest(raw=build_email())
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    assert deliveries_send_due()["retry"] == 1
    mail = OutboundEmail.objects.get()
    assert mail.state == DeliveryState.PENDING and mail.attempts == 1 and mail.last_error
    settings.EMAIL_PORT = working_port
    assert deliveries_send_due()["sent"] == 0  # not due yet: backing off
    assert deliveries_send_due(now=mail.next_attempt_at)["sent"] == 1
    assert len(smtp_server.messages) == 1
    assert OutboundEmail.objects.get().state == DeliveryState.SENT


def test_a_send_interrupted_after_the_claim_is_never_repeated(smtp_server: Mailbox) -> None:
    email_ingest(raw=build_email())
    mail = OutboundEmail.objects.get()
    # A worker claimed the row, handed it to SMTP and died before recording the outcome.
    OutboundEmail.objects.filter(pk=mail.pk).update(
        state=DeliveryState.SENDING, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert deliveries_send_due() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    assert OutboundEmail.objects.get().state == DeliveryState.UNKNOWN
    assert smtp_server.messages == []
    assert mail_requeue(mail=mail) is True
    assert deliveries_send_due()["sent"] == 1
    assert str(smtp_server.messages[0].message["Message-ID"]) == mail.message_id
