"""The admins' outbox page: every outgoing email, its status in words, the mail as it goes out;
a 404 for everyone else; and mail captured to files when EMAIL_DELIVERY=capture."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.html import escape

from complaintdesk.notify.models import DeliveryState, MailKind, OutboundEmail
from complaintdesk.notify.sending import deliveries_send_due
from complaintdesk.notify.services import mail_queue

pytestmark = pytest.mark.django_db


def _queue(complaint, *, subject="关于您的投诉", body="您好，\n我们已收到。", **fields):
    mail = mail_queue(
        complaint=complaint,
        kind=MailKind.PROGRESS,
        to_address="wang@example.com",
        to_name="王女士",
        subject=subject,
        body=body,
    )
    if fields:
        OutboundEmail.objects.filter(pk=mail.pk).update(**fields)
        mail.refresh_from_db()
    return mail


def _visible_text(html: str) -> str:
    """What a reader sees: the page without tags and attribute values."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "name", ["agent", "dept", "supervisor", "auditor", "customer", "integration"]
)
def test_every_role_but_admin_gets_404_for_the_list_and_a_mail(desk, make_complaint, name):
    mail = _queue(make_complaint())
    client = desk(name)
    assert client.get("/desk/outbox/").status_code == 404
    assert client.get(f"/desk/outbox/{mail.pk}/").status_code == 404
    assert client.get("/desk/outbox/?state=nonsense").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, make_complaint):
    mail = _queue(make_complaint())
    for path in ("/desk/outbox/", f"/desk/outbox/{mail.pk}/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/desk/login/?next=/desk/outbox/")


def test_the_outbox_link_is_in_the_header_for_admins_only(desk):
    assert 'href="/desk/outbox/"' in desk("admin").get("/desk/").content.decode()
    for name in ("agent", "supervisor", "auditor"):
        assert 'href="/desk/outbox/"' not in desk(name).get("/desk/").content.decode()


def test_admin_sees_every_mail_newest_first_with_status_labels_in_chinese(desk, make_complaint):
    complaint = make_complaint()
    OutboundEmail.objects.all().delete()
    older = _queue(complaint, subject="较早的邮件", state=DeliveryState.SENT, attempts=1)
    failed = _queue(complaint, subject="失败的邮件", state=DeliveryState.FAILED, attempts=8)
    newest = _queue(complaint, subject="最新的邮件")

    response = desk("admin").get("/desk/outbox/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index(newest.subject) < body.index(failed.subject) < body.index(older.subject)
    text = _visible_text(body)
    for word in ("待发送", "最终失败", "已发送", "进度通知", "发件箱"):
        assert word in text
    for code in ("pending", "failed", "sent", "progress"):
        assert not re.search(rf"\b{code}\b", text), code
    assert f'href="/desk/c/{complaint.number}/"' in body
    assert f'href="/desk/outbox/{newest.pk}/"' in body


def test_the_page_is_english_after_the_language_switch(desk, make_complaint):
    _queue(make_complaint())
    client = desk("admin")
    client.post("/i18n/setlang/", {"language": "en", "next": "/desk/outbox/"})

    text = _visible_text(client.get("/desk/outbox/").content.decode())

    assert "Outbox" in text and "Waiting to be sent" in text and "Progress update" in text
    assert "发件箱" not in text


def test_filter_by_status_and_by_complaint_number(desk, make_complaint):
    first, second = (
        make_complaint(),
        make_complaint(text="课程退款一直没有到账。", phone="13912340000"),
    )
    OutboundEmail.objects.all().delete()
    _queue(first, subject="第一封已发送", state=DeliveryState.SENT)
    _queue(first, subject="第一封待发送")
    _queue(second, subject="第二封已发送", state=DeliveryState.SENT)
    client = desk("admin")

    sent = client.get("/desk/outbox/", {"state": "sent"}).content.decode()
    assert "第一封已发送" in sent and "第二封已发送" in sent and "第一封待发送" not in sent

    # numbers are matched whatever the case and surrounding spaces
    number = f"  {first.number.lower()} "
    mine = client.get("/desk/outbox/", {"number": number}).content.decode()
    assert "第一封已发送" in mine and "第一封待发送" in mine and "第二封已发送" not in mine

    both = client.get("/desk/outbox/", {"number": first.number, "state": "sent"}).content.decode()
    assert "第一封已发送" in both and "第一封待发送" not in both and "第二封" not in both

    nothing = client.get("/desk/outbox/", {"number": "TS-19990101-000001"}).content.decode()
    assert "没有符合条件的邮件" in nothing


def test_a_status_that_does_not_exist_is_refused_with_422(desk):
    response = desk("admin").get("/desk/outbox/", {"state": "lost"})
    assert response.status_code == 422


def test_pages_of_fifty_with_a_bounded_number_of_queries(
    desk, make_complaint, django_assert_max_num_queries
):
    complaints = [make_complaint(phone=f"139000000{i:02d}") for i in range(3)]
    OutboundEmail.objects.all().delete()
    for i in range(60):
        _queue(complaints[i % 3], subject=f"邮件 {i:02d}")
    client = desk("admin")
    client.get("/desk/outbox/")  # session and language warm-up

    # Five for the outbox, one for the header's bell (the unread notices).
    with django_assert_max_num_queries(6):
        first = client.get("/desk/outbox/").content.decode()
    with django_assert_max_num_queries(6):
        second = client.get("/desk/outbox/", {"page": 2}).content.decode()

    assert first.count('href="/desk/outbox/') == 50 + 1  # 50 mails and the header link
    assert "邮件 59" in first and "邮件 10" in first and "邮件 09" not in first
    assert 'rel="next"' in first and "page=2" in first
    assert second.count('href="/desk/outbox/') == 10 + 1
    assert "邮件 09" in second and "邮件 00" in second
    assert "60 封邮件" in _visible_text(first)


def test_a_mail_is_shown_as_the_customer_gets_it_with_its_delivery_record(
    desk, make_complaint, settings
):
    settings.DEFAULT_FROM_EMAIL = "投诉中心 <service@shop.example>"
    complaint = make_complaint()
    mail = _queue(
        complaint,
        subject="您的投诉有了新进展",
        body="王女士您好：\n退款已提交。\n<script>alert(1)</script>",
        attempts=3,
        last_error="SMTPRecipientsRefused: {'wang@example.com': (550, b'no such user')}",
    )

    response = desk("admin").get(f"/desk/outbox/{mail.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "投诉中心 &lt;service@shop.example&gt;" in body
    assert "王女士 &lt;wang@example.com&gt;" in body
    assert "您的投诉有了新进展" in body
    assert "王女士您好：<br>退款已提交。<br>&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert" not in body
    assert '<dd id="mail-attempts">3</dd>' in body
    assert "550" in body and "no such user" in body
    assert f'href="/desk/c/{complaint.number}/"' in body
    assert escape(mail.message_id) in body
    assert ">待发送<" in body


def test_a_mail_that_does_not_exist_is_404_for_admins_too(desk):
    assert desk("admin").get("/desk/outbox/999999/").status_code == 404


def test_capture_mode_writes_the_mail_to_a_file_and_says_so_on_the_page(
    desk, make_complaint, settings, tmp_path: Path
):
    settings.EMAIL_DELIVERY = "capture"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    complaint = make_complaint()
    OutboundEmail.objects.all().delete()
    mail = _queue(complaint, subject="捕获的邮件", body="只写入文件，不发出。")

    counts = deliveries_send_due(now=timezone.now() + dt.timedelta(seconds=1))

    mail.refresh_from_db()
    assert counts["sent"] == 1 and mail.state == DeliveryState.SENT and mail.attempts == 1
    captured = b"".join(p.read_bytes() for p in (tmp_path / "mail").iterdir())
    assert mail.message_id.encode() in captured and b"wang@example.com" in captured
    page = desk("admin").get("/desk/outbox/").content.decode()
    assert 'id="capture-note"' in page and str(tmp_path / "mail") in page
    assert "捕获的邮件" in page


def test_without_capture_mode_the_page_has_no_capture_note(desk, settings):
    settings.EMAIL_DELIVERY = "smtp"
    assert 'id="capture-note"' not in desk("admin").get("/desk/outbox/").content.decode()
