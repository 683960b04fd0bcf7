"""What every desk page's header needs: the signed-in user's unread notices, counted only
when a page shows the bell (one query)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from complaintdesk.notify.selectors import notifications_unread_count


def _none() -> int:
    return 0


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": _none}
    return {"unread_notices": partial(notifications_unread_count, user_id=user.pk)}
