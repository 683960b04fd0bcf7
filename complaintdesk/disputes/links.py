"""Where a respondent's private link points: ``/r/<token>/`` on the site (the portal)."""

from __future__ import annotations

from django.conf import settings


def respondent_link_path(token: str) -> str:
    return f"/r/{token}/"


def respondent_link_url(token: str) -> str:
    """The link with the configured ``SITE_URL``, as mails and the API give it."""
    return f"{settings.SITE_URL.rstrip('/')}{respondent_link_path(token)}"
