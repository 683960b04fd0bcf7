"""``complaintdesk insights refresh|rebuild|alerts|weekly-report``: what the worker does for
the dashboard, by hand — apply the new events to the read model, rewrite every fact row (e.g.
after a calendar change), look for spike and 舆情 alerts today, queue the weekly report."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from complaintdesk.workflows.insights_alerts import alerts_detect
from complaintdesk.workflows.insights_feed import facts_rebuild, facts_refresh
from complaintdesk.workflows.insights_report import weekly_report_send


class Command(BaseCommand):
    help = "Refresh or rebuild the insights read model, detect alerts, send the weekly report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh", "rebuild", "alerts", "weekly-report"])

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "refresh":
            result: dict[str, Any] = {"facts_written": facts_refresh()}
        elif action == "rebuild":
            result = {"facts_written": facts_rebuild()}
        elif action == "alerts":
            raised = alerts_detect()
            result = {"alerts": len(raised), "new": sum(r.created for r in raised)}
        else:
            result = {"mails_queued": weekly_report_send()}
        self.stdout.write(json.dumps(result))
