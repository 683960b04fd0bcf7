"""Signals sent by complaint services.

``event_recorded`` is sent inside the transaction that wrote a ComplaintEvent, with ``event`` and
``complaint``. Feature apps (clocks, triage, notifications) subscribe to it to react in the same
transaction; work that talks to the outside world uses ``transaction.on_commit``.

``events_recorded_bulk`` is sent instead, once, when a service writes many events at a time
(``complaints.services.events_record_bulk``, used by the SLA sweep), with ``events``: a list of
:class:`RecordedEvent` tuples in insertion order. It carries no model instances, so a receiver
loads what it needs for the whole list in a few queries. A subscriber that must see every
event of a kind subscribes to both signals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.dispatch import Signal

event_recorded = Signal()
events_recorded_bulk = Signal()


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
    """One written event as ``events_recorded_bulk`` hands it to receivers."""

    id: int
    complaint_id: int
    kind: str
    at: dt.datetime
    data: dict[str, Any]
    actor_id: int | None
    actor_role: str
    from_status: str
    to_status: str
