"""What was recorded stays recorded: complaint events are append-only in the database.

The model refuses first, with a domain error. Behind it the triggers of migration 0006 refuse
every UPDATE and DELETE of an event, and TRUNCATE on PostgreSQL, whoever issues them: a queryset,
raw SQL, a cascade. A complaint that has events cannot be deleted. Each refusal leaves every row
as it was. The same tests run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.complaints.models.history import AppendOnlyError
from tests.conftest import Api, complaint_body


@contextmanager
def refused_by_the_database() -> Iterator[None]:
    """The statement fails with the triggers' message. Its savepoint keeps the test's
    transaction usable afterwards (PostgreSQL aborts a transaction on any error)."""
    with (
        pytest.raises(IntegrityError, match="complaint events are append-only"),
        transaction.atomic(),
    ):
        yield


@pytest.fixture
def created(api: Any) -> ComplaintEvent:
    """The event that recorded a complaint as it arrived."""
    api("agent").post("/complaints", complaint_body())
    return ComplaintEvent.objects.get(kind="created")


def assert_untouched(event: ComplaintEvent) -> None:
    again = ComplaintEvent.objects.get(pk=event.pk)
    assert (again.kind, again.at, again.data) == (event.kind, event.at, event.data)


@pytest.mark.django_db
def test_the_model_refuses_to_change_or_delete_a_recorded_event(created) -> None:
    created.kind = "note"
    with pytest.raises(AppendOnlyError):
        created.save()
    with pytest.raises(AppendOnlyError):
        created.delete()
    assert ComplaintEvent.objects.get(pk=created.pk).kind == "created"


@pytest.mark.django_db
def test_a_queryset_update_skips_the_model_and_is_refused_by_the_database(created) -> None:
    with refused_by_the_database():
        ComplaintEvent.objects.filter(pk=created.pk).update(kind="note")
    assert_untouched(created)


@pytest.mark.django_db
def test_a_raw_sql_update_is_refused(created) -> None:
    with refused_by_the_database(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaintevent SET data = %s WHERE id = %s", ["{}", created.pk]
        )
    assert_untouched(created)


@pytest.mark.django_db
def test_a_queryset_delete_is_refused_by_the_database(created) -> None:
    with refused_by_the_database():
        ComplaintEvent.objects.filter(pk=created.pk).delete()
    assert_untouched(created)


@pytest.mark.django_db
def test_a_raw_sql_delete_is_refused(created) -> None:
    with refused_by_the_database(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM complaints_complaintevent WHERE id = %s", [created.pk])
    assert_untouched(created)


@pytest.mark.django_db
def test_emptying_the_whole_table_is_refused(created) -> None:
    # SQLite empties a table with DELETE (its truncate shortcut is off while triggers exist);
    # PostgreSQL has TRUNCATE, which skips row triggers and so has a trigger of its own.
    # CASCADE takes the outbox rows that point at events along, so only the trigger can refuse.
    statement = {
        "sqlite": "DELETE FROM complaints_complaintevent",
        "postgresql": "TRUNCATE complaints_complaintevent CASCADE",
    }[connection.vendor]
    # The test transaction still owes the foreign-key checks of its inserts, and PostgreSQL
    # will not TRUNCATE before they have run.
    connection.check_constraints()
    with refused_by_the_database(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert_untouched(created)


@pytest.mark.django_db
def test_a_complaint_with_events_cannot_be_deleted(created) -> None:
    complaint = created.complaint
    with pytest.raises(ProtectedError):
        complaint.delete()
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    assert_untouched(created)


@pytest.mark.django_db(transaction=True)
def test_committed_history_survives_raw_sql_against_the_complaint(personas) -> None:
    """Outside any test transaction: each statement commits or fails on its own."""
    Api(personas["agent"]).post("/complaints", complaint_body())
    complaint = Complaint.objects.get()
    events = list(complaint.events.values_list("pk", "kind"))
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        # The foreign key refuses to leave the events without their complaint.
        cursor.execute("DELETE FROM complaints_complaint WHERE id = %s", [complaint.pk])
    with refused_by_the_database(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM complaints_complaintevent WHERE complaint_id = %s", [complaint.pk]
        )
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    assert list(complaint.events.values_list("pk", "kind")) == events
