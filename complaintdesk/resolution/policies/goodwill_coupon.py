"""Goodwill coupon for a service fault: a fixed amount, or a percentage of the price up to a
cap, never more than the customer paid, valid for a number of days."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from complaintdesk.resolution.policies.base import (
    COUPON,
    HUNDRED,
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
    text,
)

RULE = "goodwill_coupon"


class Config(PolicyConfig):
    categories: tuple[str, ...] = ("service",)
    amount: Money = Decimal("20.00")
    percent_of_paid: Percent | None = None
    cap: Money | None = None
    valid_days: int = Field(30, ge=1, le=3650)


def decide(facts: Facts, config: Config) -> Decision:
    if config.categories and facts.category not in config.categories:
        return not_applicable(
            RULE, gettext_noop("A goodwill coupon is for service faults, not this complaint.")
        )
    if facts.paid is not None and facts.paid < 0:
        return not_applicable(RULE, gettext_noop("The amount paid cannot be negative."))
    amount = config.amount
    if config.percent_of_paid is not None and facts.paid is not None:
        amount = money(facts.paid * config.percent_of_paid / HUNDRED)
    if config.cap is not None:
        amount = min(amount, config.cap)
    if facts.paid is not None:
        amount = min(amount, money(facts.paid))
    if amount <= 0:
        return not_applicable(RULE, gettext_noop("Nothing is due for this order."))
    reasons = [
        Reason(
            gettext_noop(
                "We are sorry for how you were served: a coupon of %(amount)s yuan, valid for "
                "%(days)s days."
            ),
            {"amount": text(amount), "days": str(config.valid_days)},
        )
    ]
    return Decision(
        rule=RULE,
        options=(
            option(
                facts,
                kind=COUPON,
                amount=amount,
                reasons=reasons,
                clause=config.clause,
                valid_days=config.valid_days,
            ),
        ),
    )
