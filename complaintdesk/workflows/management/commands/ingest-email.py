"""``complaintdesk ingest-email``: take one RFC 822 message from stdin, for an MTA pipe.

Exit codes follow sysexits(3), which MTAs understand: 0 taken in (or deliberately ignored:
duplicate, auto-reply); 65 (EX_DATAERR) refused for good (too large, too many parts, too
deep), so the MTA bounces it; 75 (EX_TEMPFAIL) a temporary failure (database unavailable), so
the MTA keeps the message and tries again later.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from complaintdesk.intake.email.parsing import EmailRefused, MailLimits
from complaintdesk.workflows.email_in import email_ingest

EX_OK = 0
EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one email from stdin and open a complaint, join a reply, or ignore it."

    def handle(self, *args: Any, **options: Any) -> None:
        limits = MailLimits()
        raw = sys.stdin.buffer.read(limits.size_cap + 1)
        try:
            result = email_ingest(raw=raw, limits=limits)
        except EmailRefused as exc:
            self.stderr.write(f"refused: {exc}")
            sys.exit(EX_DATAERR)
        except DatabaseError as exc:
            self.stderr.write(f"temporary failure, try again later: {exc}")
            sys.exit(EX_TEMPFAIL)
        number = result.complaint.number if result.complaint else "-"
        self.stdout.write(f"{result.outcome} {number}")
        sys.exit(EX_OK)
