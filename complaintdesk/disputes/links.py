"""Where a respondent's private link points: ``/r/<token>/`` on the site (the portal)."""

from __future__ import annotations

from django.conf import settings


def respondent_link_url(token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/r/{token}/"
