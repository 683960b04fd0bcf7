"""Models of outbound communication, one module per concern."""

from complaintdesk.notify.models.mail import DeliveryState, MailKind, OutboundEmail
from complaintdesk.notify.models.notifications import Notification, NotificationKind
from complaintdesk.notify.models.templates import ReplyTemplate, TemplateKind
from complaintdesk.notify.models.webhooks import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

__all__ = [
    "DeliveryState",
    "MailKind",
    "Notification",
    "NotificationKind",
    "OutboundEmail",
    "ReplyTemplate",
    "TemplateKind",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
]
