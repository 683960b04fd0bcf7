"""Every report the product exports, by name: the dashboard (one sheet per panel), a single
panel, the complaints behind a figure, a desk queue, and the regulator files. The same
builders serve the direct download and the worker's export job, from the same parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from complaintdesk.complaints import queues
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.selectors import ComplaintFilters
from complaintdesk.insights import selectors
from complaintdesk.insights.exports import Table, complaint_table, fact_table
from complaintdesk.insights.regulators import cfpb_table, odr_table
from complaintdesk.insights.slices import Slice, facts_for

PANELS = ("volume", *selectors.DIMENSIONS, "sla", "handling", "backlog")
REPORTS = ("dashboard", *PANELS, "complaints", "queue", "cfpb", "odr")


def slice_params(slice_: Slice) -> dict[str, Any]:
    return {
        "day_from": slice_.day_from.isoformat() if slice_.day_from else None,
        "day_to": slice_.day_to.isoformat() if slice_.day_to else None,
        "industry": slice_.industry,
        "department_id": slice_.department_id,
        "category": slice_.category,
        "grain": slice_.grain,
        "drill": dict(slice_.drill),
    }


def slice_from_params(params: dict[str, Any]) -> Slice:
    def day(name: str) -> dt.date | None:
        value = params.get(name)
        return dt.date.fromisoformat(value) if value else None

    return Slice(
        day_from=day("day_from"), day_to=day("day_to"), industry=params.get("industry") or "",
        department_id=params.get("department_id"), category=params.get("category") or "",
        grain=params.get("grain") or "day", drill=dict(params.get("drill") or {}),
    )


def queue_params(queue: str, filters: ComplaintFilters) -> dict[str, Any]:
    return {
        "queue": queue,
        "filters": {
            name: (value.isoformat() if isinstance(value, dt.datetime) else value)
            for name, value in vars(filters).items()
        },
    }


def _queue_filters(raw: dict[str, Any]) -> ComplaintFilters:
    values = dict(raw)
    for name in ("received_from", "received_to"):
        if values.get(name):
            values[name] = dt.datetime.fromisoformat(values[name])
    return ComplaintFilters(**values)


def _rows_table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    return Table(title=title, columns=columns, rows=rows, total=len(rows))


def _panel(name: str, actor: Actor, slice_: Slice) -> Table:
    if name == "volume":
        rows = [[r.label, r.count] for r in selectors.volume(actor=actor, slice_=slice_)]
        return _rows_table(_("Volume"), [_("Period from"), _("Complaints")], rows)
    if name in selectors.DIMENSIONS:
        found = selectors.breakdown(actor=actor, slice_=slice_, dimension=name)
        rows = [[r.label, r.count, r.share] for r in found]
        title = str(selectors.dimension_title(name))
        return _rows_table(title, [_("Value"), _("Complaints"), _("Share")], rows)
    if name == "sla":
        kinds = dict(ClockKind.choices)
        rows = [
            [str(kinds[c.kind]), c.met, c.breached, c.running, c.stopped, c.attainment]
            for c in selectors.sla_attainment(actor=actor, slice_=slice_)
        ]
        columns = [_("Clock"), _("Met"), _("Breached"), _("Running"), _("Stopped"),
                   _("Attainment")]
        return _rows_table(_("Deadlines"), columns, rows)
    if name == "handling":
        names = {"first_response": _("First response"), "resolution": _("Resolution")}
        rows = [
            [names[d.measure], d.count, d.median_hours, d.p90_hours]
            for d in selectors.handling_times(actor=actor, slice_=slice_)
        ]
        columns = [_("Measure"), _("Complaints"), _("Median (working hours)"),
                   _("90th percentile (working hours)")]
        return _rows_table(_("Handling time"), columns, rows)
    backlog = selectors.backlog(actor=actor, slice_=slice_)
    rows = [[r.label, r.count] for r in backlog.by_age]
    return _rows_table(_("Backlog by age"), [_("Age"), _("Open complaints")], rows)


def report_tables(*, report: str, actor: Actor, params: dict[str, Any]) -> list[Table]:
    """The tables of one report, for ``actor``, from the page's parameters."""
    masked = not actor.sees_personal_data
    if report == "queue":
        qs = queues.queue_rows(
            actor=actor, queue=params["queue"], filters=_queue_filters(params["filters"])
        )
        return [complaint_table(complaints=qs, masked=masked, title=_("Queue"))]
    slice_ = slice_from_params(params)
    if report == "dashboard":
        return [_panel(name, actor, slice_) for name in PANELS]
    if report in PANELS:
        return [_panel(report, actor, slice_)]
    facts = facts_for(actor=actor, slice_=slice_)
    if report == "complaints":
        return [fact_table(facts=facts, masked=masked, title=_("Complaints"))]
    if report == "cfpb":
        return [cfpb_table(facts=facts)]
    if report == "odr":
        return [odr_table(facts=facts)]
    raise InvalidInput(_("Unknown report %(name)s.") % {"name": report})


def report_rows(*, report: str, actor: Actor, params: dict[str, Any]) -> int:
    """How many rows the report's main table will have (decides direct or background)."""
    if report == "queue":
        qs = queues.queue_rows(
            actor=actor, queue=params["queue"], filters=_queue_filters(params["filters"])
        )
        return qs.count()
    if report in {"complaints", "cfpb", "odr"}:
        return facts_for(actor=actor, slice_=slice_from_params(params)).count()
    return 0
