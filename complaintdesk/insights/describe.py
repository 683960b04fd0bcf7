"""Alerts and figures in words, in the active language (no raw codes on a page or in a mail)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaintdesk.complaints.choices import Category, RiskFlag
from complaintdesk.insights.models import Alert, AlertKind, SeriesKind


def series_label(series_kind: str, key: str) -> str:
    if series_kind == SeriesKind.CATEGORY:
        return str(dict(Category.choices).get(key, key))
    if series_kind == SeriesKind.RISK_FLAG:
        return str(dict(RiskFlag.choices).get(key, key))
    if series_kind == SeriesKind.CUSTOMER:
        return _("one customer")
    return f"「{key}」"


def alert_title(alert: Alert) -> str:
    label = series_label(alert.series_kind, alert.series_key)
    if alert.kind == AlertKind.SPIKE:
        return _(
            "Spike: %(count)s complaints about %(series)s in one day (usually %(expected)s)"
        ) % {"count": alert.count, "series": label, "expected": f"{alert.expected or 0:.1f}"}
    if alert.kind == AlertKind.PUBLIC_OPINION:
        return _("Public-opinion risk: %(count)s complaints flagged “%(flag)s”") % {
            "count": alert.count, "flag": label,
        }
    return _("Repeated complaints: %(count)s from one customer within 30 days") % {
        "count": alert.count
    }
