"""Backups and restores of the whole product's data.

A backup is a directory (owner-only) holding, in the order they are taken:

1. ``database.sqlite3`` — SQLite's online backup API (``sqlite3.Connection.backup``): a
   consistent snapshot of one moment while intake goes on, committed transactions only; or
   ``database.pgdump`` — ``pg_dump --format=custom``, one snapshot transaction, for PostgreSQL;
2. ``attachments/`` — the attachment and evidence files, copied *after* the database: every
   file a row of the snapshot names was written before that row committed, so it is there;
   files added after the snapshot are copied too and are harmless extras;
3. ``secret_key`` — the key in ``DATA_DIR/secret_key`` (sessions, password reset links and
   signed tokens depend on it); when ``SECRET_KEY`` comes from the environment it is not
   copied, and the manifest says so;
4. ``manifest.json`` — when, from what, each part's size and the database's SHA-256; written
   last, so a directory without it is an unfinished backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
FORMAT = "complaintdesk-backup/1"


class BackupError(Exception):
    """The backup or restore could not be made; the message says why and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database() -> dict[str, Any]:
    return dict(connections["default"].settings_dict)


def _is_sqlite(database: dict[str, Any]) -> bool:
    return str(database["ENGINE"]).endswith("sqlite") or "sqlite3" in str(database["ENGINE"])


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[name] = str(database[key])
    return env


def _copy_tree(source: Path, target: Path) -> int:
    copied = 0
    if not source.is_dir():
        return 0
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.endswith(".tmp"):
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copy2(path, destination)
            copied += 1
    return copied


def _has_tables(path: Path) -> bool:
    if not path.exists() or not path.stat().st_size:
        return False
    probe = sqlite3.connect(str(path))
    try:
        return bool(probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        probe.close()


def _sqlite_copy(source_path: Path, target_path: Path) -> None:
    """SQLite's online backup API: a consistent copy of the committed database, page by page,
    while other connections keep reading and writing the source."""
    source = sqlite3.connect(str(source_path))
    try:
        destination = sqlite3.connect(str(target_path))
        with destination:
            source.backup(destination)
        destination.close()
    finally:
        source.close()


def _pg_tool(name: str, arguments: list[str], database: dict[str, Any]) -> None:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools.")
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own settings
        [tool, *arguments],
        env=_pg_env(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {done.stderr.strip()}")


def backup_create(*, out: Path) -> dict[str, Any]:
    """Write a backup into ``out`` (created, or empty); returns the manifest."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: give a new directory for each backup.")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    out.chmod(0o700)
    database = _database()
    started = dt.datetime.now(dt.UTC)
    if _is_sqlite(database):
        target = out / "database.sqlite3"
        _sqlite_copy(Path(str(database["NAME"])), target)
        vendor = "sqlite"
    else:
        target = out / "database.pgdump"
        _pg_tool("pg_dump", ["--format=custom", "--no-owner", f"--file={target}"], database)
        vendor = "postgresql"
    target.chmod(0o600)
    files = _copy_tree(Path(settings.ATTACHMENT_ROOT), out / "attachments")
    key_file = Path(settings.DATA_DIR) / "secret_key"
    key_copied = key_file.is_file() and os.environ.get("SECRET_KEY", "") == ""
    if key_copied:
        shutil.copy2(key_file, out / "secret_key")
        (out / "secret_key").chmod(0o600)
    manifest = {
        "format": FORMAT,
        "started_at": started.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": vendor,
        "database": {
            "file": target.name,
            "bytes": target.stat().st_size,
            "sha256": _sha256(target),
        },
        "attachments": files,
        "secret_key": "copied" if key_copied else "from the environment: keep it yourself",
        "order": ["database", "attachments", "secret_key"],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2))
    (out / MANIFEST).chmod(0o600)
    return manifest


def backup_read(folder: Path) -> dict[str, Any]:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST}: not a finished backup.")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is not a complaintdesk backup ({manifest.get('format')}).")
    database = folder / manifest["database"]["file"]
    if _sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database} does not match the manifest's SHA-256: it is damaged.")
    return manifest


def backup_restore(*, folder: Path, force: bool = False) -> dict[str, Any]:
    """Put a backup back: the database, then the attachments and the secret key. Stop the
    web server and the worker first. An existing SQLite database is replaced only with
    ``force``; a PostgreSQL database is restored with ``pg_restore --clean``."""
    manifest = backup_read(folder)
    database = _database()
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if manifest["vendor"] == "sqlite":
        if not _is_sqlite(database):
            raise BackupError("This backup is of SQLite; DATABASE_URL names PostgreSQL.")
        path = Path(str(database["NAME"]))
        if _has_tables(path) and not force:
            raise BackupError(f"{path} exists: give --force to replace it.")
        connections["default"].close()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        _sqlite_copy(folder / "database.sqlite3", path)
    else:
        if _is_sqlite(database):
            raise BackupError("This backup is of PostgreSQL: set DATABASE_URL to restore it.")
        connections["default"].close()
        _pg_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={_pg_env(database)['PGDATABASE']}",
                str(folder / "database.pgdump"),
            ],
            database,
        )
    restored = _copy_tree(folder / "attachments", Path(settings.ATTACHMENT_ROOT))
    if (folder / "secret_key").is_file():
        shutil.copy2(folder / "secret_key", data_dir / "secret_key")
        (data_dir / "secret_key").chmod(0o600)
    return {**manifest, "attachments_restored": restored}
