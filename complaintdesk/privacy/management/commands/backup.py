"""``complaintdesk backup --out DIR``: the database, then the attachments and the secret key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from complaintdesk.privacy.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (online), the attachments and the secret key into DIR."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, type=Path, help="a new, empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(out=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup in {options['out']}: {manifest['vendor']} database "
            f"{manifest['database']['bytes']} bytes, {manifest['attachments']} files, "
            f"secret key {manifest['secret_key']}"
        )
