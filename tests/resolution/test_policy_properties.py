"""Properties of every shipped policy over generated facts: an offer is never negative, never
more than was paid, always splits exactly, and the same facts give the same offer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from complaintdesk.resolution.defaults import DEFAULT_POLICIES
from complaintdesk.resolution.policies import decide
from complaintdesk.resolution.policies.base import Facts, FactsRefused

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
CATEGORIES = ["quality", "logistics", "service", "billing", "contract", ""]

prices = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99999.99"), places=2)
moments = st.one_of(
    st.none(),
    st.integers(min_value=-400 * 24 * 60, max_value=5 * 24 * 60).map(
        lambda minutes: NOW + dt.timedelta(minutes=minutes)
    ),
)
shares = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)


@st.composite
def all_facts(draw: Any) -> Facts:
    total = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=500)))
    used = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=(total or 10) + 5)))
    days_total = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=730)))
    return Facts(
        as_of=NOW,
        paid=draw(st.one_of(st.none(), prices)),
        purchased_at=draw(moments),
        delivered_at=draw(moments),
        promised_delivery_at=draw(moments),
        lessons_total=total,
        lessons_used=used,
        days_total=days_total,
        days_used=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=800))),
        materials_sent=draw(st.booleans()),
        respondent_share=draw(shares),
        category=draw(st.sampled_from(CATEGORIES)),
    )


@settings(max_examples=300, deadline=None)
@given(facts=all_facts(), policy=st.sampled_from(DEFAULT_POLICIES))
def test_an_offer_is_never_negative_nor_more_than_was_paid(
    facts: Facts, policy: dict[str, Any]
) -> None:
    try:
        decision = decide(policy["rule"], facts, policy["config"])
    except FactsRefused:
        return
    for offer in decision.options:
        assert offer.amount > 0
        assert offer.amount == offer.amount.quantize(Decimal("0.01"))
        if facts.paid is not None:
            assert offer.amount <= facts.paid
        assert offer.business_amount >= 0 and offer.respondent_amount >= 0
        assert offer.business_amount + offer.respondent_amount == offer.amount


@settings(max_examples=200, deadline=None)
@given(facts=all_facts(), policy=st.sampled_from(DEFAULT_POLICIES))
def test_the_same_facts_give_the_same_offer(facts: Facts, policy: dict[str, Any]) -> None:
    def run() -> Any:
        try:
            return decide(policy["rule"], facts, policy["config"])
        except FactsRefused as refused:
            return refused.reason

    assert run() == run()


@settings(max_examples=200, deadline=None)
@given(
    paid=prices.filter(lambda p: p > 0),
    total=st.integers(min_value=1, max_value=500),
    data=st.data(),
)
def test_a_lesson_refund_falls_as_more_lessons_are_taken(
    paid: Decimal, total: int, data: Any
) -> None:
    used = data.draw(st.integers(min_value=0, max_value=total - 1))
    def amount(n: int) -> Decimal:
        facts = Facts(as_of=NOW, paid=paid, lessons_total=total, lessons_used=n)
        options = decide("lesson_refund", facts, {}).options
        return options[0].amount if options else Decimal(0)

    assert amount(used + 1) <= amount(used)
