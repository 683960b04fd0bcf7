"""HTML to PDF with headless Chromium's print-to-PDF, driven by Playwright (no new system
package: the browser tests already use the same Chromium). The page must be self-contained
(inline styles, no external fetches)."""

from __future__ import annotations

from django.conf import settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class PdfUnavailable(RuntimeError):
    """Chromium could not be started (not installed, or the machine refused)."""


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` to an A4 PDF with its backgrounds."""
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=settings.CHROMIUM_PATH, args=ARGS)
            try:
                page = browser.new_page()
                page.set_content(html, wait_until="load")
                return page.pdf(
                    format="A4",
                    print_background=True,
                    margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
    except (PlaywrightError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
