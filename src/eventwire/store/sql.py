"""Helpers shared by the store's modules: one transaction discipline, bulk inserts, and stored
times as text.

:func:`atomic` is the only place a transaction begins and ends: it commits when its block
completes, and otherwise rolls back and re-raises the error that ended the block. When the
``COMMIT`` itself fails, DuckDB has usually ended the transaction already, so the ``ROLLBACK``
that follows may fail with "no transaction is active": that second error is logged, never raised
in place of the first. :meth:`eventwire.store.Store.transaction` wraps it for the stages, turning
database errors into :class:`~eventwire.errors.StoreError`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import duckdb

__all__ = ["atomic", "insert_rows", "iso_utc"]

log = logging.getLogger(__name__)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error as e:  # the transaction may be gone already (a failed COMMIT)
        log.debug("rollback after a failed transaction: %s", e)


@contextmanager
def atomic(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block in one transaction: committed if it completes, else rolled back."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        _rollback(con)
        raise
    try:
        con.execute("COMMIT")
    except duckdb.Error:
        _rollback(con)
        raise


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    types: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Insert ``rows`` (tuples in the table's column order, of SQL ``types``) in one
    statement."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    holes = ", ".join(f"unnest(?::{types[i]}[])" for i in range(len(columns)))
    con.execute(f"INSERT INTO {table} SELECT {holes}", [list(c) for c in columns])


def iso_utc(value: datetime | None) -> str | None:
    """A stored time (naive, UTC) as ISO 8601 with a ``Z``; None for none."""
    return value.isoformat() + "Z" if value is not None and value.tzinfo is None else None
