"""A fixed-window counter per client address in Django's cache.

With the default local-memory cache each server process counts on its own; set a shared cache
(Redis, database) in production so the limit holds across processes. The address is
``REMOTE_ADDR``: behind a reverse proxy, have the proxy set it to the client's address.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def over_limit(request: HttpRequest, *, bucket: str, limit: int, window_seconds: int) -> bool:
    """Count this request; ``True`` once more than ``limit`` arrived in the current window."""
    key = f"portal-rate:{bucket}:{client_address(request)}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
