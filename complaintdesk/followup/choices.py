"""The fixed vocabularies of follow-up: confirmation, survey and return-call states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConfirmationState(models.TextChoices):
    ASKED = "asked", _("Waiting for the customer")
    SOLVED = "solved", _("Confirmed solved")
    NOT_SOLVED = "not_solved", _("Not solved: reopened")
    EXPIRED = "expired", _("No answer: closed automatically")
    WITHDRAWN = "withdrawn", _("No longer asked")


class SurveyState(models.TextChoices):
    PENDING = "pending", _("To be sent")
    SENT = "sent", _("Sent, waiting for an answer")
    ANSWERED = "answered", _("Answered")


class CallState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Reached")
    UNREACHED = "unreached", _("Closed as unreached")
    CANCELLED = "cancelled", _("Cancelled")


class CallReason(models.TextChoices):
    REMEDY = "remedy", _("A remedy was given")
    HIGH_PRIORITY = "high_priority", _("High priority")
    RISK = "risk", _("Risk flags")
    LOW_SCORE = "low_score", _("Low satisfaction score")
    AGENT = "agent", _("Chosen by staff")


#: Reasons the resolution policy chose; a reopening cancels these calls (the next resolution
#: plans them again). Calls chosen by a person, or opened by a low score, stay.
POLICY_REASONS = frozenset({CallReason.REMEDY, CallReason.HIGH_PRIORITY, CallReason.RISK})


class CallOutcome(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Not satisfied")
    RECURRING = "recurring", _("Issue recurring")
    NEW_ISSUE = "new_issue", _("New issue")


class AnswerChannel(models.TextChoices):
    MAIL_LINK = "mail_link", _("Link in the mail")
    PORTAL = "portal", _("Tracking page")
    API = "api", _("API")
    DESK = "desk", _("Recorded by staff")
    SYSTEM = "system", _("Automatic")
