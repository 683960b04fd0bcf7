"""``complaintdesk run``: the web app and the background worker as one command, started for real
as a process tree on a free port with its own data directory. Also the ``EMAIL_DELIVERY``
switch that ``make run`` sets."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0  # the command itself kills a child that ignores SIGTERM for 10 s


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "complaintdesk.cli", *args]


def _environ(data_dir: Path, **extra: str) -> dict[str, str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_", "PYTEST_"))
        and key not in {"BIND", "DATABASE_URL", "REDIS_URL", "IMAP_HOST"}
    }  # always SQLite and the Huey queue in the temporary data dir, never a shared database
    pythonpath = [str(ROOT), *filter(None, [environ.get("PYTHONPATH", "")])]
    environ.update(
        PYTHONPATH=os.pathsep.join(pythonpath),
        COMPLAINTDESK_DATA_DIR=str(data_dir),
        SECRET_KEY="run-command-test-secret-key-run-command-test-secret",
        WEB_CONCURRENCY="1",
        **extra,
    )
    return environ


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> dict[str, int]:
    """The direct children of ``pid`` by subcommand: {"serve": pid, "worker": pid}."""
    found = {}
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        if b"complaintdesk.cli" in argv:
            found[argv[argv.index(b"complaintdesk.cli") + 1].decode()] = int(child)
    return found


def _children_any(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"complaintdesk run exited early: {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200 and response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {START_TIMEOUT} s")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated data directory shared by the tests of this module."""
    path = tmp_path_factory.mktemp("run-data")
    subprocess.run(
        _command("migrate", "--noinput", "-v0"), env=_environ(path), check=True, timeout=180
    )
    return path


@pytest.fixture
def running(data_dir: Path) -> Iterator[tuple[subprocess.Popen[bytes], dict[str, int], Path]]:
    """``complaintdesk run`` serving on a free port, once /healthz answers and both children
    are up; whatever is left is killed afterwards."""
    port = _free_port()
    environ = _environ(data_dir, BIND=f"127.0.0.1:{port}", EMAIL_DELIVERY="capture")
    log = (data_dir / f"run-{port}.log").open("w+b")
    process = subprocess.Popen(_command("run"), env=environ, stdout=log, stderr=subprocess.STDOUT)
    children: dict[str, int] = {}
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
        children = _children(process.pid)
        yield process, children, Path(log.name)
    finally:
        for pid in [*children.values(), process.pid]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)
        log.close()


def test_one_sigint_stops_the_web_app_and_the_worker(running) -> None:
    process, children, log = running
    assert set(children) == {"serve", "worker"}
    assert _alive(children["worker"]) and _alive(children["serve"])
    gunicorn_workers = _children_any(children["serve"])
    assert gunicorn_workers, "gunicorn has started its worker process"

    process.send_signal(signal.SIGINT)

    code = process.wait(timeout=STOP_TIMEOUT)
    assert code == 0, log.read_text(errors="replace")[-3000:]
    for pid in [*children.values(), *gunicorn_workers]:
        assert not _alive(pid)


def test_when_the_worker_dies_the_web_app_is_stopped_and_run_fails(running) -> None:
    process, children, log = running
    os.kill(children["worker"], signal.SIGKILL)

    assert process.wait(timeout=STOP_TIMEOUT) != 0
    assert not _alive(children["serve"])
    assert b"worker stopped (exit code -9); stopping the rest" in log.read_bytes()


def test_when_the_web_app_dies_the_worker_is_stopped_and_run_fails(running) -> None:
    process, children, _ = running
    os.kill(children["serve"], signal.SIGKILL)

    assert process.wait(timeout=STOP_TIMEOUT) != 0
    assert not _alive(children["worker"])


def _setting(name: str, data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    code = f"from django.conf import settings; print(settings.{name})"
    environ = _environ(data_dir, DJANGO_SETTINGS_MODULE="complaintdesk.config.settings", **extra)
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60
    )


def test_email_delivery_capture_writes_files_in_the_data_dir(tmp_path: Path) -> None:
    captured = _setting("EMAIL_BACKEND", tmp_path, EMAIL_DELIVERY="capture")
    assert captured.stdout.strip() == "django.core.mail.backends.filebased.EmailBackend"
    path = _setting("EMAIL_FILE_PATH", tmp_path, EMAIL_DELIVERY="capture")
    assert path.stdout.strip() == str(tmp_path.resolve() / "mail")
    default = _setting("EMAIL_BACKEND", tmp_path)
    assert default.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_a_misspelt_email_delivery_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    result = _setting("EMAIL_BACKEND", tmp_path, EMAIL_DELIVERY="captrue")
    assert result.returncode != 0
    assert "EMAIL_DELIVERY='captrue': use smtp or capture." in result.stderr
