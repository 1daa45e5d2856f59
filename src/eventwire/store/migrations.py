"""Recorded schema migrations.

Each migration is a numbered SQL file in ``store/migrations/`` (``0001_initial.sql``...). A store
records the ones it has applied in ``schema_migrations``; opening a store applies the missing ones
in order, each in its own transaction, so a store is never left half-migrated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

from eventwire.store.sql import atomic

__all__ = ["Migration", "applied_versions", "available_migrations", "migrate"]

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("eventwire.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(
                Migration(
                    version=int(match.group(1)),
                    name=match.group(2),
                    sql=entry.read_text("utf-8"),
                )
            )
    found.sort(key=lambda m: m.version)
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply the migrations this store lacks; return the ones applied."""
    done = applied_versions(con)
    applied = []
    for migration in available_migrations():
        if migration.version in done:
            continue
        with atomic(con):
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)",
                [migration.version, migration.name],
            )
        applied.append(migration)
    return applied
