"""Proportional refund of the lessons not taken.

The customer gets back the price of every lesson they did not attend, less the contract's
non-refundable fees: ``paid × (total − used) / total − fees``, rounded half up to cents.
Worked example: 40 lessons, 3 attended, 699.00 paid → 699.00 × 37 / 40 = 646.575 → 646.58.
After the contract's last refund day there is no refund.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from complaintdesk.resolution.policies.base import (
    LESSON_REFUND,
    ZERO,
    Decision,
    Facts,
    Money,
    PolicyConfig,
    Reason,
    gettext_noop,
    money,
    not_applicable,
    option,
    refund_period_ended,
    require_lessons,
    require_paid,
    text,
)

RULE = "lesson_refund"


class Config(PolicyConfig):
    registration_fee: Money = ZERO
    materials_fee: Money = ZERO
    refund_within_days: int | None = Field(None, ge=1, le=3650)


def decide(facts: Facts, config: Config) -> Decision:
    paid = require_paid(facts)
    total, used = require_lessons(facts)
    ended = refund_period_ended(RULE, facts, config.refund_within_days)
    if ended is not None:
        return ended
    untaken = total - used
    gross = money(paid * untaken / Decimal(total))
    reasons = [
        Reason(
            gettext_noop(
                "You paid %(paid)s yuan for %(total)s lessons and attended %(used)s; the "
                "%(untaken)s lessons not taken are worth %(gross)s yuan (%(paid)s × "
                "%(untaken)s ÷ %(total)s)."
            ),
            {
                "paid": text(paid),
                "total": str(total),
                "used": str(used),
                "untaken": str(untaken),
                "gross": text(gross),
            },
        )
    ]
    fees = config.registration_fee + (config.materials_fee if facts.materials_sent else ZERO)
    if config.registration_fee:
        reasons.append(
            Reason(
                gettext_noop("Less the non-refundable registration fee of %(fee)s yuan."),
                {"fee": text(config.registration_fee)},
            )
        )
    if facts.materials_sent and config.materials_fee:
        reasons.append(
            Reason(
                gettext_noop("Less %(fee)s yuan for the course materials you received."),
                {"fee": text(config.materials_fee)},
            )
        )
    net = gross - fees
    if net <= 0:
        return not_applicable(
            RULE,
            gettext_noop(
                "The untaken lessons are worth %(gross)s yuan, no more than the contract's "
                "fees of %(fees)s yuan: nothing is left to refund."
            ),
            gross=text(gross),
            fees=text(fees),
        )
    return Decision(
        rule=RULE,
        options=(
            option(facts, kind=LESSON_REFUND, amount=net, reasons=reasons, clause=config.clause),
        ),
    )
