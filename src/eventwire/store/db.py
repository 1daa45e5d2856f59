"""The embedded store: one DuckDB file holding articles, claims and events.

Writes happen in transactional batches (:meth:`Store.write_batch`): an article, its sentences and
its entities are committed together or not at all, so a run killed at any moment leaves only whole
articles behind, and running it again completes the job.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.errors import StoreError
from eventwire.records import (
    Annotations,
    Article,
    EntityMention,
    Rejection,
    Sentence,
    Span,
)
from eventwire.store.dataset import is_dataset, open_dataset
from eventwire.store.migrations import migrate
from eventwire.store.rows import (
    ARTICLE_COLUMNS,
    ARTICLE_SCHEMA,
    CLAIM_SCHEMAS,
    CLAIM_TABLES,
    article_from_row,
    article_row,
    claim_rows,
)
from eventwire.store.sql import atomic

__all__ = ["ARTICLE_COLUMNS", "CLAIM_TABLES", "Annotations", "Store", "WriteItem"]

log = logging.getLogger(__name__)

# Columns an upsert may change on an article that is already stored (never ingested_at).
_UPDATABLE = [c for c in ARTICLE_COLUMNS if c not in ("id", "ingested_at")]


@dataclass(frozen=True, kw_only=True, slots=True)
class WriteItem:
    """One article to store.

    With ``annotations`` its claims are replaced by them. Without, only the article row is written
    (a new article the NLP stage skipped, or a metadata update); ``text_changed`` then says that the
    stored text was replaced, so claims computed on the old text are dropped.
    """

    article: Article
    annotations: Annotations | None = None
    text_changed: bool = False


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


#: How long opening a store waits for a lock another process holds (``eventwire serve`` holds
#: the store for the moment it takes to copy it).
LOCK_WAIT_S = 15.0


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open ``path``; a file locked by another process is tried again for :data:`LOCK_WAIT_S`."""
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as e:
            locked = "lock" in str(e).lower() and path != ":memory:"
            if not locked or time.monotonic() >= deadline:
                raise StoreError(f"{path}: cannot open the store: {e}") from e
            time.sleep(0.2)


class Store:
    """A DuckDB file (or ``":memory:"``) with eventwire's schema, migrated on open; or, read-only,
    a Parquet dataset folder (:mod:`eventwire.store.dataset`)."""

    def __init__(self, path: str | Path = "eventwire.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        if is_dataset(self.path):
            if not read_only:
                raise StoreError(
                    f"{self.path}: a Parquet dataset is read-only; ingest into a DuckDB file and "
                    "write the dataset with `eventwire export dataset`"
                )
            self.read_only = True
            self.con = open_dataset(self.path)
            return
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"{self.path}: cannot create the store: {parent} does not exist")
            if read_only and not Path(self.path).exists():
                raise StoreError(
                    f"{self.path}: no store here yet; run `eventwire ingest` first or pass --db"
                )
        self.read_only = read_only
        self.con = _connect(self.path, read_only)
        if not read_only:
            try:
                applied = migrate(self.con)
            except duckdb.Error as e:
                self.con.close()
                raise StoreError(f"{self.path}: cannot migrate the store schema: {e}") from e
            for m in applied:
                log.info("store %s: applied migration %04d_%s", self.path, m.version, m.name)

    @classmethod
    def on_connection(cls, con: duckdb.DuckDBPyConnection, path: str | Path) -> Store:
        """A store over an open connection (a cursor of a shared read-only connection), for
        readers that open one per request; closing it closes only that connection."""
        store = cls.__new__(cls)
        store.path = str(path)
        store.con = con
        store.read_only = True
        return store

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Close the store. A store opened for writing is checkpointed first, so that a disk
        that cannot take the checkpoint (full, a file size limit) is reported as a
        :class:`StoreError` instead of passing unseen: what was committed stays in the
        write-ahead log (``<store>.wal``), which DuckDB reads back when the store is next
        opened."""
        failed: duckdb.Error | None = None
        if not getattr(self, "read_only", True):
            try:
                self.con.execute("CHECKPOINT")
            except duckdb.Error as e:
                failed = e
        self.con.close()
        if failed is not None:
            raise StoreError(
                f"{self.path}: cannot write the store's checkpoint: {failed}; what was committed "
                f"is kept in {self.path}.wal and read back when the store is next opened"
            )

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
            return
        try:
            self.close()
        except StoreError as e:  # the error in flight says more
            log.warning("%s", e)

    # ------------------------------------------------------------------ reads
    def stored_articles(self, ids: Sequence[str]) -> dict[str, Article]:
        """The stored versions (text included) of those of ``ids`` that are in the store."""
        if not ids:
            return {}
        cols = ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS)
        rows = self.con.execute(
            f"SELECT {cols} FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        return {
            row[0]: article_from_row(dict(zip(ARTICLE_COLUMNS, row, strict=True))) for row in rows
        }

    def article(self, article_id: str) -> Article | None:
        return self.stored_articles([article_id]).get(article_id)

    def sentences(self, article_id: str) -> list[Sentence]:
        rows = self.con.execute(
            'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            [article_id],
        ).fetchall()
        return [
            Sentence(article_id=article_id, index=i, span=Span(start=s, end=e)) for i, s, e in rows
        ]

    def entities(self, article_id: str) -> list[EntityMention]:
        rows = self.con.execute(
            'SELECT idx, start, "end", label, text FROM entities WHERE article_id = ? ORDER BY idx',
            [article_id],
        ).fetchall()
        return [
            EntityMention(
                article_id=article_id, index=i, span=Span(start=s, end=e), label=lb, text=t
            )
            for i, s, e, lb, t in rows
        ]

    def iter_articles(self, *, batch_size: int = 500) -> Iterator[Article]:
        cols = ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS)
        cur = self.con.cursor()
        cur.execute(f"SELECT {cols} FROM articles ORDER BY published NULLS LAST, id")
        while rows := cur.fetchmany(batch_size):
            for row in rows:
                yield article_from_row(dict(zip(ARTICLE_COLUMNS, row, strict=True)))
        cur.close()

    def stats(self) -> dict[str, Any]:
        """Counts of what the store holds."""
        one = self.con.execute(
            "SELECT count(*), count(nlp_model), coalesce(sum(word_count), 0) FROM articles"
        ).fetchone()
        assert one is not None  # an aggregate always yields a row
        articles, with_nlp, words = one

        def grouped(sql: str) -> dict[str, int]:
            return {str(k): int(v) for k, v in self.con.execute(sql).fetchall()}

        # a store opened read-only is not migrated: one from before the events level has none
        has_events = self.has_table("events")
        events = self._count("events") if has_events else 0
        fused = self._count("event_members") if has_events else 0

        return {
            "articles": int(articles),
            "articles_with_nlp": int(with_nlp),
            "words": int(words),
            "sentences": self._count("sentences"),
            "entities": self._count("entities"),
            "time_expressions": self._count("time_expressions"),
            "figures": self._count("figures"),
            "quotes": self._count("quotes"),
            "places": self._count("places"),
            "event_mentions": self._count("event_mentions"),
            "events": events,
            "fused_mentions": fused,
            "flags": self._count("flags"),
            "rejections": self._count("rejections"),
            "languages": grouped(
                "SELECT coalesce(language, 'unknown') k, count(*) FROM articles "
                "GROUP BY k ORDER BY 2 DESC, 1"
            ),
            "formats": grouped(
                "SELECT source_format, count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "outlets": grouped(
                "SELECT coalesce(outlet, 'unknown') k, count(*) FROM articles "
                "GROUP BY k ORDER BY 2 DESC, 1"
            ),
            "entity_labels": grouped(
                "SELECT label, count(*) FROM entities GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "figure_kinds": grouped(
                "SELECT kind, count(*) FROM figures GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "event_types": grouped(
                "SELECT plover_type || ' (' || status || ')', count(*) FROM event_mentions "
                "GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "mentions_per_event": round(fused / events, 2) if events else None,
            "events_by_type": grouped(
                "SELECT plover_type || ' (' || status || ')', count(*) FROM events "
                "GROUP BY 1 ORDER BY 2 DESC, 1"
            )
            if has_events
            else {},
            "flag_codes": grouped("SELECT code, count(*) FROM flags GROUP BY 1 ORDER BY 2 DESC, 1"),
            "rejection_reasons": grouped(
                "SELECT code, count(*) FROM rejections GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "schema_version": int(
                (self.con.execute("SELECT max(version) FROM schema_migrations").fetchone() or [0])[
                    0
                ]
                or 0
            ),
        }

    def has_table(self, table: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()
        return bool(row and row[0])

    def _count(self, table: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def failures(self, what: str) -> Iterator[None]:
        """Turn a database error raised in the block into a :class:`StoreError` that names the
        store: ``"<path>: <what>: <error>"``."""
        try:
            yield
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: {what}: {e}") from e

    @contextmanager
    def transaction(self, failure: str = "write failed, rolled back") -> Iterator[None]:
        """Run the block in one transaction: committed when it completes; otherwise rolled back,
        a database error raised as a :class:`StoreError` (``"<path>: <failure>: <error>"``) and
        any other error as it is. Every write of the store goes through here."""
        with self.failures(failure), atomic(self.con):
            yield

    # ------------------------------------------------------------------ writes
    def write_batch(self, items: Sequence[WriteItem], rejections: Sequence[Rejection] = ()) -> None:
        """Write articles (with their claims) and rejections in one transaction."""
        if not items and not rejections:
            return
        now = _now()
        with self.transaction("write failed, batch rolled back"):
            if items:
                self._write_articles(items, now)
            if rejections:
                self._write_rejections(rejections, now)

    def _write_articles(self, items: Sequence[WriteItem], now: datetime) -> None:
        items = _collapse(items)
        rows: dict[str, list[Any]] = {c: [] for c in ARTICLE_COLUMNS}
        claims: dict[str, list[tuple[Any, ...]]] = {t: [] for t in CLAIM_TABLES}
        replaced: list[str] = []
        for item in items:
            model = item.annotations.model if item.annotations else None
            for col, value in article_row(item.article, model=model, now=now).items():
                rows[col].append(value)
            if item.annotations is not None or item.text_changed:
                replaced.append(item.article.id)
            if item.annotations is not None:
                for table, table_rows in claim_rows(item.article.id, item.annotations).items():
                    claims[table].extend(table_rows)
        articles_tbl = pa.table(rows, schema=ARTICLE_SCHEMA)  # noqa: F841 (read by DuckDB)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in _UPDATABLE if c != "nlp_model")
        # A metadata update of an unchanged text keeps the claims and the model that made them.
        updates += (
            ", nlp_model = CASE WHEN excluded.nlp_model IS NULL"
            " AND excluded.content_hash = articles.content_hash"
            " THEN articles.nlp_model ELSE excluded.nlp_model END"
        )
        self.con.execute(
            "INSERT INTO articles SELECT * FROM articles_tbl "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        if not replaced:
            return
        for table in CLAIM_TABLES:
            self.con.execute(
                f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [replaced]
            )
        for table, schema in CLAIM_SCHEMAS.items():
            if claims[table]:
                columns = list(zip(*claims[table], strict=True))
                tbl = pa.table(  # noqa: F841 (read by DuckDB)
                    dict(zip(schema.names, columns, strict=True)), schema=schema
                )
                self.con.execute(f"INSERT INTO {table} SELECT * FROM tbl")

    def _write_rejections(self, rejections: Sequence[Rejection], now: datetime) -> None:
        self.con.executemany(
            "INSERT INTO rejections VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source, locator, code) DO UPDATE SET "
            "message = excluded.message, last_seen = excluded.last_seen",
            [(r.source, r.locator or "", r.code, r.message, now, now) for r in rejections],
        )


def _collapse(items: Sequence[WriteItem]) -> list[WriteItem]:
    """One item per article id: a later sighting's row wins, earlier claims are kept unless the
    later one replaces them."""
    by_id: dict[str, WriteItem] = {}
    for item in items:
        earlier = by_id.get(item.article.id)
        if earlier is not None and item.annotations is None and not item.text_changed:
            item = WriteItem(
                article=item.article,
                annotations=earlier.annotations,
                text_changed=earlier.text_changed,
            )
        by_id[item.article.id] = item
    return list(by_id.values())
