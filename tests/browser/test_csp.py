"""The desk and the portal under the Content-Security-Policy, in a real browser: the main pages
load and work with no console error and no CSP violation (no inline script, no inline style,
nothing from another origin). Issue 17, finding 7."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.services import CustomerData, IntakeRequest
from complaintdesk.testing.personas import build_personas
from complaintdesk.workflows.receive import receive

pytestmark = pytest.mark.django_db(transaction=True)

# Every violation the page reports to itself, from before its first script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


class Console:
    """Console errors and CSP violations of every page a context opens."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page: Any) -> Any:
        page.on(
            "console",
            lambda m: self.problems.append(f"{page.url}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.problems.append(f"{page.url}: {e}"))
        return page

    def violations(self, page: Any) -> None:
        found = page.evaluate("window.__cspViolations || []")
        self.problems.extend(f"{page.url}: CSP {v}" for v in found)


def _new_page(browser: Any, console: Console) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    return context, console.watch(context.new_page())


def test_the_portal_works_under_the_policy(browser: Any, live_server: Any) -> None:
    console = Console()
    context, page = _new_page(browser, console)
    try:
        assert "script-src 'self'" in (page.goto(f"{live_server.url}/").headers or {}).get(
            "content-security-policy", ""
        )
        page.fill("#id_text", "外卖送达时汤洒了一半，骑手态度很差，要求退款。")
        page.select_option("#id_demand", "refund")
        page.fill("#id_name", "李先生")
        page.fill("#id_phone", "13700001111")
        page.click("button.primary")
        page.wait_for_selector("#complaint-number")
        console.violations(page)
        page.goto(page.get_attribute("#tracking-link", "href") or "")
        console.violations(page)
        # The withdraw form asks first (portal.js, not an inline handler); dismissing keeps it.
        asked: list[str] = []
        page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click("form[data-confirm] button")
        assert asked and Complaint.objects.get().status != "withdrawn"
        page.goto(f"{live_server.url}/no-such-page/")
        console.violations(page)
    finally:
        context.close()
    problems = [p for p in console.problems if "404 (Not Found)" not in p]
    assert problems == []


def test_the_desk_works_under_the_policy(browser: Any, live_server: Any) -> None:
    build_personas()
    complaint = receive(
        request=IntakeRequest(
            channel="phone",
            text="快递丢件，申请退款299元，客服一直不回复。",
            received_at=timezone.now(),
            customer=CustomerData(name="王女士", phone="13912345678"),
        ),
        actor=None,
    ).complaint
    console = Console()
    context, page = _new_page(browser, console)
    try:
        page.goto(f"{live_server.url}/desk/login/")
        page.fill("input[name=username]", "supervisor")
        page.fill("input[name=password]", "complaintdesk-test-pass")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/desk/")
        console.violations(page)
        for path in (
            f"/desk/c/{complaint.number}/",
            "/desk/team/",
            "/desk/soon/",
            "/desk/notifications/",
            "/desk/insights/",
            "/desk/c/NO-SUCH/",
        ):
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            console.violations(page)
        # htmx still works under the policy: a reply sent from the complaint page.
        page.goto(f"{live_server.url}/desk/c/{complaint.number}/")
        page.fill("#reply-body", "您好，已为您联系快递公司核实，今天内回复。")
        page.click("#send-reply")
        page.wait_for_selector("text=已为您联系快递公司核实")
        console.violations(page)
    finally:
        context.close()
    problems = [p for p in console.problems if "404 (Not Found)" not in p]
    assert problems == []
