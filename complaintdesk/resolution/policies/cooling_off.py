"""Cooling-off period: within a few days of purchase, and before more than a few lessons were
taken, the customer may cancel for a full refund (less the lessons taken, if the contract
says so)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from complaintdesk.resolution.policies.base import (
    FULL_REFUND,
    PARTIAL_REFUND,
    Decision,
    Facts,
    PolicyConfig,
    Reason,
    days_between,
    gettext_noop,
    money,
    not_applicable,
    option,
    require_paid,
    text,
)

RULE = "cooling_off"


class Config(PolicyConfig):
    days: int = Field(7, ge=1, le=60)
    max_lessons_used: int = Field(0, ge=0, le=1000)
    deduct_used_lessons: bool = False


def decide(facts: Facts, config: Config) -> Decision:
    paid = require_paid(facts)
    if facts.purchased_at is None:
        return not_applicable(RULE, gettext_noop("The purchase date is unknown."))
    elapsed = days_between(facts.purchased_at, facts.as_of)
    if elapsed > config.days:
        return not_applicable(
            RULE,
            gettext_noop("The cooling-off period of %(days)s days after purchase has ended."),
            days=str(config.days),
        )
    used = facts.lessons_used or 0
    if used > config.max_lessons_used:
        return not_applicable(
            RULE,
            gettext_noop(
                "The cooling-off period applies only while at most %(max)s lessons were "
                "taken; %(used)s were."
            ),
            max=str(config.max_lessons_used),
            used=str(used),
        )
    amount = money(paid)
    reasons = [
        Reason(
            gettext_noop(
                "You asked within the cooling-off period of %(days)s days after purchase, "
                "so the price of %(paid)s yuan is refunded."
            ),
            {"days": str(config.days), "paid": text(paid)},
        )
    ]
    if config.deduct_used_lessons and used and facts.lessons_total:
        if used > facts.lessons_total:
            used = facts.lessons_total
        deduction = money(paid * used / Decimal(facts.lessons_total))
        amount = amount - deduction
        reasons.append(
            Reason(
                gettext_noop("Less %(deduction)s yuan for the %(used)s lessons taken."),
                {"deduction": text(deduction), "used": str(used)},
            )
        )
    if amount <= 0:
        return not_applicable(RULE, gettext_noop("Nothing is left to refund."))
    kind = FULL_REFUND if amount == money(paid) else PARTIAL_REFUND
    return Decision(
        rule=RULE,
        options=(option(facts, kind=kind, amount=amount, reasons=reasons, clause=config.clause),),
    )
