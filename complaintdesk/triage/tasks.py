"""Background jobs run by ``complaintdesk worker`` (Huey): batch incidents every 15 minutes."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from complaintdesk.triage.batching import batches_detect

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/15"))
def triage_batches() -> None:
    """Group open complaints of the last 72 hours that describe the same fault."""
    report = batches_detect()
    for incident in report.incidents:
        if incident["linked_now"]:
            logger.info(
                "Batch %s: %s complaints linked now, %s customers in all",
                incident["parent"], incident["linked_now"], incident["customers"],
            )
