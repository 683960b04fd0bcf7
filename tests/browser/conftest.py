"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

They skip with a reason when /usr/bin/chromium or the playwright package is absent
(``scripts/system-packages.sh`` installs chromium; ``pip install -e .[test]`` installs
playwright; ``playwright install`` is never needed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(f"chromium is not installed at {CHROMIUM}", allow_module_level=True)

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls are
# ordinary synchronous code, so Django's async-safety guard is relaxed for these tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> None:
    cache.clear()
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


class Dialogs:
    """Records every alert/confirm a page opens and dismisses it."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, dialog: Any) -> None:
        self.messages.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def phone_page(browser: Any, dialogs: Dialogs) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=1
    )
    page = context.new_page()
    page.on("dialog", dialogs)
    yield page
    context.close()


@pytest.fixture
def laptop(browser: Any, dialogs: Dialogs, live_server: Any) -> Iterator[Any]:
    """Opens a signed-in desk page for a persona: ``laptop("agent")``."""
    contexts = []

    def open_as(username: str, password: str = "complaintdesk-test-pass") -> Any:
        context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", dialogs)
        page.goto(f"{live_server.url}/desk/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/desk/**")
        return page

    yield open_as
    for context in contexts:
        context.close()


def screenshot(page: Any, name: str) -> None:
    """Take the screenshot every run (it exercises rendering); replace the copy in docs/ only
    with UPDATE_SCREENSHOTS=1, so a test run leaves the working tree clean."""
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else Path(
        tempfile.gettempdir()
    ) / "complaintdesk-screenshots"
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), full_page=True)
