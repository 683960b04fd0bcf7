"""Who may see and change root causes, improvement actions and review meetings. Outside a
permission the page or record does not exist (404), exactly like one that does not."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import NotFound

ACTION_VIEW_ROLES = frozenset({Role.AGENT, Role.DEPARTMENT, Role.SUPERVISOR, Role.ADMIN})
ACTION_MANAGE_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
MEETING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def not_found() -> NotFound:
    return NotFound(_("There is no such page."))


def may_view_actions(actor: Actor) -> bool:
    return actor.role in ACTION_VIEW_ROLES


def ensure_can_view_actions(actor: Actor) -> None:
    if not may_view_actions(actor):
        raise not_found()


def may_manage_actions(actor: Actor) -> bool:
    return actor.role in ACTION_MANAGE_ROLES


def ensure_can_manage_actions(actor: Actor) -> None:
    """Create and edit actions: supervisors and admins."""
    if not may_manage_actions(actor):
        raise not_found()


def may_move_action(actor: Actor, owner_id: int) -> bool:
    """Change an action's status: supervisors, admins and the action's owner."""
    return may_manage_actions(actor) or (
        actor.role in ACTION_VIEW_ROLES and actor.user_id == owner_id
    )


def ensure_can_move_action(actor: Actor, owner_id: int) -> None:
    if not may_move_action(actor, owner_id):
        raise not_found()


def may_hold_meetings(actor: Actor) -> bool:
    return actor.role in MEETING_ROLES


def ensure_can_hold_meetings(actor: Actor) -> None:
    """Review meetings and their packs: supervisors and admins."""
    if not may_hold_meetings(actor):
        raise not_found()
