"""Which resolved complaints get a return call: a pure decision, tested without a database.

A call is planned when the resolution gave a remedy (did it arrive, was it enough?), when the
complaint had a high or urgent priority, or when it carried risk flags (legal threat, media,
regulator, safety, repeat). The first reason that applies is the one recorded.
"""

from __future__ import annotations

from collections.abc import Iterable

from complaintdesk.complaints.choices import Priority
from complaintdesk.followup.choices import CallReason

HIGH_PRIORITIES = frozenset({Priority.URGENT, Priority.HIGH})


def call_reason(
    *, has_remedy: bool, priority: str, risk_flags: Iterable[str]
) -> CallReason | None:
    """The reason to call this resolved complaint back, or ``None`` for no call."""
    if has_remedy:
        return CallReason.REMEDY
    if priority in HIGH_PRIORITIES:
        return CallReason.HIGH_PRIORITY
    if any(risk_flags):
        return CallReason.RISK
    return None
