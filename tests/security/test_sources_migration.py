"""Migration complaints.0017 gives existing complaints and customers their source, so a
database from before the fix keeps deduplicating and matching customers as the code expects."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("complaints", "0016_root_cause_event_kinds")]
AFTER = [("complaints", "0017_intake_sources_and_refused_attachments")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_existing_rows_get_their_source() -> None:
    apps = _migrate(BEFORE)
    try:
        user = apps.get_model("auth", "User").objects.create(username="crm-key")
        customer_model = apps.get_model("complaints", "Customer")
        complaint_model = apps.get_model("complaints", "Complaint")
        now = timezone.now()
        rows = {
            "by-key": {"channel": "api", "external_id": "A-1", "created_by": user},
            "platform": {"channel": "platform", "external_id": "tmall:TM-9"},
            "email": {"channel": "email", "external_id": "<m@x>"},
            "portal": {"channel": "web", "external_id": None},
        }
        customers = {}
        for n, (name, fields) in enumerate(rows.items()):
            customers[name] = customer_model.objects.create(phone=f"1390000000{n}")
            complaint_model.objects.create(
                number=f"TS-20261201-00000{n}",
                text="x",
                received_at=now,
                status_changed_at=now,
                customer=customers[name],
                **fields,
            )
        apps = _migrate(AFTER)
        complaints = apps.get_model("complaints", "Complaint").objects
        sources = dict(complaints.values_list("external_id", "source"))
        assert sources == {
            "A-1": f"user:{user.pk}",
            "tmall:TM-9": "platform:tmall",
            "<m@x>": "email",
            None: "anonymous:web",
        }
        found = apps.get_model("complaints", "Customer").objects
        assert found.get(pk=customers["by-key"].pk).source == f"user:{user.pk}"
        assert found.get(pk=customers["platform"].pk).source == "platform:tmall"
    finally:
        _migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()  # back to the latest state
        )
