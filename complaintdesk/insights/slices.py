"""Which complaints a figure counts: the actor's scope, the dashboard's filters (date range,
industry, department, category) and, on the page behind a number, the drill-down that
number stands for (a category, a course, a clock state, an age band …)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.insights.models import ComplaintFact

INSIGHTS_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN, Role.DEPARTMENT, Role.AUDITOR})
GRAINS = ("day", "week", "month")
SLA_KINDS = ("first_response", "answer", "resolution", "statutory")
#: Open complaints by calendar days since receipt: (code, from days, to days).
AGE_BANDS = (("0-1", 0, 1), ("1-3", 1, 3), ("3-7", 3, 7), ("7-30", 7, 30), ("30+", 30, None))
#: Drill-down parameters on the figures' complaint lists, and the fact column each narrows.
DRILL_COLUMNS = {
    "channel": "channel",
    "demand": "demand",
    "item": "item",
    "status": "status",
    "assignee": "assignee_id",
    "department_of": "department_id",
    "day": "received_day",
}


def ensure_can_see_insights(actor: Actor) -> None:
    """Supervisors, admins, department staff (their department) and auditors (masked); for
    everyone else the pages do not exist (404)."""
    if actor.role not in INSIGHTS_ROLES:
        raise NotFound(_("No such page."))


@dataclass(frozen=True)
class Slice:
    """The dashboard's filters and an optional drill-down; every panel takes one."""

    day_from: dt.date | None = None
    day_to: dt.date | None = None
    industry: str = ""
    department_id: int | None = None
    category: str = ""
    grain: str = "day"
    drill: dict[str, str] = field(default_factory=dict)

    def with_drill(self, **values: str) -> Slice:
        return replace(self, drill={**self.drill, **values})


def facts_for(*, actor: Actor, slice_: Slice) -> QuerySet[ComplaintFact]:
    """The fact rows the actor may count, narrowed by the slice (unordered)."""
    ensure_can_see_insights(actor)
    qs = ComplaintFact.objects.all()
    if actor.role == Role.DEPARTMENT:
        if actor.department_id is None:
            return qs.none()
        qs = qs.filter(department_id=actor.department_id)
    if slice_.day_from:
        qs = qs.filter(received_day__gte=slice_.day_from)
    if slice_.day_to:
        qs = qs.filter(received_day__lte=slice_.day_to)
    if slice_.industry:
        qs = qs.filter(industry=slice_.industry)
    if slice_.department_id is not None:
        qs = qs.filter(department_id=slice_.department_id)
    if slice_.category:
        qs = qs.filter(category=slice_.category)
    return _drill(qs, slice_.drill)


def _none_or(value: str) -> str | None:
    return None if value in {"", "none"} else value


def _drill(qs: QuerySet[ComplaintFact], drill: dict[str, str]) -> QuerySet[ComplaintFact]:
    for name, value in drill.items():
        if name in DRILL_COLUMNS:
            column = DRILL_COLUMNS[name]
            if name in {"assignee", "department_of"}:
                qs = qs.filter(**{column: _none_or(value)})
            else:
                qs = qs.filter(**{column: value})
        elif name == "open":
            qs = qs.filter(is_open=value == "1")
        elif name in {"reopened", "resolved", "replied"}:
            qs = _drill_flag(qs, name, value == "1")
        elif name == "sla":
            qs = _drill_sla(qs, value)
        elif name == "age":
            qs = _drill_age(qs, value)
        elif name == "period":
            qs = _drill_period(qs, value, drill.get("grain", "day"))
        elif name == "flag":
            qs = qs.filter(risk_flags__contains=f",{value},")
        elif name != "grain":
            raise InvalidInput(_("Unknown filter %(name)s.") % {"name": name})
    return qs


def _drill_flag(qs: QuerySet[ComplaintFact], name: str, on: bool) -> QuerySet[ComplaintFact]:
    if name == "reopened":
        return qs.filter(reopened=on)
    column = "resolved_at" if name == "resolved" else "first_response_at"
    return qs.filter(**{f"{column}__isnull": not on})


def _drill_sla(qs: QuerySet[ComplaintFact], value: str) -> QuerySet[ComplaintFact]:
    kind, _sep, state = value.partition(":")
    if kind not in SLA_KINDS:
        raise InvalidInput(_("Unknown clock %(kind)s.") % {"kind": kind})
    column = f"sla_{kind}"
    if state == "running":
        return qs.filter(**{f"{column}__in": ["running", "paused"]})
    return qs.filter(**{column: state})


def _drill_age(qs: QuerySet[ComplaintFact], code: str) -> QuerySet[ComplaintFact]:
    now = timezone.now()
    for band, low, high in AGE_BANDS:
        if band == code:
            qs = qs.filter(is_open=True, received_at__lte=now - dt.timedelta(days=low))
            if high is not None:
                qs = qs.filter(received_at__gt=now - dt.timedelta(days=high))
            return qs
    raise InvalidInput(_("Unknown age band %(band)s.") % {"band": code})


def period_end(start: dt.date, grain: str) -> dt.date:
    """The first day after the period that begins on ``start``."""
    if grain == "week":
        return start + dt.timedelta(days=7)
    if grain == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def period_start(day: dt.date, grain: str) -> dt.date:
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def _drill_period(qs: QuerySet[ComplaintFact], value: str, grain: str) -> QuerySet[ComplaintFact]:
    try:
        start = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("The period must be a date such as 2026-11-02.")) from None
    return qs.filter(Q(received_day__gte=start) & Q(received_day__lt=period_end(start, grain)))
