"""Outside oversight: overseers' opinions and staff's answers (writes, each with its event),
the queue of open opinions, and the log of complaints opened by overseers and auditors.

Reads are scoped like every other read: an opinion is found only on a complaint the actor can
see (``complaints_for``), and is 404 otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind, Role
from complaintdesk.complaints.errors import Conflict, InvalidInput, NotFound
from complaintdesk.complaints.models import (
    Complaint,
    ComplaintView,
    OverseerOpinion,
    OverseerScope,
)
from complaintdesk.complaints.permissions import (
    ensure_can_answer_opinion,
    ensure_can_give_opinion,
    ensure_can_read_view_log,
)
from complaintdesk.complaints.selectors import complaints_for
from complaintdesk.complaints.services import event_record

OPINION_MAX = 5000
#: Roles whose every opening of a complaint is logged.
LOGGED_ROLES = frozenset({Role.AUDITOR, Role.OVERSEER})


def _clean(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput(_("Write the %(what)s.") % {"what": what}, {"text": "blank"})
    if len(text) > OPINION_MAX:
        raise InvalidInput(
            _("The %(what)s is too long: at most %(max)d characters.")
            % {"what": what, "max": OPINION_MAX},
            {"text": "too_long"},
        )
    return text


def opinion_give(*, actor: Actor, complaint: Complaint, text: str) -> OverseerOpinion:
    """An overseer's opinion on a complaint of their scope, with its event."""
    ensure_can_give_opinion(actor)
    author_id = actor.user_id
    if author_id is None:  # an overseer always signs in as a user
        raise NotFound(_("There is no such page."))
    text = _clean(text, str(_("opinion")))
    with transaction.atomic():
        opinion = OverseerOpinion.objects.create(
            complaint=complaint, author_id=author_id, text=text, created_at=timezone.now()
        )
        event_record(
            complaint=complaint,
            kind=EventKind.OPINION_GIVEN,
            actor=actor,
            opinion=opinion.pk,
            reason=text,
        )
    return opinion


def opinion_answer(*, actor: Actor, opinion: OverseerOpinion, answer: str) -> OverseerOpinion:
    """Staff's answer to an open opinion, with its event; an answered opinion is a 409."""
    ensure_can_answer_opinion(actor, opinion.complaint)
    answer = _clean(answer, str(_("answer")))
    now = timezone.now()
    with transaction.atomic():
        changed = OverseerOpinion.objects.filter(pk=opinion.pk, answered_at__isnull=True).update(
            answer=answer, answered_by_id=actor.user_id, answered_at=now
        )
        if changed != 1:
            raise Conflict(_("This opinion has already been answered."), {"opinion": opinion.pk})
        event_record(
            complaint=opinion.complaint,
            kind=EventKind.OPINION_ANSWERED,
            actor=actor,
            opinion=opinion.pk,
            reason=answer,
        )
    opinion.refresh_from_db()
    return opinion


def opinions_of(*, actor: Actor, complaint: Complaint) -> list[OverseerOpinion]:
    """The opinions on a complaint the actor can see: all of them for staff and auditors,
    an overseer's own for the overseer; none for anyone else."""
    qs = OverseerOpinion.objects.filter(complaint=complaint).select_related("author", "answered_by")
    if actor.role == Role.OVERSEER:
        return list(qs.filter(author_id=actor.user_id))
    if actor.is_staff_role or actor.role == Role.AUDITOR:
        return list(qs)
    return []


def opinion_get(*, actor: Actor, opinion_id: int) -> OverseerOpinion:
    """An opinion on a complaint the actor can see, else 404."""
    opinion = (
        OverseerOpinion.objects.filter(pk=opinion_id, complaint__in=complaints_for(actor))
        .select_related("complaint")
        .first()
    )
    if opinion is None:
        raise NotFound(_("No such opinion."), {"opinion": opinion_id})
    return opinion


def opinions_open(*, actor: Actor) -> QuerySet[OverseerOpinion]:
    """Open opinions on complaints the actor can change, oldest first: the staff's queue."""
    if not actor.is_staff_role:
        return OverseerOpinion.objects.none()
    return (
        OverseerOpinion.objects.filter(
            answered_at__isnull=True, complaint__in=complaints_for(actor)
        )
        .select_related("complaint", "author")
        .order_by("created_at", "id")
    )


def scopes_of(*, actor: Actor) -> list[OverseerScope]:
    """The overseer's own scopes, to tell them what they see."""
    if actor.role != Role.OVERSEER or actor.user_id is None:
        return []
    return list(OverseerScope.objects.filter(user_id=actor.user_id).select_related("respondent"))


def complaint_view_record(
    *, actor: Actor, complaint: Complaint, surface: str, path: str, address: str | None
) -> ComplaintView | None:
    """Log the opening of a complaint by an overseer or an auditor; others are not logged."""
    if actor.role not in LOGGED_ROLES:
        return None
    return ComplaintView.objects.create(
        complaint=complaint,
        viewer_id=actor.user_id,
        viewer_name=actor.label,
        role=str(actor.role),
        surface=surface,
        path=path[:300],
        address=address or None,
        at=timezone.now(),
    )


@dataclass(frozen=True)
class ViewLogFilters:
    viewer: str = ""
    number: str = ""


def view_log(*, actor: Actor, filters: ViewLogFilters) -> QuerySet[ComplaintView]:
    """Who opened which complaint, newest first; administrators only (404 for others)."""
    ensure_can_read_view_log(actor)
    qs = ComplaintView.objects.select_related("complaint")
    if filters.viewer:
        qs = qs.filter(viewer_name=filters.viewer)
    if filters.number:
        qs = qs.filter(complaint__number=filters.number)
    return qs.order_by("-at", "-id")
