"""The embedded store: one DuckDB file holding articles, claims and events.

Writes happen in transactional batches (:meth:`Store.write_batch`): an article, its sentences and
its entities are committed together or not at all, so a run killed at any moment leaves only whole
articles behind, and running it again completes the job.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
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
    Dateline,
    EntityMention,
    EventMention,
    EventStatus,
    Figure,
    Flag,
    Place,
    Quote,
    Rejection,
    Sentence,
    Span,
    TimeExpression,
)
from eventwire.store.migrations import migrate
from eventwire.store.sql import atomic

__all__ = ["ARTICLE_COLUMNS", "CLAIM_TABLES", "Annotations", "Store", "WriteItem"]

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = (
    "id",
    "content_hash",
    "url",
    "canonical_url",
    "outlet",
    "domain",
    "title",
    "byline",
    "published",
    "language",
    "language_confidence",
    "dateline_place",
    "dateline_country",
    "dateline_agency",
    "dateline_start",
    "dateline_end",
    "text",
    "word_count",
    "source",
    "locator",
    "source_format",
    "nlp_model",
    "ingested_at",
    "updated_at",
)

_ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("content_hash", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("outlet", pa.string()),
        ("domain", pa.string()),
        ("title", pa.string()),
        ("byline", pa.string()),
        ("published", pa.timestamp("us")),
        ("language", pa.string()),
        ("language_confidence", pa.float64()),
        ("dateline_place", pa.string()),
        ("dateline_country", pa.string()),
        ("dateline_agency", pa.string()),
        ("dateline_start", pa.int32()),
        ("dateline_end", pa.int32()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("source", pa.string()),
        ("locator", pa.string()),
        ("source_format", pa.string()),
        ("nlp_model", pa.string()),
        ("ingested_at", pa.timestamp("us")),
        ("updated_at", pa.timestamp("us")),
    ]
)
_SPAN_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("idx", pa.int32()), ("start", pa.int32()), ("end", pa.int32())]
)
_ENTITY_SCHEMA = pa.schema([*_SPAN_SCHEMA, ("label", pa.string()), ("text", pa.string())])
_TIME_SCHEMA = pa.schema(
    [
        *_SPAN_SCHEMA,
        ("text", pa.string()),
        ("type", pa.string()),
        ("value", pa.string()),
        ("granularity", pa.string()),
        ("interval_start", pa.string()),
        ("interval_end", pa.string()),
    ]
)
_FIGURE_SCHEMA = pa.schema(
    [
        *_SPAN_SCHEMA,
        ("text", pa.string()),
        ("kind", pa.string()),
        ("low", pa.float64()),
        ("best", pa.float64()),
        ("high", pa.float64()),
        ("about", pa.string()),
        ("projection", pa.bool_()),
    ]
)
_QUOTE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("idx", pa.int32()),
        ("content_start", pa.int32()),
        ("content_end", pa.int32()),
        ("cue_start", pa.int32()),
        ("cue_end", pa.int32()),
        ("speaker_start", pa.int32()),
        ("speaker_end", pa.int32()),
        ("speaker_text", pa.string()),
        ("speaker", pa.string()),
        ("speaker_role", pa.string()),
        ("kind", pa.string()),
        ("resolved", pa.bool_()),
    ]
)
_FLAG_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("target_kind", pa.string()),
        ("target_id", pa.string()),
        ("code", pa.string()),
        ("detail", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ]
)

_PLACE_SCHEMA = pa.schema(
    [
        *_SPAN_SCHEMA,
        ("text", pa.string()),
        ("name", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("geonameid", pa.int64()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("precision", pa.string()),
        ("confidence", pa.float64()),
        ("modifier", pa.string()),
    ]
)

_FIGURE_KINDS = ("killed", "injured", "displaced")
_EVENT_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("idx", pa.int32()),
        ("sentence_start", pa.int32()),
        ("sentence_end", pa.int32()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("plover_type", pa.string()),
        ("plover_mode", pa.string()),
        ("acled_event_type", pa.string()),
        ("acled_sub_event_type", pa.string()),
        ("actor", pa.string()),
        ("target", pa.string()),
        ("place_name", pa.string()),
        ("place_lat", pa.float64()),
        ("place_lon", pa.float64()),
        ("place_precision", pa.string()),
        ("place_geonameid", pa.int64()),
        ("place_country", pa.string()),
        ("date", pa.string()),
        ("date_granularity", pa.string()),
        ("date_source", pa.string()),
        *[(f"{k}_{b}", pa.float64()) for k in _FIGURE_KINDS for b in ("low", "best", "high")],
        ("status", pa.string()),
        ("quote_start", pa.int32()),
        ("quote_end", pa.int32()),
        ("speaker", pa.string()),
    ]
)

#: Tables whose rows belong to one article and are replaced with its claims.
CLAIM_TABLES = (
    "sentences",
    "entities",
    "time_expressions",
    "figures",
    "quotes",
    "places",
    "event_mentions",
    "flags",
)

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


def _utc_naive(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A DuckDB file (or ``":memory:"``) with eventwire's schema, migrated on open."""

    def __init__(self, path: str | Path = "eventwire.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"{self.path}: cannot create the store: {parent} does not exist")
            if read_only and not Path(self.path).exists():
                raise StoreError(
                    f"{self.path}: no store here yet; run `eventwire ingest` first or pass --db"
                )
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: cannot open the store: {e}") from e
        if not read_only:
            try:
                applied = migrate(self.con)
            except duckdb.Error as e:
                self.con.close()
                raise StoreError(f"{self.path}: cannot migrate the store schema: {e}") from e
            for m in applied:
                log.info("store %s: applied migration %04d_%s", self.path, m.version, m.name)

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

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
            row[0]: _article_from_row(dict(zip(ARTICLE_COLUMNS, row, strict=True))) for row in rows
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
                yield _article_from_row(dict(zip(ARTICLE_COLUMNS, row, strict=True)))
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
        claim_rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in CLAIM_TABLES}
        replaced: list[str] = []
        for item in items:
            for col, value in _article_row(item, now).items():
                rows[col].append(value)
            if item.annotations is not None or item.text_changed:
                replaced.append(item.article.id)
            if item.annotations is not None:
                for table, table_rows in _claim_rows(item.article.id, item.annotations).items():
                    claim_rows[table].extend(table_rows)
        articles_tbl = pa.table(rows, schema=_ARTICLE_SCHEMA)  # noqa: F841 (read by DuckDB)
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
        for table, schema in _CLAIM_SCHEMAS.items():
            if claim_rows[table]:
                columns = list(zip(*claim_rows[table], strict=True))
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


_CLAIM_SCHEMAS = {
    "sentences": _SPAN_SCHEMA,
    "entities": _ENTITY_SCHEMA,
    "time_expressions": _TIME_SCHEMA,
    "figures": _FIGURE_SCHEMA,
    "quotes": _QUOTE_SCHEMA,
    "places": _PLACE_SCHEMA,
    "event_mentions": _EVENT_SCHEMA,
    "flags": _FLAG_SCHEMA,
}


def _span(span: Span | None) -> tuple[int | None, int | None]:
    return (span.start, span.end) if span is not None else (None, None)


def _time_row(aid: str, i: int, t: TimeExpression) -> tuple[Any, ...]:
    return (
        aid,
        i,
        t.span.start,
        t.span.end,
        t.text,
        t.type,
        t.value,
        t.granularity,
        t.interval_start,
        t.interval_end,
    )


def _figure_row(aid: str, i: int, f: Figure) -> tuple[Any, ...]:
    return (
        aid,
        i,
        f.span.start,
        f.span.end,
        f.text,
        f.kind,
        f.low,
        f.best,
        f.high,
        f.about,
        f.projection,
    )


def _quote_row(aid: str, i: int, q: Quote) -> tuple[Any, ...]:
    return (
        aid,
        i,
        q.content.start,
        q.content.end,
        *_span(q.cue),
        *_span(q.speaker_span),
        q.speaker_text,
        q.speaker,
        q.speaker_role,
        q.kind,
        q.resolved,
    )


def _place_row(aid: str, i: int, p: Place) -> tuple[Any, ...]:
    precision = p.precision.value if p.precision is not None else None
    return (
        aid,
        i,
        p.span.start,
        p.span.end,
        p.text,
        p.name,
        p.lat,
        p.lon,
        p.geonameid,
        p.country,
        p.admin1,
        precision,
        p.confidence,
        p.modifier,
    )


def _sum(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _event_row(aid: str, i: int, e: EventMention) -> tuple[Any, ...]:
    p = e.place
    place = (
        (p.name, p.lat, p.lon, p.precision.value if p.precision else None, p.geonameid, p.country)
        if p is not None
        else (None,) * 6
    )
    counts: list[float | None] = []
    # A plan, threat or projection has no casualties yet: a count in its sentence belongs to
    # another clause.
    counted = e.status not in {EventStatus.PLANNED, EventStatus.THREATENED, EventStatus.PROJECTED}
    for kind in _FIGURE_KINDS:
        # Several figures of one kind in a sentence ("four soldiers and two civilians were
        # killed") add up; projections never reach a count.
        same = [f for f in e.figures if f.kind == kind and not f.projection and counted]
        counts += [
            _sum([f.low for f in same]),
            _sum([f.best for f in same]),
            _sum([f.high for f in same]),
        ]
    q = e.quote
    return (
        aid,
        i,
        e.sentence.start,
        e.sentence.end,
        e.trigger.start,
        e.trigger.end,
        e.plover_type,
        e.plover_mode,
        e.acled_event_type,
        e.acled_sub_event_type,
        e.actor,
        e.target,
        *place,
        e.date,
        e.date_granularity,
        e.date_source,
        *counts,
        e.status.value,
        q.content.start if q else None,
        q.content.end if q else None,
        (q.speaker or q.speaker_text) if q else None,
    )


def _flag_row(aid: str, f: Flag) -> tuple[Any, ...]:
    return (aid, f.target_kind, f.target_id, f.code, f.detail, *_span(f.span))


def _claim_rows(aid: str, a: Annotations) -> dict[str, list[tuple[Any, ...]]]:
    c = a.claims
    return {
        "sentences": [(aid, s.index, s.span.start, s.span.end) for s in a.sentences],
        "entities": [(aid, m.index, m.span.start, m.span.end, m.label, m.text) for m in a.entities],
        "time_expressions": [_time_row(aid, i, t) for i, t in enumerate(c.times)],
        "figures": [_figure_row(aid, i, f) for i, f in enumerate(c.figures)],
        "quotes": [_quote_row(aid, i, q) for i, q in enumerate(c.quotes)],
        "places": [_place_row(aid, i, p) for i, p in enumerate(c.places)],
        "event_mentions": [_event_row(aid, i, e) for i, e in enumerate(c.events)],
        "flags": [_flag_row(aid, f) for f in c.flags],
    }


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


def _article_row(item: WriteItem, now: datetime) -> dict[str, Any]:
    a = item.article
    d = a.dateline
    return {
        "id": a.id,
        "content_hash": a.content_hash,
        "url": a.url,
        "canonical_url": a.canonical_url,
        "outlet": a.outlet,
        "domain": a.domain,
        "title": a.title,
        "byline": a.byline,
        "published": _utc_naive(a.published),
        "language": a.language,
        "language_confidence": a.language_confidence,
        "dateline_place": d.place if d else None,
        "dateline_country": d.country if d else None,
        "dateline_agency": d.agency if d else None,
        "dateline_start": d.span.start if d else None,
        "dateline_end": d.span.end if d else None,
        "text": a.text,
        "word_count": a.word_count,
        "source": a.source,
        "locator": a.locator,
        "source_format": a.source_format,
        "nlp_model": item.annotations.model if item.annotations else None,
        "ingested_at": now,
        "updated_at": now,
    }


def _article_from_row(row: Mapping[str, Any]) -> Article:
    dateline = None
    if row["dateline_place"] is not None:
        dateline = Dateline(
            place=row["dateline_place"],
            country=row["dateline_country"],
            agency=row["dateline_agency"],
            span=Span(start=row["dateline_start"], end=row["dateline_end"]),
        )
    published = row["published"]
    return Article(
        id=row["id"],
        content_hash=row["content_hash"],
        text=row["text"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        outlet=row["outlet"],
        domain=row["domain"],
        title=row["title"],
        byline=row["byline"],
        published=published.replace(tzinfo=UTC) if published is not None else None,
        language=row["language"],
        language_confidence=row["language_confidence"],
        dateline=dateline,
        source=row["source"],
        locator=row["locator"],
        source_format=row["source_format"],
    )
