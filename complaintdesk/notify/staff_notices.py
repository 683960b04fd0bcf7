"""Desk notices for the work between people: the customer replied, a colleague mentioned you
in a note, a department was asked a question, and the question was answered.

The workflows call these in the transaction of the change. Each writes one
:class:`Notification` per person (never to the person who caused it); the desk shows the
notice in the reader's language from its kind, so the stored ``text`` (Chinese, as in the
staff emails) is only a fallback.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.choices import Channel, Role
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.permissions import scope_complaints
from complaintdesk.notify.models import Notification, NotificationKind

#: ``@name`` in a note, a name as Django's usernames allow it.
MENTION = re.compile(r"(?<![\w.@+-])@([\w.@+-]{1,150})")
MENTIONS_PER_MESSAGE = 10


def notice_text(kind: str) -> str:
    """What a notice says, in the active language, with ``%(number)s`` and ``%(by)s``."""
    texts = {
        NotificationKind.ASSIGNED: _("Complaint %(number)s was assigned to you."),
        NotificationKind.ESCALATED: _("Complaint %(number)s was escalated."),
        NotificationKind.CLOCK_WARNING: _("A deadline of complaint %(number)s is approaching."),
        NotificationKind.CLOCK_BREACHED: _("A deadline of complaint %(number)s was missed."),
        NotificationKind.CUSTOMER_REPLIED: _("The customer replied on complaint %(number)s."),
        NotificationKind.MENTIONED: _("%(by)s mentioned you on complaint %(number)s."),
        NotificationKind.CONSULT_ASKED: _(
            "%(by)s asked your department a question on complaint %(number)s."
        ),
        NotificationKind.CONSULT_ANSWERED: _(
            "%(by)s answered your question on complaint %(number)s."
        ),
    }
    return texts.get(NotificationKind(kind), _("Complaint %(number)s"))


def _notify(complaint: Complaint, kind: str, user_ids: set[int], actor: Actor | None) -> int:
    by = actor.label if actor is not None else ""
    if actor is not None and actor.user_id is not None:
        user_ids.discard(actor.user_id)
    if not user_ids or complaint.channel == Channel.IMPORT:
        return 0
    now = timezone.now()
    with translation.override("zh-hans"):
        text = notice_text(kind) % {"number": complaint.number, "by": by or _("System")}
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id, complaint=complaint, kind=kind, text=text[:300], by=by,
                created_at=now,
            )
            for user_id in sorted(user_ids)
        ]
    )
    return len(user_ids)


def customer_replied_announce(*, complaint: Complaint) -> int:
    """The customer wrote: tell the assignee (read afresh), if there is one."""
    assignee_id = (
        Complaint.objects.filter(pk=complaint.pk).values_list("assignee_id", flat=True).first()
    )
    wanted = {assignee_id} if assignee_id is not None else set()
    return _notify(complaint, NotificationKind.CUSTOMER_REPLIED, wanted, None)


def mentions_announce(*, complaint: Complaint, actor: Actor, body: str) -> int:
    """Tell each active member of staff named as ``@username`` in a note or reply who may see
    the complaint; names of nobody, or of people outside its scope, tell nobody."""
    names = list(dict.fromkeys(MENTION.findall(body)))[:MENTIONS_PER_MESSAGE]
    if not names:
        return 0
    users = get_user_model().objects.filter(
        username__in=names, is_active=True, membership__isnull=False
    ).select_related("membership")
    chosen: set[int] = set()
    for user in users:
        reader = actor_for_user(user)
        if reader is None or not reader.is_staff_role:
            continue
        if scope_complaints(reader, Complaint.objects.filter(pk=complaint.pk)).exists():
            chosen.add(user.pk)
    return _notify(complaint, NotificationKind.MENTIONED, chosen, actor)


def department_asked_announce(*, complaint: Complaint, actor: Actor, department_id: int) -> int:
    """A department was asked a question: tell its active members."""
    members = set(
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__department_id=department_id,
            membership__role__in=[Role.DEPARTMENT, Role.SUPERVISOR, Role.AGENT],
        )
        .values_list("id", flat=True)
    )
    return _notify(complaint, NotificationKind.CONSULT_ASKED, members, actor)


def question_answered_announce(
    *, complaint: Complaint, actor: Actor, asked_by_id: int | None
) -> int:
    """The department answered: tell the person who asked."""
    wanted = {asked_by_id} if asked_by_id is not None else set()
    return _notify(complaint, NotificationKind.CONSULT_ANSWERED, wanted, actor)
