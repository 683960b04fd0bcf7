"""Background jobs run by ``complaintdesk worker`` (Huey). Each job is a workflow, so the
worker writes to complaints exactly as a person would:

- every minute: the SLA sweep (warnings, breaches, escalations and the staff they tell), the
  follow-up pass (survey invitations and reminders, silent confirmations closed), remedies
  whose payout webhook was confirmed (or failed for good) settled, the insights read model
  from the new events and then spike and 舆情 alerts, and the IMAP poll when IMAP_HOST is set;
- every 15 minutes: batch incidents among the open complaints of the last 72 hours;
- Mondays at 08:00: the weekly report to supervisors and admins;
- daily at 03:30: the retention policy (closed complaints past PRIVACY_RETENTION_YEARS
  anonymised, idempotency records past IDEMPOTENCY_TTL_HOURS deleted).
- every hour: the effect of done improvement actions whose after-period has ended, and the
  day's alerts of overdue actions (once per action per day).

The outbox and webhook deliveries are ``notify.tasks``.
"""

from __future__ import annotations

import imaplib
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from complaintdesk.intake.email.imap import email_fetch, imap_settings_from_env
from complaintdesk.workflows.batches import batches_detect
from complaintdesk.workflows.email_in import email_ingest
from complaintdesk.workflows.escalate import sweep
from complaintdesk.workflows.followup import followup_pass
from complaintdesk.workflows.improvement import effects_measure, overdue_alerts
from complaintdesk.workflows.insights_alerts import alerts_detect
from complaintdesk.workflows.insights_feed import facts_refresh
from complaintdesk.workflows.insights_report import weekly_report_send
from complaintdesk.workflows.privacy import retention_apply
from complaintdesk.workflows.remedy import settle

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


@db_periodic_task(crontab(minute="*"))
def followup_sweep() -> None:
    """Send due survey invitations and reminders; close complaints whose customer did not
    confirm in time. Safe to run in several workers: every item is claimed."""
    result = followup_pass()
    if result.invited or result.reminded or result.closed or result.failed:
        logger.info(
            "Follow-up: %s invited, %s reminded, %s closed without an answer, %s failed",
            result.invited, result.reminded, result.closed, len(result.failed),
        )


@db_periodic_task(crontab(minute="*"))
def imap_poll() -> None:
    """Take in unseen mail from the configured mailbox; nothing to do without IMAP_HOST."""
    imap = imap_settings_from_env()
    if imap is None:
        return
    try:
        report = email_fetch(imap=imap, ingest=lambda raw: email_ingest(raw=raw))
    except (OSError, imaplib.IMAP4.error) as exc:  # server or network trouble: next minute
        logger.error("IMAP poll of %s failed: %s", imap.host, exc)
        return
    if report.refused or report.retry_later:
        logger.warning("IMAP poll: %s", report)


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


@db_periodic_task(crontab(minute="*"))
def remedies_settle() -> None:
    """Carried out once the business's system confirmed the payout; failed once every retry
    failed (staff see it on the desk and send it again)."""
    report = settle()
    if report.failed:
        logger.warning("Remedies: %s payouts failed for good", report.failed)


@db_periodic_task(crontab(minute="*"))
def insights_refresh() -> None:
    """Bring the dashboard's read model up to the event log, then look for alerts."""
    facts_refresh()
    raised = alerts_detect()
    new = [r.alert for r in raised if r.created]
    if new:
        logger.warning("Insights: %s new alerts", len(new))


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="0"))
def insights_weekly_report() -> None:
    """The report of the week that has just ended, to every supervisor and admin."""
    logger.info("Weekly report: %s mails queued", weekly_report_send())


@db_periodic_task(crontab(hour="3", minute="30"))
def privacy_retention() -> None:
    """Anonymise closed complaints past the retention period; expire idempotency records."""
    report = retention_apply()
    logger.info(
        "Retention: %s complaints and %s customers anonymised, %s idempotency records deleted",
        report.complaints, report.customers, report.idempotency_deleted,
    )
@db_periodic_task(crontab(minute="7"))
def improvement_actions() -> None:
    """Measure the effect of done actions whose after-period has ended; alert overdue ones."""
    measured = effects_measure()
    alerted = overdue_alerts()
    if measured or alerted:
        logger.info(
            "Improvement actions: %s measured, %s overdue alerted", len(measured), len(alerted)
        )
