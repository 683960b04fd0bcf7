"""``complaintdesk import FILE --mapping ... [--dry-run]``: historical complaints from CSV/Excel.

Prints every bad row as ``line N: reason`` and a summary; exits 0 when every row was good,
1 when some rows were reported, 2 when the file or mapping cannot be used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.intake.imports import FIELDS, mapping_parse, rows_estimate
from complaintdesk.workflows.history import history_import_file


class Command(BaseCommand):
    help = "Import historical complaints from a CSV or Excel (.xlsx) file."
    total = 0

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mapping",
            default="",
            help=(
                "field=Column pairs separated by commas, or @file.json with {field: column}. "
                f"Fields: {', '.join(FIELDS)}. Unmapped fields are read from a column of "
                "the same name."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row; write nothing."
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def _mapping(self, value: str) -> dict[str, str]:
        if value.startswith("@"):
            pairs = json.loads(Path(value[1:]).read_text(encoding="utf-8"))
            value = ",".join(f"{k}={v}" for k, v in pairs.items())
        try:
            return mapping_parse(value)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _progress(self, done: int) -> None:
        if not sys.stderr.isatty():
            return
        total = max(self.total, done, 1)
        filled = int(40 * done / total)
        bar = "#" * filled + "." * (40 - filled)
        sys.stderr.write(f"\r[{bar}] {done:,}/{total:,} rows")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        self.total = rows_estimate(path)
        report = history_import_file(
            path=path,
            mapping=self._mapping(options["mapping"]),
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
            progress=self._progress,
        )
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        for line, reason in report.errors:
            self.stdout.write(f"line {line}: {reason}")
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(
            f"{report.rows} rows: {verb} {report.imported}, already imported "
            f"{report.already_imported}, bad {len(report.errors)}"
        )
        if report.errors:
            sys.exit(1)
