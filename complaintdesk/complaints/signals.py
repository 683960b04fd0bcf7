"""Signals sent by complaint services.

``event_recorded`` is sent inside the transaction that wrote a ComplaintEvent, with ``event`` and
``complaint``. Feature apps (clocks, triage, notifications) subscribe to it to react in the same
transaction; work that talks to the outside world uses ``transaction.on_commit``.
"""

from django.dispatch import Signal

event_recorded = Signal()
