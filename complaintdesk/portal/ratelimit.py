"""Portal submissions per client address, counted in the shared cache.

The cache is shared by every worker process and app server (the database, or Redis when
``REDIS_URL`` is set: see :mod:`complaintdesk.security.throttle`), so the limit holds however
many processes serve the portal. The address is ``REMOTE_ADDR``: behind a reverse proxy,
have the proxy set it to the client's address.
"""

from __future__ import annotations

from django.http import HttpRequest

from complaintdesk.security.throttle import client_address, window_count


def over_limit(request: HttpRequest, *, bucket: str, limit: int, window_seconds: int) -> bool:
    """Count this request; ``True`` once more than ``limit`` arrived in the window."""
    count = window_count(
        bucket=f"portal-{bucket}",
        subject=client_address(request),
        limit=limit,
        window_seconds=window_seconds,
    )
    return count > limit
