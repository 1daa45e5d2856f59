"""Export queries: what each export kind reads from the store, as one SQL query per kind.

The queries are the store's side of :mod:`eventwire.export` (which writes the rows as JSON Lines,
CSV or Parquet). Rows are read in chunks, so an export never holds the whole store in memory. A
query that fails (a store written by another program, a table that is missing or damaged) raises
:class:`~eventwire.errors.StoreError` naming the store and the kind; a Parquet file that cannot
be written raises :class:`~eventwire.errors.OutputError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from eventwire.errors import ConfigError, OutputError, StoreError, one_line
from eventwire.store.db import Store

__all__ = ["EXPORT_KINDS", "export_parquet", "export_query", "export_rows"]

#: kind -> SQL. Each query is the codebook of that export (``docs/codebook.md``).
EXPORT_KINDS: dict[str, str] = {
    "articles": """
        SELECT a.id, a.url, a.canonical_url, a.outlet, a.domain, a.title, a.byline, a.published,
               a.language, a.language_confidence,
               a.dateline_place, a.dateline_country, a.dateline_agency,
               a.text, a.word_count, a.content_hash, a.source, a.locator, a.source_format,
               a.nlp_model,
               (SELECT count(*) FROM sentences s WHERE s.article_id = a.id) AS sentence_count,
               (SELECT count(*) FROM entities e WHERE e.article_id = a.id) AS entity_count,
               a.ingested_at, a.updated_at,
               coalesce((SELECT st.story_id FROM article_stories st WHERE st.article_id = a.id),
                        /*linked-story*/ NULL) AS story_id,
               coalesce((SELECT list(DISTINCT f.code ORDER BY f.code) FROM flags f
                 WHERE f.article_id = a.id AND f.target_kind = 'article'), []) AS flags,
               coalesce((SELECT list(r.donor_id ORDER BY r.rank) FROM article_relations r
                 WHERE r.article_id = a.id), []) AS copied_from,
               (SELECT count(DISTINCT f.target_id) FROM flags f
                 WHERE f.article_id = a.id AND f.target_kind = 'quote') AS flagged_quotes
        FROM articles a ORDER BY a.published NULLS LAST, a.id""",
    "sentences": """
        SELECT s.article_id, s.idx AS sentence_index, s.start, s."end",
               substr(a.text, s.start + 1, s."end" - s.start) AS text
        FROM sentences s JOIN articles a ON a.id = s.article_id
        ORDER BY s.article_id, s.idx""",
    "entities": """
        SELECT e.article_id, e.idx AS entity_index, e.start, e."end", e.label, e.text,
               (SELECT max(s.idx) FROM sentences s
                 WHERE s.article_id = e.article_id AND s.start <= e.start) AS sentence_index
        FROM entities e ORDER BY e.article_id, e.idx""",
    "times": """
        SELECT t.article_id, t.idx AS time_index, t.start, t."end", t.text, t.type, t.value,
               t.granularity, t.interval_start, t.interval_end,
               (SELECT max(s.idx) FROM sentences s
                 WHERE s.article_id = t.article_id AND s.start <= t.start) AS sentence_index
        FROM time_expressions t ORDER BY t.article_id, t.idx""",
    "figures": """
        SELECT f.article_id, f.idx AS figure_index, f.start, f."end", f.text, f.kind,
               f.low, f.best, f.high, f.about, f.projection,
               (SELECT max(s.idx) FROM sentences s
                 WHERE s.article_id = f.article_id AND s.start <= f.start) AS sentence_index
        FROM figures f ORDER BY f.article_id, f.idx""",
    "quotes": """
        SELECT q.article_id, q.idx AS quote_index, q.content_start, q.content_end,
               substr(a.text, q.content_start + 1, q.content_end - q.content_start) AS content,
               q.cue_start, q.cue_end,
               substr(a.text, q.cue_start + 1, q.cue_end - q.cue_start) AS cue,
               q.speaker_text, q.speaker_start, q.speaker_end, q.speaker, q.speaker_role,
               q.kind, q.resolved,
               (SELECT list(f.code ORDER BY f.code) FROM flags f
                 WHERE f.article_id = q.article_id AND f.target_kind = 'quote'
                   AND f.target_id = q.article_id || ':' || q.content_start || '-' || q.content_end
               ) AS flags
        FROM quotes q JOIN articles a ON a.id = q.article_id
        ORDER BY q.article_id, q.idx""",
    "places": """
        SELECT p.article_id, p.idx AS place_index, p.start, p."end", p.text, p.name, p.lat, p.lon,
               p.geonameid, p.country, p.admin1, p.precision, p.confidence, p.modifier,
               (SELECT max(s.idx) FROM sentences s
                 WHERE s.article_id = p.article_id AND s.start <= p.start) AS sentence_index
        FROM places p ORDER BY p.article_id, p.idx""",
    "event-mentions": """
        SELECT e.article_id, e.idx AS event_index, e.sentence_start, e.sentence_end,
               e.trigger_start, e.trigger_end,
               substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) AS trigger,
               substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
               e.plover_type, e.plover_mode, e.acled_event_type, e.acled_sub_event_type,
               e.actor, e.target,
               CASE WHEN e.place_name IS NULL THEN NULL ELSE {
                   'name': e.place_name, 'lat': e.place_lat, 'lon': e.place_lon,
                   'precision': e.place_precision, 'geonameid': e.place_geonameid,
                   'country': e.place_country} END AS place,
               e.date, e.date_granularity, e.date_source,
               CASE WHEN e.killed_best IS NULL AND e.killed_low IS NULL AND e.killed_high IS NULL
                    THEN NULL ELSE {'low': e.killed_low, 'best': e.killed_best,
                                    'high': e.killed_high} END AS killed,
               CASE WHEN e.injured_best IS NULL AND e.injured_low IS NULL
                         AND e.injured_high IS NULL
                    THEN NULL ELSE {'low': e.injured_low, 'best': e.injured_best,
                                    'high': e.injured_high} END AS injured,
               CASE WHEN e.displaced_best IS NULL AND e.displaced_low IS NULL
                         AND e.displaced_high IS NULL
                    THEN NULL ELSE {'low': e.displaced_low, 'best': e.displaced_best,
                                    'high': e.displaced_high} END AS displaced,
               e.status, e.quote_start, e.quote_end, e.speaker,
               a.published, a.outlet, a.url
        FROM event_mentions e JOIN articles a ON a.id = e.article_id
        ORDER BY e.article_id, e.idx""",
    "events": """
        SELECT e.event_id, e.date_start, e.date_end, e.date_precision, e.date_source,
               e.plover_type, e.plover_type_agree, e.plover_mode, e.plover_mode_agree,
               e.acled_event_type, e.acled_event_type_agree, e.acled_sub_event_type,
               e.acled_sub_event_type_agree, e.status, e.denied, e.actor, e.target,
               e.place_name, e.geonameid, e.lat, e.lon, e.place_precision, e.admin1, e.admin2,
               e.country_iso,
               CASE WHEN e.killed_best IS NULL THEN NULL ELSE {'low': e.killed_low,
                    'best': e.killed_best, 'high': e.killed_high} END AS killed,
               CASE WHEN e.injured_best IS NULL THEN NULL ELSE {'low': e.injured_low,
                    'best': e.injured_best, 'high': e.injured_high} END AS injured,
               CASE WHEN e.displaced_best IS NULL THEN NULL ELSE {'low': e.displaced_low,
                    'best': e.displaced_best, 'high': e.displaced_high} END AS displaced,
               e.mentions, e.articles, e.outlets, e.independent_sources,
               e.first_article_id, e.first_outlet, e.first_published, e.story_id,
               CASE WHEN e.flags = '' THEN [] ELSE string_split(e.flags, '|') END AS flags,
               (SELECT list(DISTINCT m.outlet ORDER BY m.outlet) FROM event_members m
                 WHERE m.event_id = e.event_id AND m.outlet IS NOT NULL) AS source_outlets,
               (SELECT substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
                  FROM event_members m JOIN articles a ON a.id = m.article_id
                 WHERE m.event_id = e.event_id AND NOT m.copied
                 ORDER BY m.published NULLS LAST, m.article_id, m.trigger_start
                 LIMIT 1) AS first_sentence
        FROM events e
        ORDER BY e.date_start NULLS LAST, e.first_published NULLS LAST, e.event_id""",
    "event-members": """
        SELECT m.event_id, m.article_id, m.mention_idx AS event_index, m.sentence_start,
               m.sentence_end, m.trigger_start, m.trigger_end,
               substr(a.text, m.trigger_start + 1, m.trigger_end - m.trigger_start) AS trigger,
               substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
                   AS sentence,
               m.outlet, m.published, m.copied, m.donor_article_id, m.source_group,
               m.date_start, m.date_end, m.date_precision, m.date_source, m.status,
               m.killed_best, m.injured_best, m.displaced_best, m.speaker, a.url
        FROM event_members m JOIN articles a ON a.id = m.article_id
        ORDER BY m.event_id, m.published NULLS LAST, m.article_id, m.trigger_start""",
    "event-aliases": """
        SELECT alias_id, event_id FROM event_aliases ORDER BY alias_id""",
    "flags": """
        SELECT article_id, target_kind, target_id, code, detail, start, "end"
        FROM flags ORDER BY article_id, target_kind, target_id, code""",
    "stories": """
        SELECT st.story_id, st.title, st.first_article_id, st.n_articles,
               (SELECT list(s.article_id ORDER BY p.ingest_order) FROM article_stories s
                 JOIN provenance_articles p ON p.article_id = s.article_id
                 WHERE s.story_id = st.story_id) AS article_ids,
               /*linked-articles*/ NULL AS linked_article_ids,
               st.independent_sources, st.first_published, st.last_published
        FROM stories st ORDER BY st.first_published NULLS LAST, st.story_id""",
    "relations": """
        SELECT r.article_id, r.donor_id, r.rank, r.kind, r.score, r.similarity,
               r.sentences AS sentence_indexes, p.kind AS article_kind
        FROM article_relations r JOIN provenance_articles p ON p.article_id = r.article_id
        ORDER BY p.ingest_order, r.rank""",
    "rejections": """
        SELECT source, nullif(locator, '') AS locator, code AS reason, message,
               first_seen, last_seen
        FROM rejections ORDER BY source, locator, code""",
}


#: Parts of the exports that read the links of other-language articles to stories, used where
#: the store has them (a store read without migrating may not).
_LINKED = {
    "/*linked-story*/ NULL": "(SELECT l.story_id FROM story_links l WHERE l.article_id = a.id)",
    "/*linked-articles*/ NULL": (
        "coalesce((SELECT list(l.article_id ORDER BY la.published NULLS LAST, l.article_id) "
        "FROM story_links l JOIN articles la ON la.id = l.article_id "
        "WHERE l.story_id = st.story_id), [])"
    ),
}


def export_query(kind: str, store: Store | None = None) -> str:
    """The SQL of export ``kind`` (for ``store``: with the parts its tables allow)."""
    try:
        sql = EXPORT_KINDS[kind]
    except KeyError:
        raise ConfigError(
            f"unknown export kind {kind!r}; choose one of: {', '.join(EXPORT_KINDS)}"
        ) from None
    if store is not None and store.has_table("story_links"):
        for marker, part in _LINKED.items():
            sql = sql.replace(marker, part)
    return sql


def _failed(store: Store, kind: str, e: duckdb.Error) -> StoreError:
    return StoreError(f"{store.path}: cannot export {kind}: {one_line(str(e))}")


def export_rows(store: Store, kind: str, *, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """The rows of export ``kind`` as dictionaries, read ``chunk`` rows at a time."""
    sql = export_query(kind, store)
    cur = store.con.cursor()
    try:
        cur.execute(sql)
        names = [d[0] for d in cur.description or []]
        while rows := cur.fetchmany(chunk):
            for row in rows:
                yield dict(zip(names, row, strict=True))
    except duckdb.Error as e:
        raise _failed(store, kind, e) from e
    finally:
        cur.close()


def export_parquet(store: Store, kind: str, path: Path) -> int:
    """Write export ``kind`` to the Parquet file ``path`` (DuckDB writes it); the row count."""
    sql = export_query(kind, store)
    try:
        row = store.con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
    except duckdb.Error as e:
        raise _failed(store, kind, e) from e
    escaped = str(path).replace("'", "''")
    try:
        store.con.execute(f"COPY ({sql}) TO '{escaped}' (FORMAT parquet)")
    except duckdb.Error as e:
        raise OutputError(f"{path}: cannot write: {one_line(str(e))}") from e
    return int(row[0]) if row else 0
