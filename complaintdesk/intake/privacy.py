"""Personal data kept by intake: the sender of each processed e-mail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from complaintdesk.complaints.personal_data import Scrub, rows_export, rows_scrub
from complaintdesk.intake.models import ProcessedMessage


def processed_mail_records(*, complaint_ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    return {
        "processed_mail": rows_export(
            ProcessedMessage.objects.filter(complaint_id__in=complaint_ids)
        )
    }


def processed_mail_scrub(
    *, complaint_ids: Sequence[int], values: Sequence[str], scrub: Scrub
) -> dict[str, int]:
    """Mail linked to the complaints, and mail from the person's address that opened none."""
    rows = ProcessedMessage.objects.filter(complaint_id__in=complaint_ids)
    changed = rows_scrub(rows, scrub=scrub, text=["sender", "detail"])
    for value in values:
        if "@" in value:
            changed += rows_scrub(
                ProcessedMessage.objects.filter(sender__icontains=value),
                scrub=scrub,
                text=["sender", "detail"],
            )
    return {"processed_mail": changed}
