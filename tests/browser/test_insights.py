"""The supervisors' dashboard in a real browser: charts drawn from the installed plotly, a
filter changed, an export downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import screenshot
from tests.insights.conftest import Story

RANGE = "day_from=2026-09-01&day_to=2026-11-30"


@pytest.fixture
def story(personas):
    return Story(personas)


def test_supervisor_opens_the_dashboard_filters_and_downloads(laptop, live_server, story,
                                                             tmp_path):
    a = story.receive("2026-11-02 10:00", item="Python 入门课", department="cs")
    story.reply(a, "2026-11-02 11:30")
    b = story.receive("2026-11-03 10:00", item="钢琴陪练", department="tech")
    story.receive("2026-11-04 10:00", item="Python 入门课", department="cs")
    story.refresh()
    page = laptop("supervisor")
    page.goto(f"{live_server.url}/desk/insights/?{RANGE}")
    page.wait_for_selector("#panel-item .chart .main-svg")
    assert page.locator("h1").first.inner_text() == "数据洞察"
    assert page.locator(".chart .main-svg").count() >= 9
    screenshot(page, "insights-browser-test")

    page.select_option("select[name=department]", "tech")
    page.click(".insights-filters button[type=submit]")
    page.wait_for_url("**department=tech**")
    page.wait_for_selector("#panel-item .chart .main-svg")
    items = page.locator("#panel-item table").text_content() or ""
    assert "钢琴陪练" in items and "Python 入门课" not in items

    with page.expect_download() as download_info:
        page.click("text=投诉明细（CSV）")
    saved = tmp_path / "export.csv"
    download_info.value.save_as(saved)
    text = Path(saved).read_text(encoding="utf-8-sig")
    assert b.number in text and a.number not in text
