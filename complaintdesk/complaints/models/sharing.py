"""Departments asked about a complaint they do not own, and the queue filters staff keep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models.complaint import Complaint
from complaintdesk.complaints.models.people import Department


class ConsultedDepartment(models.Model):
    """A department another team asked a question about a complaint. Its staff may read the
    complaint and answer in its thread; the complaint stays with the department that owns it."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="consulted_departments",
        verbose_name=_("complaint"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    since = models.DateTimeField(_("consulted since"))

    class Meta:
        verbose_name = _("consulted department")
        verbose_name_plural = _("consulted departments")
        ordering = ["complaint", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "department"], name="consulted_department_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "complaint"], name="consulted_department_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.department_id}"


class SavedFilter(models.Model):
    """A named set of queue filters one member of staff keeps (the query string of the queue
    page, checked again by the queue's form whenever it is used)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_queue_filters",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("query"), max_length=1000)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["user", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
