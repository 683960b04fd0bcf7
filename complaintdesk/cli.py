"""The ``complaintdesk`` command: every management command, plus ``serve`` and ``run``.

``complaintdesk serve`` runs gunicorn with the WSGI application; ``complaintdesk run`` runs
``serve`` and ``worker`` side by side as one command; everything else is a Django management
command (``migrate``, ``demo``, ``apikey``, ...).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from django.core.management import execute_from_command_line
from gunicorn.app.wsgiapp import run as gunicorn_run


def _serve(argv: list[str]) -> None:
    bind = os.environ.get("BIND", "127.0.0.1:8000")
    workers = os.environ.get("WEB_CONCURRENCY", str(max(2, (os.cpu_count() or 1))))
    sys.argv = [
        "gunicorn",
        "complaintdesk.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--access-logfile",
        "-",
        # No query strings or link tokens in the access log (config/access_log.py).
        "--logger-class",
        "complaintdesk.config.access_log.RedactingLogger",
        *argv,
    ]
    gunicorn_run()


# How long a child may take to stop after it was asked before it is killed.
RUN_STOP_TIMEOUT = 10.0
_FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _run_banner() -> str:
    """One line saying where the product answers and where outgoing mail goes. Reading the
    settings here also stops a misconfiguration once, before any child starts."""
    from django.conf import settings

    bind = os.environ.get("BIND", "127.0.0.1:8000")
    if settings.EMAIL_DELIVERY == "capture":
        mail = f"mail captured in {settings.EMAIL_FILE_PATH}, readable at /desk/outbox/ (admins)"
    else:
        mail = f"mail sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"complaintdesk run: web on http://{bind}/ and the background worker; {mail}"


def _stop(children: dict[str, subprocess.Popen[bytes]], signum: int) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signum)


def _run(argv: list[str]) -> int:
    """``serve`` and ``worker`` as two child processes. SIGINT, SIGTERM or SIGHUP is passed on
    to both (SIGHUP as SIGTERM); when either child ends on its own, the other is stopped and
    the exit code is non-zero. A child that does not stop within :data:`RUN_STOP_TIMEOUT`
    seconds is killed."""
    print(_run_banner(), file=sys.stderr, flush=True)
    requested: list[int] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        signum = signal.SIGTERM if signum == signal.SIGHUP else signum
        requested.append(signum)
        _stop(children, signum)

    children: dict[str, subprocess.Popen[bytes]] = {}
    previous = {signum: signal.signal(signum, forward) for signum in _FORWARDED}
    try:
        for name, extra in (("serve", argv), ("worker", [])):
            command = [sys.executable, "-m", "complaintdesk.cli", name, *extra]
            children[name] = subprocess.Popen(command)  # noqa: S603 - our own command
            if requested:  # a signal arrived while the first child was starting
                _stop(children, requested[-1])
        while all(child.poll() is None for child in children.values()):
            time.sleep(0.2)
        first = next(name for name, child in children.items() if child.returncode is not None)
        if not requested:
            code = children[first].returncode
            print(
                f"complaintdesk run: {first} stopped (exit code {code}); stopping the rest",
                file=sys.stderr,
                flush=True,
            )
            _stop(children, signal.SIGTERM)
        deadline = time.monotonic() + RUN_STOP_TIMEOUT
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if requested:  # a clean stop: each child exited 0 or by the signal it was given
        clean = {0, -requested[0]}
        unclean = {n: c.returncode for n, c in children.items() if c.returncode not in clean}
        if unclean:
            print(f"complaintdesk run: stopped, but not cleanly: {unclean}", file=sys.stderr)
        return 1 if unclean else 0
    code = children[first].returncode
    return code if code > 0 else 1


# Commands that start or set up the product tighten the data directory's modes first.
SECURES_DATA = {"migrate", "serve", "run", "worker"}


def _secure_data() -> None:
    from django.conf import settings

    from complaintdesk.config.files import data_files_secure

    database = settings.DATABASES["default"]
    sqlite = str(database["ENGINE"]).endswith("sqlite")
    for change in data_files_secure(
        data_dir=Path(settings.DATA_DIR), database=Path(str(database["NAME"])) if sqlite else None
    ):
        print(f"complaintdesk: owner-only mode set on {change}", file=sys.stderr)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.config.settings")
    argv = sys.argv[1:]
    if argv[:1] and argv[0] in SECURES_DATA:
        _secure_data()
    if argv[:1] == ["serve"]:
        _serve(argv[1:])
        return
    if argv[:1] == ["run"]:
        sys.exit(_run(argv[1:]))
    execute_from_command_line(["complaintdesk", *argv])


if __name__ == "__main__":
    main()
