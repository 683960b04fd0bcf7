"""Handing a complaint to a department or a person, and the staff's corrections.

An assignment tells the new assignee (a desk notice and a mail). A correction of the category
or priority, or triage run again, may change which clock policies apply: clocks that have not
warned yet move to the policy that now wins, and newly applicable ones start.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import Conflict
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.complaints.services import (
    complaint_assign,
    complaint_correct_triage,
    complaint_tags_change,
)
from complaintdesk.disputes.selectors import conflicted
from complaintdesk.notify.announce import staff_announce
from complaintdesk.sla.services import clocks_sync_policies
from complaintdesk.triage.services import (
    complaint_apply_triage,
    complaint_route,
    ensure_can_triage_again,
    triage_assess_complaint,
)


@transaction.atomic
def assign(
    *,
    complaint: Complaint,
    actor: Actor,
    assignee: AbstractBaseUser | None,
    department: Department | None,
) -> Complaint:
    """Give the complaint to a department and/or a person, and tell them. Nobody who declared
    a conflict of interest on it (or its customer or respondent) is given it."""
    if assignee is not None and conflicted(user_id=assignee.pk, complaint=complaint):
        raise Conflict(
            _("%(user)s declared a conflict of interest on this complaint, its customer or its "
              "respondent and cannot be assigned it.") % {"user": assignee.get_username()},
            {"reason": "conflict"},
        )
    changed = complaint_assign(
        complaint=complaint, actor=actor, assignee=assignee, department=department
    )
    staff_announce(complaint=changed.complaint, event=changed.event)
    return changed.complaint


@transaction.atomic
def correct(
    *, complaint: Complaint, actor: Actor, field: str, value: str, reason: str
) -> Complaint:
    """An agent corrects category, demand or priority; the clocks follow the new values."""
    changed = complaint_correct_triage(
        complaint=complaint, actor=actor, field=field, value=value, reason=reason
    )
    clocks_sync_policies(complaint=changed.complaint)
    return changed.complaint


@transaction.atomic
def triage_again(*, complaint: Complaint, actor: Actor) -> Complaint:
    """Staff ask for triage again (e.g. after the models were retrained): classify, let the
    clocks follow, and route it if it still has no department."""
    ensure_can_triage_again(actor)
    assessment = triage_assess_complaint(complaint=complaint)
    complaint_apply_triage(complaint=complaint, assessment=assessment, actor=actor)
    clocks_sync_policies(complaint=complaint)
    routed = complaint_route(complaint=complaint)
    if routed is not None:
        staff_announce(complaint=complaint, event=routed.event)
    return complaint


def tags_change(
    *, complaint: Complaint, actor: Actor, add: list[str], remove: list[str]
) -> Complaint:
    """Add and remove tags; nothing else follows from them."""
    return complaint_tags_change(complaint=complaint, actor=actor, add=add, remove=remove)
