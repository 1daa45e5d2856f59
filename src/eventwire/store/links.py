"""Typed reads and writes of the tables of stories across languages (migration 0012):
``article_terms``, ``article_terms_read`` and ``story_links`` (see
:mod:`eventwire.stories.languages`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from eventwire.store.db import Store
from eventwire.store.sql import insert_rows

__all__ = ["StoryLinkTables"]

#: Articles whose terms the link step reads: story members and articles of other languages.
_TO_READ_SQL = """
SELECT a.id, a.text FROM articles a
LEFT JOIN article_terms_read r ON r.article_id = a.id
WHERE (a.id IN (SELECT article_id FROM article_stories) OR a.language <> ?)
  AND a.text IS NOT NULL AND a.text <> ''
  AND (r.text_hash IS NULL OR r.text_hash <> substr(md5(a.text), 1, 16))
ORDER BY a.id
"""

#: For each other-language article and each story sharing a term with it, the shared terms.
_SHARED_SQL = """
WITH other AS (
    SELECT t.article_id, t.term FROM article_terms t JOIN articles a ON a.id = t.article_id
    WHERE a.language <> ? AND t.article_id NOT IN (SELECT article_id FROM article_stories)
),
story_terms AS (
    SELECT DISTINCT s.story_id, t.term FROM article_terms t
    JOIN article_stories s ON s.article_id = t.article_id
    WHERE t.term IN (SELECT term FROM other)
)
SELECT o.article_id, st.story_id, list(o.term ORDER BY o.term)
FROM other o JOIN story_terms st ON st.term = o.term
GROUP BY o.article_id, st.story_id
ORDER BY o.article_id, st.story_id
"""


class StoryLinkTables:
    """The store side of the link step; joins the caller's transaction."""

    def __init__(self, store: Store) -> None:
        self.con = store.con

    def texts_to_read(self, parsed: str) -> list[tuple[str, str]]:
        """``(id, text)`` of the story members and the articles not in language ``parsed``
        whose terms are missing or were read from another text."""
        rows = self.con.execute(_TO_READ_SQL, [parsed]).fetchall()
        return [(str(a), str(t)) for a, t in rows]

    def replace_terms(
        self,
        ids: Sequence[str],
        terms: Sequence[tuple[str, str]],
        hashes: Sequence[tuple[str, str]],
    ) -> None:
        """Replace the terms of ``ids`` with ``terms`` (``(article id, term)``) and record the
        hashes of the texts they were read from."""
        for table in ("article_terms", "article_terms_read"):
            self.con.execute(
                f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(ids)],
            )
        insert_rows(self.con, "article_terms", ("VARCHAR", "VARCHAR"), list(terms))
        insert_rows(self.con, "article_terms_read", ("VARCHAR", "VARCHAR"), list(hashes))

    def other_language(self, parsed: str) -> dict[str, datetime | None]:
        """The articles not in language ``parsed``, outside every story, whose terms are read:
        their publication times."""
        rows = self.con.execute(
            "SELECT a.id, a.published FROM articles a WHERE a.language <> ? "
            "AND a.id NOT IN (SELECT article_id FROM article_stories) "
            "AND a.id IN (SELECT article_id FROM article_terms_read) ORDER BY a.id",
            [parsed],
        ).fetchall()
        return {str(a): p for a, p in rows}

    def count_read(self) -> int:
        row = self.con.execute("SELECT count(*) FROM article_terms_read").fetchone()
        return int(row[0]) if row else 0

    def count_links(self) -> int:
        row = self.con.execute("SELECT count(*) FROM story_links").fetchone()
        return int(row[0]) if row else 0

    def frequencies(self, ids: Sequence[str]) -> dict[str, int]:
        """The number of articles holding each term of articles ``ids``."""
        rows = self.con.execute(
            "SELECT term, count(*) FROM article_terms WHERE term IN (SELECT term FROM "
            "article_terms WHERE article_id IN (SELECT unnest(?::VARCHAR[]))) GROUP BY term",
            [list(ids)],
        ).fetchall()
        return {str(t): int(n) for t, n in rows}

    def terms(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        """``(article id, term)`` of articles ``ids``."""
        rows = self.con.execute(
            "SELECT article_id, term FROM article_terms WHERE article_id IN "
            "(SELECT unnest(?::VARCHAR[])) ORDER BY article_id, term",
            [list(ids)],
        ).fetchall()
        return [(str(a), str(t)) for a, t in rows]

    def story_spans(self) -> dict[str, tuple[datetime | None, datetime | None]]:
        """Each story's first and last publication time."""
        rows = self.con.execute(
            "SELECT story_id, first_published, last_published FROM stories"
        ).fetchall()
        return {str(s): (f, last) for s, f, last in rows}

    def shared(self, parsed: str) -> list[tuple[str, str, list[str]]]:
        """``(article, story, shared terms)`` for each other-language article and each story
        that shares a term with it."""
        rows = self.con.execute(_SHARED_SQL, [parsed]).fetchall()
        return [(str(a), str(s), [str(t) for t in terms]) for a, s, terms in rows]

    def replace_links(self, links: Sequence[tuple[str, str, float, list[str]]]) -> None:
        """Replace every link with ``links`` (``(article, story, score, shared terms)``)."""
        self.con.execute("DELETE FROM story_links")
        insert_rows(
            self.con, "story_links", ("VARCHAR", "VARCHAR", "DOUBLE", "VARCHAR[]"), list(links)
        )
