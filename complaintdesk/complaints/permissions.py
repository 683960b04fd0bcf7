"""What each role may see and do. Selectors and services call these; nothing else decides."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ALL_STAFF_SCOPE_ROLES, STAFF_ROLES, Role
from complaintdesk.complaints.errors import Forbidden, NotFound, complaint_not_found
from complaintdesk.complaints.models import Complaint, ConsultedDepartment, OverseerScope

COMPLAINANT_ROLES = frozenset({Role.CUSTOMER, Role.INTEGRATION})


def scope_complaints(actor: Actor, queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Only the complaints this actor may know exist."""
    if actor.role in ALL_STAFF_SCOPE_ROLES:
        return queryset
    if actor.role == Role.DEPARTMENT and actor.department_id is not None:
        consulted = ConsultedDepartment.objects.filter(
            complaint_id=OuterRef("pk"), department_id=actor.department_id
        )
        return queryset.filter(Q(department_id=actor.department_id) | Exists(consulted))
    if actor.role == Role.CUSTOMER and actor.customer_id is not None:
        return queryset.filter(customer_id=actor.customer_id)
    if actor.role == Role.INTEGRATION and actor.user_id is not None:
        return queryset.filter(created_by_id=actor.user_id)
    if actor.role == Role.RESPONDENT and actor.respondent_id is not None:
        return queryset.filter(respondent_id=actor.respondent_id)
    if actor.role == Role.OVERSEER and actor.user_id is not None:
        return queryset.filter(overseer_filter(actor.user_id))
    return queryset.none()


def overseer_filter(user_id: int) -> Q:
    """The complaints of an overseer's scopes: those matching every filled field of any one
    scope (one query for the scopes); none without a scope."""
    matches = Q(pk__in=[])
    for scope in OverseerScope.objects.filter(user_id=user_id):
        fields = {
            "respondent_id": scope.respondent_id,
            "category": scope.category,
            "channel": scope.channel,
            "order__item": scope.item,
            "order__platform": scope.platform,
        }
        wanted = {name: value for name, value in fields.items() if value}
        if wanted:
            matches |= Q(**wanted)
    return matches


def ensure_can_give_opinion(actor: Actor) -> None:
    """Only outside overseers give opinions; for everyone else the action does not exist."""
    if actor.role != Role.OVERSEER:
        raise NotFound(_("There is no such page."))


def ensure_can_answer_opinion(actor: Actor, complaint: Complaint) -> None:
    """Staff who may change the complaint answer its opinions; for anyone else it is 404."""
    if not may_change(actor, complaint):
        raise NotFound(_("There is no such page."))


def ensure_can_read_view_log(actor: Actor) -> None:
    """Who opened which complaint is for administrators."""
    if actor.role != Role.ADMIN:
        raise NotFound(_("There is no such page."))


def ensure_can_create(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES | COMPLAINANT_ROLES:
        raise Forbidden(_("Your role cannot submit complaints."))


def ensure_can_assign(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES:
        raise Forbidden(_("Your role cannot assign complaints."))


def ensure_assignment_reachable(actor: Actor, number: str) -> None:
    """Before anything an assignment names is looked up: a role that cannot assign gets the
    404 of a complaint it cannot see, so it learns nothing about departments or staff names."""
    if actor.role not in STAFF_ROLES:
        raise complaint_not_found(number)


def ensure_can_reply(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES | COMPLAINANT_ROLES:
        raise Forbidden(_("Your role cannot send messages on complaints."))


def ensure_can_note(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES:
        raise Forbidden(_("Only staff can add internal notes."))


def ensure_can_correct(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES:
        raise Forbidden(_("Only staff can correct the category, demand or priority."))


def ensure_can_tag(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES:
        raise Forbidden(_("Only staff can change tags."))


def ensure_can_attach(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES | COMPLAINANT_ROLES:
        raise Forbidden(_("Your role cannot attach files."))


def ensure_can_name_respondent(actor: Actor) -> None:
    """Outside staff the action does not exist (404), as for every dispute action."""
    if actor.role not in STAFF_ROLES:
        raise NotFound(_("There is no such page."))
def may_change(actor: Actor, complaint: Complaint) -> bool:
    """Staff change a complaint's status, assignment, triage, tags and reply to the customer
    only on complaints of their scope they own: department staff on their department's, not
    on one another team only asked them about."""
    if actor.role not in STAFF_ROLES:
        return False
    return actor.role != Role.DEPARTMENT or complaint.department_id == actor.department_id


def ensure_owns(actor: Actor, complaint: Complaint) -> None:
    """Department staff consulted on another team's complaint may read it, add notes and answer
    the question; for every other change the complaint is not found, as outside their scope."""
    if actor.role == Role.DEPARTMENT and complaint.department_id != actor.department_id:
        raise complaint_not_found(complaint.number)
