"""Who may do what in a dispute. A role outside a permission is told the page does not exist
(404), exactly like a complaint outside its scope: it learns nothing about the dispute.

- staff (agent, department, supervisor, admin) open disputes, ask for evidence and record
  evidence a party gave them; auditors read;
- agents, supervisors and admins rule (deciders), unless they declared a conflict;
- supervisors and admins choose the reviewer of an appeal; only that reviewer decides it;
- the customer and the respondent submit their own evidence and appeal; each sees their own
  evidence, never the other side's, and the respondent never the customer's personal data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES, Role
from complaintdesk.complaints.errors import NotFound
from complaintdesk.disputes.choices import Party

DECIDERS = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
REVIEW_ASSIGNERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
READERS = STAFF_ROLES | {Role.AUDITOR, Role.OVERSEER, Role.CUSTOMER, Role.RESPONDENT}
PARTY_OF_ROLE = {Role.CUSTOMER: Party.CUSTOMER, Role.RESPONDENT: Party.RESPONDENT}


def no_such_dispute() -> NotFound:
    return NotFound(_("There is no such dispute that you can see."))


def ensure_can_read(actor: Actor) -> None:
    if actor.role not in READERS:
        raise no_such_dispute()


def ensure_can_handle(actor: Actor) -> None:
    """Open a dispute, ask for evidence, record evidence for a party, declare a conflict."""
    if actor.role not in STAFF_ROLES:
        raise no_such_dispute()


def ensure_can_rule(actor: Actor) -> None:
    if actor.role not in DECIDERS:
        raise no_such_dispute()


def ensure_can_assign_reviewer(actor: Actor) -> None:
    if actor.role not in REVIEW_ASSIGNERS:
        raise no_such_dispute()


def party_of(actor: Actor) -> Party | None:
    """The side a customer or respondent stands on; ``None`` for everyone else."""
    return PARTY_OF_ROLE.get(actor.role)


def ensure_can_act_for(actor: Actor, party: str) -> None:
    """A party acts for itself; staff record what a party gave them; nobody else acts."""
    if actor.role in STAFF_ROLES:
        return
    if party_of(actor) != party:
        raise no_such_dispute()


def sees_all_evidence(actor: Actor) -> bool:
    """Staff, auditors and outside overseers (read-only, text masked) read both sides."""
    return actor.role in STAFF_ROLES or actor.role in {Role.AUDITOR, Role.OVERSEER}
