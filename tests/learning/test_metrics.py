"""Each target metric measured over a scope and a period: refund rate from carried-out
refunds, breach rate from the clocks, satisfied customers from the survey answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from complaintdesk.followup.models import Survey
from complaintdesk.learning.choices import Metric
from complaintdesk.learning.selectors import Scope
from complaintdesk.resolution.models import Remedy
from complaintdesk.sla.models import Clock
from complaintdesk.workflows.improvement import compare, measure
from tests.conftest import complaint_body
from tests.learning.conftest import at, received

pytestmark = pytest.mark.django_db
START, END = at("2026-11-01 00:00"), at("2026-12-01 00:00")
COURSE = Scope(item="Python入门课")


def test_refund_rate_counts_complaints_with_a_refund_carried_out(
    personas: dict[str, Any],
) -> None:
    complaints = received(at("2026-11-10 10:00"), count=4)
    received(at("2026-10-10 10:00"), count=2)  # before the period
    for n, (kind, status) in enumerate(
        [
            ("full_refund", "executed"),
            ("partial_refund", "executed"),
            ("coupon", "executed"),
            ("full_refund", "approved"),
        ]
    ):
        Remedy.objects.create(
            complaint=complaints[n],
            kind=kind,
            status=status,
            amount=10,
            business_amount=10,
            proposed_by=personas["agent"].user,
            proposed_at=at("2026-11-11 10:00"),
            idempotency_key=f"k{n}",
            executed_at=at("2026-11-12 10:00") if status == "executed" else None,
        )
    Remedy.objects.create(  # a second refund of the same complaint counts it once
        complaint=complaints[0],
        kind="lesson_refund",
        status="executed",
        amount=5,
        business_amount=5,
        proposed_by=personas["agent"].user,
        proposed_at=at("2026-11-12 10:00"),
        idempotency_key="k9",
        executed_at=at("2026-11-13 10:00"),
    )
    rate = measure(metric=Metric.REFUND_RATE, scope=COURSE, start=START, end=END)
    assert (rate.numerator, rate.denominator, rate.value) == (2, 4, 0.5)


def test_csat_is_the_share_of_answers_of_four_or_five(personas: dict[str, Any]) -> None:
    complaints = received(at("2026-11-10 10:00"), count=5)
    for complaint, score in zip(complaints, [5, 4, 2, None, 1], strict=True):
        Survey.objects.create(
            complaint=complaint,
            language="zh-hans",
            created_at=at("2026-11-11 10:00"),
            invite_due_at=at("2026-11-11 10:00"),
            closes_at=at("2026-12-11 10:00"),
            score=score,
        )
    csat = measure(metric=Metric.CSAT, scope=COURSE, start=START, end=END)
    assert (csat.numerator, csat.denominator) == (2, 4)


def test_breach_rate_counts_complaints_with_a_missed_deadline(api: Any) -> None:
    numbers = [
        api("agent")
        .post("/complaints", complaint_body(order={"number": f"PY-{i}", "item": "Python入门课"}))
        .json()["number"]
        for i in range(3)
    ]
    Clock.objects.filter(complaint__number=numbers[0], kind="first_response").update(
        state="breached", next_due_at=None
    )
    now = dt.datetime.now(tz=dt.UTC)
    rate = measure(
        metric=Metric.BREACH_RATE,
        scope=COURSE,
        start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(hours=1),
    )
    assert (rate.numerator, rate.denominator) == (1, 3)


def test_rates_are_compared_as_proportions() -> None:
    from complaintdesk.learning.services import Measured

    before = Measured(START, END, 40, 100, 0.4)
    after = Measured(END, END + dt.timedelta(days=30), 20, 100, 0.2)
    result = compare(metric=Metric.REFUND_RATE, before=before, after=after)
    assert result.beyond_noise and result.p_value == pytest.approx(0.00203, abs=1e-4)
