"""Personal data held by follow-up: the confirmation's reason, the survey's comment, the
return calls' scripts and notes. Scores and outcomes stay for the statistics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from complaintdesk.complaints.personal_data import Scrub, rows_export, rows_scrub
from complaintdesk.followup.models import Confirmation, ReturnCall, Survey


def followup_records(*, complaint_ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    return {
        "confirmations": rows_export(Confirmation.objects.filter(complaint_id__in=complaint_ids)),
        "surveys": rows_export(Survey.objects.filter(complaint_id__in=complaint_ids)),
        "return_calls": rows_export(ReturnCall.objects.filter(complaint_id__in=complaint_ids)),
    }


def followup_scrub(*, complaint_ids: Sequence[int], scrub: Scrub) -> dict[str, int]:
    return {
        "confirmations": rows_scrub(
            Confirmation.objects.filter(complaint_id__in=complaint_ids),
            scrub=scrub,
            text=["reason"],
        ),
        "surveys": rows_scrub(
            Survey.objects.filter(complaint_id__in=complaint_ids),
            scrub=scrub,
            text=["comment"],
            json=["questions"],
        ),
        "return_calls": rows_scrub(
            ReturnCall.objects.filter(complaint_id__in=complaint_ids),
            scrub=scrub,
            text=["script", "notes"],
        ),
    }
