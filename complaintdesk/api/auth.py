"""API authentication: bearer API keys for integrations, the session for the web UI.

Both resolve to an :class:`Actor`; a user without a role is refused like a bad key."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.models import ApiKey
from complaintdesk.complaints.models.people import hash_api_key


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        if not token or len(token) > 200:
            return None
        key = (
            ApiKey.objects.select_related("user__membership", "user__customer")
            .filter(key_hash=hash_api_key(token), revoked_at__isnull=True)
            .first()
        )
        if key is None:
            return None
        return actor_for_user(key.user)


class Session(SessionAuth):
    """The signed-in user of the web UI; CSRF is checked on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return actor_for_user(user)


def actor_of(request: HttpRequest) -> Actor:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    return actor
