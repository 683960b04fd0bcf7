"""``complaintdesk fetch-email``: one IMAP poll with the IMAP_* settings from the environment."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from complaintdesk.intake.email.imap import ImapConfigError, email_fetch, imap_settings_from_env
from complaintdesk.workflows.email_in import email_ingest


class Command(BaseCommand):
    help = "Take in every unseen message of the IMAP folder (IMAP_HOST, IMAP_USER, ...)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            imap = imap_settings_from_env()
        except ImapConfigError as exc:
            raise CommandError(str(exc)) from exc
        if imap is None:
            raise CommandError("IMAP_HOST is not set; nothing to poll.")
        report = email_fetch(imap=imap, ingest=lambda raw: email_ingest(raw=raw))
        self.stdout.write(
            f"taken {report.taken} {report.outcomes}, refused {report.refused}, "
            f"left for later {report.retry_later}"
        )
