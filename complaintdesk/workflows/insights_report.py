"""The weekly report to managers: the week's headline figures, the top categories and
products or courses with their change from the week before, the missed deadlines and the
alerts (insights) → one mail per supervisor and admin, HTML with an Excel attachment
(notify). The worker sends it on Monday at 08:00 for the week that has just ended."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind, Role
from complaintdesk.insights import selectors
from complaintdesk.insights.describe import alert_title
from complaintdesk.insights.exports import Table, xlsx_write
from complaintdesk.insights.models import Alert
from complaintdesk.insights.slices import Slice
from complaintdesk.learning.describe import action_line
from complaintdesk.learning.selectors import Scope, actions_due_or_overdue
from complaintdesk.notify.services import MailAttachment, report_mail_queue
from complaintdesk.workflows.insights_alerts import managers

REPORT_ACTOR = Actor(user_id=None, role=Role.ADMIN, label="report")
TOP = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Change:
    label: str
    count: int
    previous: int

    @property
    def delta(self) -> int:
        return self.count - self.previous


def _changes(dimension: str, now: Slice, before: Slice) -> list[Change]:
    current = selectors.breakdown(actor=REPORT_ACTOR, slice_=now, dimension=dimension)
    earlier = {
        r.key: r.count
        for r in selectors.breakdown(actor=REPORT_ACTOR, slice_=before, dimension=dimension)
    }
    return [Change(r.label, r.count, earlier.get(r.key, 0)) for r in current[:TOP] if r.key]


def weekly_report_data(*, week_start: dt.date) -> dict[str, Any]:
    """Every figure of the report for the week from ``week_start`` (a Monday)."""
    week_end = week_start + dt.timedelta(days=6)
    week = Slice(day_from=week_start, day_to=week_end)
    before = Slice(day_from=week_start - dt.timedelta(days=7),
                   day_to=week_start - dt.timedelta(days=1))
    kinds = dict(ClockKind.choices)
    return {
        "week_start": week_start,
        "week_end": week.day_to,
        "headline": selectors.headline(actor=REPORT_ACTOR, slice_=week),
        "previous": selectors.headline(actor=REPORT_ACTOR, slice_=before),
        "categories": _changes("category", week, before),
        "items": _changes("item", week, before),
        "clocks": [
            (str(kinds[c.kind]), c)
            for c in selectors.sla_attainment(actor=REPORT_ACTOR, slice_=week)
        ],
        "handling": selectors.handling_times(actor=REPORT_ACTOR, slice_=week),
        "alerts": [
            alert_title(a)
            for a in Alert.objects.filter(day__gte=week.day_from, day__lte=week.day_to)
        ],
        "actions": [
            action_line(a, today=week_end + dt.timedelta(days=1))
            for a in actions_due_or_overdue(scope=Scope(), until=week_end)
        ],
    }


def _workbook(data: dict[str, Any]) -> bytes:
    def change_table(title: str, rows: list[Change]) -> Table:
        return Table(
            title=title,
            columns=[_("Value"), _("This week"), _("Week before"), _("Change")],
            rows=[[c.label, c.count, c.previous, c.delta] for c in rows],
        )

    head = data["headline"]
    tables = [
        Table(_("Headline"), [_("Figure"), _("This week")], [
            [_("Received"), head.received], [_("Still open"), head.open],
            [_("Resolved"), head.resolved], [_("Reopened"), head.reopened],
        ]),
        change_table(_("By category"), data["categories"]),
        change_table(_("By product or course"), data["items"]),
        Table(_("Deadlines"), [_("Clock"), _("Met"), _("Breached"), _("Running")],
              [[name, c.met, c.breached, c.running] for name, c in data["clocks"]]),
        Table(_("Alerts"), [_("Alert")], [[title] for title in data["alerts"]]),
        Table(_("Improvement actions"),
              [_("Improvement action"), _("Owner"), _("Due date"), _("Status"), _("Effect")],
              [[a.title, a.owner, a.due_date.isoformat(),
                f"{a.status} ({_('overdue')})" if a.overdue else a.status, a.effect]
               for a in data["actions"]]),
    ]
    buffer = io.BytesIO()
    xlsx_write(tables, buffer)
    return buffer.getvalue()


def weekly_report_send(*, today: dt.date | None = None) -> int:
    """Queue the report of the last full week to every manager; returns how many mails
    (a second call for the same week queues none)."""
    today = today or timezone.localdate()
    week_start = today - dt.timedelta(days=today.weekday() + 7)
    sent = 0
    with override(settings.LANGUAGE_CODE):
        data = weekly_report_data(week_start=week_start)
        html = render_to_string("insights/weekly_report.html", data)
        text = render_to_string("insights/weekly_report.txt", data)
        subject = _("Complaints report, week of %(day)s") % {"day": week_start}
        attachment = MailAttachment(f"complaints-{week_start}.xlsx", XLSX, _workbook(data))
        for person in managers():
            mail = report_mail_queue(
                recipient=person, subject=subject, body=text, html_body=html,
                attachment=attachment, key=f"week{week_start:%Y%m%d}",
            )
            sent += mail is not None
    return sent
