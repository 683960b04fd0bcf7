"""API authentication: bearer API keys for integrations, the session for the web UI.

Both resolve to an :class:`Actor`; a user without a role is refused like a bad key.

Order matters for what a caller is told. A request with neither a valid key nor a signed-in
session is *not authenticated* (401, with how to authenticate); only a request that does come
from a signed-in session is checked for its CSRF token (403 ``csrf_failed`` when it is missing
on an unsafe method). ninja's own ``SessionAuth`` checks CSRF before it looks at the session,
so an anonymous POST was refused as a CSRF failure; :class:`Session` checks the session first.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import NotFound
from complaintdesk.complaints.models import ApiKey
from complaintdesk.complaints.models.people import hash_api_key
from complaintdesk.security.errors import LockedOut
from complaintdesk.security.forms import LOCKED_OUT
from complaintdesk.security.throttle import (
    client_address,
    failure_record,
    lockout_of,
    refusal_log,
)

#: What an outside overseer may call: reading complaints of their scope, and their opinions.
#: Every other route answers them 404, as if it did not exist.
OVERSEER_ROUTES = (
    ("GET", re.compile(r"^/api/v1/complaints/?$")),
    ("GET", re.compile(r"^/api/v1/complaints/[^/]+/?$")),
    ("GET", re.compile(r"^/api/v1/complaints/[^/]+/timeline/?$")),
    ("GET", re.compile(r"^/api/v1/complaints/[^/]+/opinions/?$")),
    ("POST", re.compile(r"^/api/v1/complaints/[^/]+/opinions/?$")),
)


def admitted(request: HttpRequest, actor: Actor | None) -> Actor | None:
    """The actor, unless an overseer calls a route outside :data:`OVERSEER_ROUTES` (404)."""
    if actor is not None and actor.role == Role.OVERSEER:
        path = request.path_info
        if not any(m == request.method and p.match(path) for m, p in OVERSEER_ROUTES):
            raise NotFound(_("There is no such page."))
    return actor


class CsrfRefused(Exception):
    """A signed-in session sent an unsafe request without a valid CSRF token."""


class BearerKey(HttpBearer):
    """An API key. Unknown keys count as failed sign-ins of the client address; during the
    address's lockout every key, even a valid one, is refused with 429."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        address = client_address(request)
        lockout = lockout_of(username=None, address=address)
        if lockout is not None:
            refusal_log(lockout, what="api key", address=address)
            raise LockedOut(LOCKED_OUT % {"minutes": lockout.minutes})
        key = None
        if token and len(token) <= 200:
            key = (
                ApiKey.objects.select_related("user__membership", "user__customer")
                .filter(key_hash=hash_api_key(token), revoked_at__isnull=True)
                .first()
            )
        if key is None:
            failure_record(username=None, address=address, what="api key")
            return None
        return admitted(request, actor_for_user(key.user))


class Session(SessionAuth):
    """The signed-in user of the web UI; CSRF is checked on unsafe methods of that user only.

    Documented in OpenAPI as ninja's cookie scheme (the session cookie)."""

    def __call__(self, request: HttpRequest) -> Actor | None:
        actor = self.authenticate(request, request.COOKIES.get(self.param_name))
        if actor is None:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise CsrfRefused
        return actor

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return admitted(request, actor_for_user(user))


def actor_of(request: HttpRequest) -> Actor:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    return actor
