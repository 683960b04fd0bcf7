"""``complaintdesk batches [--hours 72]``: group open complaints about one fault now (the
worker does it every 15 minutes) and print what was found as JSON."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.triage.batching import BATCH_WINDOW
from complaintdesk.workflows.batches import batches_detect


class Command(BaseCommand):
    help = "Group the open complaints of the last hours that describe the same fault."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=int(BATCH_WINDOW.total_seconds() // 3600))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["hours"] < 1:
            raise CommandError("--hours must be at least 1")
        report = batches_detect(window=timedelta(hours=options["hours"]))
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
