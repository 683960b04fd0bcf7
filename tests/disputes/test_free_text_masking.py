"""The respondent's page by its private link shows the complaint without the phones, ID
numbers, emails and bank cards the customer wrote into it, in the text, the title and the
evidence."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from complaintdesk.complaints.models import Complaint
from tests.disputes.conftest import file_complaint, open_dispute, sh

pytestmark = pytest.mark.django_db
SECRETS = ("13912345678", "11010519491231002X", "zhao.li@example.com", "6222021234567890123")


def test_the_respondent_page_masks_personal_data_inside_text(as_, frozen: Any) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    Complaint.objects.filter(number=number).update(
        title="退款到卡6222021234567890123",
        text="耳机左耳无声。电话13912345678，身份证11010519491231002X，邮箱zhao.li@example.com。",
    )
    link = open_dispute(as_, number, customer_asks="请提供开箱视频")["respondent_link"]
    path = "/" + link.split("/", 3)[3]
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "耳机左耳无声" in body and "139****5678" in body and "6222***********0123" in body
    for secret in SECRETS:
        assert secret not in body
