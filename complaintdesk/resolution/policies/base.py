"""What every remedy policy shares: the facts it reads, the decision it returns, money rounding
and the liability split.

Policies are pure: no Django, no database, no clock. The same facts and configuration always
give the same decision, so they are tested with tables and properties alone. Their words are
English message ids marked with :func:`gettext_noop` and parameters; the page or mail that
shows a decision translates them into the reader's language
(``resolution.wording.reason_text``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

#: Remedy kinds a policy may offer (the codes of ``resolution.choices.RemedyKind``).
FULL_REFUND = "full_refund"
PARTIAL_REFUND = "partial_refund"
LESSON_REFUND = "lesson_refund"
COUPON = "coupon"
CASH_COMPENSATION = "cash_compensation"

#: A configured amount of money: at most two decimals, never negative.
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
#: A configured percentage from 0 to 100.
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue; it is translated where it is shown."""
    return message


def money(value: Decimal | int) -> Decimal:
    """Round to cents, half up (0.005 → 0.01)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def text(value: Decimal) -> str:
    """A Decimal as the customer reads it: ``646.58``."""
    return f"{money(value):.2f}"


def percent_text(value: Decimal) -> str:
    """A percentage without trailing zeros: ``70``, ``33.33``."""
    return f"{money(value).normalize():f}"


class PolicyConfig(BaseModel):
    """Base of every policy's configuration: unknown keys are refused, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clause: str = Field("", max_length=200)


@dataclass(frozen=True)
class Reason:
    """One sentence of an explanation: an English message id with ``%(name)s`` parameters."""

    message: str
    params: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "params": dict(self.params)}


class FactsRefused(ValueError):
    """The facts contradict each other (e.g. more lessons used than bought): no offer can be
    computed until they are corrected."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.message % reason.params)
        self.reason = reason


@dataclass(frozen=True)
class Facts:
    """What is known about the purchase and the complaint when an offer is computed.

    ``as_of`` is the moment the offer is computed for (the caller's clock; policies never
    read one). ``respondent_share`` is the percentage of the cost the respondent (merchant,
    rider, teacher) bears under a ruling; the business bears the rest.
    """

    as_of: dt.datetime
    paid: Decimal | None = None
    purchased_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    promised_delivery_at: dt.datetime | None = None
    lessons_total: int | None = None
    lessons_used: int | None = None
    days_total: int | None = None
    days_used: int | None = None
    materials_sent: bool = False
    respondent_share: Decimal = ZERO
    category: str = ""
    demand: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The facts as JSON-ready values, recorded with every offer."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, dt.datetime):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            out[name] = value
        return out


@dataclass(frozen=True)
class Option:
    """One remedy a policy offers: kind, amount (what the customer gets), who bears it, and why.

    ``business_amount + respondent_amount == amount`` always.
    """

    kind: str
    amount: Decimal
    business_amount: Decimal
    respondent_amount: Decimal
    reasons: tuple[Reason, ...]
    clause: str = ""
    valid_days: int | None = None


@dataclass(frozen=True)
class Decision:
    """The options that apply (possibly none) and, when none does, the reasons why not."""

    rule: str
    options: tuple[Option, ...] = ()
    reasons: tuple[Reason, ...] = ()


def split(amount: Decimal, respondent_share: Decimal) -> tuple[Decimal, Decimal]:
    """(business, respondent) parts of ``amount``: the respondent's part is rounded half up
    to cents, the business takes the rest, so the parts always add up to the amount."""
    respondent = money(amount * respondent_share / HUNDRED)
    return amount - respondent, respondent


def option(
    facts: Facts,
    *,
    kind: str,
    amount: Decimal,
    reasons: list[Reason],
    clause: str,
    valid_days: int | None = None,
) -> Option:
    """An option with the liability split applied and its reason added."""
    amount = money(amount)
    business, respondent = split(amount, facts.respondent_share)
    reasons = list(reasons)
    if respondent:
        reasons.append(
            Reason(
                gettext_noop(
                    "Under the ruling the respondent bears %(share)s%% of it (%(respondent)s "
                    "yuan) and we bear %(business)s yuan; you receive the whole amount."
                ),
                {
                    "share": percent_text(facts.respondent_share),
                    "respondent": text(respondent),
                    "business": text(business),
                },
            )
        )
    return Option(
        kind=kind,
        amount=amount,
        business_amount=business,
        respondent_amount=respondent,
        reasons=tuple(reasons),
        clause=clause,
        valid_days=valid_days,
    )


def not_applicable(rule: str, message: str, **params: str) -> Decision:
    return Decision(rule=rule, reasons=(Reason(message, params),))


def require_paid(facts: Facts) -> Decimal:
    """The amount paid, or a refusal when it is unknown or negative."""
    if facts.paid is None:
        raise FactsRefused(Reason(gettext_noop("The amount paid for the order is unknown.")))
    if facts.paid < 0:
        raise FactsRefused(Reason(gettext_noop("The amount paid cannot be negative.")))
    return facts.paid


def require_lessons(facts: Facts) -> tuple[int, int]:
    """(total, used) lessons, or a refusal when they are unknown or contradict each other."""
    total, used = facts.lessons_total, facts.lessons_used
    if not total:
        raise FactsRefused(Reason(gettext_noop("The number of lessons bought is unknown.")))
    used = used or 0
    if used < 0:
        raise FactsRefused(Reason(gettext_noop("Lessons attended cannot be negative.")))
    if used > total:
        raise FactsRefused(
            Reason(
                gettext_noop(
                    "The order says %(used)s lessons were attended of %(total)s bought; "
                    "correct the order first."
                ),
                {"used": str(used), "total": str(total)},
            )
        )
    return total, used


def days_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Elapsed days (fractional) from ``start`` to ``end``."""
    return Decimal((end - start).total_seconds()) / Decimal(86400)


def refund_period_ended(rule: str, facts: Facts, days: int | None) -> Decision | None:
    """The refusal when the contract's refund period (``days`` after purchase) has ended."""
    if days is None or facts.purchased_at is None:
        return None
    if days_between(facts.purchased_at, facts.as_of) <= days:
        return None
    return not_applicable(
        rule,
        gettext_noop(
            "The contract allows refunds within %(days)s days of purchase; that period has ended."
        ),
        days=str(days),
    )
