"""Background jobs run by ``complaintdesk worker`` (Huey): the SLA sweep every minute."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from complaintdesk.sla.escalation import sweep

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def sla_sweep() -> None:
    """Warn and escalate every clock that has come due since the last sweep."""
    result = sweep()
    if result.warned or result.breached or result.failed:
        logger.warning(
            "SLA sweep: %s warned, %s breached, %s escalation events, %s clocks failed",
            result.warned, result.breached, result.escalations, len(result.failed),
        )
