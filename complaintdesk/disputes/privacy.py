"""Personal data held by disputes: what an export copies, what an erasure rewrites, and the
open disputes that hold an erasure back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from complaintdesk.complaints.personal_data import Scrub, rows_export, rows_scrub
from complaintdesk.disputes.choices import Party, StoredStage
from complaintdesk.disputes.models import (
    Appeal,
    ConflictDeclaration,
    Dispute,
    Evidence,
    EvidenceFile,
    EvidenceRequest,
    Ruling,
)


def disputes_open(*, complaint_ids: Sequence[int]) -> list[str]:
    """Numbers of the complaints whose dispute is not closed."""
    return list(
        Dispute.objects.filter(complaint_id__in=complaint_ids)
        .exclude(stage=StoredStage.CLOSED)
        .values_list("complaint__number", flat=True)
    )


def dispute_records(*, complaint_ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    disputes = Dispute.objects.filter(complaint_id__in=complaint_ids)
    evidence = Evidence.objects.filter(request__dispute__in=disputes)
    return {
        "disputes": rows_export(disputes),
        "evidence_requests": rows_export(EvidenceRequest.objects.filter(dispute__in=disputes)),
        "evidence": rows_export(evidence),
        "evidence_files": rows_export(EvidenceFile.objects.filter(evidence__in=evidence)),
        "rulings": rows_export(Ruling.objects.filter(dispute__in=disputes)),
        "appeals": rows_export(Appeal.objects.filter(dispute__in=disputes)),
        "conflict_declarations": rows_export(
            ConflictDeclaration.objects.filter(complaint_id__in=complaint_ids)
        ),
    }


def evidence_file_paths(*, complaint_ids: Sequence[int]) -> list[tuple[str, str]]:
    """``(file name, storage path)`` of every evidence file, for the export archive."""
    return list(
        EvidenceFile.objects.filter(
            evidence__request__dispute__complaint_id__in=complaint_ids
        ).values_list("filename", "storage_path")
    )


def disputes_scrub(
    *, complaint_ids: Sequence[int], scrub: Scrub
) -> tuple[dict[str, int], list[str]]:
    """Free text scrubbed; the customer's own evidence files removed (the respondent's stay,
    they are the merchant's records). Returns the counts and the storage paths removed."""
    disputes = Dispute.objects.filter(complaint_id__in=complaint_ids)
    evidence = Evidence.objects.filter(request__dispute__in=disputes)
    customer_files = EvidenceFile.objects.filter(
        evidence__in=evidence, evidence__request__party=Party.CUSTOMER
    )
    paths = list(customer_files.values_list("storage_path", flat=True))
    counts = {
        "disputes": rows_scrub(disputes, scrub=scrub, text=["question"]),
        "evidence_requests": rows_scrub(
            EvidenceRequest.objects.filter(dispute__in=disputes), scrub=scrub, text=["asks"]
        ),
        "evidence": rows_scrub(evidence, scrub=scrub, text=["text", "tracking_number"]),
        "evidence_files_removed": customer_files.delete()[0],
        "evidence_files": rows_scrub(
            EvidenceFile.objects.filter(evidence__in=evidence), scrub=scrub, text=["filename"]
        ),
        "rulings": rows_scrub(
            Ruling.objects.filter(dispute__in=disputes), scrub=scrub, text=["rationale"]
        ),
        "appeals": rows_scrub(
            Appeal.objects.filter(dispute__in=disputes), scrub=scrub, text=["grounds"]
        ),
        "conflict_declarations": rows_scrub(
            ConflictDeclaration.objects.filter(complaint_id__in=complaint_ids),
            scrub=scrub,
            text=["reason"],
        ),
    }
    return counts, paths


def evidence_paths_in_use(paths: Sequence[str]) -> set[str]:
    return set(
        EvidenceFile.objects.filter(storage_path__in=list(paths)).values_list(
            "storage_path", flat=True
        )
    )
