"""Message-IDs for outbound mail that carry the complaint number, signed so they cannot be forged.

An outbound message gets ``<NUMBER.KEY.SIG@domain>``: the complaint number, a per-delivery key
and a truncated HMAC of both. A customer's reply quotes it in In-Reply-To / References, and
:func:`complaint_number_from_message_id` gives the number back only when the signature matches,
so guessing a number is not enough to post into someone else's complaint.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_ID = re.compile(r"^<?(?P<number>[A-Z]{1,6}-\d{8}-\d{6,})\.(?P<key>[A-Za-z0-9-]{1,40})\."
                 r"(?P<sig>[0-9a-f]{20})@[^>\s]+>?$")


def _signature(number: str, key: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), f"{number}.{key}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def thread_message_id(*, number: str, key: str, secret: str, domain: str) -> str:
    """The same inputs always give the same id, so a resend is recognisably the same message."""
    return f"<{number}.{key}.{_signature(number, key, secret)}@{domain}>"


def complaint_number_from_message_id(message_id: str, *, secret: str) -> str | None:
    match = _ID.match(message_id.strip())
    if match is None:
        return None
    expected = _signature(match["number"], match["key"], secret)
    if not hmac.compare_digest(expected, match["sig"]):
        return None
    return match["number"]
