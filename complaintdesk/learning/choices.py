"""Fixed vocabularies of the learning app: where an improvement action came from, what it
measures, its statuses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionOrigin(models.TextChoices):
    ROOT_CAUSE = "root_cause", _("A root cause")
    ALERT = "alert", _("A spike alert")
    COMPLAINTS = "complaints", _("A set of complaints")
    MEETING = "meeting", _("A review meeting decision")


class Metric(models.TextChoices):
    PER_THOUSAND_ORDERS = "per_1000_orders", _("Complaints per 1,000 orders")
    COUNT = "count", _("Complaint count")
    REFUND_RATE = "refund_rate", _("Refund rate")
    BREACH_RATE = "breach_rate", _("Deadline breach rate")
    CSAT = "csat", _("Satisfied customers (4–5 of 5)")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    EVALUATED = "evaluated", _("Effect measured")


# The only moves; ``evaluated`` is written by the effect measurement, never by hand.
ACTION_MOVES: dict[str, frozenset[str]] = {
    ActionStatus.PLANNED: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.PLANNED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.EVALUATED: frozenset(),
}


class Verdict(models.TextChoices):
    BEYOND_NOISE = "beyond_noise", _("Beyond noise")
    WITHIN_NOISE = "within_noise", _("Within noise")
    NO_DATA = "no_data", _("Not enough data")
