"""The insights read model (one fact row per complaint), its position in the event log, the
alerts raised on spikes and 舆情, and background exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Complaint, Customer, Department


class ComplaintFact(models.Model):
    """What the dashboard counts about one complaint, flat, so that each panel is one
    ``GROUP BY`` over one narrow table.

    Rows are written only by :func:`complaintdesk.insights.facts.facts_upsert`, which the
    worker calls every minute for the complaints that have new events (the event log is the
    change feed). Handling times are whole working minutes on the department's calendar.
    """

    complaint = models.OneToOneField(
        Complaint,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("complaint"),
    )
    received_at = models.DateTimeField(_("received at"))
    received_day = models.DateField(_("received on (local day)"))
    channel = models.CharField(_("channel"), max_length=20)
    category = models.CharField(_("category"), max_length=30, blank=True)
    demand = models.CharField(_("demand"), max_length=30, blank=True)
    industry = models.CharField(_("industry"), max_length=20, blank=True)
    priority = models.CharField(_("priority"), max_length=10, blank=True)
    risk_flags = models.CharField(
        _("risk flags"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated and comma-enclosed, e.g. ,regulator,media_exposure,"),
    )
    item = models.CharField(_("product, course or policy"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("department"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("assignee"),
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("customer"),
    )
    status = models.CharField(_("status"), max_length=20)
    is_open = models.BooleanField(_("open"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    first_response_minutes = models.PositiveIntegerField(
        _("first response (working minutes)"), null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("first resolved at"), null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (working minutes)"), null=True, blank=True
    )
    reopened = models.BooleanField(_("reopened"), default=False)
    sla_first_response = models.CharField(_("first response clock"), max_length=10, blank=True)
    sla_answer = models.CharField(_("answer clock"), max_length=10, blank=True)
    sla_resolution = models.CharField(_("resolution clock"), max_length=10, blank=True)
    sla_statutory = models.CharField(_("statutory clock"), max_length=10, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("complaint fact")
        verbose_name_plural = _("complaint facts")
        ordering = ["-received_at", "-complaint_id"]
        indexes = [
            models.Index(fields=["received_day"], name="fact_day_idx"),
            models.Index(fields=["department", "received_day"], name="fact_department_day_idx"),
            models.Index(fields=["is_open", "received_at"], name="fact_open_idx"),
            models.Index(fields=["customer", "received_at"], name="fact_customer_idx"),
        ]

    def __str__(self) -> str:
        return f"fact {self.complaint_id}"


class FactFeed(models.Model):
    """How far the fact refresh has read the event log: the last event id it has applied."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    last_event_id = models.BigIntegerField(_("last event id"), default=0)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("fact feed position")
        verbose_name_plural = _("fact feed positions")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"


class AlertKind(models.TextChoices):
    SPIKE = "spike", _("Spike")
    PUBLIC_OPINION = "public_opinion", _("Public-opinion risk (舆情)")
    REPEAT_CUSTOMER = "repeat_customer", _("Repeated complaints from one customer")


class SeriesKind(models.TextChoices):
    CATEGORY = "category", _("Category")
    ITEM = "item", _("Product or course")
    RISK_FLAG = "risk_flag", _("Risk flag")
    CUSTOMER = "customer", _("Customer")


class Alert(models.Model):
    """One alert for one series on one local day; a second detection the same day adds its
    complaints to the same row (the unique constraint is the deduplication)."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    series_kind = models.CharField(_("series"), max_length=20, choices=SeriesKind.choices)
    series_key = models.CharField(_("series value"), max_length=200)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("complaints that day"))
    expected = models.FloatField(_("expected that day"), null=True, blank=True)
    p_value = models.FloatField(_("probability under the baseline"), null=True, blank=True)
    complaint_ids = models.JSONField(_("complaints"), default=list)
    created_at = models.DateTimeField(_("raised at"))
    incident = models.ForeignKey(
        Complaint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("batch incident"),
    )

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-day", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "series_kind", "series_key", "day"], name="alert_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.series_kind}={self.series_key}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """A large export written by the worker; the requester downloads the file when it is
    ready. ``params`` holds the report and its filters exactly as the page had them."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("requested by"),
    )
    report = models.CharField(_("report"), max_length=30)
    file_format = models.CharField(_("format"), max_length=5)
    params = models.JSONField(_("filters"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report}.{self.file_format} ({self.state})"
