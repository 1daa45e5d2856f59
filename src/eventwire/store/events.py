"""The event tables of a store: what the fusion stage reads and writes, and the event reads.

Tables (migration 0009): ``events`` (one row per real-world event), ``event_members`` (its member
mentions with their evidence), ``event_aliases`` (ids merged into another event, still resolving),
``event_blocks`` (the blocking keys of each member and of each mention in no event) and
``events_processed`` (the stage's bookkeeping: each processed article's input hash). The stage's
candidates are the articles the stories stage assigned; their input hash covers the story, the
stories input hash, the article's event mentions and its sentences' earliest donors, so an article
whose mentions, story or copies changed is fused again. Writes join the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.store.db import Store
from eventwire.store.sql import insert_rows

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_ORDER",
    "EVENT_TABLES",
    "MEMBER_COLUMNS",
    "EventFilters",
    "EventTables",
    "event_where",
    "like_pattern",
]

EVENT_TABLES = (
    "events",
    "event_members",
    "event_blocks",
    "event_words",
    "events_processed",
    "fusion_dates",
)

#: A word of the text query and of the ``event_words`` index: a run of letters and digits,
#: lower-cased (DuckDB's own functions on both sides, so both read words alike).
WORD_PATTERN = r"[\pL\pN]+"

EVENT_COLUMNS = (
    ("event_id", "VARCHAR"),
    ("plover_type", "VARCHAR"),
    ("plover_type_agree", "INTEGER"),
    ("plover_mode", "VARCHAR"),
    ("plover_mode_agree", "INTEGER"),
    ("acled_event_type", "VARCHAR"),
    ("acled_event_type_agree", "INTEGER"),
    ("acled_sub_event_type", "VARCHAR"),
    ("acled_sub_event_type_agree", "INTEGER"),
    ("actor", "VARCHAR"),
    ("target", "VARCHAR"),
    ("place_name", "VARCHAR"),
    ("geonameid", "BIGINT"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("place_precision", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("admin2", "VARCHAR"),
    ("country_iso", "VARCHAR"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("date_precision", "VARCHAR"),
    ("date_source", "VARCHAR"),
    ("status", "VARCHAR"),
    ("denied", "BOOLEAN"),
    ("mentions", "INTEGER"),
    ("articles", "INTEGER"),
    ("outlets", "INTEGER"),
    ("independent_sources", "INTEGER"),
    ("first_article_id", "VARCHAR"),
    ("first_outlet", "VARCHAR"),
    ("first_published", "TIMESTAMP"),
    ("story_id", "VARCHAR"),
    ("killed_low", "DOUBLE"),
    ("killed_best", "DOUBLE"),
    ("killed_high", "DOUBLE"),
    ("injured_low", "DOUBLE"),
    ("injured_best", "DOUBLE"),
    ("injured_high", "DOUBLE"),
    ("displaced_low", "DOUBLE"),
    ("displaced_best", "DOUBLE"),
    ("displaced_high", "DOUBLE"),
    ("flags", "VARCHAR"),
)

MEMBER_COLUMNS = (
    ("event_id", "VARCHAR"),
    ("article_id", "VARCHAR"),
    ("mention_idx", "INTEGER"),
    ("sentence_start", "INTEGER"),
    ("sentence_end", "INTEGER"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    ("outlet", "VARCHAR"),
    ("published", "TIMESTAMP"),
    ("copied", "BOOLEAN"),
    ("donor_article_id", "VARCHAR"),
    ("source_group", "VARCHAR"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("date_precision", "VARCHAR"),
    ("date_source", "VARCHAR"),
    ("status", "VARCHAR"),
    ("killed_best", "DOUBLE"),
    ("injured_best", "DOUBLE"),
    ("displaced_best", "DOUBLE"),
    ("speaker", "VARCHAR"),
)

_CANDIDATES_SQL = """
    SELECT st.article_id,
           md5(concat_ws('|', st.story_id, sp.input_hash, coalesce(m.h, ''), coalesce(d.h, '')))
    FROM article_stories st
    JOIN stories_processed sp ON sp.article_id = st.article_id
    LEFT JOIN (SELECT article_id,
                      md5(string_agg(CAST(event_mentions AS VARCHAR), ';' ORDER BY idx)) AS h
               FROM event_mentions GROUP BY article_id) m ON m.article_id = st.article_id
    LEFT JOIN (SELECT article_id,
                      md5(string_agg(sentence_index || ':' || donor_id || ':' || donor_sentence,
                                     ';' ORDER BY sentence_index)) AS h
               FROM sentence_donors WHERE rank = 0 GROUP BY article_id) d
           ON d.article_id = st.article_id
"""

_MENTION_SQL = """
    WITH k AS ({keys})
    SELECT m.article_id, m.idx, se.idx, m.sentence_start, m.sentence_end, m.trigger_start,
           m.trigger_end,
           substr(a.text, m.trigger_start + 1, m.trigger_end - m.trigger_start),
           substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start),
           m.plover_type, m.plover_mode, m.acled_event_type, m.acled_sub_event_type, m.actor,
           m.target, m.place_name, m.place_lat, m.place_lon, m.place_precision,
           m.place_geonameid, m.place_country, pl.admin1, m.date, m.date_granularity,
           m.date_source, m.killed_low, m.killed_best, m.killed_high, m.injured_low,
           m.injured_best, m.injured_high, m.displaced_low, m.displaced_best, m.displaced_high,
           m.status, m.speaker, a.published, a.outlet, st.story_id, d.donor_id,
           d.donor_sentence, da.published,
           CASE WHEN d.donor_id IS NOT NULL AND m.date_source = 'text' THEN
               (SELECT [min(t.start - m.sentence_start),
                        arg_min(t."end" - m.sentence_start, t.start)]
                FROM time_expressions t
                WHERE t.article_id = m.article_id AND t.value = m.date
                AND t.start >= m.sentence_start AND t."end" <= m.sentence_end)
           END,
           fd.donor_id IS NOT NULL, fd.value
    FROM event_mentions m
    JOIN k ON k.aid = m.article_id {idx_join}
    JOIN articles a ON a.id = m.article_id
    JOIN sentences se ON se.article_id = m.article_id AND se.start = m.sentence_start
    LEFT JOIN article_stories st ON st.article_id = m.article_id
    LEFT JOIN sentence_donors d
           ON d.article_id = m.article_id AND d.sentence_index = se.idx AND d.rank = 0
    LEFT JOIN articles da ON da.id = d.donor_id
    LEFT JOIN fusion_dates fd
           ON fd.article_id = m.article_id AND fd.mention_idx = m.idx AND fd.donor_id = d.donor_id
    LEFT JOIN (SELECT article_id, geonameid, min(admin1) AS admin1 FROM places
               WHERE geonameid IS NOT NULL AND article_id IN (SELECT aid FROM k)
               GROUP BY ALL) pl
           ON pl.article_id = m.article_id AND pl.geonameid = m.place_geonameid
    ORDER BY m.article_id, m.idx
"""


_MENTION_FIELDS = [
    "article_id",
    "idx",
    "sentence_index",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "sentence",
    "plover_type",
    "plover_mode",
    "acled_event_type",
    "acled_sub_event_type",
    "actor",
    "target",
    "place_name",
    "lat",
    "lon",
    "place_precision",
    "geonameid",
    "country",
    "admin1",
    "date_value",
    "date_granularity",
    "date_source",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "displaced_low",
    "displaced_best",
    "displaced_high",
    "status",
    "speaker",
    "published",
    "outlet",
    "story_id",
    "donor_id",
    "donor_sentence",
    "donor_published",
    "date_span",
    "redated_known",
    "redated",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class EventFilters:
    """What events are filtered by (``eventwire events``, the REST API, reports); all optional,
    combined with AND. ``q`` is words in an evidence sentence; ``bbox`` is (west, south, east,
    north) in degrees, west > east for a box across the antimeridian."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    place: str | None = None
    plover_type: str | None = None
    mode: str | None = None
    actor: str | None = None
    status: str | None = None
    min_sources: int | None = None
    story: str | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    limit: int | None = None


def like_pattern(text: str) -> str:
    """``text`` as a literal ``ILIKE ... ESCAPE '\\'`` pattern that matches it anywhere."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def event_where(f: EventFilters) -> tuple[str, list[Any]]:
    """The SQL condition on ``events`` for ``f`` and its bound parameters (never pasted)."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.since is not None:
        where.append("coalesce(date_end, CAST(first_published AS DATE)) >= ?")
        params.append(f.since)
    if f.until is not None:
        where.append("coalesce(date_start, CAST(first_published AS DATE)) <= ?")
        params.append(f.until)
    if f.country:
        where.append("upper(country_iso) = upper(?)")
        params.append(f.country)
    if f.place:
        where.append("(place_name ILIKE ? OR admin1 ILIKE ? OR admin2 ILIKE ?)")
        params.extend([f.place] * 3)
    if f.plover_type:
        where.append("(upper(plover_type) = upper(?) OR acled_event_type ILIKE ?)")
        params.extend([f.plover_type, f.plover_type])
    if f.mode:
        where.append("plover_mode ILIKE ?")
        params.append(f.mode)
    if f.actor:
        where.append("(actor ILIKE ? ESCAPE '\\' OR target ILIKE ? ESCAPE '\\')")
        params.extend([like_pattern(f.actor)] * 2)
    if f.status:
        where.append("status = ?")
        params.append(f.status)
    if f.min_sources is not None:
        where.append("independent_sources >= ?")
        params.append(f.min_sources)
    if f.story:
        where.append("story_id = ?")
        params.append(f.story)
    if f.q:
        # every word of the query among the words of the event's evidence (event_words)
        words = f"(SELECT DISTINCT unnest(regexp_extract_all(lower(?), '{WORD_PATTERN}')))"
        where.append(
            "event_id IN (SELECT event_id FROM event_words "
            f"WHERE word IN {words} GROUP BY event_id "
            f"HAVING count(DISTINCT word) = (SELECT count(*) FROM {words}))"
        )
        params.extend([f.q, f.q])
    if f.bbox is not None:
        west, south, east, north = f.bbox
        where.append("lat BETWEEN ? AND ?")
        params.extend([south, north])
        if west <= east:
            where.append("lon BETWEEN ? AND ?")
            params.extend([west, east])
        else:  # a box across the antimeridian
            where.append("(lon >= ? OR lon <= ?)")
            params.extend([west, east])
    return " AND ".join(where), params


# The place, time expression and figures a member mention was read from, found among the
# article's stored claims inside its sentence: the place with the mention's GeoNames id (or name)
# and the time expression with its date value, nearest the trigger; the figures of the kinds and
# values it carries.
_MEMBER_SPANS_SQL = """
SELECT m.*, a.title, a.url,
       substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,
       substr(a.text, m.trigger_start + 1, m.trigger_end - m.trigger_start) AS trigger,
       em.actor AS mention_actor, em.target AS mention_target,
       (SELECT arg_min([p.start, p."end"], abs(p.start - m.trigger_start)) FROM places p
        WHERE p.article_id = m.article_id
          AND p.start >= m.sentence_start AND p."end" <= m.sentence_end
          AND (p.geonameid = em.place_geonameid OR lower(p.name) = lower(em.place_name)))
           AS place_span,
       (SELECT arg_min([t.start, t."end"], abs(t.start - m.trigger_start))
        FROM time_expressions t
        WHERE t.article_id = m.article_id AND em.date_source = 'text' AND t.value = em.date
          AND t.start >= m.sentence_start AND t."end" <= m.sentence_end) AS date_span,
       (SELECT list({'kind': f.kind, 'span': [f.start, f."end"]} ORDER BY f.start)
        FROM figures f
        WHERE f.article_id = m.article_id
          AND f.start >= m.sentence_start AND f."end" <= m.sentence_end
          AND f.best = CASE f.kind WHEN 'killed' THEN m.killed_best
                                   WHEN 'injured' THEN m.injured_best
                                   WHEN 'displaced' THEN m.displaced_best END) AS figure_spans
FROM event_members m
JOIN articles a ON a.id = m.article_id
LEFT JOIN event_mentions em ON em.article_id = m.article_id AND em.idx = m.mention_idx
WHERE m.event_id = ?
ORDER BY m.published NULLS LAST, m.article_id, m.trigger_start
"""


#: The order of event lists: most independent sources, most articles, earliest report, id.
EVENT_ORDER = "independent_sources DESC, articles DESC, first_published NULLS LAST, event_id"


class EventTables:
    """Typed reads and writes of a store's event tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con

    # ---------------------------------------------------------------- the run

    def candidates(self) -> dict[str, str]:
        """The articles the stories stage assigned, with the hash of the stage's inputs."""
        return {str(a): str(h) for a, h in self.con.execute(_CANDIDATES_SQL).fetchall()}

    def publication_order(self) -> dict[str, str]:
        """Each stored article's publication time as sortable text ('' when it has none)."""
        rows = self.con.execute(
            "SELECT id, coalesce(strftime(published, '%Y-%m-%dT%H:%M:%S'), '') FROM articles"
        ).fetchall()
        return {str(a): str(t) for a, t in rows}

    def processed(self) -> dict[str, str]:
        rows = self.con.execute("SELECT article_id, input_hash FROM events_processed").fetchall()
        return {str(a): str(h) for a, h in rows}

    def _mentions(self, keys_sql: str, idx_join: str, params: list[Any]) -> list[dict[str, Any]]:
        sql = _MENTION_SQL.format(keys=keys_sql, idx_join=idx_join)
        return [
            dict(zip(_MENTION_FIELDS, row, strict=True))
            for row in self.con.execute(sql, params).fetchall()
        ]

    def mentions_of_articles(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Every stored event mention of ``article_ids``, with its context."""
        if not article_ids:
            return []
        return self._mentions(
            "SELECT DISTINCT unnest(?::VARCHAR[]) AS aid", "", [list(article_ids)]
        )

    def mentions(self, keys: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
        """The stored event mentions ``(article_id, idx)``, with their context."""
        if not keys:
            return []
        return self._mentions(
            "SELECT DISTINCT unnest(?::VARCHAR[]) AS aid, unnest(?::INTEGER[]) AS ix",
            "AND k.ix = m.idx",
            [[a for a, _ in keys], [i for _, i in keys]],
        )

    def mentions_in_sentences(self, sentences: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
        """The event mentions of the sentences ``(article_id, sentence index)``."""
        if not sentences:
            return []
        rows = self.con.execute(
            "SELECT DISTINCT m.article_id, m.idx FROM event_mentions m "
            "JOIN sentences se ON se.article_id = m.article_id AND se.start = m.sentence_start "
            "JOIN (SELECT unnest(?::VARCHAR[]) AS aid, unnest(?::INTEGER[]) AS si) k "
            "ON k.aid = m.article_id AND k.si = se.idx",
            [[a for a, _ in sentences], [s for _, s in sentences]],
        ).fetchall()
        return self.mentions([(str(a), int(i)) for a, i in rows])

    def copies_of(self, article_ids: Sequence[str]) -> list[tuple[str, int]]:
        """The event mentions of processed articles whose sentence was copied from one of
        ``article_ids`` (its earliest donor)."""
        if not article_ids:
            return []
        rows = self.con.execute(
            "SELECT DISTINCT m.article_id, m.idx FROM sentence_donors d "
            "JOIN sentences se ON se.article_id = d.article_id AND se.idx = d.sentence_index "
            "JOIN event_mentions m ON m.article_id = d.article_id "
            "AND m.sentence_start = se.start "
            "WHERE d.rank = 0 AND d.donor_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND d.article_id IN (SELECT article_id FROM events_processed) "
            "ORDER BY 1, 2",
            [list(article_ids)],
        ).fetchall()
        return [(str(a), int(i)) for a, i in rows]

    def copies_of_sentences(
        self, sentences: Sequence[tuple[str, int]]
    ) -> list[tuple[str, int, int]]:
        """The event mentions of processed articles whose sentence was copied from one of
        ``sentences`` (article id, sentence index; its earliest donor): ``(article_id, idx,
        sentence_index)``."""
        if not sentences:
            return []
        rows = self.con.execute(
            "SELECT DISTINCT m.article_id, m.idx, d.sentence_index FROM sentence_donors d "
            "JOIN (SELECT unnest(?::VARCHAR[]) AS aid, unnest(?::INTEGER[]) AS ix) k "
            "ON k.aid = d.donor_id AND k.ix = d.donor_sentence "
            "JOIN sentences se ON se.article_id = d.article_id AND se.idx = d.sentence_index "
            "JOIN event_mentions m ON m.article_id = d.article_id "
            "AND m.sentence_start = se.start "
            "WHERE d.rank = 0 AND d.article_id IN (SELECT article_id FROM events_processed) "
            "ORDER BY 1, 2",
            [[a for a, _ in sentences], [i for _, i in sentences]],
        ).fetchall()
        return [(str(a), int(i), int(x)) for a, i, x in rows]

    def dominant_donors(self, article_ids: Sequence[str], share: float) -> dict[str, list[str]]:
        """Each article's donors that carry at least ``share`` of its sentences."""
        if not article_ids:
            return {}
        out: dict[str, list[str]] = {}
        for a, d in self.con.execute(
            "SELECT article_id, donor_id FROM article_relations "
            "WHERE score >= ? AND article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1, 2",
            [share, list(article_ids)],
        ).fetchall():
            out.setdefault(str(a), []).append(str(d))
        return out

    def events_of_articles(self, article_ids: Sequence[str]) -> list[str]:
        if not article_ids:
            return []
        rows = self.con.execute(
            "SELECT DISTINCT event_id FROM event_members "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
            [list(article_ids)],
        ).fetchall()
        return [str(r[0]) for r in rows]

    def members_of_events(self, event_ids: Sequence[str]) -> dict[tuple[str, int], str]:
        """The member mentions of ``event_ids``: ``(article_id, idx)`` -> event id."""
        if not event_ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, mention_idx, event_id FROM event_members "
            "WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(event_ids)],
        ).fetchall()
        return {(str(a), int(i)): str(e) for a, i, e in rows}

    def sizes_of_events(self, event_ids: Sequence[str]) -> dict[str, int]:
        """The number of members of each of ``event_ids`` (kept in the event's row)."""
        if not event_ids:
            return {}
        rows = self.con.execute(
            "SELECT event_id, mentions FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(event_ids)],
        ).fetchall()
        return {str(e): int(n) for e, n in rows}

    def event_of(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The event each of the mentions ``keys`` is a member of (those that are)."""
        if not keys:
            return {}
        rows = self.con.execute(
            "SELECT m.article_id, m.mention_idx, m.event_id FROM event_members m "
            "JOIN (SELECT unnest(?::VARCHAR[]) AS aid, unnest(?::INTEGER[]) AS ix) k "
            "ON k.aid = m.article_id AND k.ix = m.mention_idx",
            [[a for a, _ in keys], [i for _, i in keys]],
        ).fetchall()
        return {(str(a), int(i)): str(e) for a, i, e in rows}

    def block_mates(
        self, keys: Sequence[str], exclude: Sequence[str], prefixes: Sequence[str] = ()
    ) -> dict[str, list[tuple[str, int, str | None]]]:
        """The stored mentions under the blocking ``keys`` or a key starting with one of
        ``prefixes`` (articles ``exclude`` left out): by key, ``(article_id, idx, event_id)``,
        the event None for a mention in no event (a copy not linked to its donor, waiting for
        a mention to join)."""
        if not keys and not prefixes:
            return {}
        select = (
            "SELECT b.key, b.article_id, b.mention_idx, m.event_id FROM event_blocks b "
            "LEFT JOIN event_members m ON m.article_id = b.article_id "
            "AND m.mention_idx = b.mention_idx "
        )
        rows = self.con.execute(
            select + "WHERE b.key IN (SELECT unnest(?::VARCHAR[])) "
            "AND b.article_id NOT IN (SELECT unnest(?::VARCHAR[]))",
            [list(dict.fromkeys(keys)), list(exclude)],
        ).fetchall()
        # a wide prefix (ending in |: a story-day, or a story-day and country) is matched on
        # the key's parts; another (an undated mention's story) by the start of the key
        wide = sorted({p for p in prefixes if p.endswith("|")})
        narrow = sorted({p for p in prefixes if not p.endswith("|")})
        if wide:
            rows += self.con.execute(
                select + "WHERE starts_with(b.key, 's:') AND ("
                "split_part(b.key, '|', 1) || '|' IN (SELECT unnest(?::VARCHAR[])) "
                "OR split_part(b.key, '|', 1) || '|' || split_part(b.key, '|', 2) || '|' "
                "   IN (SELECT unnest(?::VARCHAR[]))) "
                "AND b.article_id NOT IN (SELECT unnest(?::VARCHAR[]))",
                [wide, wide, list(exclude)],
            ).fetchall()
        if narrow:
            rows += self.con.execute(
                select + "WHERE EXISTS (SELECT 1 FROM (SELECT unnest(?::VARCHAR[]) AS p) "
                "                    WHERE starts_with(b.key, p)) "
                "AND b.article_id NOT IN (SELECT unnest(?::VARCHAR[]))",
                [narrow, list(exclude)],
            ).fetchall()
        out: dict[str, list[tuple[str, int, str | None]]] = {}
        for key, a, i, e in sorted(set(rows), key=lambda r: (r[0], r[1], r[2])):
            out.setdefault(str(key), []).append((str(a), int(i), None if e is None else str(e)))
        return out

    def remove_blocks(self, keys: Sequence[tuple[str, int]], articles: Sequence[str] = ()) -> None:
        """Delete the blocking keys of the mentions ``keys`` and of every mention of
        ``articles``."""
        if articles:
            self.con.execute(
                "DELETE FROM event_blocks WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(articles)],
            )
        if keys:
            self.con.execute(
                "DELETE FROM event_blocks b USING "
                "(SELECT unnest(?::VARCHAR[]) AS aid, unnest(?::INTEGER[]) AS ix) k "
                "WHERE k.aid = b.article_id AND k.ix = b.mention_idx",
                [[a for a, _ in keys], [i for _, i in keys]],
            )

    def remove_events(self, event_ids: Sequence[str]) -> None:
        """Delete ``event_ids`` with their members and blocking keys."""
        if not event_ids:
            return
        ids = [list(event_ids)]
        self.con.execute(
            "DELETE FROM event_blocks b USING event_members m "
            "WHERE m.article_id = b.article_id AND m.mention_idx = b.mention_idx "
            "AND m.event_id IN (SELECT unnest(?::VARCHAR[]))",
            ids,
        )
        self.con.execute(
            "DELETE FROM event_members WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", ids
        )
        self.con.execute(
            "DELETE FROM event_words WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", ids
        )
        self.con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", ids)

    def save_dates(self, rows: Sequence[tuple[str, int, str, str | None]]) -> None:
        """Keep the dates of copied mentions read against their donors: ``(article_id, idx,
        donor_id, value)``."""
        if rows:
            self.con.execute(
                "INSERT OR REPLACE INTO fusion_dates "
                "SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]), "
                "unnest(?::VARCHAR[])",
                [
                    [r[0] for r in rows],
                    [r[1] for r in rows],
                    [r[2] for r in rows],
                    [r[3] for r in rows],
                ],
            )

    def remove_dates(self, article_ids: Sequence[str]) -> None:
        """Forget the kept dates of the mentions of ``article_ids`` (fused again)."""
        if article_ids:
            self.con.execute(
                "DELETE FROM fusion_dates WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(article_ids)],
            )

    def block_neighbours(self, event_ids: Sequence[str]) -> list[tuple[str, str]]:
        """The events that have a member under a blocking key of a member of one of
        ``event_ids``: ``(event of event_ids, neighbour)`` pairs."""
        if not event_ids:
            return []
        rows = self.con.execute(
            "WITH k AS (SELECT DISTINCT m.event_id, b.key FROM event_members m "
            "           JOIN event_blocks b ON b.article_id = m.article_id "
            "           AND b.mention_idx = m.mention_idx "
            "           WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))) "
            "SELECT DISTINCT k.event_id, n.event_id FROM k "
            "JOIN event_blocks b ON b.key = k.key "
            "JOIN event_members n ON n.article_id = b.article_id "
            "AND n.mention_idx = b.mention_idx "
            "WHERE n.event_id <> k.event_id ORDER BY 1, 2",
            [list(event_ids)],
        ).fetchall()
        return [(str(e), str(n)) for e, n in rows]

    def remove_processed(self, article_ids: Sequence[str]) -> None:
        if article_ids:
            self.con.execute(
                "DELETE FROM events_processed WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(article_ids)],
            )

    def clear(self) -> None:
        for table in EVENT_TABLES:
            self.con.execute(f"DELETE FROM {table}")

    def write(
        self,
        events: Sequence[tuple[Any, ...]],
        members: Sequence[tuple[Any, ...]],
        blocks: Sequence[tuple[str, str, int]],
    ) -> None:
        """Insert event rows, member rows (in the column orders above) and blocking keys."""
        insert_rows(self.con, "events", [t for _, t in EVENT_COLUMNS], events)
        insert_rows(self.con, "event_members", [t for _, t in MEMBER_COLUMNS], members)
        insert_rows(self.con, "event_blocks", ["VARCHAR", "VARCHAR", "INTEGER"], blocks)
        self.index_words([e[0] for e in events])

    def index_words(self, event_ids: Sequence[str]) -> None:
        """Add the words of the evidence sentences of ``event_ids`` (stored members) to the
        text query's index, ``event_words``."""
        if event_ids:
            self.con.execute(
                "INSERT INTO event_words SELECT DISTINCT w.word, w.event_id FROM ("
                "SELECT m.event_id, unnest(regexp_extract_all(lower(substr(a.text, "
                f"m.sentence_start + 1, m.sentence_end - m.sentence_start)), '{WORD_PATTERN}')) "
                "AS word FROM event_members m JOIN articles a ON a.id = m.article_id "
                "WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))) w",
                [list(event_ids)],
            )

    def mark_processed(self, hashes: dict[str, str]) -> None:
        self.remove_processed(list(hashes))
        insert_rows(
            self.con,
            "events_processed",
            ["VARCHAR", "VARCHAR"],
            sorted(hashes.items()),
        )

    def alias(self, merged: dict[str, str]) -> None:
        """Record ``old id -> surviving id``; aliases of an old id follow it, and an id that is
        an event again stops being an alias."""
        if merged:
            pairs = sorted(merged.items())
            olds, news = [o for o, _ in pairs], [n for _, n in pairs]
            moved = (
                "(SELECT unnest(?::VARCHAR[]) AS old_id, unnest(?::VARCHAR[]) AS new_id) AS moved"
            )
            self.con.execute(
                f"UPDATE event_aliases SET event_id = moved.new_id FROM {moved} "
                "WHERE event_aliases.event_id = moved.old_id",
                [olds, news],
            )
            self.con.execute(
                "DELETE FROM event_aliases WHERE alias_id IN (SELECT unnest(?::VARCHAR[]))",
                [olds],
            )
            insert_rows(self.con, "event_aliases", ["VARCHAR", "VARCHAR"], pairs)
        self.con.execute(
            "DELETE FROM event_aliases WHERE alias_id IN (SELECT event_id FROM events)"
        )

    # ---------------------------------------------------------------- reads

    def count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0

    def resolve(self, ref: str) -> tuple[str, bool] | None:
        """The event an id, an alias or a unique id prefix stands for, and whether ``ref`` was
        an alias (an id merged into that event)."""
        row = self.con.execute("SELECT event_id FROM events WHERE event_id = ?", [ref]).fetchone()
        if row:
            return str(row[0]), False
        row = self.con.execute(
            "SELECT event_id FROM event_aliases WHERE alias_id = ?", [ref]
        ).fetchone()
        if row:
            return str(row[0]), True
        if len(ref) >= 6:
            rows = self.con.execute(
                "SELECT event_id FROM events WHERE starts_with(event_id, ?) LIMIT 2", [ref]
            ).fetchall()
            if len(rows) == 1:
                return str(rows[0][0]), False
        return None

    def listing(self, filters: EventFilters) -> list[dict[str, Any]]:
        """Events matching ``filters`` in :data:`EVENT_ORDER` (``filters.limit`` of them)."""
        where, params = event_where(filters)
        sql = f"SELECT * FROM events WHERE {where} ORDER BY {EVENT_ORDER}"
        if filters.limit is not None:
            sql += " LIMIT ?"
            params.append(filters.limit)
        return _dicts(self.con.execute(sql, params))

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = _dicts(self.con.execute("SELECT * FROM events WHERE event_id = ?", [event_id]))
        return rows[0] if rows else None

    def members(self, event_id: str) -> list[dict[str, Any]]:
        """The members of one event in report order, with their sentence and trigger text, the
        mention's actor and target, and the spans (article offsets) of the claims it was read
        from: its place, its date's time expression and its figures (``_MEMBER_SPANS_SQL``)."""
        return _dicts(self.con.execute(_MEMBER_SPANS_SQL, [event_id]))

    def mention_totals(self) -> tuple[int, int]:
        """Event mentions fused (members) and events."""
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM event_members), (SELECT count(*) FROM events)"
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)


def _dicts(cur: Any) -> list[dict[str, Any]]:
    """A cursor's rows as dictionaries keyed by column name."""
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
