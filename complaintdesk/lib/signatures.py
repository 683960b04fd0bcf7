"""HMAC-SHA256 signatures for webhooks, both ways.

The header reads ``t=<unix seconds>,v1=<hex digest>`` where the digest is
``HMAC-SHA256(secret, "<t>." + body)``. Signing the timestamp with the body lets a receiver
refuse a captured request replayed later.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Complaintdesk-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


def sign_body(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify_signature(
    *,
    header: str,
    secret: str,
    body: bytes,
    now: int,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """True when the header signs this body with this secret within ``tolerance`` seconds."""
    fields = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign_body(secret=secret, timestamp=timestamp, body=body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))
