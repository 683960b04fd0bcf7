"""Regulator-ready exports for a date range: the CFPB company-response fields and the 12315
online dispute resolution (ODR) negotiation record. Field mappings: docs/insights.md.

Remedies are not recorded by the product yet: ``relief`` maps complaint ids to
``"monetary"`` or ``"non_monetary"`` and is empty until the remedy app supplies it, so a
closed complaint reads "Closed with explanation" until then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.choices import Category, Channel, EventKind, MessageKind, Status
from complaintdesk.complaints.models import ComplaintEvent, Message
from complaintdesk.complaints.states import OPEN_STATES
from complaintdesk.insights.exports import Table
from complaintdesk.insights.models import ComplaintFact

CFPB_TIMELY_DAYS = 15
CHUNK = 500
PROCESS_TEXT_CHARS = 60
_FIELDS = (
    "complaint_id", "complaint__number", "received_at", "item", "category", "channel", "status",
    "first_response_at", "resolved_at", "resolution_minutes", "reopened", "sla_answer",
    "sla_statutory", "complaint__customer__name",
)


def _rows(facts: QuerySet[ComplaintFact]) -> Iterator[dict[str, Any]]:
    values = facts.order_by("received_at", "complaint_id").values(*_FIELDS)
    return values.iterator(chunk_size=2000)


def cfpb_response(row: Mapping[str, Any], relief: Mapping[int, str]) -> str:
    """CFPB "Company response to consumer"."""
    status = row["status"]
    if status in OPEN_STATES:
        return "In progress"
    if status in {Status.RESOLVED, Status.CLOSED}:
        kind = relief.get(row["complaint_id"])
        if kind == "monetary":
            return "Closed with monetary relief"
        if kind == "non_monetary":
            return "Closed with non-monetary relief"
        return "Closed with explanation"
    return "Closed"


def cfpb_timely(row: Mapping[str, Any], now: dt.datetime) -> str:
    """"Yes" when the company responded within 15 calendar days and missed no answer or
    statutory deadline; "No" when it did not; "" while the 15 days are still running."""
    if "breached" in (row["sla_answer"], row["sla_statutory"]):
        return "No"
    limit = row["received_at"] + dt.timedelta(days=CFPB_TIMELY_DAYS)
    answered = row["first_response_at"]
    if answered is not None:
        return "Yes" if answered <= limit else "No"
    return "No" if now > limit else ""


def cfpb_table(
    *, facts: QuerySet[ComplaintFact], relief: Mapping[int, str] | None = None
) -> Table:
    relief = relief or {}
    now = timezone.now()
    categories = dict(Category.choices)
    channels = dict(Channel.choices)

    def rows() -> Iterator[list[Any]]:
        for row in _rows(facts):
            received = timezone.localtime(row["received_at"]).date()
            yield [
                row["complaint__number"], received, row["item"],
                str(categories.get(row["category"], row["category"])),
                str(channels.get(row["channel"], row["channel"])), received,
                cfpb_response(row, relief), cfpb_timely(row, now),
                "Yes" if row["reopened"] else "No",
            ]

    return Table(
        title="CFPB",
        columns=[
            "Complaint ID", "Date received", "Product", "Issue", "Submitted via",
            "Date sent to company", "Company response to consumer", "Timely response?",
            "Consumer disputed?",
        ],
        rows=rows(),
    )


def odr_result(row: Mapping[str, Any]) -> str:
    """协商结果 of a complaint."""
    status = row["status"]
    return {
        Status.CLOSED: _("Settled (closed)"),
        Status.RESOLVED: _("Answered, awaiting the consumer's confirmation"),
        Status.REJECTED: _("Not accepted"),
        Status.WITHDRAWN: _("Withdrawn by the consumer"),
        Status.MERGED: _("Merged into another complaint"),
    }.get(status, _("Negotiation in progress"))


def odr_method(channel: str) -> str:
    """协商方式: how the business and the consumer talked."""
    if channel == Channel.PHONE:
        return _("Telephone")
    if channel == Channel.EMAIL:
        return _("Email")
    if channel in {Channel.LETTER}:
        return _("Letter or visit")
    return _("Online")


def _process(ids: Sequence[int]) -> dict[int, list[str]]:
    """协商过程: status changes and replies to the consumer, in order, one line each."""
    statuses = dict(Status.choices)
    lines: dict[int, list[tuple[dt.datetime, str]]] = {i: [] for i in ids}
    events = ComplaintEvent.objects.filter(
        complaint_id__in=ids, kind=EventKind.STATUS_CHANGED
    ).values_list("complaint_id", "at", "to_status")
    for complaint_id, at, to_status in events:
        text = _("Status: %(status)s") % {"status": statuses.get(to_status, to_status)}
        lines[complaint_id].append((at, text))
    replies = Message.objects.filter(
        complaint_id__in=ids, kind=MessageKind.OUTBOUND
    ).values_list("complaint_id", "created_at", "body")
    for complaint_id, at, body in replies:
        text = _("Reply to the consumer: %(text)s") % {"text": body[:PROCESS_TEXT_CHARS]}
        lines[complaint_id].append((at, text))
    return {
        i: [f"{timezone.localtime(at):%Y-%m-%d %H:%M} {text}" for at, text in sorted(entries)]
        for i, entries in lines.items()
    }


def odr_table(*, facts: QuerySet[ComplaintFact]) -> Table:
    def rows() -> Iterator[list[Any]]:
        source = _rows(facts)
        while chunk := list(islice(source, CHUNK)):
            process = _process([row["complaint_id"] for row in chunk])
            for row in chunk:
                minutes = row["resolution_minutes"]
                yield [
                    row["complaint__number"], row["complaint__customer__name"] or "",
                    row["received_at"], row["resolved_at"],
                    None if minutes is None else round(minutes / 60, 2),
                    odr_method(row["channel"]), "\n".join(process[row["complaint_id"]]),
                    odr_result(row),
                ]

    return Table(
        title="12315 ODR",
        columns=[
            _("Complaint number"), _("Consumer"), _("Received (受理时间)"),
            _("Handled (处理时间)"), _("Handling time (working hours)"),
            _("Negotiation method (协商方式)"), _("Negotiation process (协商过程)"),
            _("Negotiation result (协商结果)"),
        ],
        rows=rows(),
    )
