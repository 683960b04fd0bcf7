"""The supervisors' dashboard (/desk/insights/), the complaints behind each number, and the
alerts. Who sees what: ``insights.slices.ensure_can_see_insights`` (everyone else: 404)."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind, Role, Status
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.insights_forms import InsightsFilterForm, drill_from
from complaintdesk.desk.presenters import label
from complaintdesk.insights import selectors
from complaintdesk.insights.describe import alert_title
from complaintdesk.insights.models import Alert
from complaintdesk.insights.slices import Slice, ensure_can_see_insights
from complaintdesk.lib.text import mask_phone
from complaintdesk.workflows.insights_alerts import alert_open_incident

LIST_PAGE_SIZE = 50
ALERT_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR})


def filter_form(request: HttpRequest, actor: Actor) -> InsightsFilterForm:
    ensure_can_see_insights(actor)
    form = InsightsFilterForm(request.GET, actor=actor)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return form


def _filter_query(form: InsightsFilterForm) -> str:
    """The filters as the page applied them (the default range included), for the links."""
    keep = QueryDict(mutable=True)
    for name in ("day_from", "day_to", "industry", "department", "category", "grain"):
        if name in form.data:
            keep[name] = form.data[name]
    return keep.urlencode()


def _chart(kind: str, rows: list[selectors.Row], title: str) -> dict[str, Any]:
    """What desk/insights.js draws: the same labels and counts as the panel's table."""
    shown = [r for r in rows if r.drill]  # "all others" stays in the table, not the chart
    return {"kind": kind, "title": title, "x": [r.label for r in shown],
            "y": [r.count for r in shown]}


def _sla_context(actor: Actor, slice_: Slice) -> dict[str, Any]:
    kinds = dict(ClockKind.choices)
    clocks = [(str(kinds[c.kind]), c) for c in selectors.sla_attainment(actor=actor,
                                                                          slice_=slice_)]
    trend = selectors.breach_trend(actor=actor, slice_=slice_)
    series = [
        {"name": str(kinds[kind]), "x": [p for p, _r in points],
         "y": [None if r is None else round(r * 100, 1) for _p, r in points]}
        for kind, points in trend.items() if any(r is not None for _p, r in points)
    ]
    return {
        "clocks": clocks,
        "trend_json": {"kind": "lines", "title": _("Breach rate (%)"), "series": series},
        "trend_rows": [
            (period, [trend[kind][i][1] for kind in trend])
            for i, (period, _r) in enumerate(next(iter(trend.values()), []))
        ],
        "trend_kinds": [str(kinds[kind]) for kind in trend],
    }


# plotly.js draws its charts with inline styles (a <style> element and style attributes it
# writes itself); this page alone lets styles be inline. Scripts stay 'self' only.
@csp_update({"style-src": ["'unsafe-inline'"]})
@desk_view
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = filter_form(request, actor)
    slice_ = form.slice()
    volume = selectors.volume(actor=actor, slice_=slice_)
    breakdowns = []
    for dimension in selectors.DIMENSIONS:
        rows = selectors.breakdown(actor=actor, slice_=slice_, dimension=dimension)
        title = selectors.dimension_title(dimension)
        breakdowns.append({"name": dimension, "title": title, "rows": rows,
                           "chart": _chart("bar", rows, title)})
    backlog = selectors.backlog(actor=actor, slice_=slice_)
    context = {
        "form": form,
        "slice": slice_,
        "query": _filter_query(form),
        "headline": selectors.headline(actor=actor, slice_=slice_),
        "volume": volume,
        "volume_chart": _chart("line", volume, _("Complaints received")),
        "breakdowns": breakdowns,
        "handling": selectors.handling_times(actor=actor, slice_=slice_),
        "backlog": backlog,
        "backlog_chart": _chart("bar", backlog.by_age, _("Open complaints by age")),
        "alerts": _alerts_for(actor, limit=5),
        **_sla_context(actor, slice_),
    }
    return render(request, "desk/insights/dashboard.html", context)


def _alerts_for(actor: Actor, limit: int) -> list[tuple[Alert, str]]:
    if actor.role not in ALERT_ROLES:
        return []
    return [(a, alert_title(a)) for a in Alert.objects.all()[:limit]]


@desk_view
def complaints(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The complaints behind one number of the dashboard."""
    form = filter_form(request, actor)
    slice_ = form.slice(drill_from(request.GET))
    facts = selectors.complaints_behind(actor=actor, slice_=slice_)
    page = Paginator(facts, LIST_PAGE_SIZE).get_page(request.GET.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    rows = [(fact, label(Status, fact.status)) for fact in page.object_list]
    context = {"form": form, "rows": rows, "page": page, "query": params.urlencode()}
    return render(request, "desk/insights/complaints.html", context)


def _alert_or_404(actor: Actor, alert_id: int) -> Alert:
    ensure_can_see_insights(actor)
    alert = Alert.objects.filter(pk=alert_id).select_related("incident").first()
    if actor.role not in ALERT_ROLES or alert is None:
        raise NotFound(_("No such alert."))
    return alert


@desk_view
def alerts(request: HttpRequest, actor: Actor) -> HttpResponse:
    ensure_can_see_insights(actor)
    if actor.role not in ALERT_ROLES:
        raise NotFound(_("No such page."))
    page = Paginator(Alert.objects.select_related("incident"), LIST_PAGE_SIZE).get_page(
        request.GET.get("page") or 1
    )
    rows = [(a, alert_title(a)) for a in page.object_list]
    return render(request, "desk/insights/alerts.html", {"rows": rows, "page": page})


@desk_view
def alert(request: HttpRequest, actor: Actor, alert_id: int) -> HttpResponse:
    found = _alert_or_404(actor, alert_id)
    if request.method == "POST":
        incident = alert_open_incident(alert=found, actor=actor)
        return redirect("desk:complaint", number=incident.number)
    facts = (
        selectors.complaints_behind(actor=actor, slice_=Slice())
        .filter(complaint_id__in=found.complaint_ids)
        .select_related("complaint__customer")
    )
    rows = [
        (fact, label(Status, fact.status),
         fact.complaint.customer.phone if fact.complaint.customer else "")
        for fact in facts[:200]
    ]
    if not actor.sees_personal_data:
        rows = [(fact, status, mask_phone(phone)) for fact, status, phone in rows]
    context = {
        "alert": found,
        "title": alert_title(found),
        "rows": rows,
        "can_open_incident": actor.role in {Role.SUPERVISOR, Role.ADMIN},
    }
    return render(request, "desk/insights/alert.html", context)
