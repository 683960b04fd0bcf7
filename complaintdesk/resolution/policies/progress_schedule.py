"""Refund by a progress schedule written in the contract.

The contract lists steps of progress (share of lessons attended, or of days of access used)
and the share of the price refunded up to each step, e.g. nothing attended: 100 %; up to a
third: 70 %; up to half: 50 %; beyond: nothing. The refund is ``(paid − registration fee) ×
refund percent``, rounded half up to cents.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from complaintdesk.resolution.policies.base import (
    FULL_REFUND,
    HUNDRED,
    PARTIAL_REFUND,
    ZERO,
    Decision,
    Facts,
    FactsRefused,
    Money,
    Percent,
    PolicyConfig,
    Reason,
    gettext_noop,
    money,
    not_applicable,
    option,
    percent_text,
    refund_period_ended,
    require_lessons,
    require_paid,
    text,
)

RULE = "progress_schedule"


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    up_to_percent: Percent
    refund_percent: Percent


class Config(PolicyConfig):
    steps: tuple[Step, ...] = Field(min_length=1, max_length=20)
    registration_fee: Money = ZERO
    refund_within_days: int | None = Field(None, ge=1, le=3650)

    @model_validator(mode="after")
    def _steps_cover_progress(self) -> Config:
        bounds = [step.up_to_percent for step in self.steps]
        if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            raise ValueError("steps must be in increasing order of up_to_percent")
        if bounds[-1] != HUNDRED:
            raise ValueError("the last step must go up to 100 percent")
        return self


def _progress(facts: Facts) -> tuple[Decimal, Reason]:
    if facts.lessons_total:
        total, used = require_lessons(facts)
        share = HUNDRED * used / Decimal(total)
        return share, Reason(
            gettext_noop("You attended %(used)s of %(total)s lessons (%(share)s%%)."),
            {"used": str(used), "total": str(total), "share": percent_text(share)},
        )
    if facts.days_total and facts.days_used is not None:
        if not 0 <= facts.days_used <= facts.days_total:
            raise FactsRefused(
                Reason(
                    gettext_noop("Days of access used must be between 0 and %(total)s."),
                    {"total": str(facts.days_total)},
                )
            )
        share = HUNDRED * facts.days_used / Decimal(facts.days_total)
        return share, Reason(
            gettext_noop("You used %(used)s of %(total)s days of access (%(share)s%%)."),
            {
                "used": str(facts.days_used),
                "total": str(facts.days_total),
                "share": percent_text(share),
            },
        )
    raise FactsRefused(
        Reason(gettext_noop("The progress is unknown: give the lessons or days used."))
    )


def decide(facts: Facts, config: Config) -> Decision:
    paid = require_paid(facts)
    share, progress = _progress(facts)
    ended = refund_period_ended(RULE, facts, config.refund_within_days)
    if ended is not None:
        return ended
    step = next(s for s in config.steps if share <= s.up_to_percent)
    base = paid - config.registration_fee
    amount = money(base * step.refund_percent / HUNDRED) if base > 0 else ZERO
    if amount <= 0:
        return not_applicable(
            RULE,
            gettext_noop(
                "At this progress the contract refunds %(percent)s%% of the price after the "
                "registration fee: nothing is left to refund."
            ),
            percent=percent_text(step.refund_percent),
        )
    reasons = [
        progress,
        Reason(
            gettext_noop(
                "Up to %(step)s%% progress the contract refunds %(percent)s%% of the price"
                " after the registration fee of %(fee)s yuan: (%(paid)s − %(fee)s) × "
                "%(percent)s%% = %(amount)s yuan."
            )
            if config.registration_fee
            else gettext_noop(
                "Up to %(step)s%% progress the contract refunds %(percent)s%% of the price: "
                "%(paid)s × %(percent)s%% = %(amount)s yuan."
            ),
            {
                "step": percent_text(step.up_to_percent),
                "percent": percent_text(step.refund_percent),
                "fee": text(config.registration_fee),
                "paid": text(paid),
                "amount": text(amount),
            },
        ),
    ]
    kind = FULL_REFUND if amount == money(paid) else PARTIAL_REFUND
    return Decision(
        rule=RULE,
        options=(option(facts, kind=kind, amount=amount, reasons=reasons, clause=config.clause),),
    )
