"""The pure rules of a dispute: no database here, tested without one.

- :func:`split_problem`: is a liability split consistent with who is held responsible?
- :func:`open_stage`: the stage of an open dispute from the parties still owing evidence.
- :func:`default_ruling`: what a policy rules when a party stayed silent past its deadline.
- :func:`is_late`: evidence after the deadline is kept, but marked late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from complaintdesk.disputes.choices import Outcome, Party, Responsible, Stage


@dataclass(frozen=True)
class Split:
    """Liability in whole percent. A ruling that holds someone responsible splits 100; a
    ruling that holds no one responsible splits nothing."""

    customer: int = 0
    respondent: int = 0
    platform: int = 0

    @property
    def total(self) -> int:
        return self.customer + self.respondent + self.platform

    def as_dict(self) -> dict[str, int]:
        return {"customer": self.customer, "respondent": self.respondent, "platform": self.platform}


WHOLE = {
    Responsible.CUSTOMER: Split(customer=100),
    Responsible.RESPONDENT: Split(respondent=100),
    Responsible.PLATFORM: Split(platform=100),
}


def split_for(responsible: str, split: Split | None) -> Split:
    """The split a ruling records: the one given, or the whole share of the one responsible."""
    if split is not None:
        return split
    if responsible == Responsible.NONE:
        return Split()
    return WHOLE.get(Responsible(responsible), Split())


def split_problem(responsible: str, split: Split) -> str | Promise | None:
    """Why this split does not fit ``responsible``, or ``None`` when it does."""
    parts = (split.customer, split.respondent, split.platform)
    if any(p < 0 or p > 100 for p in parts):
        return _("Each share is a whole percentage from 0 to 100.")
    if responsible == Responsible.NONE:
        if split.total != 0:
            return _("A ruling that holds no one responsible splits no liability; leave the "
                     "shares at 0.")
        return None
    if split.total != 100:
        return _("The liability shares must add up to 100 %%; these add up to %(total)s %%.") % {
            "total": split.total
        }
    if responsible == Responsible.SHARED:
        if sum(1 for p in parts if p) < 2:
            return _("Shared liability needs at least two parties with a share.")
        return None
    if WHOLE[Responsible(responsible)] != split:
        return _("When one party is responsible, their share is 100 %%; choose “shared” to "
                 "split the liability.") % {}
    return None


def open_stage(*, asked: Collection[str], pending: Collection[str]) -> Stage:
    """The stage of an open dispute: who still owes evidence within their period."""
    waiting = set(pending) & set(asked)
    if waiting == {Party.CUSTOMER, Party.RESPONDENT}:
        return Stage.WAITING_BOTH
    if waiting == {Party.RESPONDENT}:
        return Stage.WAITING_RESPONDENT
    if waiting == {Party.CUSTOMER}:
        return Stage.WAITING_CUSTOMER
    return Stage.UNDER_REVIEW


def is_late(submitted_at: dt.datetime, due_at: dt.datetime | None) -> bool:
    return due_at is not None and submitted_at > due_at


@dataclass(frozen=True)
class DefaultRule:
    """What a policy rules against a party that stayed silent."""

    responsible: Responsible
    outcome: Outcome
    rationale: str


@dataclass(frozen=True)
class ProposedRuling:
    """A default ruling to confirm: against ``silent``, by the policy named ``policy``."""

    silent: Party
    responsible: Responsible
    split: Split
    outcome: Outcome
    rationale: str
    policy: str


def default_ruling(
    *,
    silent: Collection[str],
    answered: Collection[str],
    rules: dict[str, DefaultRule],
    policy: str,
) -> ProposedRuling | None:
    """The default ruling when exactly one asked party stayed silent past its deadline and
    the other answered or was not asked. Both silent: no default, an officer rules on the
    record. A party that answered late is not silent."""
    parties = (Party.RESPONDENT, Party.CUSTOMER)
    silent_now = [p for p in parties if p in silent and p not in answered]
    if len(silent_now) != 1:
        return None
    party = silent_now[0]
    rule = rules.get(party)
    if rule is None:
        return None
    return ProposedRuling(
        silent=party,
        responsible=rule.responsible,
        split=split_for(rule.responsible, None),
        outcome=rule.outcome,
        rationale=rule.rationale,
        policy=policy,
    )
