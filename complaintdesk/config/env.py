"""Strict parsing of configuration from environment variables.

Every setting the product reads from the environment goes through one of these functions, so a
typo such as ``DEBUG=ture`` stops start-up with a message that names the variable and what it
accepts instead of silently meaning something else.
"""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Mapping

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default).strip() or default


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use one of 1/0, true/false, yes/no, on/off.")


def env_int(
    name: str, default: int, *, minimum: int = 0, environ: Mapping[str, str] = os.environ
) -> int:
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_timezone(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    value = env_str(name, default, environ)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r}: not an IANA time zone name (e.g. Asia/Shanghai)."
        ) from None
    return value


def env_database(
    name: str, sqlite_path: str, environ: Mapping[str, str] = os.environ
) -> dict[str, object]:
    """``DATABASE_URL`` when set (PostgreSQL), else the embedded SQLite database.

    SQLite runs in WAL mode with IMMEDIATE transactions and a busy timeout, so concurrent
    writers queue for the write lock instead of failing with "database is locked".
    """
    raw = environ.get(name, "").strip()
    if raw.startswith("sqlite:///"):
        sqlite_path = raw.removeprefix("sqlite:///")
        raw = ""
    if not raw:
        return {
            "ENGINE": "complaintdesk.config.sqlite",
            "NAME": sqlite_path,
            # Keep the connection between requests: opening one re-reads the schema and re-runs
            # the pragmas, which would cost more than a whole intake.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            # A file, not shared-cache memory, so tests see the same locking as production;
            # one per test process, so parallel runs never share it.
            "TEST": {"NAME": str(sqlite_path).replace(".sqlite3", f"-test-{os.getpid()}.sqlite3")},
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA cache_size=-64000;"
                    "PRAGMA temp_store=MEMORY;"
                ),
            },
        }
    if not raw.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"{name}: unsupported scheme in {raw.split(':', 1)[0]!r}; "
            "use postgresql://user@host:port/dbname or sqlite:////path/to/file.sqlite3."
        )
    try:
        config = dict(dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from None
    return config
