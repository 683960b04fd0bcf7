"""The dispute on the desk, on the customer's tracking page and on the respondent's page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from complaintdesk.complaints.models import Complaint, TrackingToken
from complaintdesk.complaints.services import tracking_token_issue
from complaintdesk.disputes.models import Dispute, Evidence, EvidenceFile, RespondentLink
from tests.disputes.conftest import events, file_complaint, sh

pytestmark = pytest.mark.django_db
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def desk(people: Any, name: str, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(people[name].user)
    return client


def open_on_desk(people: Any, number: str) -> str:
    """The agent opens the dispute on the desk; returns the respondent's link path."""
    response = desk(people, "agent").post(
        f"/desk/c/{number}/dispute/open/",
        {"question": "左耳无声是否属于质量问题", "respondent_asks": "请提供质检报告",
         "customer_asks": "请提供开箱视频"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    link = re.search(r"http://[^\s<\"]+/r/[\w-]+/", page)
    assert link, page[:3000]
    return "/" + link.group(0).split("/", 3)[3]


def test_agent_opens_a_dispute_on_the_desk_and_the_merchant_answers_by_link(
    as_, people, frozen
) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    page = desk(people, "agent").get(f"/desk/c/{number}/").content.decode()
    assert "阿福数码旗舰店" in page and 'id="open-dispute"' in page
    link = open_on_desk(people, number)
    assert RespondentLink.objects.count() == 1
    assert link.split("/")[2] not in str(list(RespondentLink.objects.values_list("token_hash")))

    merchant = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    shown = merchant.get(link).content.decode()
    assert "请提供质检报告" in shown and "2026-10-10 11:00" in shown
    assert "13912345678" not in shown and "wang@example.com" not in shown
    assert "请提供开箱视频" not in shown  # what the customer is asked is not shown
    answered = merchant.post(
        f"{link}evidence/",
        {"kind": "quality_report", "text": "出厂质检合格", "tracking_number": "",
         "attachments": SimpleUploadedFile("质检单.png", PNG, content_type="image/png")},
    )
    assert answered.status_code == 302, answered.content.decode()[:2000]
    evidence = Evidence.objects.get()
    assert (evidence.request.party, evidence.channel, evidence.late) == ("respondent", "link",
                                                                        False)
    file = EvidenceFile.objects.get()
    assert merchant.get(f"{link}files/{file.pk}/").status_code == 200

    staff_page = desk(people, "agent").get(f"/desk/c/{number}/").content.decode()
    assert "出厂质检合格" in staff_page and "质检单.png" in staff_page
    assert "待客户举证" in staff_page


def test_customer_submits_evidence_and_sees_only_their_own(as_, people, frozen) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    link = open_on_desk(people, number)
    Client().post(f"{link}evidence/", {"kind": "statement", "text": "商家声明：发货前已检测"})
    complaint = Complaint.objects.get(number=number)
    token = tracking_token_issue(complaint=complaint, valid_for=dt.timedelta(days=30))
    customer = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = customer.get(f"/t/{token}/").content.decode()
    assert "请提供开箱视频" in page and 'id="evidence-form"' in page
    assert "商家声明" not in page
    sent = customer.post(f"/t/{token}/evidence/", {"kind": "tracking_number",
                                                   "tracking_number": "SF100200300",
                                                   "text": ""})
    assert sent.status_code == 302
    assert Evidence.objects.filter(request__party="customer", channel="portal").count() == 1
    page = customer.get(f"/t/{token}/").content.decode()
    assert "SF100200300" in page
    # The respondent's page does not show the customer's evidence either.
    assert "SF100200300" not in Client().get(link).content.decode()


def test_empty_evidence_on_the_portal_is_refused_in_english_and_nothing_is_written(
    as_, people, frozen
) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    link = open_on_desk(people, number)
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    refused = english.post(f"{link}evidence/", {"kind": "statement", "text": "  "})
    assert refused.status_code == 400
    assert "Give a statement, a tracking number or at least one file." in refused.content.decode()
    assert Evidence.objects.count() == 0
    assert events(number, "evidence_submitted") == []


def test_a_wrong_or_expired_link_is_a_plain_404(as_, people, frozen) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    link = open_on_desk(people, number)
    assert Client().get("/r/not-a-token/").status_code == 404
    RespondentLink.objects.update(expires_at=sh(2026, 10, 9, 15))
    assert Client().get(link).status_code == 404
    assert Client().post(f"{link}evidence/", {"kind": "statement", "text": "x"}).status_code == 404


def test_desk_ruling_with_a_split_that_does_not_add_up_is_refused(as_, people, frozen) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    open_on_desk(people, number)
    refused = desk(people, "agent").post(
        f"/desk/c/{number}/dispute/rule/",
        {"responsible": "shared", "respondent_share": 70, "customer_share": 20,
         "outcome": "partial_refund_by_respondent", "rationale": "各有责任"},
    )
    assert refused.status_code == 422
    assert "100" in refused.content.decode()
    assert Dispute.objects.get().stage == "open"
    ruled = desk(people, "agent").post(
        f"/desk/c/{number}/dispute/rule/",
        {"responsible": "shared", "respondent_share": 70, "customer_share": 30,
         "outcome": "partial_refund_by_respondent", "rationale": "各有责任",
         "rules": ["quality-defect"]},
    )
    assert ruled.status_code == 302
    page = desk(people, "agent").get(f"/desk/c/{number}/").content.decode()
    assert "被投诉方 70%" in page and "客户 30%" in page


def test_dispute_pages_speak_the_users_language(as_, people, frozen) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = file_complaint(as_)
    link = open_on_desk(people, number)
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(link).content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(link).content.decode()
    assert "举证" in chinese
    assert "Submit evidence" in english
    for page in (chinese, english):
        assert "waiting_both" not in page and "quality_report" not in page.split("<select")[0]
    assert TrackingToken.objects.count() >= 0
