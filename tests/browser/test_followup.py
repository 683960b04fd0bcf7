"""Follow-up in a real browser: the customer confirms the resolution and rates it from the
tracking page on a phone; an agent records a return call from the queue of calls due today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import tracking_token_issue
from complaintdesk.followup.models import ReturnCall, Survey
from complaintdesk.intake.services import CustomerData, IntakeRequest
from complaintdesk.workflows.assign import assign
from complaintdesk.workflows.followup import call_schedule_by_staff
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.resolve import resolve
from complaintdesk.workflows.transition import transition
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def resolved_complaint(personas, *, has_remedy: bool) -> Complaint:
    agent = actor_for_user(personas["agent"].user)
    complaint = receive(
        request=IntakeRequest(
            channel="web", text="课程直播总是卡顿，第三节课完全听不清。",
            received_at=timezone.now(),
            customer=CustomerData(name="陈同学", phone="13600001234", email="chen@example.com"),
        ),
        actor=None,
    ).complaint
    assign(complaint=complaint, actor=agent, assignee=personas["agent"].user,
           department=personas["agent"].department)
    for step in ("acknowledged", "in_progress"):
        transition(complaint=complaint, to=step, actor=agent)
    resolve(complaint=complaint, actor=agent, has_remedy=has_remedy,
            answer="已为您安排第三节课补课，并延长课程有效期一个月。")
    return complaint


def test_customer_confirms_and_rates_from_the_tracking_page(
    phone_page, live_server, personas, dialogs, settings
):
    settings.TRIAGE_AT_INTAKE = False
    complaint = resolved_complaint(personas, has_remedy=True)
    token = tracking_token_issue(complaint=complaint, valid_for=dt.timedelta(days=30))
    page = phone_page
    page.goto(f"{live_server.url}/t/{token}/")
    page.wait_for_selector("#confirm")
    screenshot(page, "followup-confirm")
    page.check("#confirm input[value=yes]")
    page.click("#send-confirm")
    page.wait_for_selector("#status.status-closed")
    page.click("label[for=score-4]")
    page.check("#survey input[name=remedy_fair][value=yes]")
    page.fill("#survey textarea[name=comment]", "补课安排得很及时，谢谢。")
    page.click("#send-survey")
    page.wait_for_selector("text=感谢您！您的评价已保存。")
    screenshot(page, "followup-rated")
    survey = Survey.objects.get(complaint=complaint)
    assert (survey.score, survey.remedy_fair) == (4, True)
    assert survey.comment == "补课安排得很及时，谢谢。"
    assert Complaint.objects.get(pk=complaint.pk).status == "closed"
    assert page.is_checked("#score-4")
    assert dialogs.messages == []


def test_agent_records_a_return_call_from_the_queue(laptop, live_server, personas, settings):
    settings.TRIAGE_AT_INTAKE = False
    complaint = resolved_complaint(personas, has_remedy=False)
    call_schedule_by_staff(
        complaint=complaint, actor=actor_for_user(personas["agent"].user),
        due_on=timezone.localdate(), assignee=personas["agent"].user,
    )
    agent = laptop("agent")
    agent.click("#nav-calls")
    agent.wait_for_selector(f"#calls >> text={complaint.number}")
    screenshot(agent, "return-calls")
    agent.click("#calls a.open-call")
    agent.wait_for_selector("#outcome-form")
    agent.check("#outcome-form input[name=reached][value=no]")
    agent.fill("#outcome-form textarea[name=notes]", "无人接听")
    agent.click("#save-call")
    agent.wait_for_selector("text=下次拨打")
    assert agent.inner_text("#attempts").startswith("1 /")
    call = ReturnCall.objects.get(complaint=complaint)
    assert call.attempts == 1 and call.state == "scheduled"
    call.due_on = timezone.localdate()
    call.save(update_fields=["due_on"])
    agent.reload()
    agent.check("#outcome-form input[name=reached][value=yes]")
    agent.select_option("#outcome-form select[name=outcome]", "satisfied")
    agent.fill("#outcome-form textarea[name=notes]", "补课已完成，学员满意。")
    screenshot(agent, "return-call")
    agent.click("#save-call")
    agent.wait_for_selector("#outcome")
    call.refresh_from_db()
    assert (call.state, call.outcome, call.attempts) == ("done", "satisfied", 2)
    assert "满意" in agent.inner_text("#outcome")
