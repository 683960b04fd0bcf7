"""End to end in a real browser: a customer files on the portal, an agent answers on the desk,
the customer reads the answer; escaping, CSRF, scope and masking seen from the browser."""

from __future__ import annotations

import re

import pytest

from complaintdesk.complaints.models import Complaint
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

XSS_TEXT = '<script>alert("xss-script")</script><img src=x onerror=alert("xss-img")> 耳机坏了'


def file_on_portal(page, base, text, phone="13700001111", name="李先生", shot=False):
    page.goto(f"{base}/")
    page.fill("#id_text", text)
    page.select_option("#id_demand", "refund")
    page.fill("#id_order_number", "MT-778899")
    page.fill("#id_name", name)
    page.fill("#id_phone", phone)
    if shot:
        screenshot(page, "portal-form")
    page.click("button.primary")
    page.wait_for_selector("#complaint-number")
    number = page.inner_text("#complaint-number")
    link = page.get_attribute("#tracking-link", "href")
    return number, link


def test_customer_files_agent_replies_customer_reads_agent_resolves(
    phone_page, laptop, live_server, personas, dialogs
):
    base = live_server.url
    number, link = file_on_portal(
        phone_page, base, "外卖送达时汤洒了一半，骑手态度很差，要求退款。", shot=True
    )
    assert re.fullmatch(r"TS-\d{8}-\d{6}", number)

    agent = laptop("agent")
    agent.goto(f"{base}/desk/?queue=unassigned")
    agent.wait_for_selector(f"text={number}")
    screenshot(agent, "queue")
    agent.click(f"text={number}")
    agent.wait_for_selector("#reply-body")
    agent.fill("#reply-body", "您好，已联系商家为您办理退款，预计三个工作日到账。")
    agent.click("#send-reply")
    agent.wait_for_selector("text=已联系商家为您办理退款")

    phone_page.goto(link)
    phone_page.wait_for_selector("text=已联系商家为您办理退款")
    phone_page.fill("#id_body", "谢谢，我等退款。")
    phone_page.click("button.primary")
    phone_page.wait_for_selector("text=谢谢，我等退款。")

    for target in ("acknowledged", "in_progress"):
        agent.click(f"button[data-to={target}]")
        agent.wait_for_selector(f"#status.status-{target}")
    resolve = agent.locator("details.act", has=agent.locator("button[data-to=resolved]"))
    resolve.locator("summary").click()
    resolve.locator("textarea[name=reason]").fill("已全额退款")
    resolve.locator("button").click()
    agent.wait_for_selector("#status.status-resolved")
    screenshot(agent, "complaint")

    phone_page.goto(link)
    phone_page.wait_for_selector("#status.status-resolved")
    screenshot(phone_page, "tracking")
    assert Complaint.objects.get(number=number).status == "resolved"
    assert dialogs.messages == []


def test_script_and_img_onerror_are_shown_escaped_on_every_page(
    phone_page, laptop, live_server, personas, dialogs
):
    base = live_server.url
    number, link = file_on_portal(phone_page, base, XSS_TEXT, name='<b onmouseover=alert(1)>王')
    assert number in phone_page.inner_text("body")
    phone_page.goto(link)
    assert XSS_TEXT in phone_page.inner_text("body")
    agent = laptop("agent")
    agent.goto(f"{base}/desk/?queue=open")
    assert number in agent.inner_text("body")
    assert '<script>alert("xss-script")</script>' in agent.inner_text("table.queue")
    agent.goto(f"{base}/desk/c/{number}/")
    assert XSS_TEXT in agent.inner_text(".complaint-text")
    assert "<b onmouseover=alert(1)>王" in agent.inner_text("#customer")
    agent.fill("#reply-body", XSS_TEXT)
    agent.click("#send-reply")
    agent.wait_for_selector(".timeline li.msg-outbound")
    assert XSS_TEXT in agent.inner_text(".timeline")
    phone_page.goto(link)
    assert phone_page.inner_text("body").count(XSS_TEXT) == 2
    for page in (agent, phone_page):
        assert page.locator("img[src=x]").count() == 0
        assert page.locator("script:text('xss-script')").count() == 0
    assert dialogs.messages == []


def test_post_without_csrf_token_is_refused(phone_page, live_server, db):
    phone_page.goto(f"{live_server.url}/")
    response = phone_page.request.post(
        f"{live_server.url}/",
        form={"text": "无令牌提交", "demand": "refund", "name": "x", "phone": "13700000000"},
    )
    assert response.status == 403
    assert not Complaint.objects.exists()


def test_tracking_link_of_a_does_not_open_b(phone_page, live_server, personas):
    base = live_server.url
    a_number, a_link = file_on_portal(phone_page, base, "A 的投诉：快递丢件", phone="13700000001")
    b_number, b_link = file_on_portal(phone_page, base, "B 的投诉：课程退费", phone="13700000002")
    phone_page.goto(a_link)
    body = phone_page.inner_text("body")
    assert a_number in body and b_number not in body and "课程退费" not in body
    phone_page.goto(b_link)
    body = phone_page.inner_text("body")
    assert b_number in body and a_number not in body and "快递丢件" not in body
    response = phone_page.goto(f"{base}/t/{'x' * 43}/")
    assert response.status == 404
    altered = "B" if a_link[-2] == "A" else "A"  # one character changed, never the same link
    response = phone_page.goto(a_link[:-2] + altered + "/")
    assert response.status == 404


def test_agent_of_another_department_gets_404(phone_page, laptop, live_server, personas):
    base = live_server.url
    number, _ = file_on_portal(phone_page, base, "技术故障：App 无法登录")
    admin = laptop("admin")
    admin.goto(f"{base}/desk/c/{number}/")
    admin.click("#act-assign summary")
    assign = admin.locator("form[action$='/assign/']")
    assign.locator("select[name=department]").select_option("tech")
    assign.locator("button").click()
    admin.wait_for_selector(".flash li.success")
    assert Complaint.objects.get(number=number).department.code == "tech"
    dept = laptop("dept")
    assert dept.goto(f"{base}/desk/c/{number}/").status == 200
    other = laptop("other_dept")
    response = other.goto(f"{base}/desk/c/{number}/")
    assert response.status == 404
    assert number in other.inner_text(".error-message")


def test_auditor_sees_masked_phone_and_no_action_buttons(phone_page, laptop, live_server, personas):
    base = live_server.url
    number, _ = file_on_portal(phone_page, base, "保险理赔拖延", phone="13912345678")
    auditor = laptop("auditor")
    auditor.goto(f"{base}/desk/c/{number}/")
    assert auditor.inner_text("#customer .phone") == "139****5678"
    assert "13912345678" not in auditor.content()
    assert auditor.locator("#actions").count() == 0
    assert auditor.locator("form[action*='/desk/c/'] button").count() == 0
    auditor.goto(f"{base}/desk/?queue=open")
    assert auditor.locator("#bulk-form input[type=checkbox]").count() == 0
