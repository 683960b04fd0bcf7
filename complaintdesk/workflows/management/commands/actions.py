"""``complaintdesk actions measure|overdue``: measure the effect of done actions whose
after-period has ended, or alert the owners and supervisors of overdue actions (the worker
does both every hour)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from complaintdesk.workflows.improvement import effects_measure, overdue_alerts


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


class Command(BaseCommand):
    help = "Measure the effect of done improvement actions, or alert overdue ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["measure", "overdue"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "measure":
            for result in effects_measure():
                action = result.action
                self.stdout.write(
                    f"#{action.pk} {action.title}: {_figure(action.baseline_value)} → "
                    f"{_figure(action.effect_value)} ({action.metric}), p="
                    f"{_figure(action.effect_p_value)}, {action.verdict}"
                )
            return
        for action in overdue_alerts():
            self.stdout.write(f"#{action.pk} {action.title}: overdue since {action.due_date}")
