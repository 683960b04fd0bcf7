"""Dispute policies: for each industry and platform, how long the parties may appeal a ruling
and what the default ruling is against a party that stays silent past its evidence deadline.

The evidence and review deadlines themselves are clock policies (``sla``, trigger
``dispute``). These policies are pure data, validated with pydantic when the module loads;
the first active match (lowest rank) wins. They are documented in ``docs/disputes.md``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from complaintdesk.complaints.choices import Channel, Industry
from complaintdesk.disputes.choices import Outcome, Party, Responsible
from complaintdesk.disputes.rules import DefaultRule


class DisputePolicy(BaseModel):
    """One row of the dispute policies. Empty match lists mean "any"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    rank: int = Field(ge=0)
    industries: tuple[Industry, ...] = ()
    channels: tuple[Channel, ...] = ()
    appeal_working_days: int = Field(ge=1, le=60)
    silent_respondent: tuple[Responsible, Outcome, str] | None
    silent_customer: tuple[Responsible, Outcome, str] | None

    def matches(self, *, channel: str, industry: str) -> bool:
        return (not self.industries or industry in self.industries) and (
            not self.channels or channel in self.channels
        )

    def default_rules(self) -> dict[str, DefaultRule]:
        rules: dict[str, DefaultRule] = {}
        for party, rule in (
            (Party.RESPONDENT, self.silent_respondent),
            (Party.CUSTOMER, self.silent_customer),
        ):
            if rule is not None:
                rules[party] = DefaultRule(*rule)
        return rules


_RESPONDENT_WAIVED = (
    "被投诉方未在举证期限内提交证据，视为放弃举证权利，依据投诉人提交的证据作出处理。"
)
_CUSTOMER_WAIVED = "投诉人未在举证期限内补充证据，现有证据不足以支持其诉求。"


def _policy(**fields: Any) -> DisputePolicy:
    return DisputePolicy.model_validate(fields)


DISPUTE_POLICIES: tuple[DisputePolicy, ...] = (
    _policy(
        code="ecommerce", name="E-commerce marketplace", rank=50, industries=["ecommerce"],
        appeal_working_days=3,
        silent_respondent=(Responsible.RESPONDENT, Outcome.REFUND_BY_RESPONDENT,
                           _RESPONDENT_WAIVED),
        silent_customer=(Responsible.CUSTOMER, Outcome.NOT_UPHELD, _CUSTOMER_WAIVED),
    ),
    _policy(
        code="delivery", name="Food delivery", rank=50, industries=["delivery"],
        appeal_working_days=2,
        silent_respondent=(Responsible.RESPONDENT, Outcome.COMPENSATION_BY_RESPONDENT,
                           _RESPONDENT_WAIVED),
        silent_customer=(Responsible.CUSTOMER, Outcome.NOT_UPHELD, _CUSTOMER_WAIVED),
    ),
    _policy(
        code="education", name="Online education", rank=50, industries=["education"],
        appeal_working_days=5,
        silent_respondent=(Responsible.RESPONDENT, Outcome.REDO_BY_RESPONDENT,
                           _RESPONDENT_WAIVED),
        silent_customer=(Responsible.CUSTOMER, Outcome.NOT_UPHELD, _CUSTOMER_WAIVED),
    ),
    _policy(
        code="insurance", name="Insurance", rank=50, industries=["insurance"],
        appeal_working_days=10,
        silent_respondent=(Responsible.RESPONDENT, Outcome.OTHER, _RESPONDENT_WAIVED),
        silent_customer=None,
    ),
    _policy(
        code="default", name="Every other dispute", rank=100, appeal_working_days=5,
        silent_respondent=(Responsible.RESPONDENT, Outcome.REFUND_BY_RESPONDENT,
                           _RESPONDENT_WAIVED),
        silent_customer=(Responsible.CUSTOMER, Outcome.NOT_UPHELD, _CUSTOMER_WAIVED),
    ),
)


def dispute_policy_for(*, channel: str, industry: str) -> DisputePolicy:
    """The winning policy for a complaint's channel and industry (``default`` at the least)."""
    ranked = sorted(DISPUTE_POLICIES, key=lambda p: (p.rank, p.code))
    return next(p for p in ranked if p.matches(channel=channel, industry=industry))


def dispute_policy_named(code: str) -> DisputePolicy:
    """The policy a dispute recorded when it opened (``default`` if it no longer exists)."""
    found = {p.code: p for p in DISPUTE_POLICIES}
    return found.get(code) or found["default"]
