"""The pure rules of disputes, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from complaintdesk.disputes.choices import Outcome, Party, Responsible, Stage
from complaintdesk.disputes.policies import DISPUTE_POLICIES, dispute_policy_for
from complaintdesk.disputes.rules import (
    DefaultRule,
    Split,
    default_ruling,
    is_late,
    open_stage,
    split_for,
    split_problem,
)


@pytest.mark.parametrize(("responsible", "split", "ok"), [
    ("respondent", Split(respondent=100), True),
    ("customer", Split(customer=100), True),
    ("platform", Split(platform=100), True),
    ("shared", Split(respondent=70, customer=30), True),
    ("shared", Split(respondent=50, customer=25, platform=25), True),
    ("none", Split(), True),
    ("shared", Split(respondent=70, customer=20), False),
    ("shared", Split(respondent=100), False),
    ("respondent", Split(respondent=70, customer=30), False),
    ("none", Split(customer=10), False),
    ("shared", Split(respondent=130, customer=-30), False),
])
def test_split_problem(responsible: str, split: Split, ok: bool) -> None:
    assert (split_problem(responsible, split) is None) is ok


def test_split_for_fills_the_whole_share_of_one_party() -> None:
    assert split_for("respondent", None) == Split(respondent=100)
    assert split_for("none", None) == Split()
    assert split_for("shared", Split(customer=30, respondent=70)) == Split(30, 70, 0)


@pytest.mark.parametrize(("asked", "pending", "stage"), [
    ({"respondent", "customer"}, {"respondent", "customer"}, Stage.WAITING_BOTH),
    ({"respondent"}, {"respondent"}, Stage.WAITING_RESPONDENT),
    ({"respondent", "customer"}, {"customer"}, Stage.WAITING_CUSTOMER),
    ({"respondent", "customer"}, set(), Stage.UNDER_REVIEW),
])
def test_open_stage(asked: set[str], pending: set[str], stage: Stage) -> None:
    assert open_stage(asked=asked, pending=pending) == stage


RULES = {
    Party.RESPONDENT: DefaultRule(Responsible.RESPONDENT, Outcome.REFUND_BY_RESPONDENT, "r"),
    Party.CUSTOMER: DefaultRule(Responsible.CUSTOMER, Outcome.NOT_UPHELD, "c"),
}


def test_default_ruling_against_the_one_silent_party() -> None:
    proposal = default_ruling(silent={"respondent"}, answered={"customer"}, rules=RULES,
                              policy="ecommerce")
    assert proposal is not None
    assert (proposal.silent, proposal.responsible, proposal.split) == (
        Party.RESPONDENT, Responsible.RESPONDENT, Split(respondent=100)
    )
    customer = default_ruling(silent={"customer"}, answered={"respondent"}, rules=RULES,
                              policy="ecommerce")
    assert customer is not None and customer.outcome == Outcome.NOT_UPHELD


def test_no_default_when_both_are_silent_or_nobody_is() -> None:
    assert default_ruling(silent={"respondent", "customer"}, answered=set(), rules=RULES,
                          policy="x") is None
    assert default_ruling(silent=set(), answered={"respondent"}, rules=RULES, policy="x") is None
    assert default_ruling(silent={"customer"}, answered=set(), rules={}, policy="x") is None


def test_late_is_after_the_deadline_only() -> None:
    due = dt.datetime(2026, 10, 10, 11, tzinfo=dt.UTC)
    assert not is_late(due, due)
    assert is_late(due + dt.timedelta(seconds=1), due)
    assert not is_late(due, None)


def test_policies_match_industry_then_fall_back() -> None:
    assert dispute_policy_for(channel="platform", industry="ecommerce").code == "ecommerce"
    assert dispute_policy_for(channel="web", industry="").code == "default"
    assert dispute_policy_for(channel="web", industry="insurance").appeal_working_days == 10
    assert len({p.code for p in DISPUTE_POLICIES}) == len(DISPUTE_POLICIES)
