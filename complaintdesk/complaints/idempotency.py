"""Replaying the first response to a request that carried an ``Idempotency-Key``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import IdempotencyRecord


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"


def idempotent_call(
    *, user_id: int, key: str, request_hash: str, run: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run ``run`` once per (user, key); later calls with the same request get its response.

    The key row is inserted before the work, in the same transaction: a concurrent retry blocks
    on the unique index (PostgreSQL) or the write lock (SQLite) until the first commits, then
    reads the stored response. If the work fails, nothing is stored and a retry runs afresh.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user_id=user_id, key=key, request_hash=request_hash, status_code=0, response={}
                )
        except IntegrityError:
            stored = IdempotencyRecord.objects.get(user_id=user_id, key=key)
            if stored.request_hash != request_hash:
                raise IdempotencyKeyReused(
                    _(
                        "This Idempotency-Key was already used for a different request; "
                        "use a new key for new data."
                    ),
                    {"idempotency_key": key},
                ) from None
            return stored.status_code, stored.response
        status, body = run()
        record.status_code = status
        record.response = body
        record.save(update_fields=["status_code", "response"])
        return status, body
