"""Sign-in throttling and rate limits, counted in the shared cache.

The cache is the database by default (``complaintdesk_cache``, created by this app's
migration) or Redis when ``REDIS_URL`` is set, so every worker process and every app server
counts together. Counting uses ``cache.add`` on numbered slots, which every backend performs
atomically (the database by its primary key, Redis by ``SET NX``): ``limit`` slots taken in
the window means the limit is reached, and each slot frees itself when its own window ends,
so at most ``limit`` events pass in any window of that length.

The policy (docs/security.md):

* a failed sign-in (desk, admin) counts against the account name and the client address; an
  unknown API key counts against the address;
* ``LOGIN_FAILURES_PER_ACCOUNT`` failures of one account name, or ``LOGIN_FAILURES_PER_ADDRESS``
  from one address, within ``LOGIN_FAILURE_WINDOW_SECONDS`` lock that account name or address
  out for ``LOGIN_LOCKOUT_SECONDS``; during a lockout even the right password or key is refused;
* each lockout is logged once as a warning on the ``complaintdesk.security`` logger, each
  attempt refused during it at info level;
* a successful sign-in clears the account's failures (not the address's).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger("complaintdesk.security")


def client_address(request: HttpRequest | None) -> str:
    """``REMOTE_ADDR``: behind a reverse proxy, have the proxy set it to the client's address
    (gunicorn ``--forwarded-allow-ips`` with the proxy's ``X-Forwarded-For``)."""
    if request is None:
        return "unknown"
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(kind: str, subject: str) -> str:
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"cd:{kind}:{digest}"


def window_count(*, bucket: str, subject: str, limit: int, window_seconds: int) -> int:
    """Count one event of ``subject`` in ``bucket``; the number of events in the window,
    ``limit + 1`` once the limit is exceeded."""
    base = _key(bucket, subject)
    slots = [f"{base}:{n}" for n in range(1, limit + 1)]
    taken = cache.get_many(slots)
    for position, slot in enumerate(slots, start=1):
        if slot not in taken and cache.add(slot, 1, timeout=window_seconds):
            return position
    return limit + 1


def window_clear(*, bucket: str, subject: str, limit: int) -> None:
    base = _key(bucket, subject)
    cache.delete_many([f"{base}:{n}" for n in range(1, limit + 1)])


@dataclass(frozen=True)
class Lockout:
    """Why a sign-in is refused, and for how long at most."""

    scope: str  # "account" or "address"
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def _locked(scope: str, subject: str) -> bool:
    return cache.get(_key(f"lock-{scope}", subject)) is not None


def lockout_of(*, username: str | None, address: str) -> Lockout | None:
    """The lockout in force for this account name or address, if any."""
    seconds = settings.LOGIN_LOCKOUT_SECONDS
    if username and _locked("account", username.strip().lower()):
        return Lockout("account", seconds)
    if _locked("address", address):
        return Lockout("address", seconds)
    return None


def _lock(scope: str, subject: str, *, what: str, address: str) -> None:
    if cache.add(_key(f"lock-{scope}", subject), 1, timeout=settings.LOGIN_LOCKOUT_SECONDS):
        logger.warning(
            "lockout: %s %s locked for %s s after repeated failures (%s, from %s)",
            scope,
            subject if scope == "address" else "<account>",
            settings.LOGIN_LOCKOUT_SECONDS,
            what,
            address,
        )


def failure_record(*, username: str | None, address: str, what: str) -> None:
    """Count a failed sign-in (``what``: desk, admin, api key) and lock out when over a limit."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    per_address = settings.LOGIN_FAILURES_PER_ADDRESS
    if (
        window_count(
            bucket="fail-address", subject=address, limit=per_address, window_seconds=window
        )
        >= per_address
    ):
        _lock("address", address, what=what, address=address)
    if username:
        account = username.strip().lower()
        per_account = settings.LOGIN_FAILURES_PER_ACCOUNT
        if (
            window_count(
                bucket="fail-account", subject=account, limit=per_account, window_seconds=window
            )
            >= per_account
        ):
            _lock("account", account, what=what, address=address)
    logger.info("sign-in failed (%s) from %s", what, address)


def success_record(*, username: str) -> None:
    window_clear(
        bucket="fail-account",
        subject=username.strip().lower(),
        limit=settings.LOGIN_FAILURES_PER_ACCOUNT,
    )


def refusal_log(lockout: Lockout, *, what: str, address: str) -> None:
    logger.info(
        "sign-in refused during a lockout of the %s (%s, from %s)", lockout.scope, what, address
    )
