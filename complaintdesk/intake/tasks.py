"""Background jobs run by ``complaintdesk worker`` (Huey): the IMAP poll every minute, when
IMAP_HOST is set."""

from __future__ import annotations

import imaplib
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from complaintdesk.intake.email.imap import email_fetch, imap_settings_from_env

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def imap_poll() -> None:
    """Take in unseen mail from the configured mailbox; nothing to do without IMAP_HOST."""
    imap = imap_settings_from_env()
    if imap is None:
        return
    try:
        report = email_fetch(imap=imap)
    except (OSError, imaplib.IMAP4.error) as exc:  # server or network trouble: next minute
        logger.error("IMAP poll of %s failed: %s", imap.host, exc)
        return
    if report.refused or report.retry_later:
        logger.warning("IMAP poll: %s", report)
