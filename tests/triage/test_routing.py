"""Routing after triage: the special team first, then editable rules by rank."""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Department
from complaintdesk.intake.services import IntakeRequest
from complaintdesk.lib.clock import utcnow
from complaintdesk.triage.models import RoutingRule
from complaintdesk.triage.services import complaint_route, route_decide
from complaintdesk.workflows.receive import receive

LOGIN = "APP升级后一直登录失败，提示系统错误，闪退，根本用不了。"


def submit(text: str) -> Complaint:
    complaint = receive(
        request=IntakeRequest(channel="api", text=text, received_at=utcnow()), actor=None
    ).complaint
    return Complaint.objects.select_related("department").get(pk=complaint.pk)


def unsaved(**fields: Any) -> Complaint:
    base: dict[str, Any] = {
        "category": "quality",
        "industry": "ecommerce",
        "priority": "normal",
        "risk_flags": [],
    }
    return Complaint(**{**base, **fields})


def test_default_rules_route_a_technical_fault_to_tech(personas: Any) -> None:
    complaint = submit(LOGIN)
    assert complaint.category == "technical"
    assert complaint.department is not None and complaint.department.code == "tech"
    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.ASSIGNED)
    assert event.data["after"] == {"department": "tech", "assignee": None}


def test_rule_naming_a_missing_department_is_skipped(personas: Any) -> None:
    RoutingRule.objects.create(name="to nowhere", rank=1, category="quality", department_code="qa")
    decision = route_decide(complaint=unsaved(category="quality"))
    assert decision.department is not None and decision.department.code == "cs"
    assert decision.reason == "rule: Everything else to customer service"


def test_disabled_rule_is_skipped_and_rank_decides(personas: Any) -> None:
    RoutingRule.objects.create(
        name="edu first", rank=1, industry="education", department_code="legal"
    )
    RoutingRule.objects.create(
        name="edu quality", rank=2, category="quality", industry="education", department_code="tech"
    )
    complaint = unsaved(category="quality", industry="education")
    assert route_decide(complaint=complaint).reason == "rule: edu first"
    first = RoutingRule.objects.get(name="edu first")
    first.enabled = False
    first.save()  # an edit clears this process's cached routing table
    assert route_decide(complaint=complaint).reason == "rule: edu quality"


def test_all_conditions_must_hold(personas: Any) -> None:
    RoutingRule.objects.all().delete()
    RoutingRule.objects.create(
        name="high billing", rank=1, category="billing", priority="high", department_code="legal"
    )
    assert route_decide(complaint=unsaved(category="billing", priority="normal")).department is None
    decision = route_decide(complaint=unsaved(category="billing", priority="high"))
    assert decision.department is not None and decision.department.code == "legal"


def test_risk_flag_rule_when_there_is_no_special_team(personas: Any) -> None:
    assert not Department.objects.filter(is_special_team=True).exists()
    decision = route_decide(complaint=unsaved(risk_flags=["legal_threat"], category="quality"))
    assert decision.department is not None and decision.department.code == "legal"


def test_urgent_goes_to_the_special_team_before_any_rule(personas: Any) -> None:
    Department.objects.create(code="special", name="专项小组", is_special_team=True)
    decision = route_decide(complaint=unsaved(priority="urgent", category="technical"))
    assert decision.department is not None and decision.department.code == "special"
    assert decision.reason == "special team (urgent)"
    flagged = route_decide(complaint=unsaved(risk_flags=["media_exposure"]))
    assert flagged.reason == "special team (risk: media_exposure)"


def test_a_complaint_with_a_department_is_not_rerouted(personas: Any) -> None:
    complaint = submit(LOGIN)
    legal = Department.objects.get(code="legal")
    Complaint.objects.filter(pk=complaint.pk).update(department=legal)
    complaint.refresh_from_db()
    assert complaint_route(complaint=complaint) is None
    assert ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.ASSIGNED).count() == 1


@pytest.mark.parametrize("code", ["cs", "tech", "legal", "finance", "teaching", "logistics"])
def test_default_rules_name_the_demo_departments(db: Any, code: str) -> None:
    assert RoutingRule.objects.filter(department_code=code, enabled=True).exists()
