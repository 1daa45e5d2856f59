"""Rows of the store: the schema of each table that holds articles and their claims, and the
conversions between records and rows.

:data:`ARTICLE_SCHEMA` and :data:`CLAIM_SCHEMAS` are the one definition of those tables' columns
in Python (the SQL tables are created by the recorded migrations, and a test checks the two
agree); writes build Arrow tables with these schemas and reads turn rows back into records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from eventwire.records import (
    Annotations,
    Article,
    Dateline,
    EventMention,
    EventStatus,
    Figure,
    Flag,
    Place,
    Quote,
    Span,
    TimeExpression,
)

__all__ = [
    "ARTICLE_COLUMNS",
    "ARTICLE_SCHEMA",
    "CLAIM_SCHEMAS",
    "CLAIM_TABLES",
    "article_from_row",
    "article_row",
    "claim_rows",
    "flag_row",
    "utc_naive",
]

#: The ``articles`` table, column by column (created by migration 0001, with columns added by
#: later migrations in this order): the one definition that the column list, the Arrow table of a
#: write and the conversions from and to :class:`~eventwire.records.Article` follow.
ARTICLE_SCHEMA = pa.schema(
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


#: The tables whose rows belong to one article and are replaced with its claims, with their
#: schemas (in the column order of the tables).
CLAIM_SCHEMAS = {
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


def flag_row(aid: str, f: Flag) -> tuple[Any, ...]:
    """The ``flags`` row of a flag of article ``aid``."""
    return (aid, f.target_kind, f.target_id, f.code, f.detail, *_span(f.span))


def claim_rows(aid: str, a: Annotations) -> dict[str, list[tuple[Any, ...]]]:
    c = a.claims
    return {
        "sentences": [(aid, s.index, s.span.start, s.span.end) for s in a.sentences],
        "entities": [(aid, m.index, m.span.start, m.span.end, m.label, m.text) for m in a.entities],
        "time_expressions": [_time_row(aid, i, t) for i, t in enumerate(c.times)],
        "figures": [_figure_row(aid, i, f) for i, f in enumerate(c.figures)],
        "quotes": [_quote_row(aid, i, q) for i, q in enumerate(c.quotes)],
        "places": [_place_row(aid, i, p) for i, p in enumerate(c.places)],
        "event_mentions": [_event_row(aid, i, e) for i, e in enumerate(c.events)],
        "flags": [flag_row(aid, f) for f in c.flags],
    }


CLAIM_TABLES = tuple(CLAIM_SCHEMAS)

ARTICLE_COLUMNS = tuple(ARTICLE_SCHEMA.names)

_DATELINE_COLUMNS = (
    "dateline_place",
    "dateline_country",
    "dateline_agency",
    "dateline_start",
    "dateline_end",
)
#: Columns that hold an Article field of the same name, as it is.
_AS_IS = tuple(
    f.name for f in fields(Article) if f.name in ARTICLE_COLUMNS and f.name != "published"
)


def utc_naive(value: datetime | None) -> datetime | None:
    """A time as the store keeps it: UTC, without a time zone."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def article_row(article: Article, *, model: str | None, now: datetime) -> dict[str, Any]:
    """The ``articles`` row of ``article``, parsed by ``model`` (None: not parsed), written
    ``now``."""
    d = article.dateline
    row: dict[str, Any] = {name: getattr(article, name) for name in _AS_IS}
    row.update(
        published=utc_naive(article.published),
        dateline_place=d.place if d else None,
        dateline_country=d.country if d else None,
        dateline_agency=d.agency if d else None,
        dateline_start=d.span.start if d else None,
        dateline_end=d.span.end if d else None,
        word_count=article.word_count,
        nlp_model=model,
        ingested_at=now,
        updated_at=now,
    )
    return {name: row[name] for name in ARTICLE_COLUMNS}


def article_from_row(row: Mapping[str, Any]) -> Article:
    """The article of an ``articles`` row (a mapping of column names to values)."""
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
        **{name: row[name] for name in _AS_IS},
        published=published.replace(tzinfo=UTC) if published is not None else None,
        dateline=dateline,
    )
