"""What a member of staff keeps for themselves on the desk: notices marked read, and saved
queue filters. Nothing here changes a complaint."""

from __future__ import annotations

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import SavedFilter
from complaintdesk.complaints.saved_filters import saved_filter_delete, saved_filter_save
from complaintdesk.notify.services import notifications_mark_read


def notices_read(*, actor: Actor, ids: list[int] | None) -> int:
    """Mark the actor's notices read: these, or all of them (``None``)."""
    if actor.user_id is None:
        return 0
    return notifications_mark_read(user_id=actor.user_id, ids=ids)


def filter_save(*, actor: Actor, name: str, query: str) -> SavedFilter:
    return saved_filter_save(actor=actor, name=name, query=query)


def filter_delete(*, actor: Actor, filter_id: int) -> None:
    saved_filter_delete(actor=actor, filter_id=filter_id)
