"""Background jobs run by ``complaintdesk worker`` (Huey): the email outbox and the webhook
deliveries, one pass every minute. Each pass is safe to run in several workers at once: rows are
claimed with a conditional UPDATE."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from complaintdesk.notify.sending import deliveries_send_due
from complaintdesk.notify.webhooks import webhooks_send_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def outbox_send() -> None:
    """Send due emails and post due webhooks; failures are retried with backoff."""
    mail = deliveries_send_due()
    hooks = webhooks_send_due()
    if mail["retry"] or mail["failed"] or hooks["failed"]:
        logger.warning("outbox: email %s, webhooks %s", mail, hooks)
