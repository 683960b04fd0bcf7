"""What each recorded event sends: customer emails, staff notices and webhooks.

Runs inside the transaction that recorded the event (``event_recorded``) and only writes outbox
rows; the worker does the talking to the outside world after commit. Imported history sends
nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from complaintdesk.complaints.choices import Channel, EventKind, Role, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Message
from complaintdesk.complaints.services import tracking_token_issue
from complaintdesk.complaints.signals import event_recorded
from complaintdesk.notify.models import MailKind, NotificationKind, TemplateKind, WebhookEvent
from complaintdesk.notify.services import mail_queue, notification_create
from complaintdesk.notify.templating import template_context, template_pick, template_render
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


def customer_language(complaint: Complaint) -> str:
    return "en" if complaint.language.startswith("en") else "zh-hans"


def _customer_mail(
    complaint: Complaint, event: ComplaintEvent, kind: MailKind, template_kind: str, **extra: str
) -> None:
    customer = complaint.customer
    if customer is None or not customer.email:
        return
    language = customer_language(complaint)
    template = template_pick(kind=template_kind, category=complaint.category, language=language)
    if template is None:
        return
    context = template_context(complaint=complaint, language=language, **extra)
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


def _on_status_change(complaint: Complaint, event: ComplaintEvent) -> None:
    webhooks_queue(event_type=WebhookEvent.STATUS_CHANGED, event=event, complaint=complaint)
    if event.to_status == Status.RESOLVED:
        webhooks_queue(event_type=WebhookEvent.RESOLVED, event=event, complaint=complaint)
        _customer_mail(
            complaint,
            event,
            MailKind.RESOLUTION,
            TemplateKind.RESOLUTION,
            remedy=str(event.data.get("remedy") or event.data.get("reason") or ""),
        )
    elif event.to_status in PROGRESS_STATUSES and event.actor_role != Role.CUSTOMER:
        _customer_mail(
            complaint,
            event,
            MailKind.PROGRESS,
            TemplateKind.PROGRESS,
            reason=str(event.data.get("reason", "")),
        )


def _on_message(complaint: Complaint, event: ComplaintEvent) -> None:
    if event.data.get("direction") != "outbound":
        return
    message = Message.objects.filter(pk=event.data.get("message_id")).first()
    if message is not None:
        _customer_mail(complaint, event, MailKind.REPLY, TemplateKind.REPLY, reply=message.body)


def _staff_recipients(complaint: Complaint, event: ComplaintEvent) -> list[Any]:
    """The assignee (read afresh: the caller's copy may predate an assignment); supervisors
    too for escalations and breaches, or for warnings on unassigned complaints."""
    users = get_user_model().objects.filter(is_active=True)
    assignee_id = (
        Complaint.objects.filter(pk=complaint.pk).values_list("assignee_id", flat=True).first()
    )
    chosen = {assignee_id} if assignee_id else set()
    if event.kind == EventKind.ASSIGNED:
        return list(users.filter(id__in=chosen))
    if event.kind != EventKind.CLOCK_WARNING or not chosen:
        chosen |= set(users.filter(membership__role=Role.SUPERVISOR).values_list("id", flat=True))
    return list(users.filter(id__in=chosen).order_by("id"))


def _staff_notice_text(complaint: Complaint, kind: NotificationKind) -> str:
    texts = {
        NotificationKind.ASSIGNED: _("Complaint %(number)s was assigned to you."),
        NotificationKind.ESCALATED: _("Complaint %(number)s was escalated."),
        NotificationKind.CLOCK_WARNING: _("A deadline of complaint %(number)s is approaching."),
        NotificationKind.CLOCK_BREACHED: _("A deadline of complaint %(number)s was missed."),
    }
    return texts[kind] % {"number": complaint.number}


def _on_staff_event(complaint: Complaint, event: ComplaintEvent) -> None:
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


@receiver(event_recorded, dispatch_uid="notify.on_event")
def on_event(sender: Any, event: ComplaintEvent, complaint: Complaint, **kwargs: Any) -> None:
    if complaint.channel == Channel.IMPORT:
        return
    if event.kind == EventKind.CREATED:
        webhooks_queue(event_type=WebhookEvent.CREATED, event=event, complaint=complaint)
        if complaint.customer is not None and complaint.customer.email:
            _customer_mail(
                complaint,
                event,
                MailKind.ACKNOWLEDGEMENT,
                TemplateKind.ACKNOWLEDGEMENT,
                tracking_link=tracking_link(complaint),
            )
    elif event.kind == EventKind.STATUS_CHANGED:
        _on_status_change(complaint, event)
    elif event.kind == EventKind.MESSAGE:
        _on_message(complaint, event)
    elif event.kind in STAFF_NOTICES:
        _on_staff_event(complaint, event)
