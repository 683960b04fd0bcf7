"""Every shipped remedy policy on worked examples, without a database: the facts, the
configuration, and the offer (kind, amount, split) or the reason there is none."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import complaintdesk.resolution.policies as policies
from complaintdesk.resolution.defaults import DEFAULT_POLICIES
from complaintdesk.resolution.policies import RULES, decide
from complaintdesk.resolution.policies.base import Facts, FactsRefused, money, split

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
SCHEDULE = {
    "steps": [
        {"up_to_percent": "0", "refund_percent": "100"},
        {"up_to_percent": "33.33", "refund_percent": "70"},
        {"up_to_percent": "50", "refund_percent": "50"},
        {"up_to_percent": "100", "refund_percent": "0"},
    ]
}


def facts(**values: Any) -> Facts:
    return Facts(as_of=NOW, **values)


def lessons(total: int, used: int, paid: str = "699.00", **more: Any) -> Facts:
    return facts(paid=D(paid), lessons_total=total, lessons_used=used, **more)


# (case, rule, facts, config, kind or None, amount or None, respondent part)
OFFERS = [
    ("worked example: 40 lessons, 3 used, 699.00 paid",
     "lesson_refund", lessons(40, 3), {}, "lesson_refund", "646.58", "0.00"),
    ("nothing attended: all of it back",
     "lesson_refund", lessons(40, 0), {}, "lesson_refund", "699.00", "0.00"),
    ("all attended: nothing left",
     "lesson_refund", lessons(40, 40), {}, None, None, None),
    ("registration fee deducted",
     "lesson_refund", lessons(40, 3), {"registration_fee": "100.00"}, "lesson_refund", "546.58",
     "0.00"),
    ("fee larger than the remainder",
     "lesson_refund", lessons(40, 38), {"registration_fee": "100.00"}, None, None, None),
    ("materials fee only when materials were sent",
     "lesson_refund", lessons(40, 3, materials_sent=True), {"materials_fee": "46.58"},
     "lesson_refund", "600.00", "0.00"),
    ("materials not sent: no materials fee",
     "lesson_refund", lessons(40, 3), {"materials_fee": "46.58"}, "lesson_refund", "646.58",
     "0.00"),
    ("after the contract's last refund day",
     "lesson_refund", lessons(40, 3, purchased_at=NOW - 31 * DAY), {"refund_within_days": 30},
     None, None, None),
    ("on the contract's last refund day",
     "lesson_refund", lessons(40, 3, purchased_at=NOW - 30 * DAY), {"refund_within_days": 30},
     "lesson_refund", "646.58", "0.00"),
    ("rounding half up: 100.00 × 2 / 3 = 66.666… → 66.67",
     "lesson_refund", lessons(3, 1, paid="100.00"), {}, "lesson_refund", "66.67", "0.00"),
    ("rounding half up at exactly half a cent: 0.05 × 1 / 2 = 0.025 → 0.03",
     "lesson_refund", lessons(2, 1, paid="0.05"), {}, "lesson_refund", "0.03", "0.00"),
    ("liability split 70/30: the respondent bears 30 %",
     "lesson_refund", lessons(40, 3, respondent_share=D(30)), {}, "lesson_refund", "646.58",
     "193.97"),
    ("progress 0 %: everything back",
     "progress_schedule", lessons(40, 0), SCHEDULE, "full_refund", "699.00", "0.00"),
    ("progress 7.5 %: 70 % back",
     "progress_schedule", lessons(40, 3), SCHEDULE, "partial_refund", "489.30", "0.00"),
    ("progress exactly 50 %: 50 % back",
     "progress_schedule", lessons(40, 20), SCHEDULE, "partial_refund", "349.50", "0.00"),
    ("progress beyond 50 %: nothing",
     "progress_schedule", lessons(40, 21), SCHEDULE, None, None, None),
    ("progress by days of access, registration fee first",
     "progress_schedule", facts(paid=D("1200.00"), days_total=90, days_used=30),
     {**SCHEDULE, "registration_fee": "200.00"}, "partial_refund", "500.00", "0.00"),
    ("schedule with a fee larger than the price",
     "progress_schedule", lessons(40, 0, paid="150.00"), {**SCHEDULE, "registration_fee": "200"},
     None, None, None),
    ("progress schedule split 70/30",
     "progress_schedule", lessons(40, 3, respondent_share=D(30)), SCHEDULE, "partial_refund",
     "489.30", "146.79"),
    ("cooling-off: day 3, nothing attended",
     "cooling_off", lessons(40, 0, purchased_at=NOW - 3 * DAY), {}, "full_refund", "699.00",
     "0.00"),
    ("cooling-off: one lesson taken and deducted",
     "cooling_off", lessons(40, 1, purchased_at=NOW - 3 * DAY),
     {"max_lessons_used": 1, "deduct_used_lessons": True}, "partial_refund", "681.52", "0.00"),
    ("cooling-off: too many lessons taken",
     "cooling_off", lessons(40, 2, purchased_at=NOW - 3 * DAY), {"max_lessons_used": 1},
     None, None, None),
    ("cooling-off: period over",
     "cooling_off", lessons(40, 0, purchased_at=NOW - 8 * DAY), {}, None, None, None),
    ("seven-day return: received 6 days ago",
     "seven_day_return", facts(paid=D("299.00"), delivered_at=NOW - 6 * DAY), {},
     "full_refund", "299.00", "0.00"),
    ("seven-day return: received 8 days ago",
     "seven_day_return", facts(paid=D("299.00"), delivered_at=NOW - 8 * DAY), {}, None, None,
     None),
    ("seven-day return: not received yet",
     "seven_day_return", facts(paid=D("299.00")), {}, None, None, None),
    ("seven-day return: a free order has nothing to refund",
     "seven_day_return", facts(paid=D("0.00"), delivered_at=NOW - 2 * DAY), {}, None, None,
     None),
    ("late parcel: 3 started days × 5 %",
     "late_delivery",
     facts(paid=D("299.00"), promised_delivery_at=NOW - 2 * DAY - dt.timedelta(minutes=1)),
     {}, "cash_compensation", "44.85", "0.00"),
    ("late parcel capped at 30 %",
     "late_delivery", facts(paid=D("299.00"), promised_delivery_at=NOW - 20 * DAY), {},
     "cash_compensation", "89.70", "0.00"),
    ("meal 25 minutes late, 5 minutes' grace, coupon per 10 minutes",
     "late_delivery", facts(paid=D("58.00"), promised_delivery_at=NOW - dt.timedelta(minutes=25),
                            delivered_at=NOW),
     {"grace_minutes": 5, "step_minutes": 10, "percent_per_step": "10", "remedy_kind": "coupon"},
     "coupon", "11.60", "0.00"),
    ("delivered on time",
     "late_delivery", facts(paid=D("58.00"), promised_delivery_at=NOW, delivered_at=NOW), {},
     None, None, None),
    ("goodwill coupon for a service fault",
     "goodwill_coupon", facts(paid=D("699.00"), category="service"), {}, "coupon", "20.00",
     "0.00"),
    ("goodwill coupon never above the price",
     "goodwill_coupon", facts(paid=D("9.90"), category="service"), {}, "coupon", "9.90", "0.00"),
    ("goodwill coupon: percentage with a cap",
     "goodwill_coupon", facts(paid=D("699.00"), category="service"),
     {"percent_of_paid": "10", "cap": "50.00"}, "coupon", "50.00", "0.00"),
    ("goodwill coupon: not a service fault",
     "goodwill_coupon", facts(paid=D("699.00"), category="quality"), {}, None, None, None),
]


@pytest.mark.parametrize(
    ("rule", "given", "config", "kind", "amount", "respondent"),
    [case[1:] for case in OFFERS],
    ids=[case[0] for case in OFFERS],
)
def test_shipped_policies_on_worked_examples(
    rule: str, given: Facts, config: dict[str, Any], kind: str | None, amount: str | None,
    respondent: str | None,
) -> None:
    decision = decide(rule, given, config)
    if kind is None:
        assert decision.options == ()
        assert decision.reasons, "a policy that offers nothing says why"
        return
    (offer,) = decision.options
    assert (offer.kind, offer.amount) == (kind, D(amount or "0"))
    assert offer.respondent_amount == D(respondent or "0")
    assert offer.business_amount + offer.respondent_amount == offer.amount
    assert offer.reasons and all(r.message % r.params for r in offer.reasons)


def test_the_worked_example_explains_itself_with_the_numbers() -> None:
    (offer,) = decide("lesson_refund", lessons(40, 3), {"clause": "合同第 8 条"}).options
    first = offer.reasons[0]
    sentence = first.message % first.params
    assert "699.00" in sentence and "37" in sentence and "646.58" in sentence
    assert offer.clause == "合同第 8 条"


def test_a_70_30_split_names_both_parts() -> None:
    (offer,) = decide("lesson_refund", lessons(40, 3, respondent_share=D(30)), {}).options
    assert (offer.business_amount, offer.respondent_amount) == (D("452.61"), D("193.97"))
    last = offer.reasons[-1].message % offer.reasons[-1].params
    assert "30%" in last and "193.97" in last and "452.61" in last


@pytest.mark.parametrize(
    ("rule", "given"),
    [
        ("lesson_refund", lessons(40, 41)),
        ("lesson_refund", facts(paid=D("699.00"), lessons_used=3)),
        ("lesson_refund", facts(lessons_total=40, lessons_used=3)),
        ("lesson_refund", lessons(40, 3, paid="-1.00")),
        ("progress_schedule", lessons(40, 41)),
        ("progress_schedule", facts(paid=D("100.00"))),
        ("progress_schedule", facts(paid=D("100.00"), days_total=30, days_used=31)),
        ("cooling_off", facts()),
        ("seven_day_return", facts(delivered_at=NOW)),
        ("late_delivery", facts(promised_delivery_at=NOW)),
    ],
    ids=["more used than bought", "total unknown", "price unknown", "negative price",
         "schedule: more used than bought", "schedule: no progress", "more days than total",
         "cooling-off: no price", "return: no price", "lateness: no price"],
)
def test_contradictory_or_missing_facts_are_refused_clearly(rule: str, given: Facts) -> None:
    with pytest.raises(FactsRefused) as refused:
        decide(rule, given, SCHEDULE if rule == "progress_schedule" else {})
    assert str(refused.value)


@pytest.mark.parametrize(
    ("rule", "config"),
    [
        ("lesson_refund", {"registration_fee": "-1"}),
        ("lesson_refund", {"registration_fee": "1.001"}),
        ("lesson_refund", {"refund_fee": "1"}),
        ("progress_schedule", {"steps": []}),
        ("progress_schedule", {"steps": [{"up_to_percent": "50", "refund_percent": "50"}]}),
        ("progress_schedule", {"steps": [{"up_to_percent": "100", "refund_percent": "120"}]}),
        ("late_delivery", {"step_minutes": 0}),
        ("late_delivery", {"remedy_kind": "apology"}),
        ("goodwill_coupon", {"valid_days": 0}),
    ],
)
def test_bad_configuration_is_refused(rule: str, config: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        decide(rule, lessons(40, 3), config)


def test_every_rule_module_has_the_same_shape() -> None:
    assert set(RULES) == {
        "lesson_refund", "progress_schedule", "cooling_off", "seven_day_return",
        "late_delivery", "goodwill_coupon",
    }
    for code, module in RULES.items():
        assert code == module.RULE
        assert module.Config.model_config["extra"] == "forbid"
        assert callable(module.decide)


def test_every_default_policy_has_a_valid_configuration() -> None:
    for spec in DEFAULT_POLICIES:
        RULES[spec["rule"]].Config.model_validate(spec["config"])


def test_money_rounds_half_up_and_the_split_adds_up() -> None:
    assert money(D("0.005")) == D("0.01") and money(D("646.575")) == D("646.58")
    assert split(D("0.01"), D(50)) == (D("0.00"), D("0.01"))
    assert split(D("100.00"), D(100)) == (D("0.00"), D("100.00"))


def test_no_module_of_the_policies_imports_django() -> None:
    for path in Path(policies.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "django" or n.startswith("django.") for n in names), path
