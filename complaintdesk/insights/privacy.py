"""Personal data in finished export files: the complaint lists name the customer (name, phone,
e-mail for staff who see them). An erasure removes every kept export file that names the
person; its job row stays and its page says the file is no longer kept."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        try:
            with zipfile.ZipFile(path) as book:
                return "\n".join(
                    book.read(name).decode("utf-8", "replace")
                    for name in book.namelist()
                    if name.endswith(".xml")
                )
        except zipfile.BadZipFile:
            return ""
    return path.read_bytes().decode("utf-8", "replace")


def export_files_scrub(*, values: Sequence[str]) -> int:
    """Delete the kept export files that contain one of the values; returns how many."""
    folder = Path(settings.DATA_DIR) / "exports"
    if not values or not folder.is_dir():
        return 0
    wanted = [v.lower() for v in values]
    removed = 0
    for path in sorted(folder.iterdir()):
        if path.is_file() and any(v in _text(path).lower() for v in wanted):
            path.unlink()
            removed += 1
    return removed
