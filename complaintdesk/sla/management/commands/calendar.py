"""``complaintdesk calendar due --start ISO --working-days N | --working-hours H``: the due
date to promise a customer, as ``{"due", "calendar_verified"}`` (same as the API)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from complaintdesk.sla.selectors import calendar_due


def _moment(raw: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--start {raw!r}: use ISO 8601, for example 2026-09-30T18:30:00+08:00."
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return value


def _not_negative(kind: type, what: str) -> Any:
    def parse(raw: str) -> Any:
        try:
            value = kind(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} {raw!r}: expected a number.") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"{what} {raw!r}: must not be negative.")
        return value

    return parse


class Command(BaseCommand):
    help = "Working-day calendar tools. `calendar due`: the due date of N working days or hours."
    requires_system_checks: list[str] = []  # stdout is the JSON answer alone

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="due date from a start instant")
        due.add_argument("--start", required=True, type=_moment)
        amount = due.add_mutually_exclusive_group(required=True)
        amount.add_argument(
            "--working-days", type=_not_negative(int, "--working-days"), dest="working_days"
        )
        amount.add_argument(
            "--working-hours", type=_not_negative(float, "--working-hours"), dest="working_hours"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = calendar_due(
            start=options["start"],
            working_days=options["working_days"],
            working_hours=options["working_hours"],
        )
        due = result.due.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        payload = {"due": due.isoformat(), "calendar_verified": result.calendar_verified}
        self.stdout.write(json.dumps(payload))
