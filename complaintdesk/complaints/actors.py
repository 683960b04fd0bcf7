"""Who is acting: the user, their role and the scope of complaints that role can reach."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from complaintdesk.complaints.choices import STAFF_ROLES, Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    role: Role
    department_id: int | None = None
    customer_id: int | None = None
    respondent_id: int | None = None
    label: str = ""

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def sees_personal_data(self) -> bool:
        """The customer's phone, email and ID number: masked for auditors and respondents."""
        return self.role not in {Role.AUDITOR, Role.RESPONDENT}

    @property
    def sees_internal(self) -> bool:
        """Internal notes and internal events (assignment, triage) are for staff and auditors."""
        return self.role in STAFF_ROLES or self.role == Role.AUDITOR


def actor_for_user(user: AbstractBaseUser) -> Actor | None:
    """The actor behind a signed-in user or API key, or ``None`` when the user has no role."""
    if not user.is_active:
        return None
    membership = getattr(user, "membership", None)
    if membership is not None:
        return Actor(
            user_id=user.pk,
            role=Role(membership.role),
            department_id=membership.department_id,
            respondent_id=membership.respondent_id,
            label=user.get_username(),
        )
    customer = getattr(user, "customer", None)
    if customer is not None:
        return Actor(
            user_id=user.pk, role=Role.CUSTOMER, customer_id=customer.pk, label=user.get_username()
        )
    if getattr(user, "is_superuser", False):
        return Actor(user_id=user.pk, role=Role.ADMIN, label=user.get_username())
    return None
