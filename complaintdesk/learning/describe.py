"""An improvement action's figures in words, for reports and mails (in the active language)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from complaintdesk.learning.choices import ActionStatus, Metric, Verdict
from complaintdesk.learning.models import ImprovementAction

RATES = frozenset({Metric.REFUND_RATE, Metric.BREACH_RATE, Metric.CSAT})


def metric_text(value: float | None, metric: str) -> str:
    if value is None:
        return "—"
    if metric in RATES:
        return f"{value * 100:.1f}%"
    if metric == Metric.PER_THOUSAND_ORDERS:
        return f"{value:.2f}"
    return f"{value:.0f}"


def effect_text(action: ImprovementAction) -> str:
    """ "30 → 10 (−67%), beyond noise (p = 0.0022)", or the baseline before measurement."""
    if action.evaluated_at is None:
        return _("Baseline %(value)s") % {
            "value": metric_text(action.baseline_value, action.metric)
        }
    change = "" if action.effect_change is None else f" ({action.effect_change * 100:+.0f}%)"
    p_value = "—" if action.effect_p_value is None else f"{action.effect_p_value:.3g}"
    return (
        f"{metric_text(action.baseline_value, action.metric)} → "
        f"{metric_text(action.effect_value, action.metric)}{change}, "
        f"{Verdict(action.verdict).label if action.verdict else ''} (p = {p_value})"
    )


@dataclass(frozen=True)
class ActionLine:
    title: str
    owner: str
    due_date: dt.date
    status: str
    overdue: bool
    metric: str
    effect: str


def action_line(action: ImprovementAction, today: dt.date) -> ActionLine:
    open_ = action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
    return ActionLine(
        title=action.title,
        owner=action.owner.get_username(),
        due_date=action.due_date,
        status=str(ActionStatus(action.status).label),
        overdue=open_ and action.due_date < today,
        metric=str(Metric(action.metric).label),
        effect=effect_text(action),
    )
