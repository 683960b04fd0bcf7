"""The sign-in backend of the desk and the admin: Django's model backend behind the throttle.

A locked-out account name or address is refused before the password is checked (so the right
password does not work during a lockout); every failure is counted; a success clears the
account's failures. See :mod:`complaintdesk.security.throttle` for the policy.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from complaintdesk.security.throttle import (
    client_address,
    failure_record,
    lockout_of,
    refusal_log,
    success_record,
)


def _surface(request: HttpRequest | None) -> str:
    path = request.path if request is not None else ""
    return "admin" if path.startswith("/admin/") else "desk"


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        address = client_address(request)
        what = _surface(request)
        lockout = lockout_of(username=username, address=address)
        if lockout is not None:
            refusal_log(lockout, what=what, address=address)
            raise PermissionDenied  # stops every backend: nobody signs in during a lockout
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            failure_record(username=username, address=address, what=what)
            return None
        success_record(username=username or "")
        return user
