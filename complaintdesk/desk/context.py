"""What every desk page needs: the signed-in user's unread notices, counted only when a page
shows the bell (one query), and whether free text is shown to them masked."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.notify.selectors import notifications_unread_count


def _none() -> int:
    return 0


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": _none}
    return {"unread_notices": partial(notifications_unread_count, user_id=user.pk)}


def personal_data(request: HttpRequest) -> dict[str, Any]:
    """``masked_reader``: whether the signed-in desk user may not see personal data, for the
    ``readable`` filter on free text. Safe by default: anyone without a role reads masked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"masked_reader": True}
    actor = actor_for_user(user)
    return {"masked_reader": actor is None or not actor.sees_personal_data}
