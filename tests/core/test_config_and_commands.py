"""Strict settings parsing and the apikey command."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from complaintdesk.complaints.models import ApiKey
from complaintdesk.config import env


@pytest.mark.parametrize(
    ("func", "name", "raw", "fragment"),
    [
        (lambda e: env.env_bool("DEBUG", False, e), "DEBUG", "ture", "use one of"),
        (lambda e: env.env_int("EMAIL_PORT", 25, minimum=1, environ=e), "EMAIL_PORT", "x", "whole"),
        (lambda e: env.env_int("EMAIL_PORT", 25, minimum=1, environ=e), "EMAIL_PORT", "0", "least"),
        (lambda e: env.env_timezone("TIME_ZONE", "UTC", e), "TIME_ZONE", "Mars/Base", "IANA"),
        (
            lambda e: env.env_database("DATABASE_URL", "x", e),
            "DATABASE_URL",
            "mysql://h/d",
            "scheme",
        ),
    ],
)
def test_bad_environment_values_stop_start_up(func, name, raw, fragment) -> None:
    with pytest.raises(ImproperlyConfigured, match=fragment) as error:
        func({name: raw})
    assert name in str(error.value)


def test_good_environment_values() -> None:
    assert env.env_bool("DEBUG", False, {"DEBUG": "yes"}) is True
    assert env.env_list("ALLOWED_HOSTS", [], {"ALLOWED_HOSTS": "a.cn, b.cn,"}) == ["a.cn", "b.cn"]
    pg = env.env_database("DATABASE_URL", "x", {"DATABASE_URL": "postgresql://u@h:5432/d"})
    assert pg["ENGINE"] == "django.db.backends.postgresql" and pg["NAME"] == "d"
    lite = env.env_database("DATABASE_URL", "/tmp/x.sqlite3", {})
    assert lite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"  # type: ignore[index]
    assert "journal_mode=WAL" in lite["OPTIONS"]["init_command"]  # type: ignore[index]


@pytest.mark.django_db
def test_apikey_create_prints_a_key_that_works(client) -> None:
    out = io.StringIO()
    call_command("apikey", "create", "--name", "taobao", "--role", "integration", stdout=out)
    raw = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert raw.startswith("cdk_") and raw not in key.key_hash and key.prefix == raw[:12]
    response = client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_apikey_refusals() -> None:
    with pytest.raises(CommandError, match="--department"):
        call_command("apikey", "create", "--name", "x", "--role", "department")
    with pytest.raises(CommandError, match="nope"):
        call_command("apikey", "create", "--name", "x", "--role", "agent", "--department", "nope")
    with pytest.raises(CommandError, match="ghost"):
        call_command("apikey", "create", "--name", "x", "--role", "agent", "--user", "ghost")
    with pytest.raises(CommandError, match="No active key"):
        call_command("apikey", "revoke", "cdk_missing")
    assert not ApiKey.objects.exists()


def test_sqlite_url_gets_the_same_tuning_as_the_default() -> None:
    config = env.env_database("DATABASE_URL", "x", {"DATABASE_URL": "sqlite:////tmp/cd.sqlite3"})
    assert config["NAME"] == "/tmp/cd.sqlite3"
    assert config["ENGINE"] == "complaintdesk.config.sqlite"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"  # type: ignore[index]
