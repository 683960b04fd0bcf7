"""Review meetings: the pack (page, printable page and a real PDF printed by Chromium),
cases, minutes, decisions that become actions in one click, and 404 for everyone else."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from complaintdesk.cases.models import Case
from complaintdesk.learning.choices import ActionOrigin
from complaintdesk.learning.models import ComplaintRootCause, ReviewMeeting, RootCause
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.insights_feed import facts_refresh
from tests.learning.conftest import at, received

pytestmark = pytest.mark.django_db
Desk = Callable[..., Client]


def _meeting(desk: Desk) -> ReviewMeeting:
    response = desk("supervisor").post(
        "/desk/learning/meetings/",
        {
            "title": "十一月投诉复盘会",
            "held_on": "2026-11-30",
            "period_start": "2026-11-01",
            "period_end": "2026-11-30",
            "category": "quality",
        },
    )
    assert response.status_code == 302, response.content.decode()[:400]
    return ReviewMeeting.objects.get()


@pytest.fixture
def november(personas: dict[str, Persona]) -> list[Any]:
    """Seven quality complaints in November (five resolved, two open), one in October, one
    of another category; root causes on three."""
    resolved = received(at("2026-11-05 10:00"), count=5)
    received(at("2026-11-12 10:00"), count=2, status="in_progress")
    received(at("2026-10-20 10:00"), count=1)
    received(at("2026-11-12 10:00"), count=1, category="logistics")
    outdated = RootCause.objects.get(code="course_content_outdated")
    teacher = RootCause.objects.get(code="teacher")
    tech = personas["dept"].department
    for complaint, cause in zip(resolved, (outdated, outdated, teacher), strict=False):
        ComplaintRootCause.objects.create(
            complaint=complaint, root_cause=cause, department=tech, set_at=at("2026-11-06 10:00")
        )
    with time_machine.travel(at("2026-11-30 12:00"), tick=False):
        facts_refresh()
    return resolved


def test_the_pack_shows_figures_root_causes_and_cases(desk: Desk, november: list[Any]) -> None:
    meeting = _meeting(desk)
    cases = desk("supervisor").post(
        f"/desk/learning/meetings/{meeting.pk}/cases/",
        {"complaints": f"{november[0].number}, {november[2].number}"},
    )
    assert cases.status_code == 302
    page = desk("supervisor").get(f"/desk/learning/meetings/{meeting.pk}/print/").content.decode()
    headline = page.split('id="pack-headline"')[1].split("</table>")[0]
    assert "<td>7</td><td>2</td><td>0</td>" in headline  # received 7, open 2 (facts' resolved_at)
    causes = page.split('id="pack-root-causes"')[1].split("</table>")[0]
    assert causes.index("课程内容过时") < causes.index("教师教学问题")
    assert "<td>2</td>" in causes and "<td>1</td>" in causes
    assert november[0].number in page and november[2].number in page


def test_a_case_published_in_the_library_shows_anonymised_with_its_lesson(
    desk: Desk, november: list[Any]
) -> None:
    """A selected complaint that the library keeps as a published case is shown by the
    case's anonymised title and lesson, linked to it; a draft case changes nothing."""
    published, drafted = november[0], november[1]
    supervisor = desk("supervisor")
    for complaint in (published, drafted):
        assert supervisor.post(f"/desk/c/{complaint.number}/case/").status_code == 302
    case = Case.objects.get(complaint=published)
    form = {
        "title": "课程内容过时（已脱敏）",
        "text": case.text,
        "went_well": "",
        "went_wrong": "",
        "lesson": "课程更新须在开课前完成审校。",
        "tags": "",
        **{f"thread_{i}": m["body"] for i, m in enumerate(case.thread)},
        "publish": "1",
    }
    assert supervisor.post(f"/desk/cases/{case.pk}/review/", form).status_code == 302
    meeting = _meeting(desk)
    supervisor.post(
        f"/desk/learning/meetings/{meeting.pk}/cases/",
        {"complaints": f"{published.number}, {drafted.number}"},
    )
    page = supervisor.get(f"/desk/learning/meetings/{meeting.pk}/print/").content.decode()
    table = page.split('id="pack-cases"')[1].split("</table>")[0]
    assert f'href="/desk/cases/{case.pk}/"' in table
    assert "课程内容过时（已脱敏）" in table and "课程更新须在开课前完成审校。" in table
    draft = Case.objects.get(complaint=drafted)
    assert f"/desk/cases/{draft.pk}/" not in table and drafted.number in table


def test_open_complaints_cannot_be_cases(desk: Desk, november: list[Any]) -> None:
    meeting = _meeting(desk)
    open_one = received(at("2026-11-20 10:00"), status="in_progress")[0]
    refused = desk("supervisor").post(
        f"/desk/learning/meetings/{meeting.pk}/cases/", {"complaints": open_one.number}
    )
    assert refused.status_code == 422 and open_one.number in refused.content.decode()
    assert not meeting.cases.exists()


def test_a_decision_becomes_an_action_in_one_click(desk: Desk, november: list[Any]) -> None:
    meeting = _meeting(desk)
    desk("supervisor").post(
        f"/desk/learning/meetings/{meeting.pk}/minutes/", {"minutes": "教研部说明课程更新计划。"}
    )
    desk("supervisor").post(
        f"/desk/learning/meetings/{meeting.pk}/decisions/",
        {"text": "教研部两周内更新Python入门课第3-5章"},
    )
    decision = meeting.decisions.get()
    with time_machine.travel(at("2026-11-30 15:00"), tick=False):
        made = desk("supervisor").post(
            f"/desk/learning/meetings/{meeting.pk}/decisions/{decision.pk}/action/"
        )
    assert made.status_code == 302
    decision.refresh_from_db()
    action = decision.action
    assert action is not None and action.origin == ActionOrigin.MEETING
    assert action.scope_category == "quality" and action.owner.get_username() == "supervisor"
    assert action.baseline_numerator == 8  # quality complaints of the 90 days before
    again = desk("supervisor").post(
        f"/desk/learning/meetings/{meeting.pk}/decisions/{decision.pk}/action/"
    )
    assert again.status_code == 409
    meeting.refresh_from_db()
    assert meeting.minutes == "教研部说明课程更新计划。"


@pytest.mark.parametrize("who", ["agent", "dept", "auditor"])
def test_meetings_are_404_outside_supervisors_and_admins(
    desk: Desk, who: str, november: list[Any]
) -> None:
    meeting = _meeting(desk)
    for path in ("", "print/", "pdf/"):
        assert desk(who).get(f"/desk/learning/meetings/{meeting.pk}/{path}").status_code == 404
    assert (
        desk(who)
        .post(f"/desk/learning/meetings/{meeting.pk}/decisions/", {"text": "x"})
        .status_code
        == 404
    )
    assert not meeting.decisions.exists()


@pytest.mark.skipif(
    not Path(settings.CHROMIUM_PATH).exists() and not shutil.which("chromium"),
    reason="chromium is not installed (scripts/system-packages.sh installs it)",
)
def test_the_pack_prints_to_a_pdf_with_the_headline_figures(
    desk: Desk, november: list[Any]
) -> None:
    pypdf = pytest.importorskip("pypdf")
    meeting = _meeting(desk)
    response = desk("supervisor").get(f"/desk/learning/meetings/{meeting.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "十一月投诉复盘会" in text
    assert "课程内容过时" in text
    compact = text.replace(" ", "").replace("\n", "")
    assert "72" in compact  # received 7, still open 2, in the headline row
    assert dt.date(2026, 11, 30).isoformat() in text


def test_the_pack_in_english_has_no_chinese_labels(desk: Desk, november: list[Any]) -> None:
    meeting = _meeting(desk)
    page = desk("supervisor", "en").get(f"/desk/learning/meetings/{meeting.pk}/print/")
    text = page.content.decode()
    assert "Headline figures" in text and "Top root causes" in text
    assert "Course content outdated" in text and "Quality" in text
    for chinese in ("核心数据", "主要根本原因", "课程内容过时", "质量问题", "投诉复盘会 ·"):
        assert chinese not in text
