"""How an improvement action's metric reads: rates as percentages, per-1,000 to two places,
counts whole; and the verdict of the noise test."""

from __future__ import annotations

from django import template

register = template.Library()

RATES = frozenset({"refund_rate", "breach_rate", "csat"})


@register.filter
def metric_value(value: float | None, metric: str) -> str:
    if value is None:
        return "—"
    if metric in RATES:
        return f"{value * 100:.1f}%"
    if metric == "per_1000_orders":
        return f"{value:.2f}"
    return f"{value:.0f}"


@register.filter
def change_percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.0f}%"


@register.filter
def p_value(value: float | None) -> str:
    return "—" if value is None else f"{value:.3g}"
