"""The people of the test suite, one per role, each with an API key.

``build_personas()`` returns a mapping such as ``personas["agent"].key``. Departments: ``cs``
(customer service), ``tech`` and ``legal``; ``dept`` works in tech, ``other_dept`` in legal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from complaintdesk.complaints.apikeys import apikey_create
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.models import (
    Customer,
    Department,
    Membership,
    OverseerScope,
    Respondent,
)

PASSWORD = "complaintdesk-test-pass"  # noqa: S105 - test personas only


@dataclass(frozen=True)
class Persona:
    name: str
    role: str
    user: AbstractBaseUser
    key: str
    customer: Customer | None = None
    department: Department | None = None
    respondent: Respondent | None = None

    @property
    def auth(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"}


def _staff(name: str, role: str, department: Department | None = None) -> Persona:
    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    Membership.objects.create(user=user, role=role, department=department)
    _, key = apikey_create(name=name, role=role, username=name)
    return Persona(name=name, role=role, user=user, key=key, department=department)


def _customer(name: str, phone: str) -> Persona:
    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    customer = Customer.objects.create(name=name, phone=phone, user=user)
    _, key = apikey_create(name=name, role=Role.CUSTOMER, username=name)
    return Persona(name=name, role=Role.CUSTOMER, user=user, key=key, customer=customer)


def build_personas() -> dict[str, Persona]:
    cs = Department.objects.create(code="cs", name="客服部")
    tech = Department.objects.create(code="tech", name="技术部")
    legal = Department.objects.create(code="legal", name="法务部")
    return {
        "agent": _staff("agent", Role.AGENT, cs),
        "supervisor": _staff("supervisor", Role.SUPERVISOR, cs),
        "admin": _staff("admin", Role.ADMIN),
        "dept": _staff("dept", Role.DEPARTMENT, tech),
        "other_dept": _staff("other_dept", Role.DEPARTMENT, legal),
        "auditor": _staff("auditor", Role.AUDITOR),
        "integration": _staff("integration", Role.INTEGRATION),
        "customer": _customer("customer", "13800000001"),
        "other_customer": _customer("other_customer", "13800000002"),
    }


def respondent_persona(name: str, respondent: Respondent) -> Persona:
    """A merchant's (rider's, teacher's) user with an API key of role ``respondent``."""
    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    Membership.objects.create(user=user, role=Role.RESPONDENT, respondent=respondent)
    _, key = apikey_create(
        name=name, role=Role.RESPONDENT, username=name, respondent_code=respondent.code
    )
    return Persona(name=name, role=Role.RESPONDENT, user=user, key=key, respondent=respondent)


def overseer_persona(name: str, label: str, **scope: object) -> Persona:
    """An outside overseer whose one scope is ``scope`` (respondent=, category=, channel=,
    item=, platform=), signing in to the desk with the test password."""
    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    Membership.objects.create(user=user, role=Role.OVERSEER)
    OverseerScope.objects.create(user=user, label=label, **scope)
    _, key = apikey_create(name=name, role=Role.OVERSEER, username=name)
    return Persona(name=name, role=Role.OVERSEER, user=user, key=key)
