from __future__ import annotations

from complaintdesk.complaints.errors import DomainError


class LockedOut(DomainError):
    """Too many unknown API keys from this address: every key is refused for a while."""

    code = "too_many_attempts"
    status = 429
