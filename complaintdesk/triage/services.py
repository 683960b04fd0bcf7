"""Applying triage to complaints: assess the text, write the result, route.

Intake (``workflows.receive``) calls :func:`triage_assess` and :func:`route_decide` before its
write transaction (both read only cached configuration and the active models), then writes
the result with :func:`complaint_apply_triage` and :func:`complaint_route` inside it. Values an
agent or the customer gave (``triage[field]["source"]`` is ``agent`` or ``customer``) are kept.
Urgent and risk-flagged complaints go to the special team, the rest by the first matching
:class:`RoutingRule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import PRIORITY_RANK, Priority, Role, TriageSource
from complaintdesk.complaints.errors import Forbidden
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Customer, Department
from complaintdesk.complaints.services import (
    Changed,
    complaint_assign,
    complaint_classify,
)
from complaintdesk.lib.ttlcache import TimedValue
from complaintdesk.triage.active import ActiveModels, active_models
from complaintdesk.triage.models import RoutingRule
from complaintdesk.triage.nlp.pipeline import triage_text

TRIAGE_ACTOR = Actor(user_id=None, role=Role.ADMIN, label="triage")
# A learned priority model may raise the rules' priority when it is at least this sure.
PRIORITY_MODEL_MIN_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Assessment:
    """Triage's reading of one complaint: an entry per field and the model versions used."""

    entries: dict[str, dict[str, Any]]
    models: dict[str, str]

    def value(self, field: str, default: Any = "") -> Any:
        entry = self.entries.get(field)
        return entry["value"] if entry else default


def _customer_flags(customer: Customer | None) -> list[str]:
    if customer is None:
        return []
    return [
        name
        for name, on in (("vip", customer.is_vip), ("vulnerable", customer.is_vulnerable))
        if on
    ]


def triage_assess(
    *,
    text: str,
    amount: Decimal | None,
    customer: Customer | None,
    language: str = "",
    batch_size: int = 0,
) -> Assessment:
    """The pipeline's reading of a complaint's text with the active models; no database."""
    models = active_models()
    result = triage_text(
        text,
        amount=amount,
        customer_flags=_customer_flags(customer),
        batch_size=batch_size,
        models=models.bundle,
    )
    entries = result.as_dict()
    entries["priority"] = _learned_priority(text, entries["priority"], models)
    if language:
        entries["language"] = {
            "value": language,
            "confidence": 1.0,
            "source": TriageSource.CUSTOMER,
            "explanation": [],
        }
    return Assessment(entries=entries, models=dict(models.versions))


def triage_assess_complaint(*, complaint: Complaint, batch_size: int = 0) -> Assessment:
    """:func:`triage_assess` of a stored complaint (the language it was filed in is kept)."""
    filed_in = "" if "language" in (complaint.triage or {}) else complaint.language
    return triage_assess(
        text=complaint.text,
        amount=complaint.amount_claimed,
        customer=complaint.customer if complaint.customer_id else None,
        language=filed_in,
        batch_size=batch_size,
    )


@dataclass(frozen=True)
class RouteDecision:
    department: Department | None
    reason: str


class RoutingFacts(Protocol):
    """What routing matches on: a complaint, or intake's facts before it writes one."""

    @property
    def category(self) -> str: ...
    @property
    def industry(self) -> str: ...
    @property
    def priority(self) -> str: ...
    @property
    def risk_flags(self) -> list[str]: ...


def _learned_priority(
    text: str, rules_entry: dict[str, Any], models: ActiveModels
) -> dict[str, Any]:
    """The rules' priority, raised by an activated priority model that is sure enough."""
    if models.priority is None:
        return rules_entry
    prediction = models.priority.predict([text], explain=3)[0]
    rank = PRIORITY_RANK.get(Priority(prediction.label)) if prediction.label in Priority else None
    rules_rank = PRIORITY_RANK[Priority(rules_entry["value"])]
    if rank is None or rank >= rules_rank or prediction.confidence < PRIORITY_MODEL_MIN_CONFIDENCE:
        return rules_entry
    return {
        "value": prediction.label,
        "confidence": round(prediction.confidence, 4),
        "source": TriageSource.MODEL,
        "explanation": [*prediction.explanation_terms, *rules_entry["explanation"]],
    }


@dataclass(frozen=True)
class RoutingTable:
    """The enabled routing rules in order, the departments they name and the special team."""

    rules: tuple[RoutingRule, ...]
    departments: dict[str, Department]
    special: Department | None


def _load_routing() -> RoutingTable:
    rules = tuple(RoutingRule.objects.filter(enabled=True).order_by("rank", "id"))
    departments = {
        d.code: d for d in Department.objects.filter(code__in={r.department_code for r in rules})
    }
    special = Department.objects.filter(is_special_team=True).order_by("code").first()
    return RoutingTable(rules, departments, special)


# Read on every intake, edited rarely: each process keeps the table for a minute, and an edit
# in this process clears it at once (see apps.py).
ROUTING = TimedValue(_load_routing, ttl=60)


def route_decide(*, complaint: RoutingFacts) -> RouteDecision:
    """Where a complaint goes: the special team when urgent or risk-flagged, else the first
    enabled rule that matches and names an existing department. Reads only the cached table."""
    table = ROUTING.get()
    flags = list(complaint.risk_flags or [])
    if (complaint.priority == Priority.URGENT or flags) and table.special is not None:
        urgent = complaint.priority == Priority.URGENT
        reason = "urgent" if urgent else "risk: " + ", ".join(flags)
        return RouteDecision(table.special, f"special team ({reason})")
    for rule in table.rules:
        department = table.departments.get(rule.department_code)
        if department is not None and rule.matches(
            category=complaint.category,
            industry=complaint.industry,
            priority=complaint.priority,
            risk_flags=flags,
        ):
            return RouteDecision(department, f"rule: {rule.name}")
    return RouteDecision(None, "no rule matched")


def complaint_apply_triage(
    *, complaint: Complaint, assessment: Assessment, actor: Actor | None
) -> ComplaintEvent:
    """Write the assessment on the complaint (one UPDATE, one CLASSIFIED event)."""
    return complaint_classify(
        complaint=complaint, entries=assessment.entries, models=assessment.models, actor=actor
    )


def complaint_route(
    *, complaint: Complaint, decision: RouteDecision | None = None
) -> Changed | None:
    """Give a complaint without a department to the department routing chose (decided now
    when ``decision`` is not given). Returns the change, or ``None`` when nothing moved."""
    if complaint.department_id is not None:
        return None
    decision = decision or route_decide(complaint=complaint)
    if decision.department is None:
        return None
    changed = complaint_assign(
        complaint=complaint, actor=TRIAGE_ACTOR, assignee=None, department=decision.department
    )
    complaint.department = decision.department
    return changed


def ensure_can_triage_again(actor: Actor) -> None:
    if not actor.is_staff_role:
        raise Forbidden(_("Only staff can run triage again."))
