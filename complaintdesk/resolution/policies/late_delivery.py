"""Compensation for late delivery: a percentage of the price for each started step of
lateness past the promised time (after a grace period), up to a cap, as cash or a coupon.

Days for parcels (``step_minutes`` 1440), ten minutes for a meal (``step_minutes`` 10)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal

from pydantic import Field

from complaintdesk.resolution.policies.base import (
    COUPON,
    HUNDRED,
    ZERO,
    Decision,
    Facts,
    Money,
    Percent,
    PolicyConfig,
    Reason,
    gettext_noop,
    money,
    not_applicable,
    option,
    percent_text,
    require_paid,
    text,
)

RULE = "late_delivery"


class Config(PolicyConfig):
    grace_minutes: int = Field(0, ge=0, le=100_000)
    step_minutes: int = Field(1440, ge=1, le=100_000)
    percent_per_step: Percent = Decimal(5)
    max_percent: Percent = Decimal(30)
    minimum: Money = ZERO
    remedy_kind: Literal["cash_compensation", "coupon"] = "cash_compensation"
    valid_days: int = Field(30, ge=1, le=3650)


def decide(facts: Facts, config: Config) -> Decision:
    paid = require_paid(facts)
    if facts.promised_delivery_at is None:
        return not_applicable(RULE, gettext_noop("No delivery time was promised."))
    arrived = facts.delivered_at or facts.as_of
    late_minutes = (arrived - facts.promised_delivery_at).total_seconds() / 60
    late_minutes -= config.grace_minutes
    if late_minutes <= 0:
        return not_applicable(RULE, gettext_noop("The delivery was not late."))
    steps = math.ceil(late_minutes / config.step_minutes)
    percent = min(config.percent_per_step * steps, config.max_percent)
    amount = min(max(money(paid * percent / HUNDRED), config.minimum), money(paid))
    if amount <= 0:
        return not_applicable(RULE, gettext_noop("Nothing is due for this lateness."))
    reasons = [
        Reason(
            gettext_noop(
                "The delivery was %(steps)s × %(step)s minutes late; each step earns "
                "%(percent)s%% of the %(paid)s yuan paid, at most %(max)s%%: %(amount)s yuan."
            ),
            {
                "steps": str(steps),
                "step": str(config.step_minutes),
                "percent": percent_text(config.percent_per_step),
                "paid": text(paid),
                "max": percent_text(config.max_percent),
                "amount": text(amount),
            },
        )
    ]
    is_coupon = config.remedy_kind == COUPON
    return Decision(
        rule=RULE,
        options=(
            option(
                facts,
                kind=config.remedy_kind,
                amount=amount,
                reasons=reasons,
                clause=config.clause,
                valid_days=config.valid_days if is_coupon else None,
            ),
        ),
    )
