"""``complaintdesk demo``: load demo users and complaints and print how to sign in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from complaintdesk.demo.services import USERS, demo_load


class Command(BaseCommand):
    help = "Load demo users (one per role) and a few hundred complaints in every status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=300, help="complaints to create")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["count"] < 1:
            self.stderr.write("--count must be at least 1")
            raise SystemExit(2)
        summary = demo_load(count=options["count"])
        if summary.created:
            self.stdout.write(f"Loaded {summary.complaints} demo complaints.")
        else:
            self.stdout.write(f"Demo data already present ({summary.complaints} complaints).")
        self.stdout.write(f"Sign in at {settings.SITE_URL}/desk/ with:")
        for username, role, department in USERS:
            where = f", {department}" if department else ""
            self.stdout.write(f"  {username:<11} {summary.passwords[username]:<24} ({role}{where})")
