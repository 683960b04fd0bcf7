"""Who may read and keep the case library.

All staff (agents, department staff, supervisors, administrators) read published cases;
supervisors and administrators add resolved complaints as cases, review and edit the drafts,
publish them and mark them for training. Everyone else — auditors, outside overseers,
customers, integrations, respondents — finds no library at all (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from complaintdesk.cases.choices import CaseStatus
from complaintdesk.cases.models import Case
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES, Role
from complaintdesk.complaints.errors import NotFound

READERS = STAFF_ROLES
KEEPERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def no_such_case() -> NotFound:
    return NotFound(_("There is no such case that you can see."))


def ensure_can_read(actor: Actor) -> None:
    if actor.role not in READERS:
        raise no_such_case()


def ensure_can_keep(actor: Actor) -> None:
    """Add, edit, publish, mark for training."""
    if actor.role not in KEEPERS:
        raise no_such_case()


def may_keep(actor: Actor) -> bool:
    return actor.role in KEEPERS


def scope_cases(actor: Actor, queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The cases this actor may know exist: drafts only for those who keep the library."""
    if actor.role in KEEPERS:
        return queryset
    if actor.role in READERS:
        return queryset.filter(status=CaseStatus.PUBLISHED)
    return queryset.none()
