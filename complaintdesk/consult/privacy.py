"""Personal data in consultations: questions and answers between departments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from complaintdesk.complaints.personal_data import Scrub, rows_export, rows_scrub
from complaintdesk.consult.models import Consultation


def consultation_records(*, complaint_ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    return {
        "consultations": rows_export(Consultation.objects.filter(complaint_id__in=complaint_ids))
    }


def consultations_scrub(*, complaint_ids: Sequence[int], scrub: Scrub) -> dict[str, int]:
    return {
        "consultations": rows_scrub(
            Consultation.objects.filter(complaint_id__in=complaint_ids),
            scrub=scrub,
            text=["question", "answer"],
        )
    }
