"""The story tables of a store: what the stories stage reads and writes, and the story list.

Tables: ``article_stories`` (each article's story and score) and ``stories`` (one row per story:
first article, counts, first and last published time, title), from migration 0004;
``stories_processed`` (the stage's bookkeeping: each processed article's place in the
processing order and input hash) and ``story_clusterer_state`` (the clusterer's state as JSON
text, one row), from migration 0008. The stage's candidates are the articles the provenance
stage processed: their input hash covers the provenance input hash and the article's relations,
so an article whose provenance was recomputed differently is assigned again.
Writes join the caller's transaction (:meth:`eventwire.store.Store.transaction`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from eventwire.store.db import Store
from eventwire.store.incremental import Candidate
from eventwire.store.provenance import provenance_tables_required
from eventwire.store.sql import insert_rows

__all__ = [
    "STORY_TABLES",
    "SavedState",
    "StoryAssignment",
    "StoryGrowth",
    "StoryListing",
    "StoryMembers",
    "StoryRow",
    "StoryTables",
]

#: Tables written by the stories stage, besides its bookkeeping and saved state.
STORY_TABLES = ("article_stories", "stories")

_CANDIDATES_SQL = """
    SELECT a.id, a.published, a.ingested_at,
           md5(concat_ws('|', p.input_hash, coalesce(p.kind, ''),
                         coalesce(CAST(p.copied_share AS VARCHAR), ''),
                         coalesce(CAST(p.matchable AS VARCHAR), ''), coalesce(r.donors, '')))
    FROM provenance_articles p
    JOIN articles a ON a.id = p.article_id
    LEFT JOIN (SELECT article_id,
                      string_agg(donor_id || ':' || kind || ':' || CAST(score AS VARCHAR), ','
                                 ORDER BY rank) AS donors
               FROM article_relations GROUP BY article_id) r ON r.article_id = p.article_id
    WHERE p.input_hash IS NOT NULL
      AND EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = p.article_id)
"""

_STORY_TYPES = ("VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "TIMESTAMP", "TIMESTAMP", "VARCHAR")
_ASSIGNMENT_TYPES = ("VARCHAR", "VARCHAR", "DOUBLE")
_PROCESSED_TYPES = ("VARCHAR", "BIGINT", "VARCHAR")


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryRow:
    """One row of ``stories``."""

    story_id: str
    first_article_id: str
    n_articles: int
    independent_sources: int
    first_published: datetime | None  # naive UTC
    last_published: datetime | None
    title: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryGrowth:
    """What a batch adds to a stored story: articles, independent sources, published times."""

    story_id: str
    n_articles: int
    independent_sources: int
    first_published: datetime | None
    last_published: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryAssignment:
    """One processed article: its story and score, its place in the order, its input hash."""

    article_id: str
    story_id: str
    score: float
    order: int
    input_hash: str


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryMembers:
    """The stored members of one story (in processing order) and their published times."""

    story_id: str
    article_ids: tuple[str, ...]
    first_published: datetime | None
    last_published: datetime | None
    title: str | None  # of the first member


@dataclass(frozen=True, kw_only=True, slots=True)
class SavedState:
    """The clusterer's saved state: its format version, the settings it was built with, the
    processed articles it has seen (count and digest) and the state itself (JSON text)."""

    version: int
    settings: str
    n_articles: int
    digest: str
    state: str


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryListing:
    """A story as ``eventwire stories`` lists it."""

    story_id: str
    n_articles: int
    independent_sources: int
    first_published: datetime | None
    last_published: datetime | None
    title: str | None
    first_article_id: str
    article_ids: tuple[str, ...]
    #: articles of other languages linked to the story (stories/languages.py)
    linked_article_ids: tuple[str, ...] = ()


class StoryTables:
    """Typed reads and writes of a store's story tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con

    # ---------------------------------------------------------------- the run

    def candidates(self) -> list[Candidate]:
        """The articles the provenance stage processed, with the hash of their inputs and
        provenance results."""
        rows = self.con.execute(_CANDIDATES_SQL).fetchall()
        return [
            Candidate(article_id=str(a), published=p, ingested_at=i, input_hash=str(h))
            for a, p, i, h in rows
        ]

    def processed(self) -> dict[str, str | None]:
        """Processed article ids and their input hashes, in processing order."""
        rows = self.con.execute(
            "SELECT article_id, input_hash FROM stories_processed ORDER BY story_order"
        ).fetchall()
        return {str(a): h for a, h in rows}

    def next_order(self) -> int:
        """The place in the processing order of the next processed article."""
        row = self.con.execute("SELECT max(story_order) FROM stories_processed").fetchone()
        return int(row[0]) + 1 if row is not None and row[0] is not None else 0

    def stories_of(self, article_ids: Sequence[str]) -> list[str]:
        """The stories of ``article_ids``."""
        rows = self.con.execute(
            "SELECT DISTINCT story_id FROM article_stories "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY story_id",
            [list(article_ids)],
        ).fetchall()
        return [str(r[0]) for r in rows]

    def remove(self, article_ids: Sequence[str], *, everything: bool = False) -> None:
        """Remove the assignments of ``article_ids`` (with ``everything``: every story); the
        rows of their stories are left for :meth:`replace`."""
        if everything:
            for table in (*STORY_TABLES, "stories_processed"):
                self.con.execute(f"DELETE FROM {table}")
            return
        for table in ("article_stories", "stories_processed"):
            self.con.execute(
                f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(article_ids)],
            )

    def members(self, story_ids: Sequence[str]) -> list[StoryMembers]:
        """The stored members of ``story_ids`` (stories without members are left out)."""
        rows = self.con.execute(
            "SELECT s.story_id, list(s.article_id ORDER BY p.ingest_order), min(p.published), "
            "max(p.published) FROM article_stories s "
            "JOIN provenance_articles p USING (article_id) "
            "WHERE s.story_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY s.story_id "
            "ORDER BY s.story_id",
            [list(story_ids)],
        ).fetchall()
        firsts = [str(r[1][0]) for r in rows]
        titles = dict(
            self.con.execute(
                "SELECT id, title FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [firsts],
            ).fetchall()
        )
        return [
            StoryMembers(
                story_id=str(story_id),
                article_ids=tuple(str(a) for a in article_ids),
                first_published=first,
                last_published=last,
                title=titles.get(str(article_ids[0])),
            )
            for story_id, article_ids, first, last in rows
        ]

    def replace(self, story_ids: Sequence[str], rows: Sequence[StoryRow]) -> None:
        """Replace the rows of ``story_ids`` with ``rows``."""
        self.con.execute(
            "DELETE FROM stories WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [list(story_ids)]
        )
        insert_rows(self.con, "stories", _STORY_TYPES, [_story_tuple(r) for r in rows])

    def write(
        self,
        assignments: Sequence[StoryAssignment],
        *,
        new: Sequence[StoryRow],
        grown: Sequence[StoryGrowth],
    ) -> None:
        """Store a batch: its articles' assignments, the stories it started, and what it added
        to stories stored before."""
        if assignments:
            columns = [
                [a.article_id for a in assignments],
                [a.story_id for a in assignments],
                [a.score for a in assignments],
            ]
            self.con.execute(
                "INSERT INTO article_stories SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                "unnest(?::DOUBLE[]) ON CONFLICT (article_id) DO UPDATE "
                "SET story_id = excluded.story_id, score = excluded.score",
                columns,
            )
        insert_rows(
            self.con,
            "stories_processed",
            _PROCESSED_TYPES,
            [(a.article_id, a.order, a.input_hash) for a in assignments],
        )
        insert_rows(self.con, "stories", _STORY_TYPES, [_story_tuple(r) for r in new])
        if grown:
            self.con.execute(
                "UPDATE stories SET n_articles = stories.n_articles + g.n, "
                "independent_sources = stories.independent_sources + g.i, "
                "first_published = least(stories.first_published, g.f), "
                "last_published = greatest(stories.last_published, g.l) "
                "FROM (SELECT unnest(?::VARCHAR[]) AS sid, unnest(?::INTEGER[]) AS n, "
                "unnest(?::INTEGER[]) AS i, unnest(?::TIMESTAMP[]) AS f, "
                "unnest(?::TIMESTAMP[]) AS l) g WHERE stories.story_id = g.sid",
                [
                    [g.story_id for g in grown],
                    [g.n_articles for g in grown],
                    [g.independent_sources for g in grown],
                    [g.first_published for g in grown],
                    [g.last_published for g in grown],
                ],
            )

    def count(self) -> int:
        """The number of stories."""
        row = self.con.execute("SELECT count(*) FROM stories").fetchone()
        return int(row[0]) if row else 0

    def load_state(self) -> SavedState | None:
        """The saved clusterer state, if any."""
        row = self.con.execute(
            "SELECT version, settings, n_articles, digest, state FROM story_clusterer_state"
        ).fetchone()
        if row is None:
            return None
        version, settings, n_articles, digest, state = row
        return SavedState(
            version=int(version),
            settings=str(settings),
            n_articles=int(n_articles),
            digest=str(digest),
            state=str(state),
        )

    def save_state(self, saved: SavedState) -> None:
        """Replace the saved clusterer state."""
        self.con.execute("DELETE FROM story_clusterer_state")
        self.con.execute(
            "INSERT INTO story_clusterer_state VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP)",
            [saved.version, saved.settings, saved.n_articles, saved.digest, saved.state],
        )

    # ---------------------------------------------------------------- reads

    def listing(
        self, *, limit: int | None = None, offset: int = 0, story_id: str | None = None
    ) -> list[StoryListing]:
        """Stories, largest first (then by first published time, then id): ``limit`` of them
        from ``offset``, or the one ``story_id``."""
        params: list[object] = []
        where = ""
        if story_id is not None:
            where = "WHERE st.story_id = ? "
            params.append(story_id)
        page = ""
        if limit is not None:
            page += "LIMIT ? "
            params.append(limit)
        if offset:
            page += "OFFSET ?"
            params.append(offset)
        linked = "NULL"
        if self.store.has_table("story_links"):
            linked = (
                "(SELECT list(l.article_id ORDER BY a.published NULLS LAST, l.article_id) "
                "FROM story_links l JOIN articles a ON a.id = l.article_id "
                "WHERE l.story_id = st.story_id)"
            )
        with provenance_tables_required(self.store):
            rows = self.con.execute(
                "SELECT st.story_id, st.n_articles, st.independent_sources, st.first_published, "
                "st.last_published, st.title, st.first_article_id, "
                "(SELECT list(s.article_id ORDER BY p.ingest_order) FROM article_stories s "
                " JOIN provenance_articles p USING (article_id) WHERE s.story_id = st.story_id), "
                f"{linked} "
                f"FROM stories st {where}"
                "ORDER BY st.n_articles DESC, st.first_published NULLS LAST, st.story_id " + page,
                params,
            ).fetchall()
        return [
            StoryListing(
                story_id=str(r[0]),
                n_articles=int(r[1]),
                independent_sources=int(r[2]),
                first_published=r[3],
                last_published=r[4],
                title=r[5],
                first_article_id=str(r[6]),
                article_ids=tuple(str(a) for a in r[7] or ()),
                linked_article_ids=tuple(str(a) for a in r[8] or ()),
            )
            for r in rows
        ]


def _story_tuple(row: StoryRow) -> tuple[object, ...]:
    return (
        row.story_id,
        row.first_article_id,
        row.n_articles,
        row.independent_sources,
        row.first_published,
        row.last_published,
        row.title,
    )
