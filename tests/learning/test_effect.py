"""Improvement actions: the baseline measured at creation, the effect over an equal period
after the done date, the noise verdict, the periodic job and the management command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.learning.choices import ActionOrigin, ActionStatus, Metric, Verdict
from complaintdesk.learning.models import ActionStatusChange, ImprovementAction, OrderVolume
from complaintdesk.learning.selectors import Scope
from complaintdesk.learning.services import ActionDraft, action_move
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.improvement import action_start, effects_measure
from tests.learning.conftest import at, received

pytestmark = pytest.mark.django_db

COURSE = Scope(category="quality", item="Python入门课")


def _spread(start: dt.datetime, days: int, count: int, **extra: object) -> None:
    """``count`` complaints of the course, evenly over ``days`` days from ``start``."""
    for i in range(count):
        received(start + dt.timedelta(days=days * i / count, hours=1), **extra)


def _action(
    personas: dict[str, Persona], metric: str = Metric.COUNT, days: int = 30, scope: Scope = COURSE
) -> ImprovementAction:
    supervisor = actor_for_user(personas["supervisor"].user)
    draft = ActionDraft(
        title="更新Python入门课第3-5章",
        description="按新版Python重录视频",
        owner=personas["agent"].user,
        due_date=dt.date(2026, 9, 30),
        metric=metric,
        period_days=days,
        scope=scope,
        complaint_ids=[],
    )
    return action_start(actor=supervisor, draft=draft, origin=ActionOrigin.COMPLAINTS)


def _done(personas: dict[str, Persona], action: ImprovementAction, when: str) -> None:
    owner = actor_for_user(personas["agent"].user)
    with time_machine.travel(at(when), tick=False):
        action_move(action=action, actor=owner, to=ActionStatus.IN_PROGRESS)
        action_move(action=action, actor=owner, to=ActionStatus.DONE)


def test_thirty_to_ten_a_month_shows_the_fall_beyond_noise(personas: dict[str, Persona]) -> None:
    _spread(at("2026-08-02 00:00"), 30, 30)
    received(at("2026-08-10 09:00"), count=5, item="Java进阶课")  # another course: not counted
    with time_machine.travel(at("2026-09-01 00:00"), tick=False):
        action = _action(personas)
    assert (action.baseline_numerator, action.baseline_value) == (30, 30.0)
    assert action.baseline_end - action.baseline_start == dt.timedelta(days=30)
    _done(personas, action, "2026-09-05 00:00")
    _spread(at("2026-09-05 00:00"), 30, 10)
    received(at("2026-10-06 09:00"), count=20)  # after the measured period: not counted

    assert effects_measure(now=at("2026-10-04 23:00")) == []  # the after-period is not over
    assert len(effects_measure(now=at("2026-10-05 00:00"))) == 1

    action.refresh_from_db()
    assert action.status == ActionStatus.EVALUATED
    assert (action.baseline_value, action.effect_value) == (30.0, 10.0)
    assert action.effect_change == pytest.approx(-2 / 3)
    assert action.effect_p_value is not None and action.effect_p_value < 0.01
    assert action.verdict == Verdict.BEYOND_NOISE
    assert action.effect_start == at("2026-09-05 00:00")
    assert action.effect_end == at("2026-10-05 00:00")
    moves = list(
        ActionStatusChange.objects.filter(action=action).values_list(
            "from_status", "to_status", "by__username"
        )
    )
    assert moves == [
        ("", "planned", "supervisor"),
        ("planned", "in_progress", "agent"),
        ("in_progress", "done", "agent"),
        ("done", "evaluated", None),
    ]
    assert effects_measure(now=at("2026-12-01 00:00")) == []  # measured once


def test_three_to_two_a_month_is_within_noise(personas: dict[str, Persona]) -> None:
    _spread(at("2026-08-02 00:00"), 30, 3)
    with time_machine.travel(at("2026-09-01 00:00"), tick=False):
        action = _action(personas)
    _done(personas, action, "2026-09-05 00:00")
    _spread(at("2026-09-05 00:00"), 30, 2)
    effects_measure(now=at("2026-10-06 00:00"))
    action.refresh_from_db()
    assert (action.baseline_value, action.effect_value) == (3.0, 2.0)
    assert action.effect_change == pytest.approx(-1 / 3)
    assert action.verdict == Verdict.WITHIN_NOISE


def test_per_thousand_orders_uses_the_recorded_order_volume(
    personas: dict[str, Persona],
) -> None:
    scope = Scope(item="Python入门课")
    OrderVolume.objects.create(
        period_start=dt.date(2026, 8, 2),
        period_end=dt.date(2026, 8, 31),
        item="Python入门课",
        orders=10_000,
    )
    OrderVolume.objects.create(
        period_start=dt.date(2026, 9, 5),
        period_end=dt.date(2026, 10, 4),
        item="Python入门课",
        orders=20_000,
    )
    _spread(at("2026-08-02 00:00"), 30, 20)
    with time_machine.travel(at("2026-09-01 00:00"), tick=False):
        action = _action(personas, metric=Metric.PER_THOUSAND_ORDERS, scope=scope)
    assert (action.baseline_numerator, action.baseline_denominator) == (20, 10_000)
    assert action.baseline_value == pytest.approx(2.0)
    _done(personas, action, "2026-09-05 00:00")
    _spread(at("2026-09-05 00:00"), 30, 20)  # the same count on twice the orders
    effects_measure(now=at("2026-10-06 00:00"))
    action.refresh_from_db()
    assert action.effect_value == pytest.approx(1.0)
    assert action.verdict == Verdict.BEYOND_NOISE


def test_without_orders_the_rate_cannot_be_measured(personas: dict[str, Persona]) -> None:
    _spread(at("2026-08-02 00:00"), 30, 5)
    with time_machine.travel(at("2026-09-01 00:00"), tick=False):
        action = _action(personas, metric=Metric.PER_THOUSAND_ORDERS)
    assert action.baseline_value is None
    _done(personas, action, "2026-09-05 00:00")
    effects_measure(now=at("2026-10-06 00:00"))
    action.refresh_from_db()
    assert action.verdict == Verdict.NO_DATA


def test_the_command_measures_due_actions(personas: dict[str, Persona]) -> None:
    _spread(at("2026-08-02 00:00"), 30, 30)
    with time_machine.travel(at("2026-09-01 00:00"), tick=False):
        action = _action(personas)
    _done(personas, action, "2026-09-05 00:00")
    _spread(at("2026-09-05 00:00"), 30, 10)
    out = StringIO()
    with time_machine.travel(at("2026-10-06 00:00"), tick=False):
        call_command("actions", "measure", stdout=out)
    action.refresh_from_db()
    assert action.status == ActionStatus.EVALUATED
    assert "30 → 10" in out.getvalue()
