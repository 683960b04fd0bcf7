"""The desk a team lives in, in a real browser: a reply from a snippet with its variables
filled, a consultation asked, answered and met, the bell counting and linking, the complaint
page on a laptop and a phone without sideways scrolling, and the English desk without a
Chinese label."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.consult.models import Consultation
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData
from complaintdesk.notify.models import ReplyTemplate
from complaintdesk.testing.personas import PASSWORD
from complaintdesk.triage.nlp.pipeline import model_flag_probabilities
from complaintdesk.workflows.assign import assign, correct
from complaintdesk.workflows.receive import receive
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Text a page owns (headings, labels, buttons, column heads), not data typed by people.
LABELS_JS = """
() => {
  const own = el => Array.from(el.childNodes).filter(n => n.nodeType === 3)
    .map(n => n.textContent).join(' ').trim();
  const sel = 'h1,h2,h3,th,label,button,summary,legend,dt,nav a,.tag,.hint,.count,small';
  return Array.from(document.querySelectorAll(sel))
    .filter(el => !el.closest('form.lang'))
    .map(el => own(el) || (el.getAttribute('aria-label') || ''))
    .concat(Array.from(document.querySelectorAll('[placeholder]')).map(e => e.placeholder))
    .filter(t => t);
}
"""
NO_SIDEWAYS_JS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _complaint(personas, *, department="cs", category="quality", text=None):
    admin = actor_for_user(personas["admin"].user)
    complaint = receive(
        request=IntakeRequest(
            channel="web",
            text=text or "耳机左耳没有声音，用了三天就坏了，要求退货退款。",
            received_at=timezone.now(),
            customer=CustomerData(name="王女士", phone="13912345678", email="wang@example.com"),
            order=OrderData(number="JD-20261122", item="蓝牙耳机", amount=Decimal("299.00")),
            amount_claimed=Decimal("299.00"),
        ),
        actor=None,
    ).complaint
    assign(complaint=complaint, actor=admin, assignee=personas["agent"].user,
           department=Department.objects.get(code=department))
    complaint.refresh_from_db()
    if category and complaint.category != category:
        correct(complaint=complaint, actor=admin, field="category", value=category,
                reason="核实后更正")
    complaint.refresh_from_db()
    return complaint


def _open(browser, live_server, username, width, height, locale="zh-CN"):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    page.goto(f"{live_server.url}/desk/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/desk/**")
    return context, page


def test_reply_from_a_snippet_with_its_variables_filled(laptop, live_server, personas, dialogs):
    c = _complaint(personas)
    snippet = ReplyTemplate.objects.get(code="snip-quality", language="zh-hans")
    agent = laptop("agent")
    agent.goto(f"{live_server.url}/desk/c/{c.number}/")
    agent.select_option("#snippet", str(snippet.pk))
    agent.wait_for_function(
        "() => document.querySelector('#reply-body').value.includes('JD-20261122')"
    )
    body = agent.input_value("#reply-body")
    assert "299.00 元" in body and c.number in body and "王女士" in body and "${" not in body
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", body)
    agent.fill("#reply-body", body + "\n我们已为您加急处理。")
    screenshot(agent, "complaint-snippet")
    agent.click("#send-reply")
    agent.wait_for_selector(".timeline li.msg-outbound")
    assert "我们已为您加急处理。" in agent.inner_text(".timeline")
    sent = c.messages.get(kind="outbound").body
    assert "JD-20261122" in sent and sent.endswith("我们已为您加急处理。")
    assert dialogs.messages == []


def test_a_consultation_asked_answered_and_its_clock_met(
    browser, laptop, live_server, personas, dialogs
):
    c = _complaint(personas, category="billing")
    agent = laptop("agent")
    agent.goto(f"{live_server.url}/desk/c/{c.number}/")
    agent.click("#act-ask summary")
    agent.select_option("#ask-department", "tech")
    agent.fill("#ask-question", "支付日志里这笔 299 元是否扣了两次？")
    agent.click("#ask-submit")
    agent.wait_for_selector(".consultation-open")
    assert "等待答复" in agent.inner_text("#consultations")

    dept = laptop("dept")
    dept.goto(f"{live_server.url}/desk/?queue=asked")
    dept.click(f"#asked a:has-text('{c.number}')")
    dept.wait_for_selector(".answer-submit")
    assert dept.locator("#actions").count() == 0
    dept.fill("textarea[name=answer]", "日志显示同一笔扣款两次，已提交退款。")
    dept.click(".answer-submit")
    dept.wait_for_selector(".consultation-answered")

    agent.goto(f"{live_server.url}/desk/c/{c.number}/")
    assert "按时答复" in agent.inner_text("#consultations")
    assert "日志显示同一笔扣款两次" in agent.inner_text(".timeline")
    consultation = Consultation.objects.get(complaint=c)
    assert consultation.met is True
    assert Complaint.objects.get(pk=c.pk).department.code == "cs"
    assert dialogs.messages == []


def test_the_bell_counts_and_links(laptop, live_server, personas):
    first = _complaint(personas)
    second = _complaint(personas, text="快递一直显示运输中，十天没有更新。", category="logistics")
    agent = laptop("agent")
    assert agent.inner_text("#bell-count") == "2"
    agent.click("#bell")
    agent.wait_for_selector("#notices li.unread")
    screenshot(agent, "notices")
    agent.click(f"#notices a[data-number='{first.number}']")
    agent.wait_for_url(f"**/desk/c/{first.number}/")
    assert agent.inner_text("#bell-count") == "1"
    agent.click("#bell")
    agent.click("#read-all")
    agent.wait_for_selector("#notices li.unread", state="detached")
    assert agent.inner_text("#bell-count") == "0"
    assert second.number in agent.inner_text("#notices")


@pytest.mark.parametrize(("width", "height", "name"), [(1366, 768, "laptop"), (390, 844, "phone")])
def test_the_complaint_page_and_queue_fit_without_sideways_scrolling(
    browser, live_server, personas, width, height, name
):
    c = _complaint(personas)
    context, page = _open(browser, live_server, "agent", width, height)
    try:
        page.goto(f"{live_server.url}/desk/c/{c.number}/")
        assert page.evaluate(NO_SIDEWAYS_JS)
        page.click("#act-correct summary")
        assert page.evaluate(NO_SIDEWAYS_JS)
        if name == "laptop":
            # The reply box and the action panel are both within the first screen.
            assert page.locator("#actions").bounding_box()["y"] < height
            assert page.locator("#reply-box").bounding_box()["x"] < 700
        else:
            screenshot(page, "complaint-phone")
        page.goto(f"{live_server.url}/desk/?queue=open")
        assert page.evaluate(NO_SIDEWAYS_JS)
        if name == "phone":
            screenshot(page, "queue-phone")
    finally:
        context.close()


def test_the_english_desk_has_no_chinese_label(browser, live_server, personas):
    c = _complaint(personas)
    context, page = _open(browser, live_server, "agent", 1366, 860, locale="en-GB")
    try:
        page.goto(f"{live_server.url}/desk/")
        if page.evaluate("document.documentElement.lang") != "en":
            page.click("form.lang button[value=en]")
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        for path in ("/desk/?queue=open", f"/desk/c/{c.number}/", "/desk/notifications/",
                     "/desk/?queue=asked", "/desk/soon/"):
            page.goto(f"{live_server.url}{path}")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            chinese = [t for t in page.evaluate(LABELS_JS) if CJK.search(t)]
            assert chinese == [], (path, chinese)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("locale", "flag", "model"),
    [("zh-CN", "人身安全", "模型"), ("en-US", "Personal safety", "Model")],
)
def test_a_risk_flag_the_model_raised_shows_as_the_models_reading(
    browser, live_server, personas, locale, flag, model
):
    # No word of the safety lexicon: the risk model reads the danger (the desk shows its
    # probability so the agent knows it is a reading, not a matched word).
    text = "上周买的电热水壶，今天烧水时底座冒火花，差点把厨房点着了，吓得孩子大哭"
    c = _complaint(personas, text=text, category="")
    assert (c.triage["risk_flags"]["source"], c.risk_flags) == ("model", ["safety"])
    context, page = _open(browser, live_server, "supervisor", 1366, 860, locale=locale)
    page.goto(f"{live_server.url}/desk/c/{c.number}/")
    probability = model_flag_probabilities(c.triage["risk_flags"]["explanation"])["safety"]
    assert page.inner_text("#risks .tag").strip() == f"{flag} ({model} · {probability:.2f})"
    screenshot(page, "triage-risk-model" + ("-en" if locale == "en-US" else ""))
    context.close()
