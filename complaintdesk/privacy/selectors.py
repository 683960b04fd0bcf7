"""Reads for personal-data requests: finding the person, and what holds an erasure back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.complaints.models import Complaint, Customer
from complaintdesk.complaints.states import FINAL_STATES


def customer_find(reference: str) -> Customer:
    """The customer with this id, phone or e-mail address; refused when none or several."""
    reference = reference.strip()
    query = Q(phone=reference) | Q(email__iexact=reference)
    if reference.isdigit() and len(reference) < 11:
        query = Q(pk=int(reference))
    matches = list(Customer.objects.filter(query)[:2]) if reference else []
    if not matches:
        raise NotFound(
            _("No customer with the id, phone or e-mail “%(ref)s”.") % {"ref": reference}
        )
    if len(matches) > 1:
        raise InvalidInput(
            _("Several customers have “%(ref)s”: give the customer's id instead.")
            % {"ref": reference}
        )
    return matches[0]


@dataclass(frozen=True)
class Hold:
    """A reason the law or the process keeps the data for now: ``code`` and the complaints."""

    code: str
    numbers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "complaints": self.numbers}


HOLD_LABELS = {
    "open_complaint": _("A complaint of this customer is still open"),
    "open_dispute": _("A dispute of this customer is not closed"),
    "statutory_retention": _("A complaint closed recently must still be kept by law"),
}


def hold_label(code: str) -> str:
    return str(HOLD_LABELS.get(code, code))


def complaints_of(customer: Customer) -> list[Complaint]:
    return list(Complaint.objects.filter(customer=customer).order_by("pk"))


def complaint_holds(complaints: list[Complaint], *, now: dt.datetime | None = None) -> list[Hold]:
    """Open complaints, and (when PRIVACY_ERASURE_HOLD_DAYS is set) complaints closed within
    that many days. Open disputes are the disputes app's to say."""
    now = now or timezone.now()
    holds = []
    open_numbers = [c.number for c in complaints if c.status not in FINAL_STATES]
    if open_numbers:
        holds.append(Hold("open_complaint", open_numbers))
    days = settings.PRIVACY_ERASURE_HOLD_DAYS
    if days:
        since = now - dt.timedelta(days=days)
        recent = [
            c.number for c in complaints if c.status in FINAL_STATES and c.status_changed_at > since
        ]
        if recent:
            holds.append(Hold("statutory_retention", recent))
    return holds


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """The moment PRIVACY_RETENTION_YEARS before ``now`` (29 February becomes the 28th)."""
    years = settings.PRIVACY_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def complaints_past_retention(*, now: dt.datetime, limit: int) -> list[Complaint]:
    """Complaints in a final state since before the cutoff whose personal data was not erased
    yet, oldest first."""
    return list(
        Complaint.objects.filter(
            status__in=FINAL_STATES, status_changed_at__lt=retention_cutoff(now)
        )
        .exclude(events__kind=EventKind.PERSONAL_DATA_ERASED)
        .select_related("customer")
        .order_by("status_changed_at", "pk")[:limit]
    )
