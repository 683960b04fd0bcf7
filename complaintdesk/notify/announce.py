"""What a change tells the outside world: customer emails, staff notices and webhooks.

The workflows call these functions, in the transaction of the change, after the clocks and the
routing have settled, so a mail carries the final category's template and the promise of the
answer clock. They only write outbox rows; the worker does the talking to the outside world
after commit. Imported history sends nothing. The sweep's events are announced in bulk with a
fixed number of queries per batch (:func:`staff_announce_bulk`).

Supervisors hear about each warning or breach once: through the escalation that names them
(``escalated`` with action ``notify_supervisor``) when the policy has one, otherwise through
the ``clock_breached`` notice (and the ``clock_warning`` notice when nobody is assigned). The
other sweep actions (priority raised, moved to the special team) tell the assignee only;
escalations recorded by hand (no action) tell the assignee and every supervisor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from complaintdesk.complaints.bulksql import pk_in
from complaintdesk.complaints.choices import Channel, EventKind, MessageKind, Role, Status
from complaintdesk.complaints.events import RecordedEvent
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Message
from complaintdesk.complaints.services import tracking_token_issue
from complaintdesk.notify.models import MailKind, NotificationKind, TemplateKind, WebhookEvent
from complaintdesk.notify.services import (
    StaffNotice,
    mail_queue,
    notices_create_bulk,
    notification_create,
)
from complaintdesk.notify.templating import (
    customer_language,
    template_context,
    template_pick,
    template_render,
)
from complaintdesk.notify.webhooks import webhooks_queue

# Status changes the customer hears about, besides resolution (which has its own template).
PROGRESS_STATUSES = frozenset(
    {
        Status.IN_PROGRESS,
        Status.WAITING_CUSTOMER,
        Status.IN_DISPUTE,
        Status.REJECTED,
        Status.REOPENED,
    }
)
TRACKING_LINK_VALID_FOR = dt.timedelta(days=365)
STAFF_NOTICES = {
    EventKind.ASSIGNED: NotificationKind.ASSIGNED,
    EventKind.ESCALATED: NotificationKind.ESCALATED,
    EventKind.CLOCK_WARNING: NotificationKind.CLOCK_WARNING,
    EventKind.CLOCK_BREACHED: NotificationKind.CLOCK_BREACHED,
}


def _customer_mail(
    complaint: Complaint,
    event: ComplaintEvent,
    kind: MailKind,
    template_kind: str,
    promised_at: dt.datetime | None,
    **extra: str,
) -> None:
    customer = complaint.customer
    if customer is None or not customer.email or complaint.channel == Channel.IMPORT:
        return
    language = customer_language(complaint)
    template = template_pick(kind=template_kind, category=complaint.category, language=language)
    if template is None:
        return
    context = template_context(
        complaint=complaint, language=language, promised_at=promised_at, **extra
    )
    rendered = template_render(template=template, context=context)
    mail_queue(
        complaint=complaint,
        kind=kind,
        to_address=customer.email,
        to_name=customer.name,
        subject=rendered.subject,
        body=rendered.body,
        event=event,
    )


def tracking_link(complaint: Complaint) -> str:
    """A new portal tracking link (``/t/<token>/``) for the acknowledgement."""
    token = tracking_token_issue(complaint=complaint, valid_for=TRACKING_LINK_VALID_FOR)
    return f"{settings.SITE_URL.rstrip('/')}/t/{token}/"


def complaint_acknowledge(
    *, complaint: Complaint, event: ComplaintEvent, promised_at: dt.datetime | None
) -> None:
    """A new complaint: the ``created`` webhook, and the acknowledgement with a tracking link
    and the promised answer, in the template of the complaint's (final) category."""
    if complaint.channel == Channel.IMPORT:
        return
    webhooks_queue(event_type=WebhookEvent.CREATED, event=event, complaint=complaint)
    if complaint.customer is not None and complaint.customer.email:
        _customer_mail(
            complaint,
            event,
            MailKind.ACKNOWLEDGEMENT,
            TemplateKind.ACKNOWLEDGEMENT,
            promised_at,
            tracking_link=tracking_link(complaint),
        )


def _offer_invitation(complaint: Complaint, offer: str) -> str:
    """The offer, and where to accept it, in the customer's language."""
    with translation.override(customer_language(complaint)):
        invitation = _("Accept the offer, or tell us why not, on your tracking page: %(link)s")
        return f"{offer}\n\n{invitation % {'link': tracking_link(complaint)}}"


def status_change_announce(
    *,
    complaint: Complaint,
    event: ComplaintEvent,
    promised_at: dt.datetime | None,
    offer: str = "",
) -> None:
    """A status change: the webhooks, and the customer's mail when they should hear of it
    (resolution; progress moves made by staff). ``offer`` is the text of the remedies
    awaiting the customer's answer: the resolution mail adds it, with a tracking link to
    accept them."""
    if complaint.channel == Channel.IMPORT:
        return
    webhooks_queue(event_type=WebhookEvent.STATUS_CHANGED, event=event, complaint=complaint)
    if event.to_status == Status.RESOLVED:
        webhooks_queue(event_type=WebhookEvent.RESOLVED, event=event, complaint=complaint)
        remedy = str(event.data.get("remedy") or event.data.get("reason") or "")
        if offer and complaint.customer is not None and complaint.customer.email:
            remedy = f"{remedy}\n\n{_offer_invitation(complaint, offer)}".strip()
        _customer_mail(
            complaint,
            event,
            MailKind.RESOLUTION,
            TemplateKind.RESOLUTION,
            promised_at,
            remedy=remedy,
        )
    elif event.to_status in PROGRESS_STATUSES and event.actor_role != Role.CUSTOMER:
        _customer_mail(
            complaint,
            event,
            MailKind.PROGRESS,
            TemplateKind.PROGRESS,
            promised_at,
            reason=str(event.data.get("reason", "")),
        )


def reply_announce(
    *,
    complaint: Complaint,
    event: ComplaintEvent,
    message: Message,
    promised_at: dt.datetime | None,
) -> None:
    """A reply to the customer goes out by mail; their own messages and notes do not."""
    if message.kind != MessageKind.OUTBOUND:
        return
    _customer_mail(
        complaint, event, MailKind.REPLY, TemplateKind.REPLY, promised_at, reply=message.body
    )


def extension_announce(
    *, complaint: Complaint, event: ComplaintEvent, extended_to: dt.datetime, reason: str
) -> None:
    """The written notice a customer is owed when a deadline is extended: the reason and the
    new deadline (the extended clock's target, as the portal and the API show it)."""
    _customer_mail(
        complaint, event, MailKind.EXTENSION, TemplateKind.EXTENSION, extended_to, reason=reason
    )


NOTIFY_SUPERVISOR = "notify_supervisor"
_ALL = "all"


def supervisors_to_tell(
    kind: str, data: dict[str, Any], *, assigned: bool, told_by_escalation: bool = False
) -> str | list[str]:
    """Which supervisors a staff event tells: ``"all"``, these usernames, or none (``[]``).

    ``told_by_escalation``: the same batch holds the ``notify_supervisor`` escalation of this
    clock and stage, which tells them instead (one notice per warning or breach).
    """
    if kind == EventKind.ESCALATED:
        action = data.get("action")
        if action is None:
            return _ALL
        if action != NOTIFY_SUPERVISOR:
            return []
        names = data.get("notify")
        return _ALL if names is None else [str(name) for name in names]
    if told_by_escalation or kind == EventKind.ASSIGNED:
        return []
    if kind == EventKind.CLOCK_WARNING and assigned:
        return []
    return _ALL


def _staff_recipients(complaint: Complaint, event: ComplaintEvent) -> list[Any]:
    """The assignee (read afresh: the caller's copy may predate an assignment) and the
    supervisors :func:`supervisors_to_tell` names."""
    users = get_user_model().objects.filter(is_active=True)
    assignee_id = (
        Complaint.objects.filter(pk=complaint.pk).values_list("assignee_id", flat=True).first()
    )
    chosen = {assignee_id} if assignee_id else set()
    wanted = supervisors_to_tell(event.kind, event.data, assigned=bool(chosen))
    if wanted:
        supervisors = users.filter(membership__role=Role.SUPERVISOR)
        if wanted != _ALL:
            supervisors = supervisors.filter(username__in=wanted)
        chosen |= set(supervisors.values_list("id", flat=True))
    return list(users.filter(id__in=chosen).order_by("id"))


def _staff_notice_text(complaint: Complaint, kind: NotificationKind) -> str:
    return _staff_notice_text_for(kind) % {"number": complaint.number}


def _staff_notice_text_for(kind: NotificationKind) -> str:
    texts = {
        NotificationKind.ASSIGNED: _("Complaint %(number)s was assigned to you."),
        NotificationKind.ESCALATED: _("Complaint %(number)s was escalated."),
        NotificationKind.CLOCK_WARNING: _("A deadline of complaint %(number)s is approaching."),
        NotificationKind.CLOCK_BREACHED: _("A deadline of complaint %(number)s was missed."),
    }
    return texts[kind]


def staff_announce(*, complaint: Complaint, event: ComplaintEvent) -> None:
    """Tell the staff concerned about an assignment, escalation, warning or breach: a notice
    in the desk, and a mail when they have an address. Other kinds of event tell nobody."""
    if complaint.channel == Channel.IMPORT or event.kind not in STAFF_NOTICES:
        return
    if event.kind == EventKind.ASSIGNED and not (event.data.get("after") or {}).get("assignee"):
        return  # a move to a department with nobody named tells nobody
    kind = STAFF_NOTICES[EventKind(event.kind)]
    for user in _staff_recipients(complaint, event):
        if user.pk == event.actor_id:
            continue
        with translation.override("zh-hans"):
            text = _staff_notice_text(complaint, kind)
        notification_create(user_id=user.pk, complaint=complaint, kind=kind, text=text)
        if user.email:
            mail_queue(
                complaint=complaint,
                kind=MailKind.STAFF,
                to_address=user.email,
                to_name=user.get_username(),
                subject=f"[{complaint.number}] {text}",
                body=f"{text}\n\n{complaint.title or complaint.text[:200]}",
                event=event,
                recipient_user=user,
            )


class _Staff(NamedTuple):
    id: int
    username: str
    email: str


def _clock_stage(event: RecordedEvent) -> tuple[int, Any, Any]:
    stage = event.data.get("stage")
    if event.kind == EventKind.CLOCK_WARNING:
        stage = "warning"
    elif event.kind == EventKind.CLOCK_BREACHED:
        stage = "breach"
    return (event.complaint_id, event.data.get("clock"), stage)


def _staff_notices_bulk(events: list[RecordedEvent]) -> None:
    """The staff notices of many events in five queries, whatever their number."""
    rows = Complaint.objects.filter(pk_in(list({e.complaint_id for e in events}))).values_list(
        "id", "number", "channel", "title", "text", "assignee_id"
    )
    complaints = {row[0]: row for row in rows if row[2] != Channel.IMPORT}
    active = get_user_model().objects.filter(is_active=True)
    assignees = {
        u[0]: _Staff(*u)
        for u in active.filter(id__in={c[5] for c in complaints.values() if c[5]})
        .values_list("id", "username", "email")
    }
    supervisors = [
        _Staff(*u)
        for u in active.filter(membership__role=Role.SUPERVISOR)
        .values_list("id", "username", "email").distinct().order_by("id")
    ]
    told = {
        _clock_stage(e) for e in events
        if e.kind == EventKind.ESCALATED and e.data.get("action") == NOTIFY_SUPERVISOR
    }
    with translation.override("zh-hans"):
        texts = {kind: _staff_notice_text_for(kind) for kind in set(STAFF_NOTICES.values())}
    notices: list[StaffNotice] = []
    for event in events:
        row = complaints.get(event.complaint_id)
        if row is None:
            continue
        number, title, text = row[1], row[3], row[4]
        assignee = assignees.get(row[5])
        wanted = supervisors_to_tell(
            event.kind, event.data, assigned=assignee is not None,
            told_by_escalation=_clock_stage(event) in told,
        )
        chosen = {s.id: s for s in supervisors if wanted == _ALL or s.username in wanted}
        if assignee is not None:
            chosen[assignee.id] = assignee
        kind = STAFF_NOTICES[EventKind(event.kind)]
        notice = texts[kind] % {"number": number}
        notices += [
            StaffNotice(user.id, user.username, user.email, event.complaint_id, number,
                        event.id, kind, notice, title or text[:200])
            for user_id, user in sorted(chosen.items())
            if user_id != event.actor_id
        ]
    notices_create_bulk(notices=notices)


def staff_announce_bulk(*, events: list[RecordedEvent]) -> None:
    """The staff notices of a batch of events (the sweep's) in a fixed number of queries."""
    staff = [e for e in events if e.kind in STAFF_NOTICES]
    if staff:
        _staff_notices_bulk(staff)


def survey_mail_announce(
    *,
    complaint: Complaint,
    event: ComplaintEvent,
    survey_link: str,
    answer_by: dt.datetime,
    reminder: bool,
) -> None:
    """The survey invitation (is the problem solved, and how did we do) or its one reminder,
    with a single-use link and the date until which an answer is awaited (``${due_date}``)."""
    _customer_mail(
        complaint,
        event,
        MailKind.SURVEY_REMINDER if reminder else MailKind.SURVEY,
        TemplateKind.SURVEY_REMINDER if reminder else TemplateKind.SURVEY,
        answer_by,
        survey_link=survey_link,
    )


def low_score_announce(*, complaint: Complaint, event: ComplaintEvent, score: int) -> int:
    """A low satisfaction score: every active supervisor gets a desk notice, and a mail when
    they have an address. Returns how many were told."""
    supervisors = (
        get_user_model()
        .objects.filter(is_active=True, membership__role=Role.SUPERVISOR)
        .order_by("id")
    )
    with translation.override("zh-hans"):
        text = _(
            "Complaint %(number)s was rated %(score)s of 5 by the customer; "
            "a follow-up call is scheduled."
        ) % {"number": complaint.number, "score": score}
    told = 0
    for user in supervisors:
        notification_create(
            user_id=user.pk, complaint=complaint, kind=NotificationKind.LOW_SCORE, text=text
        )
        told += 1
        if user.email:
            mail_queue(
                complaint=complaint,
                kind=MailKind.STAFF,
                to_address=user.email,
                to_name=user.get_username(),
                subject=f"[{complaint.number}] {text}",
                body=f"{text}\n\n{complaint.title or complaint.text[:200]}",
                event=event,
                recipient_user=user,
            )
    return told
