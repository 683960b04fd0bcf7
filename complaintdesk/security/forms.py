"""Sign-in forms of the desk and the admin that say so when a lockout is in force."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from complaintdesk.security.throttle import client_address, lockout_of, refusal_log

LOCKED_OUT = _(
    "Too many failed sign-ins for this account or from your network. Sign-in is locked for "
    "up to %(minutes)s minutes; try again later, or ask an administrator to reset your password."
)


class _LockoutFirst:
    """Check the lockout before the password, with a message that says what happened."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        address = client_address(self.request)
        lockout = lockout_of(username=self.cleaned_data.get("username"), address=address)
        if lockout is not None:
            what = "admin" if isinstance(self, AdminAuthenticationForm) else "desk"
            refusal_log(lockout, what=what, address=address)
            raise forms.ValidationError(
                LOCKED_OUT, code="locked_out", params={"minutes": lockout.minutes}
            )
        return super().clean()  # type: ignore[misc]


class ThrottledAuthenticationForm(_LockoutFirst, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(_LockoutFirst, AdminAuthenticationForm):
    pass
