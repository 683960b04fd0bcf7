"""Who is acting: the user, their role and the scope of complaints that role can reach."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from complaintdesk.complaints.choices import STAFF_ROLES, Role
from complaintdesk.lib.text import mask_contacts_in_text

#: Roles without the permission to see personal data.
MASKED_ROLES = frozenset({Role.AUDITOR, Role.OVERSEER, Role.RESPONDENT})


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
        """The customer's phone, email and ID number, and those written inside complaint text
        and messages: masked for auditors, outside overseers and respondents."""
        return self.role not in MASKED_ROLES

    @property
    def sees_customer_name(self) -> bool:
        """An outside overseer reads the customer's surname only (王**); staff, auditors and
        respondents the whole name."""
        return self.role != Role.OVERSEER

    def readable(self, text: str) -> str:
        """Free text (a complaint, a message, a note) as this actor may read it: phones, ID
        numbers, emails and bank cards inside it masked when personal data is not theirs."""
        return text if self.sees_personal_data else mask_contacts_in_text(text)

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
