"""``complaintdesk worker``: the background worker (Huey consumer) with the SLA sweep every
minute. The queue lives in SQLite in the data directory, or in Redis when ``REDIS_URL`` is
set. SIGTERM stops it at once, SIGINT after the running task; a task cut short is safe to run
again (see :mod:`complaintdesk.sla.escalation`)."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path
from typing import Any

from django.conf import settings
from huey.consumer import Consumer
from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey


class _TermHeldUntilHandled:
    """The consumer starts its scheduler and worker threads before it installs its SIGTERM
    handler; with the default action a SIGTERM in between would kill the process outright.
    Until the consumer's handler is in place, remember a SIGTERM; then hand it over."""

    def __enter__(self) -> None:
        self._pending = False
        self._previous = signal.signal(signal.SIGTERM, self._remember)
        self._install = Consumer._set_signal_handlers

        def install_then_hand_over(consumer: Consumer) -> None:
            self._install(consumer)
            if self._pending:
                os.kill(os.getpid(), signal.SIGTERM)

        Consumer._set_signal_handlers = install_then_hand_over

    def _remember(self, signum: int, frame: object) -> None:
        self._pending = True

    def __exit__(self, *exc: object) -> None:
        Consumer._set_signal_handlers = self._install
        signal.signal(signal.SIGTERM, self._previous)


class Command(RunHuey):
    help = "Run the background worker: the SLA sweep every minute, and queued jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        # The consumer gives the "huey" logger its own handler; don't print each line twice.
        logging.getLogger("huey").propagate = False
        with _TermHeldUntilHandled():
            super().handle(*args, **options)
