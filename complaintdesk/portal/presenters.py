"""What the customer sees: status in plain words and the messages of their complaint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import EventKind, MessageKind, Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.texts import event_reason

PLAIN_STATUS = {
    Status.NEW: _("We have received your complaint and will look at it shortly."),
    Status.ACKNOWLEDGED: _("We have accepted your complaint and are looking into it."),
    Status.IN_PROGRESS: _("We are working on your complaint."),
    Status.WAITING_CUSTOMER: _("We need more information from you: please read our last message."),
    Status.IN_DISPUTE: _("We are examining the evidence from both sides."),
    Status.RESOLVED: _("We have given our answer. Tell us below if it does not solve the problem."),
    Status.CLOSED: _("Your complaint is closed."),
    Status.REOPENED: _("Your complaint was reopened and we are working on it again."),
    Status.REJECTED: _("We could not accept this complaint; the reason is below."),
    Status.WITHDRAWN: _("You withdrew this complaint."),
    Status.MERGED: _("Your complaint is handled together with a related complaint."),
}

def plain_status(complaint: Complaint) -> str:
    return str(PLAIN_STATUS.get(Status(complaint.status), ""))


@dataclass(frozen=True)
class Line:
    at: dt.datetime
    mine: bool
    who: str
    body: str


def conversation(entries: list[dict[str, Any]]) -> list[Line]:
    """Messages to and from the customer, and status changes with their public reason."""
    lines = []
    for entry in entries:
        if entry["type"] == "message":
            mine = entry["kind"] == MessageKind.INBOUND
            who = _("You") if mine else _("Customer service")
            lines.append(Line(entry["at"], mine, str(who), entry["body"]))
        elif entry["kind"] == EventKind.STATUS_CHANGED and entry.get("to_status"):
            reason = event_reason(entry.get("data") or {})
            text = str(Status(entry["to_status"]).label)
            said = text
            if reason:
                said = _("%(status)s. %(reason)s") % {"status": text, "reason": reason}
            lines.append(Line(entry["at"], False, str(_("Status")), said))
    return lines
