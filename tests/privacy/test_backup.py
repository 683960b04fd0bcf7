"""A backup taken while complaints keep arriving restores to a working product that holds every
complaint answered 201 before the backup started (SQLite's online backup API; pg_dump on
PostgreSQL)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from complaintdesk.privacy.backup import backup_create
from complaintdesk.testing.personas import Persona
from tests.conftest import complaint_body

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

# Run inside the restored installation: every expected complaint answers 200, and a new
# complaint can still be received (201).
CHECK = """
import json, sys, django
django.setup()
from django.test import Client
key, numbers = sys.argv[1], json.loads(sys.argv[2])
client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
missing = [n for n in numbers if client.get(f"/api/v1/complaints/{n}").status_code != 200]
new = client.post("/api/v1/complaints", json.dumps({"channel": "api", "text": "恢复后的新投诉",
                  "customer": {"phone": "13600000000"}}), content_type="application/json")
print(json.dumps({"missing": missing, "new": new.status_code}))
"""


class Intake(threading.Thread):
    """Posts complaints as fast as the server answers; records when each 201 came back."""

    def __init__(self, persona: Persona, stop: threading.Event, index: int) -> None:
        super().__init__(daemon=True)
        self.persona, self.stop, self.index = persona, stop, index
        self.answered: list[tuple[float, str]] = []
        self.errors: list[str] = []

    def run(self) -> None:
        client = Client(**self.persona.auth)
        try:
            serial = 0
            while not self.stop.is_set():
                serial += 1
                body = complaint_body(text=f"备份期间的投诉 {self.index}-{serial}，耳机没有声音")
                response = client.post(
                    "/api/v1/complaints", json.dumps(body), content_type="application/json"
                )
                if response.status_code == 201:
                    self.answered.append((time.monotonic(), response.json()["number"]))
                else:
                    self.errors.append(f"{response.status_code} {response.content[:200]!r}")
        except Exception as exc:
            self.errors.append(repr(exc))
        finally:
            connection.close()


def _under_intake(personas: dict[str, Persona], out: Path) -> tuple[list[str], list[str]]:
    stop = threading.Event()
    threads = [Intake(personas["agent"], stop, i) for i in range(2)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while sum(len(t.answered) for t in threads) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    backup_create(out=out)
    answered = sum(len(t.answered) for t in threads)
    while sum(len(t.answered) for t in threads) < answered + 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    errors = [e for t in threads for e in t.errors]
    before = [n for t in threads for at, n in t.answered if at < started]
    after = [n for t in threads for at, n in t.answered if at >= started]
    assert not errors, errors
    return before, after


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _restore_and_check(folder: Path, env: dict[str, str], key: str, numbers: list[str]) -> Any:
    _run(["-m", "complaintdesk.cli", "restore", str(folder)], env)
    _run(["-m", "complaintdesk.cli", "migrate", "--no-input"], env)
    out = _run(["-c", CHECK, key, json.dumps(numbers)], env)
    return json.loads(out.strip().splitlines()[-1])


def _environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        PYTHONPATH=str(ROOT),
        COMPLAINTDESK_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="complaintdesk.config.settings",
        TRIAGE_AT_INTAKE="0",
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def test_backup_under_concurrent_intake_restores_every_answered_complaint(
    personas, settings, tmp_path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; PostgreSQL is the next test")
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    before, after = _under_intake(personas, tmp_path / "backup")
    assert len(before) >= 2, "intake was running when the backup started"
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["order"] == ["database", "attachments", "secret_key"]
    assert oct((tmp_path / "backup").stat().st_mode & 0o777) == oct(0o700)

    restored = tmp_path / "restored"
    result = _restore_and_check(
        tmp_path / "backup", _environment(restored), personas["agent"].key, before
    )
    assert result == {"missing": [], "new": 201}, (result, len(before), len(after))
    assert oct((restored / "complaintdesk.sqlite3").stat().st_mode & 0o777) == oct(0o600)


def test_postgresql_backup_under_concurrent_intake(personas, settings, tmp_path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL set")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore are not installed")
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    before, _ = _under_intake(personas, tmp_path / "backup")
    assert len(before) >= 2
    db = connection.settings_dict
    target = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{target}"
    try:
        result = _restore_and_check(
            tmp_path / "backup",
            _environment(tmp_path / "restored", url),
            personas["agent"].key,
            before,
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    assert result == {"missing": [], "new": 201}


@pytest.mark.django_db
def test_refusals_a_used_folder_a_damaged_backup_and_a_database_in_place(
    settings, tmp_path
) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    used = tmp_path / "used"
    used.mkdir()
    (used / "other.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--out", str(used))
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", str(used))
    if connection.vendor != "sqlite":
        return
    backup = tmp_path / "backup"
    call_command("backup", "--out", str(backup))
    with pytest.raises(CommandError, match="give --force"):
        call_command("restore", str(backup))  # the test database is in place
    with (backup / "database.sqlite3").open("r+b") as damaged:
        damaged.seek(200)
        damaged.write(b"\xff" * 16)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(backup), "--force")
