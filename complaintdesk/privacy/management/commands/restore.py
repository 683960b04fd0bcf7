"""``complaintdesk restore DIR``: put a backup back (stop the server and the worker first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from complaintdesk.privacy.backup import BackupError, backup_restore


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # the database may not exist yet
    help = "Restore a backup made by `complaintdesk backup`; then run `complaintdesk migrate`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path, help="the backup directory")
        parser.add_argument(
            "--force", action="store_true", help="replace an existing SQLite database"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(folder=options["folder"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored the {restored['vendor']} database of {restored['started_at']} and "
            f"{restored['attachments_restored']} files; run `complaintdesk migrate` next"
        )
