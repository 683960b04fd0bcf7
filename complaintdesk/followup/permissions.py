"""Who may do what in follow-up. Scope (which complaints an actor sees) is the complaint
core's; these add the role checks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES
from complaintdesk.complaints.errors import Forbidden
from complaintdesk.complaints.permissions import COMPLAINANT_ROLES


def ensure_can_answer(actor: Actor) -> None:
    """Only the customer (on the portal, or through their integration) answers for the
    customer: confirmation and survey."""
    if actor.role not in COMPLAINANT_ROLES:
        raise Forbidden(_("Only the customer can answer this question."))


def ensure_can_call(actor: Actor) -> None:
    """Staff schedule return calls and record what came of them."""
    if actor.role not in STAFF_ROLES:
        raise Forbidden(_("Only staff can schedule or record return calls."))
