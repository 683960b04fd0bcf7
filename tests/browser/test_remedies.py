"""In a real browser: an agent proposes the computed lesson refund, a supervisor approves it,
and the customer accepts it on the tracking page; the payout is then sent to the business."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import tracking_token_issue
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData
from complaintdesk.notify.models import WebhookDelivery, WebhookSubscription
from complaintdesk.resolution.defaults import load_defaults
from complaintdesk.resolution.models import ApprovalLimit, Remedy, RemedyPolicy
from complaintdesk.workflows.receive import receive
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _course_complaint() -> tuple[Complaint, str]:
    complaint = receive(
        request=IntakeRequest(
            channel="web", received_at=timezone.now(),
            text="报了40节少儿英语课只上了3节，老师频繁更换，要求退还剩余课时费用。",
            customer=CustomerData(name="刘女士", phone="13700002222", email="liu@example.com"),
            order=OrderData(number="EDU-2026-040", item="少儿英语 40 课时",
                            amount=Decimal("699.00"), lessons_total=40, lessons_used=3),
        ),
        actor=None,
    ).complaint
    Complaint.objects.filter(pk=complaint.pk).update(industry="education")
    token = tracking_token_issue(complaint=complaint, valid_for=dt.timedelta(days=30))
    return complaint, token


def test_agent_proposes_supervisor_approves_customer_accepts(
    phone_page, laptop, live_server, personas, dialogs
):
    load_defaults(RemedyPolicy, ApprovalLimit)  # an earlier transactional test flushed them
    WebhookSubscription.objects.create(
        url="http://127.0.0.1:9/payouts", secret="s", events=["remedy.execute"]
    )
    complaint, token = _course_complaint()
    base = live_server.url

    agent = laptop("agent")
    agent.goto(f"{base}/desk/c/{complaint.number}/")
    offer = agent.locator(".offer[data-policy=education-lesson-refund]")
    offer.wait_for()
    assert "646.58" in offer.inner_text()
    screenshot(agent, "remedy-offers")
    offer.locator("button.propose-offer").click()
    agent.wait_for_selector(".remedy-proposed")
    assert Remedy.objects.get().status == "proposed"

    supervisor = laptop("supervisor")
    supervisor.goto(f"{base}/desk/c/{complaint.number}/")
    supervisor.click("button.approve-remedy")
    supervisor.wait_for_selector(".remedy-approved")
    screenshot(supervisor, "remedy-approved")

    phone_page.goto(f"{base}/t/{token}/")
    phone_page.wait_for_selector("text=我们的处理方案")
    assert "646.58 元" in phone_page.inner_text(".card.offer")
    screenshot(phone_page, "tracking-offer")
    phone_page.click("button.accept-offer")
    phone_page.wait_for_selector("text=您已接受这个方案")

    remedy = Remedy.objects.get()
    assert remedy.customer_answer == "accepted" and remedy.execution_state == "pending"
    delivery = WebhookDelivery.objects.get(event_type="remedy.execute")
    assert delivery.payload["idempotency_key"] == remedy.idempotency_key
    assert delivery.payload["remedy"]["amount"] == "646.58"
    assert dialogs.messages == []
