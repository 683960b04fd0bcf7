"""Personal data under PIPL Art. 45 and 47: export, erasure and the retention policy.

- **export**: what every app holds about the customer → one zip (``data.json`` and the files)
  → a ``personal_data_exported`` event on each complaint and a ``PrivacyRequest`` row, in one
  transaction after the archive is written.
- **erase**: the holds (open complaint, open dispute, statutory retention) → refused with
  them, recorded; or, in one transaction on an erasing connection: each complaint anonymised
  (text, messages, attachments, tracking links, event data, with its
  ``personal_data_erased`` event) → disputes, remedies, follow-up, consultations, clocks,
  processed mail, outbox and webhooks scrubbed → the customer anonymised → recorded; after
  the commit the files nobody refers to are deleted and captured mail naming the person
  removed.
- **retention**: closed complaints past ``PRIVACY_RETENTION_YEARS`` anonymised the same way,
  the customer too once none of their complaints keeps data; idempotency records past
  ``IDEMPOTENCY_TTL_HOURS`` deleted; sent mails' link tokens cut out.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.errors import Conflict
from complaintdesk.complaints.models import Attachment, Complaint, Customer, IdempotencyRecord
from complaintdesk.complaints.personal_data import (
    Scrub,
    attachment_paths_in_use,
    complaint_anonymise,
    complaint_export_record,
    customer_anonymise,
    customer_records,
    customer_values,
)
from complaintdesk.consult.privacy import consultation_records, consultations_scrub
from complaintdesk.disputes.privacy import (
    dispute_records,
    disputes_open,
    disputes_scrub,
    evidence_file_paths,
    evidence_paths_in_use,
)
from complaintdesk.followup.privacy import followup_records, followup_scrub
from complaintdesk.insights.privacy import export_files_scrub
from complaintdesk.intake.privacy import processed_mail_records, processed_mail_scrub
from complaintdesk.notify.privacy import (
    captured_mail_scrub,
    outbox_records,
    outbox_scrub,
    sent_mail_links_redact,
)
from complaintdesk.privacy.models import PrivacyRequest, RequestKind, RequestOutcome, RequestVia
from complaintdesk.privacy.selectors import (
    Hold,
    complaint_holds,
    complaints_of,
    complaints_past_retention,
    hold_label,
)
from complaintdesk.privacy.services import (
    archive_write,
    erasing_connection,
    files_remove,
    request_record,
    scrubber_for,
)
from complaintdesk.resolution.privacy import remedies_scrub, remedy_records
from complaintdesk.sla.privacy import clocks_scrub

logger = logging.getLogger(__name__)


class ErasureHeld(Conflict):
    """The erasure was refused: the data must be kept for now, for the reasons in ``holds``."""

    code = "erasure_held"

    def __init__(self, holds: list[Hold], request: PrivacyRequest) -> None:
        reasons = "; ".join(
            f"{hold_label(h.code)} ({', '.join(h.numbers)})" if h.numbers else hold_label(h.code)
            for h in holds
        )
        super().__init__(
            _("The personal data cannot be erased yet: %(reasons)s.") % {"reasons": reasons},
            {"holds": [h.as_dict() for h in holds], "request": request.pk},
        )
        self.holds = holds
        self.request = request


def _addresses(customer: Customer) -> list[str]:
    return [v for v in customer_values(customer) if "@" in v]


def personal_data_collect(*, customer: Customer) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Everything held about the customer, and the files to copy as ``(name, storage path)``."""
    complaints = complaints_of(customer)
    ids = [c.pk for c in complaints]
    numbers = {c.pk: c.number for c in complaints}
    data: dict[str, Any] = {
        **customer_records(customer=customer),
        **dispute_records(complaint_ids=ids),
        **remedy_records(complaint_ids=ids),
        **followup_records(complaint_ids=ids),
        **consultation_records(complaint_ids=ids),
        **processed_mail_records(complaint_ids=ids),
        **outbox_records(complaint_ids=ids, addresses=_addresses(customer)),
    }
    files = [
        (f"attachments/{numbers[a.complaint_id]}/{a.pk}-{a.filename}", a.storage_path)
        for a in Attachment.objects.filter(complaint_id__in=ids).order_by("pk")
    ]
    files += [
        (f"evidence/{i}-{name}", storage)
        for i, (name, storage) in enumerate(evidence_file_paths(complaint_ids=ids), start=1)
    ]
    return data, files


def personal_data_export(
    *, customer: Customer, out: Path, actor: Actor | None, via: str = RequestVia.COMMAND
) -> PrivacyRequest:
    """Write the archive, then record the export on each complaint and in the audit log."""
    data, files = personal_data_collect(customer=customer)
    data["exported_at"] = timezone.now().isoformat()
    digest, copied = archive_write(out=out, data=data, files=files)
    with transaction.atomic():
        request = request_record(
            kind=RequestKind.EXPORT,
            outcome=RequestOutcome.DONE,
            via=via,
            customer=customer,
            user_id=actor.user_id if actor else None,
            complaints=len(data["complaints"]),
            details={
                "sha256": digest,
                "files": copied,
                "rows": {k: len(v) for k, v in data.items() if isinstance(v, list)},
            },
        )
        for complaint in complaints_of(customer):
            complaint_export_record(complaint=complaint, actor=actor, request=request.pk)
    return request


def erasure_holds(*, customer: Customer, now: dt.datetime | None = None) -> list[Hold]:
    complaints = complaints_of(customer)
    holds = complaint_holds(complaints, now=now)
    disputed = disputes_open(complaint_ids=[c.pk for c in complaints])
    if disputed:
        holds.append(Hold("open_dispute", disputed))
    return holds


@dataclass
class Erased:
    counts: dict[str, int] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)

    def add(self, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            self.counts[name] = self.counts.get(name, 0) + count


def _complaints_anonymise(
    complaints: list[Complaint],
    *,
    customer: Customer | None,
    scrub: Scrub,
    actor: Actor | None,
    reason: str,
) -> Erased:
    """Every app's personal data on these complaints, in one transaction."""
    ids = [c.pk for c in complaints]
    erased = Erased()
    for complaint in complaints:
        counts, paths = complaint_anonymise(
            complaint=complaint, scrub=scrub, actor=actor, reason=reason
        )
        erased.add(counts)
        erased.paths += paths
    counts, paths = disputes_scrub(complaint_ids=ids, scrub=scrub)
    erased.add(counts)
    erased.paths += paths
    erased.add(remedies_scrub(complaint_ids=ids, scrub=scrub))
    erased.add(followup_scrub(complaint_ids=ids, scrub=scrub))
    erased.add(consultations_scrub(complaint_ids=ids, scrub=scrub))
    erased.add(clocks_scrub(complaint_ids=ids, scrub=scrub))
    values = customer_values(customer) if customer else []
    erased.add(processed_mail_scrub(complaint_ids=ids, values=values, scrub=scrub))
    addresses = _addresses(customer) if customer else []
    erased.add(outbox_scrub(complaint_ids=ids, addresses=addresses, scrub=scrub))
    return erased


def _files_after(erased: Erased, values: list[str]) -> None:
    in_use = attachment_paths_in_use(erased.paths) | evidence_paths_in_use(erased.paths)
    erased.counts["files_deleted"] = files_remove(erased.paths, in_use=in_use)
    erased.counts["captured_mails_removed"] = captured_mail_scrub(values=values)
    erased.counts["export_files_removed"] = export_files_scrub(values=values)


def personal_data_erase(
    *, customer: Customer, actor: Actor | None, via: str = RequestVia.COMMAND
) -> PrivacyRequest:
    """Anonymise the customer everywhere, or refuse with the holds (``ErasureHeld``, the
    refusal itself recorded)."""
    holds = erasure_holds(customer=customer)
    user_id = actor.user_id if actor else None
    if holds:
        request = request_record(
            kind=RequestKind.ERASURE,
            outcome=RequestOutcome.REFUSED,
            via=via,
            customer=customer,
            user_id=user_id,
            holds=holds,
        )
        raise ErasureHeld(holds, request)
    values = customer_values(customer)
    scrub = scrubber_for(customer)
    with erasing_connection():
        with transaction.atomic():
            complaints = complaints_of(customer)
            erased = _complaints_anonymise(
                complaints, customer=customer, scrub=scrub, actor=actor, reason="erasure"
            )
            erased.add(customer_anonymise(customer=customer, scrub=scrub))
            request = request_record(
                kind=RequestKind.ERASURE,
                outcome=RequestOutcome.DONE,
                via=via,
                customer=customer,
                user_id=user_id,
                complaints=len(complaints),
                details=erased.counts,
            )
        _files_after(erased, values)
    PrivacyRequest.objects.filter(pk=request.pk).update(details=erased.counts)
    request.details = erased.counts
    return request


@dataclass
class RetentionReport:
    complaints: int = 0
    customers: int = 0
    idempotency_deleted: int = 0
    links_redacted: int = 0


def retention_apply(*, now: dt.datetime | None = None, limit: int = 500) -> RetentionReport:
    """One pass of the retention policy; safe to repeat (anonymised complaints carry their
    ``personal_data_erased`` event and are not selected again)."""
    now = now or timezone.now()
    report = RetentionReport()
    report.idempotency_deleted = IdempotencyRecord.objects.filter(
        created_at__lt=now - dt.timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    ).delete()[0]
    report.links_redacted = sent_mail_links_redact()
    due = complaints_past_retention(now=now, limit=limit)
    for complaint in due:
        _retention_one(complaint)
        report.complaints += 1
    customers = {c.customer_id for c in due if c.customer_id is not None}
    for customer in Customer.objects.filter(pk__in=customers):
        if not complaints_past_retention_pending(customer):
            _retention_customer(customer)
            report.customers += 1
    return report


def complaints_past_retention_pending(customer: Customer) -> bool:
    """Whether any complaint of the customer still keeps their data (not yet anonymised)."""
    return (
        Complaint.objects.filter(customer=customer)
        .exclude(events__kind=EventKind.PERSONAL_DATA_ERASED)
        .exists()
    )


def _retention_one(complaint: Complaint) -> None:
    customer = complaint.customer
    values = customer_values(customer) if customer else []
    with erasing_connection():
        with transaction.atomic():
            erased = _complaints_anonymise(
                [complaint],
                customer=customer,
                scrub=scrubber_for(customer),
                actor=None,
                reason="retention",
            )
        _files_after(erased, values)


def _retention_customer(customer: Customer) -> None:
    with erasing_connection(), transaction.atomic():
        counts = customer_anonymise(customer=customer, scrub=scrubber_for(customer))
        request_record(
            kind=RequestKind.RETENTION,
            outcome=RequestOutcome.DONE,
            via=RequestVia.JOB,
            customer=customer,
            user_id=None,
            complaints=Complaint.objects.filter(customer=customer).count(),
            details=counts,
        )
