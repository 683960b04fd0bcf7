"""Queue filters a member of staff keeps under a name: writes and reads.

The query is the queue page's own query string; the queue's form checks it again each time it
is used, so a saved filter can never smuggle in what the form would refuse.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import STAFF_ROLES, Role
from complaintdesk.complaints.errors import Forbidden, InvalidInput, MissingRequirement, NotFound
from complaintdesk.complaints.models import SavedFilter

SAVED_FILTERS_PER_USER = 30
DESK_ROLES = STAFF_ROLES | {Role.AUDITOR}


@transaction.atomic
def saved_filter_save(*, actor: Actor, name: str, query: str) -> SavedFilter:
    """Keep the queue's filters under a name (the same name again replaces them)."""
    if actor.user_id is None or actor.role not in DESK_ROLES:
        raise Forbidden(_("Only desk users keep saved filters."))
    name = " ".join(name.split())
    if not name:
        raise MissingRequirement(_("Give the filter a name."), {"missing": ["name"]})
    mine = SavedFilter.objects.filter(user_id=actor.user_id)
    if mine.count() >= SAVED_FILTERS_PER_USER and not mine.filter(name=name).exists():
        raise InvalidInput(
            _("You can keep at most %(n)s filters; delete one first.")
            % {"n": SAVED_FILTERS_PER_USER}
        )
    saved, _created = SavedFilter.objects.update_or_create(
        user_id=actor.user_id,
        name=name,
        defaults={"query": query, "created_at": timezone.now()},
    )
    return saved


def saved_filter_delete(*, actor: Actor, filter_id: int) -> None:
    """Delete one of the actor's own saved filters; another user's is not found."""
    deleted, _rows = SavedFilter.objects.filter(id=filter_id, user_id=actor.user_id or 0).delete()
    if not deleted:
        raise NotFound(_("No such saved filter."))


def saved_filters_for(*, actor: Actor) -> list[SavedFilter]:
    return list(SavedFilter.objects.filter(user_id=actor.user_id or 0).order_by("name", "id"))
