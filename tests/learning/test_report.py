"""The weekly report lists the improvement actions due or overdue, with their effect."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.learning.choices import ActionOrigin, ActionStatus, Metric
from complaintdesk.learning.selectors import Scope
from complaintdesk.learning.services import ActionDraft, action_move
from complaintdesk.notify.models import MailKind, OutboundEmail
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.improvement import action_start, effects_measure
from complaintdesk.workflows.insights_report import weekly_report_send
from tests.learning.conftest import at, received

pytestmark = pytest.mark.django_db


def _action(personas: dict[str, Persona], title: str, due: dt.date) -> object:
    draft = ActionDraft(
        title=title,
        description="",
        owner=personas["agent"].user,
        due_date=due,
        metric=Metric.COUNT,
        period_days=30,
        scope=Scope(item="Python入门课"),
        complaint_ids=[],
    )
    return action_start(
        actor=actor_for_user(personas["supervisor"].user),
        draft=draft,
        origin=ActionOrigin.COMPLAINTS,
    )


def test_the_weekly_report_shows_overdue_and_measured_actions(
    personas: dict[str, Persona],
) -> None:
    personas["supervisor"].user.email = "lead@example.com"
    personas["supervisor"].user.save()
    for i in range(30):
        received(at("2026-09-01 10:00") + dt.timedelta(days=i))
    with time_machine.travel(at("2026-10-01 00:00"), tick=False):
        measured = _action(personas, "重录第3章", dt.date(2026, 10, 10))
        late = _action(personas, "修订退费说明", dt.date(2026, 11, 20))
        _action(personas, "明年的计划", dt.date(2027, 3, 1))  # not due: not listed
        action_move(
            action=measured, actor=actor_for_user(personas["agent"].user), to=ActionStatus.DONE
        )
    for i in range(10):
        received(at("2026-10-01 10:00") + dt.timedelta(days=3 * i))
    effects_measure(now=at("2026-11-01 00:00"))
    assert weekly_report_send(today=dt.date(2026, 12, 1)) == 1
    mail = OutboundEmail.objects.get(kind=MailKind.REPORT)
    assert "重录第3章" in mail.html_body and "30 → 10 (-67%)" in mail.html_body
    assert "超出正常波动" in mail.html_body
    late_line = mail.body.split("修订退费说明")[1].split("\n")[0]
    assert "已逾期" in late_line and "基线 30" in late_line
    assert "明年的计划" not in mail.body
    assert late is not None
