"""Complaint events become append-only in the database, not only in the model.

Triggers refuse every UPDATE and DELETE of ``complaints_complaintevent`` (and TRUNCATE on
PostgreSQL), whoever issues it: a queryset ``.update()`` or ``.delete()``, a cascade, raw SQL,
another program. SQLite raises SQLITE_CONSTRAINT and PostgreSQL ``restrict_violation`` (23001),
so Django reports both as ``IntegrityError``.

The foreign key to the complaint becomes ``PROTECT``: deleting a complaint that has events is
refused before anything is deleted, instead of cascading into the trigger.

SQLite keeps triggers with their table: a later migration that makes SQLite rebuild this table
(most column changes do) drops them and must install them again; the tests in
``tests/core/test_events_append_only.py`` fail if it does not.
"""

from __future__ import annotations

import django.db.models.deletion
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

REFUSED = "complaint events are append-only"

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER complaints_event_no_update
    BEFORE UPDATE ON complaints_complaintevent
    BEGIN
        SELECT RAISE(ABORT, '{REFUSED}: UPDATE refused');
    END
    """,
    f"""
    CREATE TRIGGER complaints_event_no_delete
    BEFORE DELETE ON complaints_complaintevent
    BEGIN
        SELECT RAISE(ABORT, '{REFUSED}: DELETE refused');
    END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS complaints_event_no_update",
    "DROP TRIGGER IF EXISTS complaints_event_no_delete",
]

POSTGRESQL_INSTALL = [
    f"""
    CREATE FUNCTION complaints_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSED}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER complaints_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON complaints_complaintevent
    FOR EACH ROW EXECUTE FUNCTION complaints_event_refuse_change()
    """,
    """
    CREATE TRIGGER complaints_event_no_truncate
    BEFORE TRUNCATE ON complaints_complaintevent
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_event_refuse_change()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS complaints_event_no_truncate ON complaints_complaintevent",
    "DROP TRIGGER IF EXISTS complaints_event_no_update_or_delete ON complaints_complaintevent",
    "DROP FUNCTION IF EXISTS complaints_event_refuse_change()",
]


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise ImproperlyConfigured(
            f"complaintdesk runs on SQLite or PostgreSQL; on {vendor} complaint events could not "
            "be protected from change, so the database is refused"
        )
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)


def install_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL})


def remove_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRESQL_REMOVE})


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_complaint_is_batch_and_batched_event"),
    ]

    operations = [
        migrations.AlterField(
            model_name="complaintevent",
            name="complaint",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="complaints.complaint",
                verbose_name="complaint",
            ),
        ),
        migrations.RunPython(install_triggers, remove_triggers, elidable=False),
    ]
