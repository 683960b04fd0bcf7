"""A complaint's root cause: suggested from similar resolved complaints (triage's similar-cases
index → the root causes recorded on them, learning), recorded or corrected with a reason
(learning, with its event), and required before a complaint is resolved when
``ROOT_CAUSE_REQUIRED`` is on (the default): :func:`.transition.transition` calls
:func:`root_cause_before_resolve` first."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput, MissingRequirement
from complaintdesk.complaints.models import Complaint, Department, Respondent
from complaintdesk.complaints.selectors import department_get, respondent_get
from complaintdesk.learning.models import ComplaintRootCause, RootCause
from complaintdesk.learning.selectors import (
    Suggestion,
    root_cause_get,
    root_cause_of,
    root_cause_suggest,
)
from complaintdesk.learning.services import root_cause_set
from complaintdesk.triage.selectors import SimilarResolved, similar_resolved

SIMILAR_CONSULTED = 10


@dataclass(frozen=True)
class RootCauseInput:
    """A root cause and who is responsible, as a person chose them."""

    root_cause: RootCause
    department: Department | None
    respondent: Respondent | None
    reason: str = ""
    suggested: bool = False


def root_cause_input(
    *,
    code: str,
    department: str = "",
    respondent: str = "",
    reason: str = "",
    suggested: bool = False,
) -> RootCauseInput:
    """The objects behind the codes a form or the API sent; a clear error for unknown ones."""
    root_cause = root_cause_get(code)
    if root_cause is None:
        raise InvalidInput(
            _("No active root cause with code %(code)s.") % {"code": code},
            {"field": "root_cause"},
        )
    return RootCauseInput(
        root_cause=root_cause,
        department=department_get(department) if department else None,
        respondent=respondent_get(respondent) if respondent else None,
        reason=reason,
        suggested=suggested,
    )


def root_cause_suggestion(
    complaint: Complaint,
    similar: list[SimilarResolved] | None = None,
    records: dict[str, ComplaintRootCause] | None = None,
) -> Suggestion | None:
    """The root cause most of the similar resolved complaints had, with those complaints.
    ``similar``: the page's similar cases when it already has them; ``records``: their
    root causes when already read."""
    if similar is None:
        similar = similar_resolved(complaint, k=SIMILAR_CONSULTED)
    return root_cause_suggest([(case.number, case.score) for case in similar], records)


@transaction.atomic
def root_cause_record(
    *, complaint: Complaint, actor: Actor, choice: RootCauseInput
) -> ComplaintRootCause:
    """Record (or correct, with a reason) the root cause; the event is on the complaint."""
    return root_cause_set(
        complaint=complaint,
        actor=actor,
        root_cause=choice.root_cause,
        department=choice.department,
        respondent=choice.respondent,
        reason=choice.reason,
        suggested=choice.suggested,
    )


def root_cause_before_resolve(
    *, complaint: Complaint, actor: Actor, choice: RootCauseInput | None
) -> None:
    """Record the root cause given with the resolution; refuse to resolve without one when
    the setting requires it. Nothing is read when there is nothing to record or require."""
    if choice is None and not settings.ROOT_CAUSE_REQUIRED:
        return
    current = root_cause_of(complaint)
    if choice is not None and (
        current is None
        or (current.root_cause_id, current.department_id, current.respondent_id)
        != (
            choice.root_cause.pk,
            getattr(choice.department, "pk", None),
            getattr(choice.respondent, "pk", None),
        )
    ):
        root_cause_record(complaint=complaint, actor=actor, choice=choice)
        return
    if current is None and settings.ROOT_CAUSE_REQUIRED:
        raise MissingRequirement(
            _(
                "Record the root cause and the responsible department or respondent before "
                "resolving the complaint."
            ),
            {"missing": ["root_cause"]},
        )
