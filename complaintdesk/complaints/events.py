"""Events as the bulk writers hand them around.

:class:`EventDraft` is one event to write with ``complaints.services.events_record_bulk``;
:class:`RecordedEvent` is one written event, returned by it in insertion order. Neither carries
model instances, so a caller that handles thousands of events (the SLA sweep and the staff
notices it causes) loads what it needs for the whole list in a few queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple


class EventDraft(NamedTuple):
    """One event to write with ``events_record_bulk``."""

    complaint_id: int
    kind: str
    at: dt.datetime
    data: dict[str, Any]
    actor_id: int | None = None
    actor_role: str = ""
    from_status: str = ""
    to_status: str = ""


class RecordedEvent(NamedTuple):
    """One written event as ``events_record_bulk`` returns it."""

    id: int
    complaint_id: int
    kind: str
    at: dt.datetime
    data: dict[str, Any]
    actor_id: int | None
    actor_role: str
    from_status: str
    to_status: str
