"""Escalation: the sweep of due clocks, and a supervisor's extension of a deadline.

Each sweep batch is one transaction: claim the due clocks and escalate them (priority raised,
moved to the special team, events recorded, all in ``sla.escalation``), then record the default
ruling of each dispute whose silent party's evidence clock was just breached
(``workflows.dispute.defaults_propose``), then tell the staff concerned about the whole batch
(``notify.announce.staff_announce_bulk``). A failing batch is
rolled back whole, logged and left for the next sweep, so one bad row never stops the others
or loops forever.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint
from complaintdesk.lib.clock import utcnow
from complaintdesk.notify.announce import extension_announce, staff_announce_bulk
from complaintdesk.sla.escalation import (
    BATCH,
    SweepResult,
    clocks_escalate_due,
    due_clock_ids,
)
from complaintdesk.sla.models import Clock
from complaintdesk.sla.services import clock_extend
from complaintdesk.workflows.dispute import defaults_propose

logger = logging.getLogger(__name__)


@transaction.atomic
def sweep_batch(ids: list[int], now: dt.datetime) -> SweepResult:
    """Claim and escalate the clocks ``ids`` still due, and tell the staff, in one transaction."""
    outcome = clocks_escalate_due(ids, now)
    defaults_propose(events=outcome.events, now=now)
    staff_announce_bulk(events=outcome.events)
    return outcome.result


def sweep(*, now: dt.datetime | None = None, batch: int = BATCH) -> SweepResult:
    """Run batches until no clock is due at ``now``."""
    now = now or utcnow()
    total, failed = SweepResult(), set[int]()
    while ids := due_clock_ids(now, limit=batch, skip=failed):
        try:
            done = sweep_batch(ids, now)
        except Exception:
            logger.exception("SLA sweep: batch of %s clocks failed; retried next sweep", len(ids))
            failed.update(ids)
            continue
        total.warned += done.warned
        total.breached += done.breached
        total.escalations += done.escalations
    total.failed = sorted(failed)
    return total


@transaction.atomic
def extend(*, complaint: Complaint, kind: str, actor: Actor, amount: int, reason: str) -> Clock:
    """A supervisor extends a deadline → the clock moves (its new target is what every later
    mail, the portal and the API show) → the customer is told in writing, with the reason."""
    extended = clock_extend(
        complaint=complaint, kind=kind, actor=actor, amount=amount, reason=reason
    )
    extension_announce(
        complaint=complaint,
        event=extended.notice,
        extended_to=extended.clock.target_at,
        reason=extended.clock.extension_reason,
    )
    return extended.clock
