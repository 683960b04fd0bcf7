"""A dispute in a real browser: the agent opens it on the desk and gets the merchant's private
link; the merchant, on a phone, answers the evidence request through the link with a
statement and a photo; the agent sees the evidence and rules."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import RespondentKind, Status
from complaintdesk.complaints.models import Complaint, Respondent
from complaintdesk.disputes.defaults import load_default_ruling_rules
from complaintdesk.disputes.models import Evidence, Ruling, RulingRule
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData, RespondentData
from complaintdesk.sla.policies import ACTIVE_POLICIES, load_default_policies
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.transition import transition
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def complaint_in_progress(personas) -> Complaint:
    # An earlier transactional test may have flushed the rows the migrations load.
    load_default_policies()
    ACTIVE_POLICIES.clear()
    load_default_ruling_rules(RulingRule)
    Respondent.objects.create(code="shop-afu", name="阿福数码旗舰店", kind=RespondentKind.MERCHANT)
    result = receive(
        request=IntakeRequest(
            channel="web", text="买的蓝牙耳机左耳没有声音，商家说是我摔坏的，要求退货退款。",
            received_at=timezone.now(),
            customer=CustomerData(name="王女士", phone="13912345678"),
            order=OrderData(number="JD-20261009-88", item="蓝牙耳机"),
            respondent=RespondentData(code="shop-afu"),
        ),
        actor=None,
    )
    admin = actor_for_user(personas["admin"].user)
    complaint = result.complaint
    for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
        complaint = transition(complaint=complaint, to=step, actor=admin)
    return complaint


def test_merchant_answers_an_evidence_request_through_the_link(
    phone_page, laptop, live_server, personas, dialogs, tmp_path
):
    base = live_server.url
    number = complaint_in_progress(personas).number
    agent = laptop("agent")
    agent.goto(f"{base}/desk/c/{number}/")
    assert "阿福数码旗舰店" in agent.inner_text("#respondent")
    form = agent.locator("#open-dispute")
    form.locator("textarea[name=question]").fill("左耳无声是质量问题还是人为损坏")
    form.locator("textarea[name=respondent_asks]").fill("请提供出厂质检报告和发货前检测记录")
    form.locator("button").click()
    agent.wait_for_selector("#dispute-stage")
    flash = agent.inner_text(".flash")
    link = re.search(r"http://\S+/r/[\w-]+/", flash)
    assert link, flash
    assert "13912345678" not in agent.inner_text(".flash")

    phone_page.goto(link.group(0))
    phone_page.wait_for_selector("#evidence-form")
    body = phone_page.inner_text("body")
    assert number in body and "请提供出厂质检报告" in body
    assert "13912345678" not in phone_page.content() and "王女士" not in body
    assert phone_page.inner_text("#my-deadline") != "—"
    photo = tmp_path / "质检单.png"
    photo.write_bytes(PNG)
    phone_page.select_option("#id_kind", "quality_report")
    phone_page.fill("#id_text", "该批次出厂质检合格，质检单号 QC-7781，发货前逐台测试。")
    phone_page.set_input_files("#id_attachments", str(photo))
    screenshot(phone_page, "respondent-evidence-form")
    phone_page.click("#submit-evidence")
    phone_page.wait_for_selector("#my-request ul.evidence")
    assert "QC-7781" in phone_page.inner_text("#my-request")
    assert "质检单.png" in phone_page.inner_text("#my-request")
    screenshot(phone_page, "respondent-evidence-sent")
    evidence = Evidence.objects.get()
    assert (evidence.request.party, evidence.channel, evidence.late) == ("respondent", "link",
                                                                        False)

    agent.goto(f"{base}/desk/c/{number}/")
    assert "QC-7781" in agent.inner_text("#dispute")
    rule = agent.locator("#rule-form")
    # The evidence is in: the ruling form is open (under review).
    assert agent.locator("#rule-details").get_attribute("open") is not None
    rule.locator("select[name=responsible]").select_option("shared")
    rule.locator("input[name=respondent_share]").fill("70")
    rule.locator("input[name=customer_share]").fill("30")
    rule.locator("select[name=outcome]").select_option("partial_refund_by_respondent")
    rule.locator("input[name=amount]").fill("209.30")
    rule.locator("input[value=quality-defect]").check()
    rule.locator("textarea[name=rationale]").fill("质检单未覆盖左耳单元；买家拆封后延误退回，按七三分担。")
    rule.locator("#rule-submit").click()
    agent.wait_for_selector("#ruling")
    assert "被投诉方 70%" in agent.inner_text("#ruling-shares")
    screenshot(agent, "dispute")
    ruling = Ruling.objects.get()
    assert (ruling.respondent_share, ruling.customer_share) == (70, 30)

    phone_page.goto(link.group(0))
    phone_page.wait_for_selector("#ruling")
    assert phone_page.locator("#appeal-form").count() == 1
    assert dialogs.messages == []
