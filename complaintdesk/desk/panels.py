"""What the desk's newer panels show: the due cell of a queue row, batch children grouped
under their parent, notices in the reader's language, reply snippets filled for one
complaint, and consultations with their deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind
from complaintdesk.complaints.models import Complaint
from complaintdesk.consult.models import Consultation, ConsultationState
from complaintdesk.consult.services import may_answer
from complaintdesk.desk.presenters import label
from complaintdesk.notify.models import Notification
from complaintdesk.notify.staff_notices import notice_text

SOON = dt.timedelta(hours=4)
TODAY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class DueCell:
    """The nearest running deadline of a queue row: when, which, and how close (css)."""

    at: dt.datetime | None
    kind: str
    closeness: str
    text: str


def closeness(at: dt.datetime, now: dt.datetime) -> str:
    """``overdue``, ``soon`` (within 4 hours), ``today`` (within 24) or ``later``."""
    left = at - now
    if left <= dt.timedelta(0):
        return "overdue"
    if left <= SOON:
        return "soon"
    return "today" if left <= TODAY else "later"


def due_cell(at: dt.datetime | None, kind: str, now: dt.datetime) -> DueCell:
    if at is None:
        return DueCell(None, "", "none", _("No running deadline"))
    how = closeness(at, now)
    texts = {
        "overdue": _("Overdue"), "soon": _("Due within 4 hours"),
        "today": _("Due within 24 hours"), "later": _("Due later"),
    }
    return DueCell(at, label(ClockKind, kind) if kind else "", how, str(texts[how]))


@dataclass(frozen=True)
class QueueRow:
    complaint: Complaint
    status: str
    due: DueCell
    child: bool
    batch_of: str


def grouped_rows(rows: list[tuple[Complaint, str, DueCell]]) -> list[QueueRow]:
    """Batch children placed right under their parent when both are on the page; a child
    whose parent is elsewhere names it."""
    on_page = {c.pk for c, _s, _d in rows}
    children: dict[int, list[QueueRow]] = {}
    top: list[QueueRow] = []
    for complaint, status, due in rows:
        parent = complaint.parent if complaint.parent_id else None
        in_batch = parent is not None and parent.is_batch
        row = QueueRow(complaint, status, due, in_batch, parent.number if in_batch and parent
                       else "")
        if in_batch and complaint.parent_id in on_page:
            children.setdefault(complaint.parent_id or 0, []).append(row)
        else:
            top.append(row)
    grouped: list[QueueRow] = []
    for row in top:
        grouped.append(row)
        grouped += children.get(row.complaint.pk, [])
    return grouped


@dataclass(frozen=True)
class NoticeLine:
    id: int
    number: str
    text: str
    kind: str
    at: dt.datetime
    unread: bool


def notice_lines(notices: list[Notification]) -> list[NoticeLine]:
    """Each notice said in the reader's language, from its kind."""
    return [
        NoticeLine(
            id=n.pk, number=n.complaint.number,
            text=notice_text(n.kind) % {"number": n.complaint.number, "by": n.by or _("System")},
            kind=n.get_kind_display(), at=n.created_at, unread=n.read_at is None,
        )
        for n in notices
    ]


@dataclass(frozen=True)
class ConsultationLine:
    c: Consultation
    state: str
    clock: str
    late: bool
    can_answer: bool


def consultation_lines(
    consultations: list[Consultation], actor: Actor, now: dt.datetime
) -> list[ConsultationLine]:
    """Each question with its clock in words: waiting (and whether it is overdue), answered in
    time, or answered late."""
    lines = []
    for c in consultations:
        if c.state == ConsultationState.OPEN:
            late = c.due_at <= now
            clock = _("Overdue") if late else _("Waiting for the answer")
        else:
            late = not c.met
            clock = _("Answered in time") if c.met else _("Answered late")
        lines.append(
            ConsultationLine(
                c=c, state=c.get_state_display(), clock=str(clock), late=late,
                can_answer=c.state == ConsultationState.OPEN and may_answer(actor, c),
            )
        )
    return lines


def snippet_options(templates: Any) -> list[tuple[int, str]]:
    return [(t.pk, t.name) for t in templates]
