"""Receiving a complaint from any channel.

Everything that only reads or thinks happens before the write transaction: the duplicate
check, the customer and order lookups, triage, the routing decision and the clock plan (the
policies, rules and calendars are cached per process). The transaction then holds the writes
only, in this order: record → classify → start each clock once under its final policy →
route → acknowledge (the final category's template, the answer clock's promise) → tell staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Priority, Role
from complaintdesk.complaints.permissions import ensure_can_create
from complaintdesk.intake.services import (
    IntakeRequest,
    IntakeResult,
    Parties,
    intake_duplicate,
    intake_duplicate_note,
    intake_find_parties,
    intake_record,
)
from complaintdesk.notify.announce import complaint_acknowledge, staff_announce
from complaintdesk.sla.models import Clock
from complaintdesk.sla.selectors import promised_answer
from complaintdesk.sla.services import clocks_insert, clocks_plan
from complaintdesk.triage.services import (
    TRIAGE_ACTOR,
    Assessment,
    RouteDecision,
    complaint_apply_triage,
    complaint_route,
    route_decide,
    triage_assess,
)


@dataclass(frozen=True)
class Facts:
    """What policies and routing match on, known before the complaint is written."""

    channel: str
    category: str = ""
    priority: str = Priority.NORMAL
    industry: str = ""
    risk_flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IntakePlan:
    """The decisions taken before the write transaction."""

    parties: Parties
    assessment: Assessment | None
    route: RouteDecision | None
    clocks: list[Clock]


def _assess(request: IntakeRequest, parties: Parties) -> Assessment | None:
    if not settings.TRIAGE_AT_INTAKE:
        return None
    return triage_assess(
        text=request.text,
        amount=request.amount_claimed,
        customer=parties.customer,
        language=request.language,
    )


def intake_plan(*, request: IntakeRequest, actor: Actor | None) -> IntakePlan:
    """Read and decide everything intake will write: no write, no write lock."""
    parties = intake_find_parties(request=request, actor=actor)
    assessment = _assess(request, parties)
    facts = Facts(channel=request.channel)
    if assessment is not None:
        facts = Facts(
            channel=request.channel,
            category=assessment.value("category"),
            priority=assessment.value("priority", Priority.NORMAL),
            industry=assessment.value("industry"),
            risk_flags=list(assessment.value("risk_flags", [])),
        )
    own_department = actor.department_id if actor and actor.role == Role.DEPARTMENT else None
    route = None
    if assessment is not None and own_department is None:
        route = route_decide(complaint=facts)
    department = own_department or (route.department.pk if route and route.department else None)
    clocks = clocks_plan(facts=facts, department_id=department, started_at=request.received_at)
    return IntakePlan(parties=parties, assessment=assessment, route=route, clocks=clocks)


def receive(*, request: IntakeRequest, actor: Actor | None) -> IntakeResult:
    """Record a complaint, or return the one this source already sent with the same id."""
    if actor is not None:
        ensure_can_create(actor)
    existing = intake_duplicate(request, actor)
    if existing is not None:
        return intake_duplicate_note(complaint=existing, actor=actor)
    plan = intake_plan(request=request, actor=actor)
    with transaction.atomic():
        result = intake_record(request=request, actor=actor, parties=plan.parties)
        if not result.created or result.event is None:
            return result
        complaint = result.complaint
        if plan.assessment is not None:
            complaint_apply_triage(
                complaint=complaint, assessment=plan.assessment, actor=TRIAGE_ACTOR
            )
        clocks = clocks_insert(complaint=complaint, clocks=plan.clocks)
        routed = complaint_route(complaint=complaint, decision=plan.route) if plan.route else None
        complaint_acknowledge(
            complaint=complaint, event=result.event, promised_at=promised_answer(clocks)
        )
        if routed is not None:
            staff_announce(complaint=complaint, event=routed.event)
    return result
