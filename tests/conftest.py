from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from django.core.cache import cache as shared_cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, TransactionTestCase

from complaintdesk.testing.personas import Persona, build_personas


@pytest.fixture
def personas(db: Any) -> dict[str, Persona]:
    return build_personas()


class Api:
    """A JSON client for /api/v1/ acting as one persona."""

    def __init__(self, persona: Persona | None, language: str = "zh-hans") -> None:
        self.client = Client()
        self.headers: dict[str, str] = {"HTTP_ACCEPT_LANGUAGE": language}
        if persona is not None:
            self.headers.update(persona.auth)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path: str, body: Any = None, raw: bytes | None = None, **headers: str) -> Any:
        data = raw if raw is not None else json.dumps(body or {})
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", **self.headers, **headers
        )


@pytest.fixture
def api(personas: dict[str, Persona]) -> Any:
    def make(name: str | None, language: str = "zh-hans") -> Api:
        return Api(personas[name] if name else None, language)

    return make


def complaint_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "api",
        "text": "买的耳机左耳没有声音，申请退货三天了没人处理。",
        "customer": {"name": "王女士", "phone": "13912345678", "email": "wang@example.com"},
        "order": {"number": "JD-1001", "item": "蓝牙耳机", "amount": "299.00"},
        "amount_claimed": "299.00",
    }
    body.update(overrides)
    return body


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_configuration_caches() -> Any:
    """Each test starts from the database it sees, not configuration cached by an earlier one
    whose transaction was rolled back."""
    from complaintdesk.notify.templating import ACTIVE_TEMPLATES
    from complaintdesk.notify.webhooks import ACTIVE_SUBSCRIPTIONS
    from complaintdesk.sla.calendars import CALENDARS
    from complaintdesk.sla.policies import ACTIVE_POLICIES
    from complaintdesk.triage.selectors import similar_index_forget
    from complaintdesk.triage.services import ROUTING

    caches = (ACTIVE_POLICIES, CALENDARS, ROUTING, ACTIVE_TEMPLATES, ACTIVE_SUBSCRIPTIONS)
    for cache in caches:
        cache.clear()
    similar_index_forget()
    yield
    for cache in caches:
        cache.clear()
    similar_index_forget()


@pytest.fixture(scope="session", autouse=True)
def _seeded_rows_back_after_each_flush(
    django_db_setup: Any, django_db_blocker: Any
) -> Iterator[None]:
    """Put back the rows the migrations seed (reply templates, clock policies, routing and
    ruling rules, root causes, survey questions …) after the flush that ends a transactional
    test, so a test that runs after one on the same worker sees the product as installed.

    The rows are read once, right after the test database is migrated, from the product's own
    tables (content types and permissions come back by Django's post-migrate signal)."""
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("complaintdesk.") and model._meta.managed
    ]
    with django_db_blocker.unblock():
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            # No collected test needs the database, so pytest-django set none up.
            yield
            return
        tables = set(connection.introspection.table_names())
        seeded = [
            serializers.serialize("json", model._default_manager.order_by("pk"))
            for model in models
            if model._meta.db_table in tables and model._default_manager.exists()
        ]
    original = TransactionTestCase._fixture_teardown

    def teardown_then_reseed(self: TransactionTestCase) -> None:
        original(self)
        with transaction.atomic():
            for data in seeded:
                for row in serializers.deserialize("json", data):
                    row.save()

    TransactionTestCase._fixture_teardown = teardown_then_reseed  # type: ignore[method-assign]
    yield
    TransactionTestCase._fixture_teardown = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _flush_past_the_event_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    """Let the flush that ends a transactional test empty the complaint events table.

    Events are append-only in the database (migration 0006): triggers refuse UPDATE, DELETE and,
    on PostgreSQL, TRUNCATE of ``complaints_complaintevent``. A transactional test ends with
    Django's flush, which empties every table (``DELETE FROM`` on SQLite, ``TRUNCATE`` on
    PostgreSQL) and would be refused. This fixture's teardown runs just before that flush and
    lifts the guard for the test database only; no product code ever lifts it.

    - PostgreSQL: ``session_replication_role = replica`` switches ordinary triggers off for this
      session. Only a superuser may set it (the test role is one). Django closes the connection
      after every transactional test, so the next test opens a session with the guard on.
    - SQLite has no per-connection switch for triggers (Python 3.11's sqlite3 cannot set
      SQLITE_DBCONFIG_ENABLE_TRIGGER), so the fixture flushes itself, in one transaction that
      drops the triggers and creates them again from their own text in ``sqlite_master``; Django's
      flush then finds the events table already empty.

    Tests inside a transaction (``db``) roll back and are left alone.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        # Set up the database first, so this teardown runs before its flush.
        request.getfixturevalue("transactional_db")
    yield
    if not transactional:
        return
    # The shared cache (throttles, rate limits) is a table no flush knows about: empty it, so
    # one test's sign-in failures or portal submissions never count in the next.
    shared_cache.clear()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'complaints_complaintevent'"
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        # The same flush Django runs next, minus its post_migrate signal, which Django sends.
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )
        with connection.cursor() as cursor:
            for _, sql in triggers:
                cursor.execute(sql)


@pytest.fixture(autouse=True)
def _root_cause_optional(settings: Any) -> None:
    """Suites written before root causes existed resolve complaints without one; the learning
    tests (tests/learning/conftest.py) restore the product's default, which requires it."""
    settings.ROOT_CAUSE_REQUIRED = False
