"""Writes to the case library: add a resolved complaint as a case, review and publish it,
mark it for training. Keyword-only, one transaction each; the complaint is never changed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.cases.anonymised import draft_of
from complaintdesk.cases.choices import CaseStatus
from complaintdesk.cases.models import Case
from complaintdesk.cases.permissions import ensure_can_keep, no_such_case
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.errors import Conflict, InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.lib.anonymise import CONTACT_KINDS, Kind, find_personal_data

CASE_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})
MAX_TAGS = 12


def search_text_of(case: Case) -> str:
    """Everything a search may match: the anonymised text and conversation, the notes, tags."""
    parts = [case.title, case.text, case.went_well, case.went_wrong, case.lesson]
    parts += [str(m.get("body", "")) for m in case.thread]
    parts += [f"#{t}" for t in case.tags]
    return "".join(f"{p}\n" for p in parts if p).lower()


def case_create(*, actor: Actor, complaint: Complaint) -> Case:
    """A draft case of a resolved or closed complaint, anonymised; one case per complaint."""
    ensure_can_keep(actor)
    author_id = actor.user_id
    if author_id is None:  # supervisors and administrators always sign in as users
        raise no_such_case()
    if complaint.status not in CASE_STATUSES:
        raise Conflict(
            _("Only a resolved or closed complaint can become a case."),
            {"status": complaint.status},
        )
    draft = draft_of(complaint)
    case = Case(
        complaint=complaint,
        title=draft.title[:200],
        text=draft.text,
        thread=draft.thread,
        attachment_names=draft.attachment_names,
        category=complaint.category,
        industry=complaint.industry,
        created_by_id=author_id,
        created_at=timezone.now(),
    )
    case.search_text = search_text_of(case)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise Conflict(
            _("This complaint is already in the case library."), {"number": complaint.number}
        ) from None
    return case


@dataclass(frozen=True)
class CaseReview:
    """What the reviewer may change: the anonymised title, text and messages, and the notes."""

    title: str
    text: str
    thread: list[str]
    went_well: str
    went_wrong: str
    lesson: str
    tags: list[str]


KIND_NAMES = {
    Kind.MOBILE: _("a mobile number"),
    Kind.LANDLINE: _("a phone number"),
    Kind.ID_NUMBER: _("an ID number"),
    Kind.EMAIL: _("an email address"),
    Kind.BANK_CARD: _("a bank card number"),
}


def _ensure_no_contacts(review: CaseReview) -> None:
    """A published case must not hold a phone, ID, email or card the reviewer typed back in."""
    for text in [
        review.title,
        review.text,
        review.went_well,
        review.went_wrong,
        review.lesson,
        *review.thread,
    ]:
        found = find_personal_data(text, kinds=CONTACT_KINDS)
        if found:
            raise InvalidInput(
                _("The case still holds %(what)s (%(value)s); replace it before publishing.")
                % {"what": KIND_NAMES[found[0].kind], "value": found[0].value},
                {"kind": str(found[0].kind)},
            )


def case_review(*, actor: Actor, case: Case, review: CaseReview, publish: bool) -> Case:
    """Save the reviewer's changes; with ``publish`` the case leaves draft for the library."""
    ensure_can_keep(actor)
    if len(review.thread) != len(case.thread):
        raise InvalidInput(_("Edit the messages of the case, not their number."))
    tags = list(dict.fromkeys(t.strip() for t in review.tags if t.strip()))
    if len(tags) > MAX_TAGS:
        raise InvalidInput(_("At most %(max)d tags.") % {"max": MAX_TAGS})
    if publish or case.is_published:
        _ensure_no_contacts(review)
    case.title = review.title.strip()[:200] or case.title
    case.text = review.text.strip() or case.text
    case.thread = [
        {**message, "body": body.strip()}
        for message, body in zip(case.thread, review.thread, strict=True)
    ]
    case.went_well, case.went_wrong = review.went_well.strip(), review.went_wrong.strip()
    case.lesson, case.tags = review.lesson.strip(), tags
    if publish and not case.is_published:
        case.status = CaseStatus.PUBLISHED
        case.reviewed_by_id = actor.user_id
        case.published_at = timezone.now()
    case.search_text = search_text_of(case)
    with transaction.atomic():
        case.save()
    return case


def case_mark_training(*, actor: Actor, case: Case, for_training: bool) -> Case:
    ensure_can_keep(actor)
    Case.objects.filter(pk=case.pk).update(for_training=for_training)
    case.for_training = for_training
    return case
