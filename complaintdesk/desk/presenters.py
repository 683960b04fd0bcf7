"""Turn complaints and timeline entries into what the desk templates show.

Labels come from the translated choices; personal data is masked for roles without the right
to see it. Templates escape everything they print, so nothing here marks text as safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from complaintdesk.complaints import states
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import (
    Category,
    Demand,
    EventKind,
    MessageKind,
    Priority,
    Role,
    Status,
    TriageSource,
)
from complaintdesk.complaints.models import Complaint
from complaintdesk.disputes.display import dispute_event_detail
from complaintdesk.lib.text import mask_email, mask_identifier, mask_phone

FIELD_CHOICES = {"category": Category, "demand": Demand, "priority": Priority}


def label(choices: Any, value: str | None) -> str:
    if not value:
        return "—"
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class TriageLine:
    field: str
    title: str
    value: str
    source: str
    confidence: float | None


def triage_lines(complaint: Complaint) -> list[TriageLine]:
    """Category, demand and priority with where each value came from."""
    titles = {"category": _("Category"), "demand": _("Demand"), "priority": _("Priority")}
    lines = []
    for field, choices in FIELD_CHOICES.items():
        info = (complaint.triage or {}).get(field) or {}
        source = info.get("source")
        lines.append(
            TriageLine(
                field=field,
                title=titles[field],
                value=label(choices, getattr(complaint, field)),
                source=label(TriageSource, source) if source else _("not yet classified"),
                confidence=info.get("confidence"),
            )
        )
    return lines


def customer_panel(complaint: Complaint, actor: Actor) -> dict[str, Any] | None:
    customer = complaint.customer
    if customer is None:
        return None
    show = actor.sees_personal_data
    return {
        "name": customer.name,
        "phone": customer.phone if show else mask_phone(customer.phone) if customer.phone else "",
        "email": customer.email if show else mask_email(customer.email) if customer.email else "",
        "id_number": (
            customer.id_number if show or not customer.id_number
            else mask_identifier(customer.id_number)
        ),
        "is_vip": customer.is_vip,
        "is_vulnerable": customer.is_vulnerable,
        "masked": not show,
    }


@dataclass(frozen=True)
class TimelineRow:
    at: Any
    who: str
    title: str
    detail: str
    body: str
    css: str


def _event_detail(entry: dict[str, Any]) -> str:
    data = entry.get("data") or {}
    kind = entry["kind"]
    if kind in {EventKind.STATUS_CHANGED, EventKind.MERGED, EventKind.CREATED}:
        moves = (label(Status, entry.get("from_status")), label(Status, entry.get("to_status")))
        text = " → ".join(moves) if entry.get("from_status") else moves[1]
        return f"{text}. {data['reason']}" if data.get("reason") else text
    if kind == EventKind.ASSIGNED:
        after = data.get("after") or {}
        return _("Department: %(d)s; assignee: %(a)s") % {
            "d": after.get("department") or "—", "a": after.get("assignee") or "—",
        }
    if kind == EventKind.CORRECTED:
        choices = FIELD_CHOICES.get(data.get("field", ""))
        titles = {"category": _("Category"), "demand": _("Demand"), "priority": _("Priority")}
        before = label(choices, data.get("before"))
        after = label(choices, data.get("after"))
        field = titles.get(data.get("field", ""), "")
        return f"{field}: {before} → {after}. {data.get('reason', '')}"
    if kind == EventKind.TAGGED:
        return ", ".join(data.get("after") or []) or "—"
    if kind == EventKind.ATTACHMENT:
        return str(data.get("filename", ""))
    dispute = dispute_event_detail(kind, data)
    if dispute is not None:
        return dispute
    return str(data.get("reason", ""))


def _who(entry: dict[str, Any]) -> str:
    """The user, else the side that acted without an account (a customer's tracking link, a
    respondent's link), else the system."""
    if entry.get("actor"):
        return str(entry["actor"])
    if entry.get("actor_role"):
        return label(Role, entry["actor_role"])
    return _("System")


def timeline_rows(entries: list[dict[str, Any]]) -> list[TimelineRow]:
    rows = []
    for entry in entries:
        if entry["type"] == "message":
            rows.append(
                TimelineRow(
                    at=entry["at"], who=entry["actor"] or _("Customer"),
                    title=label(MessageKind, entry["kind"]), detail="",
                    body=entry["body"], css=f"msg msg-{entry['kind']}",
                )
            )
        elif entry["kind"] not in {EventKind.MESSAGE, EventKind.NOTE}:
            rows.append(
                TimelineRow(
                    at=entry["at"], who=_who(entry),
                    title=label(EventKind, entry["kind"]), detail=_event_detail(entry),
                    body="", css="event",
                )
            )
    return rows


@dataclass(frozen=True)
class TransitionChoice:
    target: str
    title: str
    needs_reason: bool
    needs_merge_into: bool


def transition_choices(complaint: Complaint, actor: Actor) -> list[TransitionChoice]:
    """The moves this actor may make now, each saying what it requires."""
    choices = []
    for target in states.allowed_targets(complaint.status, actor.role):
        move = states.find_transition(complaint.status, target)
        requires = move.requires if move else ()
        choices.append(
            TransitionChoice(
                target=target, title=label(Status, target),
                needs_reason="reason" in requires, needs_merge_into="merge_into" in requires,
            )
        )
    return choices
