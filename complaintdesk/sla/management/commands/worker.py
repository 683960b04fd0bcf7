"""``complaintdesk worker``: the background worker (Huey consumer) with the SLA sweep every
minute. The queue lives in SQLite in the data directory, or in Redis when ``REDIS_URL`` is
set. SIGTERM stops it at once, SIGINT after the running task; a task cut short is safe to run
again (see :mod:`complaintdesk.sla.escalation`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey


class Command(RunHuey):
    help = "Run the background worker: the SLA sweep every minute, and queued jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        # The consumer gives the "huey" logger its own handler; don't print each line twice.
        logging.getLogger("huey").propagate = False
        super().handle(*args, **options)
