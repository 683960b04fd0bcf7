"""Seven-day no-reason return (七天无理由退货): goods returned within seven days of receipt,
unused and complete, are refunded in full; the customer pays the return shipping unless the
contract says otherwise."""

from __future__ import annotations

from pydantic import Field

from complaintdesk.resolution.policies.base import (
    FULL_REFUND,
    Decision,
    Facts,
    PolicyConfig,
    Reason,
    days_between,
    gettext_noop,
    not_applicable,
    option,
    require_paid,
    text,
)

RULE = "seven_day_return"


class Config(PolicyConfig):
    days: int = Field(7, ge=1, le=60)
    seller_pays_return_shipping: bool = False


def decide(facts: Facts, config: Config) -> Decision:
    paid = require_paid(facts)
    if facts.delivered_at is None:
        return not_applicable(
            RULE,
            gettext_noop("The goods have not been received yet, so a return does not apply."),
        )
    if facts.delivered_at > facts.as_of:
        return not_applicable(RULE, gettext_noop("The date of receipt is in the future."))
    if paid == 0:
        return not_applicable(
            RULE, gettext_noop("Nothing was paid for the order, so nothing is refunded.")
        )
    if days_between(facts.delivered_at, facts.as_of) > config.days:
        return not_applicable(
            RULE,
            gettext_noop("The %(days)s days for a no-reason return after receipt have passed."),
            days=str(config.days),
        )
    shipping = (
        gettext_noop("We pay the return shipping.")
        if config.seller_pays_return_shipping
        else gettext_noop("The return shipping is yours to pay.")
    )
    reasons = [
        Reason(
            gettext_noop(
                "You received the goods less than %(days)s days ago: return them unused and "
                "complete and the %(paid)s yuan you paid is refunded in full."
            ),
            {"days": str(config.days), "paid": text(paid)},
        ),
        Reason(shipping),
    ]
    return Decision(
        rule=RULE,
        options=(
            option(facts, kind=FULL_REFUND, amount=paid, reasons=reasons, clause=config.clause),
        ),
    )
