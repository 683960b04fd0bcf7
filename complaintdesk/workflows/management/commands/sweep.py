"""``complaintdesk sweep``: run one SLA sweep now (the worker runs one every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from complaintdesk.sla.escalation import BATCH
from complaintdesk.workflows.escalate import sweep


class Command(BaseCommand):
    help = "Warn and escalate every clock whose warning or target has come, once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help="clocks per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep(batch=max(1, options["batch"]))
        self.stdout.write(
            f"warned {result.warned}, breached {result.breached}, "
            f"escalation events {result.escalations}, failed {len(result.failed)}"
        )
