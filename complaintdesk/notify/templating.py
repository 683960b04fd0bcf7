"""Rendering reply templates (话术) with a fixed set of variables.

``string.Template`` substitutes ``${name}`` and nothing else: no attribute access, no filters,
no code. A template naming a variable outside :data:`TEMPLATE_VARIABLES` is refused when saved
or rendered, so a typo shows up at once instead of reaching a customer.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.lib.ttlcache import TimedValue
from complaintdesk.notify.models import ReplyTemplate

TEMPLATE_VARIABLES = frozenset(
    {
        "customer_name",
        "number",
        "order_number",
        "amount",
        "title",
        "due_date",
        "remedy",
        "status",
        "reason",
        "reply",
        "tracking_link",
        "survey_link",
    }
)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str


def template_variables_check(text: str) -> None:
    template = string.Template(text)
    unknown = sorted(set(template.get_identifiers()) - TEMPLATE_VARIABLES)
    if unknown or not template.is_valid():
        raise InvalidInput(
            _("Unknown template variables: %(names)s. Allowed: %(allowed)s.")
            % {
                "names": ", ".join(unknown) or "$",
                "allowed": ", ".join(sorted(TEMPLATE_VARIABLES)),
            },
            {"unknown": unknown},
        )


def customer_language(complaint: Complaint) -> str:
    """The language the customer is written to in: English for complaints in English, else
    Chinese."""
    return "en" if complaint.language.startswith("en") else "zh-hans"


def promise_format(promised_at: dt.datetime | None, language: str) -> str:
    """The promised instant in the customer's words and local time: the target of the answer
    clock, exactly as the portal and the API show it. Without a running clock, a promise to
    answer as soon as possible."""
    with translation.override(language):
        if promised_at is None:
            return str(_("as soon as we can"))
        local = timezone.localtime(promised_at)
        if language.startswith("zh"):
            return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
        return f"{local.day} {local:%B %Y, %H:%M}"


def amount_format(complaint: Complaint, language: str) -> str:
    """The amount at stake in the customer's words: the amount claimed, else the amount paid
    for the order; ``299.00 元`` or ``CNY 299.00``."""
    order = complaint.order
    amount, currency = complaint.amount_claimed, complaint.currency
    if amount is None and order is not None and order.amount is not None:
        amount, currency = order.amount, order.currency
    with translation.override(language):
        if amount is None:
            return str(_("the amount paid"))
        if language.startswith("zh") and currency == "CNY":
            return f"{amount:.2f} 元"
        return f"{currency} {amount:.2f}"


def template_context(
    *,
    complaint: Complaint,
    language: str,
    promised_at: dt.datetime | None,
    remedy: str = "",
    reason: str = "",
    reply: str = "",
    tracking_link: str = "",
    survey_link: str = "",
) -> dict[str, str]:
    """The values of every variable for one complaint, in the customer's language.
    ``promised_at`` is the answer clock's target (``sla.selectors.promised_answer``)."""
    with translation.override(language):
        customer = complaint.customer
        return {
            "customer_name": (customer.name if customer else "") or _("customer"),
            "number": complaint.number,
            "order_number": complaint.order.number if complaint.order else _("(no order number)"),
            "amount": amount_format(complaint, language),
            "title": complaint.title or complaint.text[:40],
            "due_date": promise_format(promised_at, language),
            "remedy": remedy or _("to be decided after our review"),
            "status": str(Status(complaint.status).label),
            "reason": reason,
            "reply": reply,
            "tracking_link": tracking_link,
            "survey_link": survey_link,
        }


def _load_templates() -> tuple[ReplyTemplate, ...]:
    return tuple(ReplyTemplate.objects.filter(is_active=True).order_by("id"))


# Read for every mail, edited rarely: each process keeps the active templates for a minute,
# and an edit clears its own process's copy at once (apps.py).
ACTIVE_TEMPLATES = TimedValue(_load_templates, ttl=60)


def template_pick(*, kind: str, category: str, language: str) -> ReplyTemplate | None:
    """The best active template: this category before the general one, this language before
    the default language."""
    languages = list(dict.fromkeys([language, settings.LANGUAGE_CODE]))
    candidates = [
        t
        for t in ACTIVE_TEMPLATES.get()
        if t.kind == kind and t.language in languages and t.category in (category, "")
    ]
    return min(
        candidates,
        key=lambda t: (languages.index(t.language), t.category != category, t.code),
        default=None,
    )


def template_render(*, template: ReplyTemplate, context: dict[str, str]) -> RenderedMessage:
    """Subject and body with every variable filled in; the subject stays on one line."""
    for text in (template.subject, template.body):
        template_variables_check(text)
    subject = string.Template(template.subject).substitute(context)
    return RenderedMessage(
        subject=" ".join(subject.split()), body=string.Template(template.body).substitute(context)
    )


@dataclass(frozen=True)
class FilledSnippet:
    """A reply snippet filled in for one complaint, with what it does when the reply is sent."""

    template_id: int
    name: str
    body: str
    set_status: str
    status_reason: str
    add_tags: str


def snippet_fill(
    *, template: ReplyTemplate, complaint: Complaint, promised_at: dt.datetime | None
) -> FilledSnippet:
    """The snippet's body and status reason with every variable filled, in the template's own
    language (the complaint's, as the desk picks them)."""
    context = template_context(
        complaint=complaint, language=template.language, promised_at=promised_at
    )
    for text in (template.body, template.status_reason):
        template_variables_check(text)
    return FilledSnippet(
        template_id=template.pk,
        name=template.name,
        body=string.Template(template.body).substitute(context),
        set_status=template.set_status,
        status_reason=string.Template(template.status_reason).substitute(context),
        add_tags=template.add_tags,
    )
