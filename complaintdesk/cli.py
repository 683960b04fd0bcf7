"""The ``complaintdesk`` command: every management command, plus ``serve``.

``complaintdesk serve`` runs gunicorn with the WSGI application; everything else is a Django
management command (``migrate``, ``demo``, ``apikey``, ...).
"""

from __future__ import annotations

import os
import sys

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
        *argv,
    ]
    gunicorn_run()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.config.settings")
    argv = sys.argv[1:]
    if argv[:1] == ["serve"]:
        _serve(argv[1:])
        return
    execute_from_command_line(["complaintdesk", *argv])


if __name__ == "__main__":
    main()
