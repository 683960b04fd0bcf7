"""``complaintdesk followup``: run one follow-up pass now (the worker runs one every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from complaintdesk.workflows.followup import PASS_BATCH, followup_pass


class Command(BaseCommand):
    help = (
        "Send due survey invitations and reminders, and close resolved complaints whose "
        "customer did not confirm in time, once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=PASS_BATCH, help="items per query")

    def handle(self, *args: Any, **options: Any) -> None:
        result = followup_pass(batch=max(1, options["batch"]))
        self.stdout.write(
            f"invited {result.invited}, reminded {result.reminded}, "
            f"closed {result.closed}, failed {len(result.failed)}"
        )
