"""The figures of the dashboard, each one ``GROUP BY`` (or one aggregate) over the read model,
scoped by the actor and narrowed by a :class:`~complaintdesk.insights.slices.Slice`.

Every row carries ``drill``: the parameters that list the complaints behind its number.
Definitions of every figure: docs/insights.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Category, Channel, Demand, Industry, Status
from complaintdesk.complaints.models import Department
from complaintdesk.insights import stats
from complaintdesk.insights.slices import (
    AGE_BANDS,
    SLA_KINDS,
    Slice,
    facts_for,
    period_end,
    period_start,
)

BREAKDOWN_LIMIT = 15
#: dimension → (fact column, drill parameter, vocabulary or None)
DIMENSIONS: dict[str, tuple[str, str, Any]] = {
    "category": ("category", "category", Category),
    "demand": ("demand", "demand", Demand),
    "channel": ("channel", "channel", Channel),
    "industry": ("industry", "industry", Industry),
    "department": ("department_id", "department_of", None),
    "agent": ("assignee_id", "assignee", None),
    "item": ("item", "item", None),
}


def dimension_title(dimension: str) -> str:
    return {
        "category": _("By category"),
        "demand": _("By demand"),
        "channel": _("By channel"),
        "industry": _("By industry"),
        "department": _("By department"),
        "agent": _("By agent"),
        "item": _("By product or course"),
    }[dimension]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int
    share: float | None = None
    drill: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Headline:
    received: int
    open: int
    resolved: int
    reopened: int
    reopen_rate: float | None


def headline(*, actor: Actor, slice_: Slice) -> Headline:
    """Received, still open, resolved at least once, reopened, and the reopen rate
    (reopened ÷ resolved). One query."""
    totals = facts_for(actor=actor, slice_=slice_).aggregate(
        received=Count("pk"),
        open=Count("pk", filter=Q(is_open=True)),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        reopened=Count("pk", filter=Q(reopened=True)),
    )
    return Headline(
        received=totals["received"],
        open=totals["open"],
        resolved=totals["resolved"],
        reopened=totals["reopened"],
        reopen_rate=stats.share(totals["reopened"], totals["resolved"]),
    )


def volume(*, actor: Actor, slice_: Slice) -> list[Row]:
    """Complaints received per day, week (from Monday) or month, every period of the range
    (or from the first complaint to the last) with zeros where none came. One query."""
    per_day = (
        facts_for(actor=actor, slice_=slice_)
        .values("received_day")
        .annotate(n=Count("pk"))
        .order_by("received_day")
    )
    periods: dict[dt.date, int] = {}
    for row in per_day:
        start = period_start(row["received_day"], slice_.grain)
        periods[start] = periods.get(start, 0) + row["n"]
    if periods:  # periods without complaints are zeros, not gaps in the line
        first = period_start(slice_.day_from or min(periods), slice_.grain)
        last = slice_.day_to or max(periods)
        while first <= last:
            periods.setdefault(first, 0)
            first = period_end(first, slice_.grain)
    return [
        Row(
            key=start.isoformat(),
            label=start.isoformat(),
            count=n,
            drill={"period": start.isoformat(), "grain": slice_.grain},
        )
        for start, n in sorted(periods.items())
    ]


def _labels(dimension: str, keys: list[Any]) -> dict[Any, str]:
    if dimension == "department":
        names = dict(Department.objects.filter(pk__in=keys).values_list("pk", "name"))
        return {key: names.get(key, _("No department")) for key in keys}
    if dimension == "agent":
        users = get_user_model().objects.filter(pk__in=keys)
        names = {user.pk: user.get_username() for user in users}
        return {key: names.get(key, _("Unassigned")) for key in keys}
    vocabulary = DIMENSIONS[dimension][2]
    if vocabulary is not None:
        known = dict(vocabulary.choices)
        return {key: str(known.get(key, _("Not classified"))) for key in keys}
    return {key: key or _("No product or course") for key in keys}


def breakdown(*, actor: Actor, slice_: Slice, dimension: str) -> list[Row]:
    """Complaints per value of one dimension, most first; beyond ``BREAKDOWN_LIMIT`` values
    the rest are one row ("all others", not a link). One query (two with names to look up)."""
    column, param, _vocabulary = DIMENSIONS[dimension]
    counted = list(
        facts_for(actor=actor, slice_=slice_)
        .values(column)
        .annotate(n=Count("pk"))
        .order_by("-n", column)
    )
    total = sum(row["n"] for row in counted)
    top, rest = counted[:BREAKDOWN_LIMIT], counted[BREAKDOWN_LIMIT:]
    keys = [row[column] for row in top]
    labels = _labels(dimension, keys)
    rows = [
        Row(
            key=str(row[column] if row[column] is not None else ""),
            label=labels[row[column]],
            count=row["n"],
            share=stats.share(row["n"], total),
            drill={param: str(row[column] if row[column] is not None else "none")},
        )
        for row in top
    ]
    if rest:
        n = sum(row["n"] for row in rest)
        rows.append(Row(key="", label=_("All others"), count=n, share=stats.share(n, total)))
    return rows


@dataclass(frozen=True)
class ClockFigures:
    kind: str
    met: int
    breached: int
    running: int
    stopped: int

    @property
    def attainment(self) -> float | None:
        """Met ÷ (met + breached): of the clocks that have finished or been missed."""
        return stats.share(self.met, self.met + self.breached)


def sla_attainment(*, actor: Actor, slice_: Slice) -> list[ClockFigures]:
    """Per clock kind: met, breached, running (or paused) and stopped. One query."""
    aggregates = {}
    for kind in SLA_KINDS:
        column = f"sla_{kind}"
        aggregates[f"{kind}__met"] = Count("pk", filter=Q(**{column: "met"}))
        aggregates[f"{kind}__breached"] = Count("pk", filter=Q(**{column: "breached"}))
        aggregates[f"{kind}__running"] = Count(
            "pk", filter=Q(**{f"{column}__in": ["running", "paused"]})
        )
        aggregates[f"{kind}__stopped"] = Count("pk", filter=Q(**{column: "stopped"}))
    totals = facts_for(actor=actor, slice_=slice_).aggregate(**aggregates)
    return [
        ClockFigures(
            kind=kind,
            met=totals[f"{kind}__met"],
            breached=totals[f"{kind}__breached"],
            running=totals[f"{kind}__running"],
            stopped=totals[f"{kind}__stopped"],
        )
        for kind in SLA_KINDS
    ]


def breach_trend(*, actor: Actor, slice_: Slice) -> dict[str, list[tuple[str, float | None]]]:
    """Per clock kind and period of receipt: breached ÷ (met + breached). One query."""
    aggregates = {}
    for kind in SLA_KINDS:
        column = f"sla_{kind}"
        aggregates[f"{kind}__met"] = Count("pk", filter=Q(**{column: "met"}))
        aggregates[f"{kind}__breached"] = Count("pk", filter=Q(**{column: "breached"}))
    per_day = (
        facts_for(actor=actor, slice_=slice_)
        .values("received_day")
        .annotate(**aggregates)
        .order_by("received_day")
    )
    sums: dict[dt.date, dict[str, int]] = {}
    for row in per_day:
        bucket = sums.setdefault(period_start(row["received_day"], slice_.grain), {})
        for name in aggregates:
            bucket[name] = bucket.get(name, 0) + row[name]
    trend: dict[str, list[tuple[str, float | None]]] = {kind: [] for kind in SLA_KINDS}
    for start, bucket in sorted(sums.items()):
        for kind in SLA_KINDS:
            met, breached = bucket[f"{kind}__met"], bucket[f"{kind}__breached"]
            trend[kind].append((start.isoformat(), stats.share(breached, met + breached)))
    return trend


@dataclass(frozen=True)
class Durations:
    measure: str
    count: int
    median_hours: float | None
    p90_hours: float | None


def handling_times(*, actor: Actor, slice_: Slice) -> list[Durations]:
    """First response and resolution in working hours: how many, median and 90th percentile.
    Two queries, each a count per distinct whole working minute."""
    facts = facts_for(actor=actor, slice_=slice_)
    results = []
    for measure, column in (
        ("first_response", "first_response_minutes"),
        ("resolution", "resolution_minutes"),
    ):
        counts = [
            (row[column], row["n"])
            for row in facts.filter(**{f"{column}__isnull": False})
            .values(column)
            .annotate(n=Count("pk"))
            .order_by(column)
        ]
        median = stats.percentile_from_counts(counts, 0.5)
        p90 = stats.percentile_from_counts(counts, 0.9)
        results.append(
            Durations(
                measure=measure,
                count=sum(n for _, n in counts),
                median_hours=None if median is None else median / 60,
                p90_hours=None if p90 is None else p90 / 60,
            )
        )
    return results


@dataclass(frozen=True)
class Backlog:
    open: int
    by_age: list[Row]
    by_status: list[Row]


def backlog(*, actor: Actor, slice_: Slice, now: dt.datetime | None = None) -> Backlog:
    """Open complaints by age band (calendar days since receipt) and by status. Two queries."""
    now = now or timezone.now()
    facts = facts_for(actor=actor, slice_=slice_).filter(is_open=True)
    aggregates = {}
    for band, low, high in AGE_BANDS:
        condition = Q(received_at__lte=now - dt.timedelta(days=low))
        if high is not None:
            condition &= Q(received_at__gt=now - dt.timedelta(days=high))
        aggregates[band] = Count("pk", filter=condition)
    ages = facts.aggregate(**aggregates)
    statuses = dict(Status.choices)
    by_status = [
        Row(key=row["status"], label=str(statuses.get(row["status"], row["status"])),
            count=row["n"], drill={"status": row["status"]})
        for row in facts.values("status").annotate(n=Count("pk")).order_by("-n", "status")
    ]
    by_age = [
        Row(key=band, label=_age_label(band), count=ages[band], drill={"age": band})
        for band, _low, _high in AGE_BANDS
    ]
    return Backlog(open=sum(r.count for r in by_status), by_age=by_age, by_status=by_status)


def _age_label(band: str) -> str:
    return {
        "0-1": _("Under 1 day"),
        "1-3": _("1–3 days"),
        "3-7": _("3–7 days"),
        "7-30": _("7–30 days"),
        "30+": _("Over 30 days"),
    }[band]


def complaints_behind(*, actor: Actor, slice_: Slice) -> Any:
    """The fact rows behind a figure with their complaints, newest first by id (the order of
    receipt but for back-dated imports; the primary key read backwards needs no sort)."""
    return (
        facts_for(actor=actor, slice_=slice_)
        .select_related("complaint", "department", "assignee")
        .order_by("-complaint_id")
    )
