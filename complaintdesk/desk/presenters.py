"""Turn complaints and timeline entries into what the desk templates show.

Labels come from the translated choices; personal data is masked for roles without the right
to see it. Templates escape everything they print, so nothing here marks text as safe.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints import states
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import (
    Category,
    ClockKind,
    Demand,
    EventKind,
    MessageKind,
    Priority,
    RiskFlag,
    Role,
    Status,
    TriageSource,
)
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.texts import event_reason
from complaintdesk.desk.followup_presenters import FOLLOWUP_EVENTS, followup_event_detail
from complaintdesk.disputes.display import dispute_event_detail
from complaintdesk.lib.text import mask_email, mask_identifier, mask_name, mask_phone
from complaintdesk.resolution.wording import amount_text, kind_label
from complaintdesk.triage.nlp.pipeline import model_flag_probabilities, reviewed_fields

FIELD_CHOICES = {"category": Category, "demand": Demand, "priority": Priority}


def label(choices: Any, value: str | None) -> str:
    if not value:
        return "—"
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class Alternative:
    """A label the model gave some chance to besides the one it chose."""

    code: str
    title: str
    probability: float | None


@dataclass(frozen=True)
class TriageLine:
    field: str
    title: str
    value: str
    source: str
    confidence: float | None
    needs_review: bool = False  # this field's model was unsure, and no person has looked yet
    # The model's runner-up labels, while the value is still the model's own.
    alternatives: tuple[Alternative, ...] = ()


def triage_lines(complaint: Complaint) -> list[TriageLine]:
    """Category, demand and priority with where each value came from; a field whose model was
    too unsure is marked while the complaint waits for review."""
    titles = {"category": _("Category"), "demand": _("Demand"), "priority": _("Priority")}
    triage = complaint.triage or {}
    doubtful = _doubtful_fields(triage.get("review")) if complaint.needs_review else set()
    lines = []
    for field, choices in FIELD_CHOICES.items():
        info = triage.get(field) or {}
        source = info.get("source")
        lines.append(
            TriageLine(
                field=field,
                title=titles[field],
                value=label(choices, getattr(complaint, field)),
                source=label(TriageSource, source) if source else _("not yet classified"),
                confidence=_shown_confidence(info.get("confidence")),
                needs_review=field in doubtful,
                alternatives=_alternatives(info, choices, getattr(complaint, field)),
            )
        )
    return lines


def _alternatives(info: dict[str, Any], choices: Any, current: str) -> tuple[Alternative, ...]:
    """The runner-ups triage stored beside a value that is still the model's (an agent's
    correction replaces the entry); unknown codes and the current value are left out."""
    if info.get("source") != TriageSource.MODEL or not isinstance(info.get("alternatives"), list):
        return ()
    return tuple(
        Alternative(
            code=entry["value"],
            title=label(choices, entry["value"]),
            probability=_shown_confidence(entry.get("confidence")),
        )
        for entry in info["alternatives"]
        if isinstance(entry, dict) and entry.get("value") in choices.values
        and entry["value"] != current
    )


def _doubtful_fields(review: Any) -> set[str]:
    """The fields triage's review entry names (a garbled entry names none)."""
    if not isinstance(review, dict):
        return set()
    return reviewed_fields(review.get("explanation") or [])


def _shown_confidence(confidence: Any) -> float | None:
    """Two decimals, rounded down: a probability just under the review line (0.497) must not
    read as 0.50 beside a mark that says it was too low."""
    if not isinstance(confidence, int | float):
        return None
    return float(Decimal(str(confidence)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR))


@dataclass(frozen=True)
class RiskTag:
    name: str
    probability: float | None  # set when triage's risk model raised the flag, not the lexicon


def risk_tags(complaint: Complaint) -> list[RiskTag]:
    """The complaint's risk flags by their names in the page's language; a flag the risk model
    raised carries its probability (read back from triage's explanation by the pipeline), so
    the agent sees which flags rest on the model's reading rather than on a matched word."""
    info = (complaint.triage or {}).get("risk_flags") or {}
    by_model: dict[str, float] = {}
    if info.get("source") == "model":
        by_model = model_flag_probabilities(info.get("explanation") or [])
    flags = complaint.risk_flags or []
    return [RiskTag(label(RiskFlag, flag), by_model.get(flag)) for flag in flags]


def customer_panel(complaint: Complaint, actor: Actor) -> dict[str, Any] | None:
    customer = complaint.customer
    if customer is None:
        return None
    show = actor.sees_personal_data
    return {
        "name": customer.name if actor.sees_customer_name else mask_name(customer.name),
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


def _when(iso: Any) -> str:
    """An ISO instant from an event's data as the desk writes times."""
    try:
        moment = dt.datetime.fromisoformat(str(iso))
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
        return f"{moment:%Y-%m-%d %H:%M}"
    except ValueError:
        return "—"


def _clock_detail(kind: str, data: dict[str, Any], departments: dict[str, str]) -> str:
    """What a clock event means: which deadline, what happened, what the sweep did."""
    clock = label(ClockKind, data.get("clock"))
    if kind in {EventKind.CLOCK_WARNING, EventKind.CLOCK_BREACHED}:
        return _("%(clock)s: due %(target)s") % {"clock": clock, "target": _when(data["target"])}
    if kind == EventKind.CLOCK_EXTENDED:
        return _("%(clock)s: %(before)s → %(after)s. %(reason)s") % {
            "clock": clock, "before": _when(data.get("previous_target")),
            "after": _when(data.get("target")), "reason": data.get("reason", ""),
        }
    action = data.get("action")
    if action is None:
        return str(data.get("reason", ""))
    names = {
        "notify_supervisor": _("supervisors told"),
        "raise_priority": _("priority %(before)s → %(after)s"),
        "move_to_special_team": _("moved %(before)s → %(after)s"),
    }
    before, after = data.get("before"), data.get("after")
    if action == "raise_priority":
        before, after = label(Priority, before), label(Priority, after)
    elif action == "move_to_special_team":
        before, after = departments.get(str(before), before), departments.get(str(after), after)
    done = names.get(action, "") % {"before": before or "—", "after": after or "—"}
    stage = _("deadline missed") if data.get("stage") == "breach" else _("deadline approaching")
    return _("%(clock)s · %(stage)s: %(done)s") % {"clock": clock, "stage": stage, "done": done}


CLOCK_EVENTS = frozenset({
    EventKind.CLOCK_WARNING, EventKind.CLOCK_BREACHED, EventKind.CLOCK_EXTENDED,
    EventKind.ESCALATED,
})


def _event_detail(entry: dict[str, Any], departments: dict[str, str]) -> str:
    data = entry.get("data") or {}
    kind = entry["kind"]
    if kind in CLOCK_EVENTS:
        return _clock_detail(kind, data, departments)
    if kind in {EventKind.STATUS_CHANGED, EventKind.MERGED, EventKind.CREATED}:
        moves = (label(Status, entry.get("from_status")), label(Status, entry.get("to_status")))
        text = " → ".join(moves) if entry.get("from_status") else moves[1]
        reason = event_reason(data)
        if not reason:
            return text
        return _("%(status)s. %(reason)s") % {"status": text, "reason": reason}
    if kind == EventKind.CONSULTATION_ASKED:
        asked = str(data.get("department", ""))
        return _("Asked %(department)s, answer due %(due)s: %(question)s") % {
            "department": departments.get(asked, asked), "due": _when(data.get("due")),
            "question": data.get("question", ""),
        }
    if kind == EventKind.CONSULTATION_ANSWERED:
        asked = str(data.get("department", ""))
        on_time = _("in time") if data.get("met") else _("late")
        return _("%(department)s answered (%(on_time)s): %(answer)s") % {
            "department": departments.get(asked, asked), "on_time": on_time,
            "answer": data.get("answer", ""),
        }
    if kind == EventKind.ASSIGNED:
        after = data.get("after") or {}
        code = after.get("department")
        return _("Department: %(d)s; assignee: %(a)s") % {
            "d": departments.get(code, code) if code else "—", "a": after.get("assignee") or "—",
        }
    if kind == EventKind.CORRECTED:
        choices = FIELD_CHOICES.get(data.get("field", ""))
        titles = {"category": _("Category"), "demand": _("Demand"), "priority": _("Priority")}
        before = label(choices, data.get("before"))
        after = label(choices, data.get("after"))
        field = titles.get(data.get("field", ""), "")
        return _("%(field)s: %(before)s → %(after)s. %(reason)s") % {
            "field": field, "before": before, "after": after, "reason": data.get("reason", ""),
        }
    if kind == EventKind.TAGGED:
        return ", ".join(data.get("after") or []) or "—"
    if kind == EventKind.ATTACHMENT:
        return str(data.get("filename", ""))
    if kind == EventKind.ATTACHMENT_REFUSED:
        return _("Not kept (type not allowed, empty or too large): %(files)s") % {
            "files": ", ".join(data.get("files") or [])
        }
    if kind in FOLLOWUP_EVENTS:
        return followup_event_detail(kind, data)
    if str(kind).startswith("remedy_") and data.get("remedy_kind"):
        amount = Decimal(str(data.get("amount", "0")))
        title = kind_label(str(data["remedy_kind"]))
        title = f"{title} · {amount_text(amount)}" if amount else title
        return f"{title}. {data['reason']}" if data.get("reason") else title
    dispute = dispute_event_detail(kind, data)
    if dispute is not None:
        return dispute
    return event_reason(data)


def _who(entry: dict[str, Any]) -> str:
    """The user, else the side that acted without an account (a customer's tracking link, a
    respondent's link), else the system."""
    if entry.get("actor"):
        return str(entry["actor"])
    if entry.get("actor_role") in OUTSIDE_ROLES:
        return label(Role, entry["actor_role"])
    return _("System")  # the sweep, triage and other jobs of the product itself


#: Those who act without a user account: through a link or an API key of their own.
OUTSIDE_ROLES = frozenset({Role.CUSTOMER, Role.INTEGRATION, Role.RESPONDENT})


def timeline_rows(
    entries: list[dict[str, Any]], departments: dict[str, str]
) -> list[TimelineRow]:
    """Messages and events as the desk shows them; ``departments`` names each code."""
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
                    title=label(EventKind, entry["kind"]), detail=_event_detail(entry, departments),
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
