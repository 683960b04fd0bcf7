"""Links from a number on the dashboard to the complaints behind it, and export links."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def behind(query: str, drill: dict[str, str] | None = None, **extra: str) -> str:
    """The complaint list for the dashboard's filters (``query``) plus a drill-down."""
    params = {**(drill or {}), **extra}
    tail = "&".join(part for part in (query, urlencode(params)) if part)
    return f"{reverse('desk:insights_complaints')}?{tail}"


@register.simple_tag
def export_url(query: str, report: str, file_format: str = "xlsx") -> str:
    tail = urlencode({"report": report, "format": file_format})
    head = f"{query}&" if query else ""
    return f"{reverse('desk:export')}?{head}{tail}"


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@register.filter
def minutes_as_hours(value: int | None) -> str:
    return "—" if value is None else f"{value / 60:.1f}"
