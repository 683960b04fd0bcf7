"""Personal data held by remedies: the notes, reasons and facts written about the customer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from complaintdesk.complaints.personal_data import Scrub, rows_export, rows_scrub
from complaintdesk.resolution.models import Remedy, RemedyApproval

TEXT = ["note", "closed_reason", "customer_reason", "execution_error"]
JSON = ["explanation", "computation"]


def remedy_records(*, complaint_ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    remedies = Remedy.objects.filter(complaint_id__in=complaint_ids)
    return {
        "remedies": rows_export(remedies),
        "remedy_approvals": rows_export(RemedyApproval.objects.filter(remedy__in=remedies)),
    }


def remedies_scrub(*, complaint_ids: Sequence[int], scrub: Scrub) -> dict[str, int]:
    """Amounts, kinds and states stay (they are the statistics); the words go."""
    remedies = Remedy.objects.filter(complaint_id__in=complaint_ids)
    return {"remedies": rows_scrub(remedies, scrub=scrub, text=TEXT, json=JSON)}
