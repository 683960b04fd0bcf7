"""A complaint turned into the anonymised draft of a case: what the anonymiser is told (the
names and numbers known to belong to the complaint) and what it is run over. Reads only; the
complaint is not changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from complaintdesk.complaints.choices import MessageKind, RespondentKind
from complaintdesk.complaints.models import Attachment, Complaint, Message
from complaintdesk.lib.anonymise import anonymise, is_chinese

#: Respondents who are people, whose name is personal data (a shop's or a course's is not).
PERSON_RESPONDENTS = frozenset({RespondentKind.RIDER, RespondentKind.TEACHER, RespondentKind.AGENT})
TITLE_LENGTH = 60


@dataclass(frozen=True)
class Known:
    """Names and numbers that belong to the complaint, found wherever they occur."""

    names: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Draft:
    title: str
    text: str
    thread: list[dict[str, Any]]
    attachment_names: list[str]


def _user_names(user_ids: set[int]) -> list[str]:
    names: list[str] = []
    for user in get_user_model().objects.filter(pk__in=user_ids):
        names += [user.get_username(), user.get_full_name(), getattr(user, "first_name", "")]
    return names


def known_of(complaint: Complaint, messages: list[Message]) -> Known:
    """The customer's, the staff's and a person-respondent's names; the order's number and
    the complaint's and customer's ids on the channel."""
    names: list[str] = []
    numbers: list[str] = []
    customer, order, respondent = complaint.customer, complaint.order, complaint.respondent
    if customer is not None:
        names.append(customer.name)
        numbers.append(customer.external_id)  # phone, email and ID: found by their patterns
    if order is not None:
        numbers.append(order.number)
    if complaint.external_id:
        numbers.append(complaint.external_id)
    if respondent is not None:
        names.append(respondent.contact_name)
        if respondent.kind in PERSON_RESPONDENTS:
            names.append(respondent.name)
    staff = {m.author_id for m in messages if m.author_id is not None}
    if complaint.assignee_id is not None:
        staff.add(complaint.assignee_id)
    names += _user_names(staff)
    return Known(
        names=[n for n in names if n and len(n.strip()) >= 2],
        numbers=[n for n in numbers if n and len(n.strip()) >= 4],
    )


def _anonymise(text: str, known: Known, chinese: bool | None = None) -> str:
    return anonymise(text, names=known.names, order_numbers=known.numbers, chinese=chinese)


def draft_of(complaint: Complaint) -> Draft:
    """The complaint's text, its conversation with the customer (internal notes are left out)
    and its files' names, anonymised."""
    messages = list(
        Message.objects.filter(
            complaint=complaint, kind__in=[MessageKind.INBOUND, MessageKind.OUTBOUND]
        ).order_by("created_at", "id")
    )
    known = known_of(complaint, messages)
    chinese = is_chinese(complaint.text)
    text = _anonymise(complaint.text, known)
    title = _anonymise(complaint.title, known, chinese) if complaint.title else ""
    thread = [
        {
            "at": timezone.localtime(m.created_at).isoformat(),
            "kind": m.kind,
            "body": _anonymise(m.body, known, chinese),
        }
        for m in messages
    ]
    files = Attachment.objects.filter(complaint=complaint).exclude(message__kind=MessageKind.NOTE)
    names = [_anonymise(a.filename, known, chinese) for a in files.order_by("id")]
    return Draft(
        title=title or text[:TITLE_LENGTH], text=text, thread=thread, attachment_names=names
    )
