"""Root causes and review meetings in a real browser: resolving is refused until the root
cause is given on the resolve form; a meeting decision becomes an improvement action in one
click; the pack's PDF link downloads a PDF."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.models import Complaint
from complaintdesk.learning.models import ComplaintRootCause, ImprovementAction
from tests.browser.conftest import screenshot
from tests.conftest import complaint_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_resolve_form_needs_and_records_the_root_cause(
    laptop: Any, live_server: Any, personas: Any, api: Any, settings: Any, dialogs: Any
) -> None:
    settings.ROOT_CAUSE_REQUIRED = True
    number = (
        api("agent")
        .post("/complaints", complaint_body(text="课程视频一直黑屏，换了浏览器也打不开。"))
        .json()["number"]
    )
    agent = laptop("agent")
    agent.goto(f"{live_server.url}/desk/c/{number}/")
    for target in ("acknowledged", "in_progress"):
        agent.click(f"button[data-to={target}]")
        agent.wait_for_selector(f"#status.status-{target}")
    resolve = agent.locator("details.act", has=agent.locator("button[data-to=resolved]"))
    resolve.locator("summary").click()
    resolve.locator("textarea[name=reason]").fill("已修复播放器")
    resolve.locator("button[data-to=resolved]").click()
    agent.wait_for_selector("text=办结投诉前，请记录根本原因")
    assert Complaint.objects.get(number=number).status == "in_progress"

    agent.goto(f"{live_server.url}/desk/c/{number}/")
    resolve = agent.locator("details.act", has=agent.locator("button[data-to=resolved]"))
    resolve.locator("summary").click()
    resolve.locator("textarea[name=reason]").fill("已修复播放器")
    resolve.locator("select[name=root_cause]").select_option("platform_fault")
    resolve.locator("select[name=responsible_department]").select_option("tech")
    resolve.locator("button[data-to=resolved]").click()
    agent.wait_for_selector("#status.status-resolved")
    agent.wait_for_selector("#root-cause-current >> text=平台/系统故障")
    record = ComplaintRootCause.objects.get(complaint__number=number)
    assert (record.root_cause.code, record.department.code) == ("platform_fault", "tech")
    assert dialogs.messages == []


def test_a_decision_becomes_an_action_and_the_pack_downloads_as_pdf(
    laptop: Any, live_server: Any, personas: Any, dialogs: Any
) -> None:
    supervisor = laptop("supervisor")
    supervisor.goto(f"{live_server.url}/desk/learning/meetings/")
    supervisor.click("#meeting-new summary")
    supervisor.fill("input[name=title]", "十一月投诉复盘会")
    supervisor.click("#meeting-new button[type=submit]")
    supervisor.wait_for_selector("text=复盘会已创建")
    supervisor.fill("textarea[name=text]", "教研部两周内更新课程第3章")
    supervisor.click("text=记录决议")
    supervisor.wait_for_selector("button.make-action")
    screenshot(supervisor, "review-meeting-decision")
    supervisor.click("button.make-action")
    supervisor.wait_for_selector("#action-form")
    action = ImprovementAction.objects.get()
    assert action.title == "教研部两周内更新课程第3章" and action.origin == "meeting"
    supervisor.go_back()
    supervisor.reload()
    with supervisor.expect_download() as download:
        supervisor.click("#pack-pdf")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert dialogs.messages == []
