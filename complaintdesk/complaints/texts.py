"""Texts the product writes into events, read back in the language of the page."""

from __future__ import annotations

from typing import Any

from complaintdesk.complaints.choices import SystemReason


def event_reason(data: dict[str, Any]) -> str:
    """An event's reason: a reason the product wrote itself in the current language (from its
    ``reason_code``), otherwise the text a person gave, as they gave it."""
    code = data.get("reason_code")
    if code in SystemReason.values:
        return str(SystemReason(code).label) % {"text": data.get("quote", "")}
    return str(data.get("reason", ""))
