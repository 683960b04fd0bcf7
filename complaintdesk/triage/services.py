"""Applying triage to complaints: classify at intake and on demand, then route.

:func:`triage_on_event` receives ``event_recorded``; on a CREATED event it runs the pipeline with
the active models and :func:`complaint_apply_triage` writes every field in one UPDATE and one
CLASSIFIED event, inside the intake's transaction (the clocks app re-selects its policies when it
sees CLASSIFIED). Values an agent or the customer gave (``triage[field]["source"]`` is ``agent``
or ``customer``) are kept. A complaint without a department is then routed: urgent and
risk-flagged ones to the special team, the rest by the first matching :class:`RoutingRule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import PRIORITY_RANK, EventKind, Priority, Role, TriageSource
from complaintdesk.complaints.errors import Forbidden
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Department
from complaintdesk.complaints.services import complaint_assign, event_record
from complaintdesk.triage.active import ActiveModels, active_models
from complaintdesk.triage.models import RoutingRule
from complaintdesk.triage.nlp.pipeline import TriageResult, triage_text

TRIAGE_ACTOR = Actor(user_id=None, role=Role.ADMIN, label="triage")
KEPT_SOURCES = frozenset({TriageSource.AGENT, TriageSource.CUSTOMER})
# A learned priority model may raise the rules' priority when it is at least this sure.
PRIORITY_MODEL_MIN_CONFIDENCE = 0.6
# Triage field -> complaint column(s) it writes.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "category": ("category",),
    "demand": ("demand",),
    "priority": ("priority",),
    "risk_flags": ("risk_flags",),
    "sentiment": ("sentiment_label", "sentiment_score"),
    "industry": ("industry",),
    "language": ("language",),
}


@dataclass(frozen=True)
class RouteDecision:
    department: Department | None
    reason: str


def triage_run(*, complaint: Complaint, batch_size: int = 0) -> tuple[TriageResult, ActiveModels]:
    """The pipeline's result for this complaint with the active models (no database access
    beyond the complaint's customer, which intake has already loaded)."""
    models = active_models()
    customer = complaint.customer if complaint.customer_id else None
    flags = [
        name
        for name, on in (
            ("vip", customer is not None and customer.is_vip),
            ("vulnerable", customer is not None and customer.is_vulnerable),
        )
        if on
    ]
    result = triage_text(
        complaint.text,
        amount=complaint.amount_claimed,
        customer_flags=flags,
        batch_size=batch_size,
        models=models.bundle,
    )
    return result, models


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


def _entries(complaint: Complaint, result: TriageResult, models: ActiveModels) -> dict[str, Any]:
    entries = result.as_dict()
    entries["priority"] = _learned_priority(complaint.text, entries["priority"], models)
    if complaint.language and "language" not in (complaint.triage or {}):
        entries["language"] = {
            "value": complaint.language,
            "confidence": 1.0,
            "source": TriageSource.CUSTOMER,
            "explanation": [],
        }
    return entries


def complaint_apply_triage(
    *, complaint: Complaint, result: TriageResult, models: ActiveModels, actor: Actor | None
) -> ComplaintEvent:
    """Write the triage fields (one UPDATE) and record a CLASSIFIED event with their sources.

    Fields whose current source is an agent or the customer keep their value.
    """
    previous = dict(complaint.triage or {})
    kept = [
        name
        for name, entry in previous.items()
        if name in FIELD_COLUMNS and isinstance(entry, dict) and entry.get("source") in KEPT_SOURCES
    ]
    entries = _entries(complaint, result, models)
    triage = {**previous}
    changes: dict[str, Any] = {}
    for name, entry in entries.items():
        if name in kept:
            continue
        triage[name] = entry
        columns = FIELD_COLUMNS[name]
        changes[columns[0]] = entry["value"]
        if name == "sentiment":
            changes["sentiment_score"] = entry["score"]
    changes["triage"] = triage
    changes["updated_at"] = timezone.now()
    Complaint.objects.filter(pk=complaint.pk).update(**changes)
    for column, value in changes.items():
        setattr(complaint, column, value)
    return event_record(
        complaint=complaint,
        kind=EventKind.CLASSIFIED,
        actor=actor,
        fields={name: entry for name, entry in triage.items() if name in FIELD_COLUMNS},
        kept=kept,
        models=models.versions,
    )


def route_decide(*, complaint: Complaint) -> RouteDecision:
    """Where a complaint goes: the special team when urgent or risk-flagged, else the first
    enabled rule that matches and names an existing department."""
    flags = list(complaint.risk_flags or [])
    if complaint.priority == Priority.URGENT or flags:
        special = Department.objects.filter(is_special_team=True).order_by("code").first()
        if special is not None:
            urgent = complaint.priority == Priority.URGENT
            reason = "urgent" if urgent else "risk: " + ", ".join(flags)
            return RouteDecision(special, f"special team ({reason})")
    rules = list(RoutingRule.objects.filter(enabled=True).order_by("rank", "id"))
    departments = {
        department.code: department
        for department in Department.objects.filter(
            code__in={rule.department_code for rule in rules}
        )
    }
    for rule in rules:
        department = departments.get(rule.department_code)
        if department is not None and rule.matches(
            category=complaint.category,
            industry=complaint.industry,
            priority=complaint.priority,
            risk_flags=flags,
        ):
            return RouteDecision(department, f"rule: {rule.name}")
    return RouteDecision(None, "no rule matched")


def complaint_route(*, complaint: Complaint) -> RouteDecision:
    """Assign an unassigned complaint to the department its triage points to."""
    if complaint.department_id is not None:
        return RouteDecision(complaint.department, "already has a department")
    decision = route_decide(complaint=complaint)
    if decision.department is not None:
        complaint_assign(
            complaint=complaint, actor=TRIAGE_ACTOR, assignee=None, department=decision.department
        )
        complaint.department = decision.department
    return decision


@transaction.atomic
def complaint_triage(
    *, complaint: Complaint, actor: Actor | None, batch_size: int = 0
) -> Complaint:
    """Classify (or classify again) and route a complaint that has no department yet."""
    result, models = triage_run(complaint=complaint, batch_size=batch_size)
    complaint_apply_triage(complaint=complaint, result=result, models=models, actor=actor)
    complaint_route(complaint=complaint)
    return complaint


def complaint_triage_again(*, complaint: Complaint, actor: Actor) -> Complaint:
    """Staff ask for triage again (e.g. after the models were retrained)."""
    if not actor.is_staff_role:
        raise Forbidden(_("Only staff can run triage again."))
    return complaint_triage(complaint=complaint, actor=actor)


def triage_on_event(sender: Any, *, event: ComplaintEvent, complaint: Complaint, **_: Any) -> None:
    """Receiver of ``event_recorded``: triage every complaint the moment it is created."""
    if event.kind == EventKind.CREATED and settings.TRIAGE_AT_INTAKE and not complaint.is_batch:
        complaint_triage(complaint=complaint, actor=TRIAGE_ACTOR)
