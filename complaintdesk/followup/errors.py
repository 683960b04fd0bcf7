"""Domain errors of follow-up that the complaint core has no word for."""

from __future__ import annotations

from complaintdesk.complaints.errors import DomainError


class Gone(DomainError):
    """A single-use link that was used already, or one past its expiry (HTTP 410)."""

    code = "gone"
    status = 410
