"""What happened to a complaint: events (append-only), messages and attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import EventKind, MessageKind
from complaintdesk.complaints.models.complaint import Complaint


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a recorded event."""


class ComplaintEvent(models.Model):
    """One thing that happened to a complaint. Rows are never changed or deleted: they are the
    audit trail, the timeline, the analytics source and the outbox for notifications.

    The database is the guarantee: triggers (migration 0006) refuse every UPDATE and DELETE of
    this table, and TRUNCATE on PostgreSQL, with an ``IntegrityError``, whatever issues them
    (a queryset, raw SQL, another program). ``save()`` and ``delete()`` refuse first with
    ``AppendOnlyError``, a domain error that names the mistake. A complaint with events cannot be
    deleted (``PROTECT``); retention anonymises, it does not delete."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="events", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_role = models.CharField(_("actor role"), max_length=20, blank=True)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at", "id"], name="event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("complaint events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("complaint events are append-only")


class Message(models.Model):
    """A message from or to the customer, or an internal note staff alone can read."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="messages", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    body = models.TextField(_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="message_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"

    @property
    def visible_to_customer(self) -> bool:
        return self.kind != MessageKind.NOTE


class Attachment(models.Model):
    """A file kept outside the web root, its type sniffed from its content."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("complaint"),
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("message"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_path = models.CharField(_("storage path"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class EventRedaction(models.Model):
    """The one exception to append-only events, and its audit record: while a row for a
    complaint has no ``finished_at``, the database triggers let an UPDATE of that complaint's
    events change their ``data`` (and nothing else), so an erasure can replace the personal
    data inside them with its anonymised form. Rows are kept after they finish; they say who
    redacted which complaint's history, when and why. Written only by
    :func:`complaintdesk.complaints.redaction.events_redact`."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="+", verbose_name=_("complaint")
    )
    reason = models.CharField(_("reason"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    events_changed = models.PositiveIntegerField(_("events changed"), default=0)

    class Meta:
        verbose_name = _("event redaction")
        verbose_name_plural = _("event redactions")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["complaint", "finished_at"], name="event_redaction_open_idx")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.started_at:%Y-%m-%d %H:%M}"
