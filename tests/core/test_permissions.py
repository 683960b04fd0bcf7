"""Every role against every endpoint, including complaints the role must not know exist."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint, Department, Message
from tests.conftest import complaint_body

ROLES = [
    "agent",
    "supervisor",
    "admin",
    "dept",
    "other_dept",
    "auditor",
    "customer",
    "other_customer",
    "integration",
]
# Who sees the complaint filed by the customer and routed to the tech department.
SEES = {"agent", "supervisor", "admin", "dept", "auditor", "customer"}


@pytest.fixture
def tech_complaint(api, personas) -> str:
    number = api("customer").post("/complaints", complaint_body()).json()["number"]
    Complaint.objects.filter(number=number).update(department=Department.objects.get(code="tech"))
    return number


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_get_one(api, tech_complaint: str, role: str) -> None:
    response = api(role).get(f"/complaints/{tech_complaint}")
    assert response.status_code == (200 if role in SEES else 404)
    if role not in SEES:
        assert response.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_list(api, tech_complaint: str, role: str) -> None:
    numbers = [c["number"] for c in api(role).get("/complaints").json()["items"]]
    assert (tech_complaint in numbers) == (role in SEES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_timeline(api, tech_complaint: str, role: str) -> None:
    response = api(role).get(f"/complaints/{tech_complaint}/timeline")
    assert response.status_code == (200 if role in SEES else 404)


CREATE = {
    "agent": 201,
    "supervisor": 201,
    "admin": 201,
    "dept": 201,
    "other_dept": 201,
    "auditor": 403,
    "customer": 201,
    "other_customer": 201,
    "integration": 201,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_create(api, role: str) -> None:
    before = Complaint.objects.count()
    response = api(role).post("/complaints", complaint_body())
    assert response.status_code == CREATE[role]
    assert Complaint.objects.count() == before + (1 if CREATE[role] == 201 else 0)


@pytest.mark.django_db
def test_customer_files_for_themselves_whatever_the_body_says(api, personas) -> None:
    body = complaint_body(customer={"name": "冒名", "phone": "13900000000"})
    number = api("customer").post("/complaints", body).json()["number"]
    assert Complaint.objects.get(number=number).customer == personas["customer"].customer


TRANSITION = {
    "agent": 200,
    "supervisor": 200,
    "admin": 200,
    "dept": 200,
    "other_dept": 404,
    "auditor": 409,
    "customer": 409,
    "other_customer": 404,
    "integration": 404,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_transition(api, tech_complaint: str, role: str) -> None:
    response = api(role).post(f"/complaints/{tech_complaint}/transitions", {"to": "acknowledged"})
    assert response.status_code == TRANSITION[role]
    expected = "acknowledged" if TRANSITION[role] == 200 else "new"
    assert Complaint.objects.get(number=tech_complaint).status == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["customer", "integration"])
def test_complainant_may_withdraw_own(api, personas, role: str) -> None:
    number = api(role).post("/complaints", complaint_body()).json()["number"]
    response = api(role).post(f"/complaints/{number}/transitions", {"to": "withdrawn"})
    assert response.status_code == 200
    assert Complaint.objects.get(number=number).status == "withdrawn"


ASSIGN = {
    "agent": 200,
    "supervisor": 200,
    "admin": 200,
    "dept": 200,
    "other_dept": 404,
    # Roles that cannot assign get 404 before any name is looked up, so /assignment does not
    # tell them which staff usernames or departments exist (tests/security/test_throttling.py).
    "auditor": 404,
    "customer": 404,
    "other_customer": 404,
    "integration": 404,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_assign(api, tech_complaint: str, role: str) -> None:
    response = api(role).post(
        f"/complaints/{tech_complaint}/assignment", {"assignee": "dept", "department": "tech"}
    )
    assert response.status_code == ASSIGN[role]
    complaint = Complaint.objects.get(number=tech_complaint)
    assert (complaint.assignee_id is not None) == (ASSIGN[role] == 200)


REPLY = {
    "agent": 201,
    "supervisor": 201,
    "admin": 201,
    "dept": 201,
    "other_dept": 404,
    "auditor": 403,
    "customer": 201,
    "other_customer": 404,
    "integration": 404,
}
NOTE = {**REPLY, "customer": 403}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_reply(api, tech_complaint: str, role: str) -> None:
    response = api(role).post(f"/complaints/{tech_complaint}/messages", {"body": "您好"})
    assert response.status_code == REPLY[role]
    assert Message.objects.filter(complaint__number=tech_complaint).count() == (
        1 if REPLY[role] == 201 else 0
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_internal_note(api, tech_complaint: str, role: str) -> None:
    response = api(role).post(
        f"/complaints/{tech_complaint}/messages", {"body": "内部备注", "internal": True}
    )
    assert response.status_code == NOTE[role]


@pytest.mark.django_db
def test_department_staff_cannot_move_complaint_to_another_department(api, tech_complaint) -> None:
    response = api("dept").post(f"/complaints/{tech_complaint}/assignment", {"department": "legal"})
    assert response.status_code == 403
    assert Complaint.objects.get(number=tech_complaint).department.code == "tech"


@pytest.mark.django_db
def test_customer_or_auditor_cannot_be_assignee(api, tech_complaint) -> None:
    for name in ["customer", "auditor"]:
        response = api("agent").post(f"/complaints/{tech_complaint}/assignment", {"assignee": name})
        assert response.status_code == 422
    assert Complaint.objects.get(number=tech_complaint).assignee is None


@pytest.mark.django_db
def test_auditor_sees_masked_personal_data(api, personas) -> None:
    number = api("agent").post("/complaints", complaint_body()).json()["number"]
    customer = api("auditor").get(f"/complaints/{number}").json()["customer"]
    assert customer["phone"] == "139****5678"
    assert customer["email"] == "w***@example.com"
    assert api("agent").get(f"/complaints/{number}").json()["customer"]["phone"] == "13912345678"


@pytest.mark.django_db
def test_customer_timeline_hides_internal_notes_and_assignment(api, tech_complaint) -> None:
    api("agent").post(
        f"/complaints/{tech_complaint}/messages", {"body": "secret", "internal": True}
    )
    api("agent").post(f"/complaints/{tech_complaint}/messages", {"body": "公开回复"})
    api("agent").post(f"/complaints/{tech_complaint}/assignment", {"assignee": "agent"})
    entries = api("customer").get(f"/complaints/{tech_complaint}/timeline").json()
    bodies = [e.get("body") for e in entries]
    assert "公开回复" in bodies and "secret" not in bodies
    assert all(e["kind"] not in {"assigned", "note"} for e in entries)
    staff_kinds = [
        e["kind"] for e in api("agent").get(f"/complaints/{tech_complaint}/timeline").json()
    ]
    assert "note" in staff_kinds and "assigned" in staff_kinds


@pytest.mark.django_db
def test_no_key_bad_key_and_revoked_key_are_401(api, personas, client) -> None:
    assert api(None).get("/complaints").status_code == 401
    bad = client.get("/api/v1/complaints", HTTP_AUTHORIZATION="Bearer cdk_wrong")
    assert bad.status_code == 401 and bad.json()["code"] == "not_authenticated"
    personas["agent"].user.api_keys.update(revoked_at="2026-01-01T00:00:00Z")
    assert api("agent").get("/complaints").status_code == 401


@pytest.mark.django_db
def test_session_user_needs_csrf_for_writes(personas) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["agent"].user)
    assert browser.get("/api/v1/complaints").status_code == 200
    response = browser.post("/api/v1/complaints", complaint_body(), content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    assert Complaint.objects.count() == 0
