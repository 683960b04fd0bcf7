"""The shipped longest extension of each default policy, and the data migration that gives it
to installations whose default policies still allow none."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from complaintdesk.sla.models import ClockPolicy
from complaintdesk.sla.policies import DEFAULT_POLICIES

migration = importlib.import_module("complaintdesk.sla.migrations.0003_default_extension_limits")

pytestmark = pytest.mark.usefixtures("clock_policies")

EXPECTED = {
    "answer": 5,
    "resolution": 10,
    "education-resolution": 5,
    "insurance-statutory": 45,
    "first-response": 0,
    "chat-first-response": 0,
    "regulator-statutory": 0,
}


def test_defaults_allow_extension_where_the_business_owns_the_deadline() -> None:
    shipped = {p["code"]: p["max_extension"] for p in DEFAULT_POLICIES}
    assert {code: shipped[code] for code in EXPECTED} == EXPECTED
    assert all(shipped[p["code"]] == 0 for p in DEFAULT_POLICIES if p["kind"] == "first_response")
    # The migration ships the same limits as the defaults of a new installation.
    assert all(shipped[code] == limit for code, limit in migration.LIMITS.items())


def test_the_migration_fills_limits_still_at_zero_and_keeps_admin_edits(db: Any) -> None:
    ClockPolicy.objects.filter(code__in=["answer", "evidence"]).update(max_extension=0)
    ClockPolicy.objects.filter(code="resolution").update(max_extension=7)  # edited by an admin
    migration.set_limits(apps, None)
    limits = dict(ClockPolicy.objects.values_list("code", "max_extension"))
    assert (limits["answer"], limits["evidence"], limits["resolution"]) == (5, 2, 7)
    assert limits["first-response"] == 0 and limits["insurance-statutory"] == 45
    migration.unset_limits(apps, None)
    limits = dict(ClockPolicy.objects.values_list("code", "max_extension"))
    assert (limits["answer"], limits["resolution"]) == (0, 7)
