"""Reads of consultations: those of one complaint, and the questions waiting for a
department (its queue)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import NotFound
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import complaints_for
from complaintdesk.consult.models import Consultation, ConsultationState


def consultations_of(*, complaint: Complaint) -> list[Consultation]:
    """The complaint's consultations in the order asked, with department and people (one
    query)."""
    return list(
        Consultation.objects.filter(complaint=complaint)
        .select_related("department", "asked_by", "answered_by")
        .order_by("asked_at", "id")
    )


def open_for_department(*, actor: Actor, limit: int = 100) -> list[Consultation]:
    """Questions waiting for the actor's department, the soonest due first, with their
    complaints (one query)."""
    if actor.department_id is None:
        return []
    return list(
        _open_for(actor)
        .select_related("complaint", "complaint__department", "asked_by")
        .order_by("due_at", "id")[:limit]
    )


def open_count_for_department(*, actor: Actor) -> int:
    return _open_for(actor).count() if actor.department_id is not None else 0


def _open_for(actor: Actor) -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        department_id=actor.department_id or 0, state=ConsultationState.OPEN
    )


def consultation_get(*, actor: Actor, complaint: Complaint, consultation_id: int) -> Consultation:
    """One consultation of a complaint the actor can see; 404 otherwise."""
    found = (
        Consultation.objects.filter(
            pk=consultation_id,
            complaint=complaint,
            complaint__in=complaints_for(actor).values("pk"),
        )
        .select_related("department", "complaint")
        .first()
    )
    if found is None:
        raise NotFound(_("No such question on this complaint."))
    return found
