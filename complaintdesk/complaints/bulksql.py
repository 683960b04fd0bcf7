"""Multi-row inserts and id lists that stay fast at thousands of rows on both databases.

Django's PostgreSQL backend binds parameters on the client: psycopg scans every ``%s`` of a
statement in Python, so a statement with thousands of placeholders costs more than the work it
does. On PostgreSQL rows therefore go in as one array per column through ``unnest`` and id
lists travel as one array; SQLite binds natively and gets multi-row ``VALUES`` and ``IN``.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

ROWS_PER_SQLITE_INSERT = 500


def pk_in(ids: list[int]) -> Q:
    """``Q(pk__in=ids)``, passed as one array parameter on PostgreSQL."""
    if connection.vendor == "postgresql":
        return Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (list(ids),)))
    return Q(pk__in=ids)


def sql_in(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """A ``column IN (...)`` condition and its parameters (``= ANY(%s)`` on PostgreSQL)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


class _Adapter:
    """Values as the driver takes them: JSON as text, datetimes as SQLite's text (each
    distinct instant adapted once; the connection proxy is looked up once, not per value)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.ops = connection.ops
        self.stamps: dict[Any, Any] = {}

    def __call__(self, kind: str, value: Any) -> Any:
        if kind == "jsonb":
            return json.dumps(value, ensure_ascii=False)
        if kind == "timestamptz" and not self.postgres and value is not None:
            if value not in self.stamps:
                self.stamps[value] = self.ops.adapt_datetimefield_value(value)
            return self.stamps[value]
        return value


def insert_rows(
    *, table: str, columns: list[tuple[str, str]], rows: list[tuple[Any, ...]], returning: str = ""
) -> list[Any]:
    """Insert ``rows`` (values in the order of ``columns``, given as (name, PostgreSQL type));
    with ``returning`` a column name, its values in the order of ``rows``."""
    if not rows:
        return []
    names = ", ".join(name for name, _ in columns)
    tail = f" RETURNING {returning}" if returning else ""
    quoted = connection.ops.quote_name(table)
    returned: list[Any] = []
    _adapt = _Adapter()
    if _adapt.postgres:
        arrays = [[_adapt(kind, row[i]) for row in rows] for i, (_, kind) in enumerate(columns)]
        casts = ", ".join(
            f"%s::{'text' if kind == 'jsonb' else kind}[]" for _, kind in columns
        )
        picks = ", ".join(
            f"c{i}::jsonb" if kind == "jsonb" else f"c{i}" for i, (_, kind) in enumerate(columns)
        )
        aliases = ", ".join(f"c{i}" for i in range(len(columns)))
        sql = (
            f"INSERT INTO {quoted} ({names}) SELECT {picks} "  # noqa: S608 - fixed names
            f"FROM unnest({casts}) WITH ORDINALITY AS u({aliases}, n) ORDER BY n{tail}"
        )
        chunks = [(sql, arrays)]
    else:
        chunks = []
        marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), ROWS_PER_SQLITE_INSERT):
            part = rows[start : start + ROWS_PER_SQLITE_INSERT]
            params = [_adapt(kind, row[i]) for row in part for i, (_, kind) in enumerate(columns)]
            values = ", ".join([marks] * len(part))
            chunks.append((f"INSERT INTO {quoted} ({names}) VALUES {values}{tail}", params))  # noqa: S608
    with connection.cursor() as cursor:
        for sql, params in chunks:
            cursor.execute(sql, params)
            if returning:
                returned += [row[0] for row in cursor.fetchall()]
    return returned
