"""Spike and 舆情 (public-opinion) alerts: detection over the read model and the alert rows.

Spikes: each series (a product or course, a risk flag, a category) is compared with its
own last ``HISTORY_DAYS`` days by :func:`complaintdesk.insights.stats.spike_test`. Series
are tested from the most specific to the broadest, and a broader series whose complaints
today are mostly in an alert already raised that day is not raised again: twelve complaints
about one course make one alert, not one for the course and one for its category.

舆情: a complaint with a media or regulator risk flag raises (or joins) that flag's alert of the
day at once; a customer's third complaint within ``REPEAT_WINDOW_DAYS`` days raises one for
that customer. One row per kind, series and day (a unique constraint): detection can run
as often as it likes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from complaintdesk.complaints.choices import RiskFlag
from complaintdesk.insights import stats
from complaintdesk.insights.models import Alert, AlertKind, ComplaintFact, SeriesKind

HISTORY_DAYS = 28
REPEAT_WINDOW_DAYS = 30
REPEAT_COUNT = 3
PUBLIC_OPINION_FLAGS = (RiskFlag.MEDIA_EXPOSURE, RiskFlag.REGULATOR)
MAX_IDS = 500
#: Series tested first to last: the most specific first.
SPIKE_SERIES = (SeriesKind.ITEM, SeriesKind.RISK_FLAG, SeriesKind.CATEGORY)


@dataclass(frozen=True)
class Raised:
    alert: Alert
    created: bool


def _condition(series: str, key: str) -> Q:
    if series == SeriesKind.RISK_FLAG:
        return Q(risk_flags__contains=f",{key},")
    return Q(**{series: key})


def _daily_counts(series: str, day: dt.date) -> dict[str, dict[dt.date, int]]:
    since = day - dt.timedelta(days=HISTORY_DAYS)
    window = ComplaintFact.objects.filter(received_day__gte=since, received_day__lte=day)
    counts: dict[str, dict[dt.date, int]] = defaultdict(dict)
    if series == SeriesKind.RISK_FLAG:
        for flag in RiskFlag.values:
            rows = window.filter(_condition(series, flag)).values("received_day")
            for row in rows.annotate(n=Count("pk")):
                counts[flag][row["received_day"]] = row["n"]
        return counts
    rows = window.exclude(**{series: ""}).values(series, "received_day").annotate(n=Count("pk"))
    for row in rows:
        counts[row[series]][row["received_day"]] = row["n"]
    return counts


def _today_ids(series: str, key: str, day: dt.date) -> list[int]:
    qs = ComplaintFact.objects.filter(_condition(series, key), received_day=day)
    return list(qs.order_by("complaint_id").values_list("complaint_id", flat=True)[:MAX_IDS])


def alert_raise(
    *, kind: str, series: str, key: str, day: dt.date, ids: list[int],
    expected: float | None = None, p_value: float | None = None,
) -> Raised:
    """The day's alert of this series, created or joined by ``ids``."""
    existing = Alert.objects.filter(
        kind=kind, series_kind=series, series_key=key[:200], day=day
    ).first()
    if existing is None:
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    kind=kind, series_kind=series, series_key=key[:200], day=day,
                    count=len(ids), expected=expected, p_value=p_value,
                    complaint_ids=ids[:MAX_IDS], created_at=timezone.now(),
                )
            return Raised(alert, True)
        except IntegrityError:  # another worker raised it a moment ago
            existing = Alert.objects.get(kind=kind, series_kind=series, series_key=key, day=day)
    merged = sorted(set(existing.complaint_ids) | set(ids))[:MAX_IDS]
    if merged != existing.complaint_ids:
        existing.complaint_ids = merged
        existing.count = max(existing.count, len(ids), len(merged))
        existing.save(update_fields=["complaint_ids", "count"])
    return Raised(existing, False)


def _covered(ids: list[int], day: dt.date) -> set[int]:
    covered: set[int] = set()
    spikes = Alert.objects.filter(day=day, kind=AlertKind.SPIKE)
    for alert_ids in spikes.values_list("complaint_ids", flat=True):
        covered.update(alert_ids)
    return covered & set(ids)


def spikes_detect(*, day: dt.date) -> list[Raised]:
    """Test every series for a spike on ``day``; raise (or join) one alert per spike."""
    raised: list[Raised] = []
    for series in SPIKE_SERIES:
        for key, per_day in sorted(_daily_counts(series, day).items()):
            count = per_day.get(day, 0)
            if count < stats.MIN_COUNT:
                continue
            history = [
                per_day.get(day - dt.timedelta(days=back), 0)
                for back in range(HISTORY_DAYS, 0, -1)
            ]
            verdict = stats.spike_test(count, history)
            if not verdict.is_spike:
                continue
            ids = _today_ids(series, key, day)
            if len(_covered(ids, day)) * 2 > len(ids) and not Alert.objects.filter(
                kind=AlertKind.SPIKE, series_kind=series, series_key=key, day=day
            ).exists():
                continue
            raised.append(alert_raise(
                kind=AlertKind.SPIKE, series=series, key=key, day=day, ids=ids,
                expected=verdict.expected, p_value=verdict.p_value,
            ))
    return raised


def public_opinion_detect(*, day: dt.date) -> list[Raised]:
    """Media and regulator risk flags today, and customers complaining again and again."""
    raised = []
    for flag in PUBLIC_OPINION_FLAGS:
        ids = _today_ids(SeriesKind.RISK_FLAG, flag, day)
        if ids:
            raised.append(alert_raise(
                kind=AlertKind.PUBLIC_OPINION, series=SeriesKind.RISK_FLAG, key=flag,
                day=day, ids=ids,
            ))
    since = day - dt.timedelta(days=REPEAT_WINDOW_DAYS - 1)
    today = ComplaintFact.objects.filter(received_day=day, customer__isnull=False)
    repeaters = (
        ComplaintFact.objects.filter(
            received_day__gte=since, received_day__lte=day,
            customer_id__in=today.values("customer_id"),
        )
        .values("customer_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=REPEAT_COUNT)
    )
    for row in repeaters:
        ids = list(
            ComplaintFact.objects.filter(
                customer_id=row["customer_id"], received_day__gte=since, received_day__lte=day
            ).order_by("complaint_id").values_list("complaint_id", flat=True)
        )
        raised.append(alert_raise(
            kind=AlertKind.REPEAT_CUSTOMER, series=SeriesKind.CUSTOMER,
            key=str(row["customer_id"]), day=day, ids=ids,
        ))
    return raised


def alert_link_incident(*, alert: Alert, incident_id: int) -> None:
    Alert.objects.filter(pk=alert.pk).update(incident_id=incident_id)
