"""The case library and outside oversight in a real browser: a supervisor turns a resolved
complaint into a case, reads the anonymised draft, writes the lesson and publishes it; an agent
finds it by the lesson and prints it; an overseer gives an opinion that an agent answers."""

from __future__ import annotations

import pytest

from complaintdesk.cases.models import Case
from complaintdesk.complaints.models import Complaint, OverseerOpinion
from complaintdesk.testing.personas import overseer_persona
from tests.cases.conftest import PHONE, TEXT, file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_routing(settings) -> None:
    settings.TRIAGE_AT_INTAKE = False


def test_a_supervisor_publishes_a_case_and_an_agent_finds_and_prints_it(
    laptop, personas, live_server
) -> None:
    complaint = file(text=TEXT, school="sunny", item="Python入门课")
    Complaint.objects.filter(pk=complaint.pk).update(status="resolved")
    page = laptop("supervisor")
    page.goto(f"{live_server.url}/desk/c/{complaint.number}/")
    page.click("#case-add")
    page.wait_for_selector("#case-review")
    text = page.inner_text("#case-text")
    assert "【手机号】" in text and PHONE not in text
    page.fill("#id_lesson", "排课变动须提前48小时通知家长")
    page.fill("#id_tags", "排课, 退费")
    page.click("#case-publish")
    page.wait_for_selector("#case-status.status-published")
    assert Case.objects.get().is_published

    agent = laptop("agent")
    agent.goto(f"{live_server.url}/desk/cases/")
    agent.fill("#case-q", "提前48小时")
    agent.click("#case-search button[type=submit]")
    agent.wait_for_selector("#cases tbody tr[data-case]")
    agent.click("#cases tbody tr[data-case] td.subject a")
    agent.wait_for_selector("#case")
    assert agent.locator("#case-review").count() == 0
    agent.goto(f"{live_server.url}/desk/cases/{Case.objects.get().pk}/print/")
    agent.emulate_media(media="print")
    assert agent.locator(".print-actions").is_hidden()
    assert "排课变动须提前48小时通知家长" in agent.inner_text("#lesson")


def test_an_overseer_gives_an_opinion_and_an_agent_answers_it(
    laptop, personas, live_server
) -> None:
    complaint = file(text=TEXT, school="sunny", item="Python入门课")
    overseer_persona("overseer", "阳光学校", respondent=complaint.respondent)
    page = laptop("overseer")
    page.goto(f"{live_server.url}/desk/c/{complaint.number}/")
    assert PHONE not in page.inner_text("main")
    assert page.locator("#reply-body").count() == 0
    page.fill("#opinion-text", "请说明老师迟到后的补课安排。")
    page.click("#opinion-submit")
    page.wait_for_selector(".opinion-open")

    agent = laptop("agent")
    agent.goto(f"{live_server.url}/desk/opinions/")
    agent.click("#open-opinions tbody tr[data-opinion] a")
    answer = f"#opinion-answer-{OverseerOpinion.objects.get().pk}"
    agent.fill(answer, "已安排周六补课两节。")
    agent.click(".opinion-answer-submit")
    agent.wait_for_selector("#opinions .answer")

    page.reload()
    assert "已安排周六补课两节。" in page.inner_text("#opinions")
    assert page.locator(".opinion-open").count() == 0
