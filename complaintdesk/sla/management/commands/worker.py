"""``complaintdesk worker``: the background worker (Huey consumer) with the SLA sweep every
minute. The queue lives in SQLite in the data directory, or in Redis when ``REDIS_URL`` is
set. SIGTERM stops it at once, SIGINT after the running task; a task cut short is safe to run
again (see :mod:`complaintdesk.sla.escalation`)."""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import Any

from django.conf import settings
from huey.consumer import Consumer
from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey


class _TermHeldUntilHandled:
    """The consumer starts its scheduler and worker threads before it installs its SIGTERM
    handler; a SIGTERM in between would kill the process outright. Hold SIGTERM back (the
    threads inherit the mask) until the handler is in place, then let it through."""

    def __enter__(self) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        self._install = Consumer._set_signal_handlers

        def install_then_release(consumer: Consumer) -> None:
            self._install(consumer)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})

        Consumer._set_signal_handlers = install_then_release

    def __exit__(self, *exc: object) -> None:
        Consumer._set_signal_handlers = self._install
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


class Command(RunHuey):
    help = "Run the background worker: the SLA sweep every minute, and queued jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        # The consumer gives the "huey" logger its own handler; don't print each line twice.
        logging.getLogger("huey").propagate = False
        with _TermHeldUntilHandled():
            super().handle(*args, **options)
