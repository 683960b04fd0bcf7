"""Every fixed vocabulary of the complaint domain: stable codes with translated labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    API = "api", _("API")
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Online chat")
    WECHAT = "wechat", _("WeChat")
    PLATFORM = "platform", _("Platform complaint centre")
    REGULATOR = "regulator", _("Regulator referral (12315 etc.)")
    LETTER = "letter", _("Letter or visit")
    IMPORT = "import", _("Imported history")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting for customer")
    IN_DISPUTE = "in_dispute", _("In dispute")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged")


class Category(models.TextChoices):
    QUALITY = "quality", _("Quality")
    MISDESCRIPTION = "misdescription", _("Misdescription / false advertising")
    LOGISTICS = "logistics", _("Logistics and delivery")
    SERVICE = "service", _("Service attitude and response")
    BILLING = "billing", _("Charges and payment")
    CONTRACT = "contract", _("Contract and performance")
    TECHNICAL = "technical", _("Technical fault")
    ACCOUNT_SECURITY = "account_security", _("Account and data security")
    OTHER = "other", _("Other")


class Demand(models.TextChoices):
    REFUND = "refund", _("Refund")
    RETURN_EXCHANGE = "return_exchange", _("Return or exchange")
    COMPENSATION = "compensation", _("Compensation")
    REDO = "redo", _("Resend / make-up lesson / redo")
    APOLOGY = "apology", _("Apology")
    EXPLANATION = "explanation", _("Explanation")
    CANCEL_SERVICE = "cancel_service", _("Cancel service")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class RiskFlag(models.TextChoices):
    LEGAL_THREAT = "legal_threat", _("Legal threat")
    MEDIA_EXPOSURE = "media_exposure", _("Media exposure")
    REGULATOR = "regulator", _("Regulator complaint")
    SAFETY = "safety", _("Personal safety")
    REPEAT = "repeat", _("Repeat complaint")


class Sentiment(models.TextChoices):
    ANGRY = "angry", _("Angry")
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


class Industry(models.TextChoices):
    ECOMMERCE = "ecommerce", _("E-commerce")
    EDUCATION = "education", _("Online education")
    DELIVERY = "delivery", _("Food delivery")
    INSURANCE = "insurance", _("Insurance")
    OTHER = "other", _("Other")


class TriageSource(models.TextChoices):
    MODEL = "model", _("Model")
    RULE = "rule", _("Rule")
    AGENT = "agent", _("Agent")
    CUSTOMER = "customer", _("Customer")


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan")
    HKD = "HKD", _("Hong Kong dollar")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    DEPARTMENT = "department", _("Department staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("External auditor")
    CUSTOMER = "customer", _("Customer")
    INTEGRATION = "integration", _("Integration")
    RESPONDENT = "respondent", _("Respondent")
    OVERSEER = "overseer", _("Outside overseer")


class RespondentKind(models.TextChoices):
    """Who or what a complaint is about (被投诉方)."""

    MERCHANT = "merchant", _("Merchant or shop")
    RIDER = "rider", _("Rider")
    TEACHER = "teacher", _("Teacher")
    AGENT = "agent", _("Agent or broker")
    COURSE = "course", _("Course")
    FRANCHISEE = "franchisee", _("Franchisee")
    OTHER = "other", _("Other")


STAFF_ROLES = frozenset({Role.AGENT, Role.DEPARTMENT, Role.SUPERVISOR, Role.ADMIN})
ALL_STAFF_SCOPE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR})


class ClockKind(models.TextChoices):
    """The deadlines a complaint can run (one clock of each kind at most)."""

    FIRST_RESPONSE = "first_response", _("First response")
    ANSWER = "answer", _("Answer")
    RESOLUTION = "resolution", _("Resolution")
    STATUTORY = "statutory", _("Statutory deadline")
    EVIDENCE = "evidence", _("Respondent's evidence")
    CUSTOMER_EVIDENCE = "customer_evidence", _("Customer's evidence")
    REVIEW = "review", _("Appeal review")


class ClockEffect(models.TextChoices):
    """What a status change does to a clock of one kind (``states.Transition.clocks``)."""

    START = "start", _("Start")
    PAUSE = "pause", _("Pause")
    RESUME = "resume", _("Resume")
    MEET = "meet", _("Stop as met")
    STOP = "stop", _("Stop unmet")
    RESTART = "restart", _("Restart")


class MessageKind(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    NOTE = "note", _("Internal note")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Internal note")
    ATTACHMENT = "attachment", _("Attachment added")
    ATTACHMENT_REFUSED = "attachment_refused", _("Attachments refused")
    CLASSIFIED = "classified", _("Classified")
    CORRECTED = "corrected", _("Triage corrected")
    MERGED = "merged", _("Merged into another complaint")
    CHILD_MERGED = "child_merged", _("Another complaint merged in")
    DUPLICATE_RECEIVED = "duplicate_received", _("Same complaint received again")
    CLOCK_WARNING = "clock_warning", _("Deadline approaching")
    CLOCK_BREACHED = "clock_breached", _("Deadline missed")
    ESCALATED = "escalated", _("Escalated")
    CLOCK_EXTENDED = "clock_extended", _("Deadline extended")
    CUSTOMER_NOTICE_DUE = "customer_notice_due", _("Customer must be told")
    TAGGED = "tagged", _("Tags changed")
    BATCHED = "batched", _("Added to a batch incident")
    CONFIRMATION_ASKED = "confirmation_asked", _("Customer asked to confirm the resolution")
    CONFIRMATION_ANSWERED = "confirmation_answered", _("Customer answered the confirmation")
    CONFIRMATION_EXPIRED = "confirmation_expired", _("No confirmation: closed automatically")
    CONFIRMATION_WITHDRAWN = "confirmation_withdrawn", _("Confirmation no longer asked")
    SURVEY_SENT = "survey_sent", _("Satisfaction survey sent")
    SURVEY_REMINDED = "survey_reminded", _("Satisfaction survey reminder sent")
    SURVEY_ANSWERED = "survey_answered", _("Satisfaction survey answered")
    RETURN_CALL_SCHEDULED = "return_call_scheduled", _("Return call scheduled")
    RETURN_CALL_ATTEMPTED = "return_call_attempted", _("Return call: customer not reached")
    RETURN_CALL_COMPLETED = "return_call_completed", _("Return call completed")
    RETURN_CALL_UNREACHED = "return_call_unreached", _("Return call closed as unreached")
    RETURN_CALL_CANCELLED = "return_call_cancelled", _("Return call cancelled")
    LINKED = "linked", _("Linked to another complaint")
    REMEDY_PROPOSED = "remedy_proposed", _("Remedy proposed")
    REMEDY_APPROVED = "remedy_approved", _("Remedy approved")
    REMEDY_REJECTED = "remedy_rejected", _("Remedy rejected")
    REMEDY_WITHDRAWN = "remedy_withdrawn", _("Remedy withdrawn")
    REMEDY_ACCEPTED = "remedy_accepted", _("Remedy accepted by the customer")
    REMEDY_DECLINED = "remedy_declined", _("Remedy declined by the customer")
    REMEDY_EXECUTION_REQUESTED = "remedy_execution_requested", _("Remedy sent for payment")
    REMEDY_EXECUTION_FAILED = "remedy_execution_failed", _("Remedy payment failed")
    REMEDY_EXECUTED = "remedy_executed", _("Remedy carried out")
    RESPONDENT_NAMED = "respondent_named", _("Respondent named")
    DISPUTE_OPENED = "dispute_opened", _("Dispute opened")
    EVIDENCE_REQUESTED = "evidence_requested", _("Evidence requested")
    EVIDENCE_SUBMITTED = "evidence_submitted", _("Evidence submitted")
    DEFAULT_RULING_PROPOSED = "default_ruling_proposed", _("Default ruling proposed")
    DISPUTE_RULED = "dispute_ruled", _("Dispute ruled")
    DISPUTE_APPEALED = "dispute_appealed", _("Ruling appealed")
    REVIEWER_ASSIGNED = "reviewer_assigned", _("Reviewer assigned")
    DISPUTE_REVIEWED = "dispute_reviewed", _("Appeal reviewed")
    DISPUTE_CLOSED = "dispute_closed", _("Dispute closed")
    CONFLICT_DECLARED = "conflict_declared", _("Conflict of interest declared")
    CONSULTATION_ASKED = "consultation_asked", _("Department consulted")
    CONSULTATION_ANSWERED = "consultation_answered", _("Consultation answered")
    OPINION_GIVEN = "opinion_given", _("Overseer's opinion given")
    OPINION_ANSWERED = "opinion_answered", _("Overseer's opinion answered")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased")
    ROOT_CAUSE_SET = "root_cause_set", _("Root cause recorded")
    ROOT_CAUSE_CORRECTED = "root_cause_corrected", _("Root cause corrected")


class SystemReason(models.TextChoices):
    """Reasons the product writes itself. Events keep the code next to the text, so each page
    shows the reason in its own language, whatever language the request that wrote it had."""

    CUSTOMER_REPLIED = "customer_replied", _("The customer replied.")
    NOT_SOLVED = "not_solved", _("The customer says the problem is not solved: %(text)s")
    WITHDRAWN_ON_PORTAL = "withdrawn_on_portal", _("Withdrawn by the customer on the portal.")
