"""Reads of the case library, always through ``permissions.scope_cases``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from complaintdesk.cases.models import Case
from complaintdesk.cases.permissions import ensure_can_read, no_such_case, scope_cases
from complaintdesk.complaints.actors import Actor


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    tag: str = ""
    category: str = ""
    training: bool | None = None
    status: str = ""


def cases_list(*, actor: Actor, filters: CaseFilters) -> QuerySet[Case]:
    """Cases the actor may read, newest first; ``q`` matches every word in the anonymised
    text, the conversation, the notes and the tags."""
    ensure_can_read(actor)
    qs = scope_cases(actor, Case.objects.all())
    for word in filters.q.lower().split()[:8]:
        qs = qs.filter(search_text__contains=word)
    if filters.tag:
        qs = qs.filter(search_text__contains=f"#{filters.tag.lower()}\n")
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.training is not None:
        qs = qs.filter(for_training=filters.training)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.select_related("complaint").order_by("-created_at", "-id")


def case_get(*, actor: Actor, case_id: int) -> Case:
    ensure_can_read(actor)
    case = scope_cases(actor, Case.objects.filter(pk=case_id)).select_related("complaint").first()
    if case is None:
        raise no_such_case()
    return case


def cases_of_complaints(*, actor: Actor, complaint_ids: list[int]) -> dict[int, Case]:
    """The library's cases of these complaints that the actor may read, by complaint (one
    query)."""
    found = scope_cases(actor, Case.objects.filter(complaint_id__in=complaint_ids))
    return {case.complaint_id: case for case in found}


def case_of_complaint(*, actor: Actor, complaint_id: int) -> Case | None:
    """The complaint's case, when the actor may read it."""
    return scope_cases(actor, Case.objects.filter(complaint_id=complaint_id)).first()
