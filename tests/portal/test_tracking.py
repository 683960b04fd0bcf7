"""The tracking page: plain status, customer-visible messages only, add information, withdraw;
wrong and expired links are plain 404s."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import MessageKind, Status
from complaintdesk.complaints.models import Attachment, Complaint, Message
from complaintdesk.workflows.reply import reply
from complaintdesk.workflows.transition import transition

pytestmark = pytest.mark.django_db


def test_tracking_page_shows_status_and_only_customer_visible_messages(
    client, file_complaint, personas
):
    number, path = file_complaint()
    complaint = Complaint.objects.get(number=number)
    agent = actor_for_user(personas["agent"].user)
    reply(complaint=complaint, actor=agent, body="已联系商家退款", internal=False)
    reply(complaint=complaint, actor=agent, body="内部：骑手有前科", internal=True)
    body = client.get(path).content.decode()
    assert number in body
    assert "已联系商家退款" in body
    assert "骑手有前科" not in body
    assert 'id="plain-status"' in body


def test_customer_adds_information_and_files(client, file_complaint):
    number, path = file_complaint()
    response = client.post(path + "add/", {"body": "补充：订单截图",
                                           "attachments": [SimpleUploadedFile("s.txt", b"ok")]})
    assert response.status_code == 302
    message = Message.objects.get(complaint__number=number)
    assert message.kind == MessageKind.INBOUND and message.author is None
    assert Attachment.objects.get(message=message).filename == "s.txt"
    assert "补充：订单截图" in client.get(path).content.decode()


def test_customer_reply_moves_waiting_complaint_back_in_progress(client, file_complaint, personas):
    number, path = file_complaint()
    complaint = Complaint.objects.get(number=number)
    agent = actor_for_user(personas["agent"].user)
    moves = [("acknowledged", ""), ("in_progress", ""), ("waiting_customer", "请补充照片")]
    for to, reason in moves:
        transition(complaint=complaint, actor=agent, to=to, reason=reason)
    client.post(path + "add/", {"body": "照片已补充"})
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


def test_empty_information_is_refused_next_to_the_field(client, file_complaint):
    number, path = file_complaint()
    response = client.post(path + "add/", {"body": "  "})
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert not Message.objects.filter(complaint__number=number).exists()


def test_withdraw(client, file_complaint):
    number, path = file_complaint()
    assert client.post(path + "withdraw/").status_code == 302
    assert Complaint.objects.get(number=number).status == Status.WITHDRAWN
    body = client.get(path).content.decode()
    assert 'id="withdraw"' not in body
    assert client.post(path + "withdraw/").status_code == 409


def test_one_customers_link_does_not_open_anothers_complaint(client, file_complaint):
    a_number, a_path = file_complaint(phone="13700000001")
    b_number, b_path = file_complaint(phone="13700000002")
    assert b_number not in client.get(a_path).content.decode()
    assert a_number not in client.get(b_path).content.decode()


@pytest.mark.parametrize("path", ["/t/wrong-token/", "/t/wrong-token/add/"])
def test_wrong_token_is_plain_404(client, db, path):
    response = client.get(path) if path.endswith("/t/wrong-token/") else client.post(path, {})
    assert response.status_code == 404


def test_expired_token_is_404(client, file_complaint, settings):
    settings.PORTAL_TRACKING_DAYS = 1
    _, path = file_complaint()
    assert client.get(path).status_code == 200
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=2)):
        assert Client().get(path).status_code == 404
    assert client.post(path + "withdraw/").status_code == 302  # still valid now


def test_tracking_and_withdraw_refuse_missing_csrf(file_complaint):
    number, path = file_complaint()
    client = Client(enforce_csrf_checks=True)
    assert client.post(path + "withdraw/").status_code == 403
    assert Complaint.objects.get(number=number).status == Status.NEW
