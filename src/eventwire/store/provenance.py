"""The provenance tables of a store: what the provenance stage reads and writes, and the reads
behind ``eventwire provenance``.

Tables (migrations 0004 and 0007): ``provenance_articles`` (one row per processed article: its
place in the processing order, input hash, relation kind, copied share, headline support),
``sentence_signatures`` and ``band_postings`` (the persisted sentence index, written by
:class:`~eventwire.store.fingerprints.DuckDBFingerprintStore`), ``sentence_donors`` and
``article_relations``; plus the provenance flags (:data:`PROVENANCE_FLAG_CODES`) in ``flags``.
Writes join the caller's transaction (:meth:`eventwire.store.Store.transaction`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from eventwire.errors import StoreError
from eventwire.records import ArticleRelations, Flag, Relation, RelationKind, Sentence, Span
from eventwire.store.db import Store
from eventwire.store.incremental import Candidate
from eventwire.store.rows import flag_row
from eventwire.store.sql import insert_rows

__all__ = [
    "PROVENANCE_FLAG_CODES",
    "PROVENANCE_TABLES",
    "ArticleDetail",
    "ArticleHead",
    "DonorDetail",
    "DonorRow",
    "FlagDetail",
    "ProvenanceTables",
    "RelationDetail",
    "provenance_tables_required",
]

#: Flag codes the provenance stage owns: replaced when an article's provenance is recomputed.
PROVENANCE_FLAG_CODES = ("copied", "patchwork", "attribution-stripped", "headline-unsupported")

#: Tables written by the provenance stage (migrations 0004 and 0007), besides ``flags``.
PROVENANCE_TABLES = (
    "provenance_articles",
    "sentence_signatures",
    "band_postings",
    "sentence_donors",
    "article_relations",
)

_CANDIDATES_SQL = """
    SELECT a.id, a.published, a.ingested_at,
           md5(concat_ws('|', a.content_hash, coalesce(a.title, ''),
                         coalesce(CAST(a.published AS VARCHAR), ''), s.spans)) AS input_hash
    FROM articles a
    JOIN (SELECT article_id, string_agg(start || '-' || "end", ',' ORDER BY idx) AS spans
          FROM sentences GROUP BY article_id) s ON s.article_id = a.id
    WHERE a.language = ?
"""

_DONOR_TYPES = ("VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "INTEGER", "DOUBLE")
_RELATION_TYPES = ("VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "DOUBLE", "DOUBLE", "INTEGER[]")
_FLAG_TYPES = ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER")


@dataclass(frozen=True, kw_only=True, slots=True)
class DonorRow:
    """One donor of one sentence (table ``sentence_donors``); rank 0 is the earliest."""

    sentence_index: int
    rank: int
    donor_id: str
    donor_sentence: int
    similarity: float


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleHead:
    """An article and its provenance summary, as ``eventwire provenance`` shows it."""

    article_id: str
    url: str | None
    outlet: str | None
    title: str | None
    published: datetime | None  # naive UTC
    processed: bool
    kind: str | None
    copied_share: float | None
    matchable: int | None
    headline_supported: bool | None
    story_id: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class DonorDetail:
    """A donor of one sentence, with the donor article's outlet and time."""

    sentence_index: int
    donor_id: str
    donor_sentence: int
    similarity: float
    outlet: str | None
    published: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class RelationDetail:
    """A relation to a donor article, with the donor's outlet and time."""

    donor_id: str
    kind: str
    score: float
    similarity: float
    outlet: str | None
    published: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class FlagDetail:
    target_kind: str
    target_id: str
    code: str
    detail: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleDetail:
    """Everything stored about one article's provenance."""

    head: ArticleHead
    text: str
    sentences: tuple[Sentence, ...]
    matchable: frozenset[int]  # indexes of the sentences long enough to be compared
    donors: tuple[DonorDetail, ...]  # by sentence, then rank
    relations: tuple[RelationDetail, ...]  # strongest first
    flags: tuple[FlagDetail, ...]  # provenance flags, by target kind, target id, code


@contextmanager
def provenance_tables_required(store: Store) -> Iterator[None]:
    """Turn a missing table (a store from before provenance) into a :class:`StoreError`."""
    try:
        yield
    except duckdb.CatalogException as e:
        raise StoreError(
            f"{store.path}: no provenance tables in this store yet ({e}); "
            "run `eventwire provenance --update`"
        ) from e


class ProvenanceTables:
    """Typed reads and writes of a store's provenance tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con
        # results of :meth:`write_result` not written yet (see :meth:`flush`)
        self._updates: list[tuple[Any, ...]] = []
        self._donors: list[tuple[Any, ...]] = []
        self._relations: list[tuple[Any, ...]] = []
        self._flags: list[tuple[Any, ...]] = []

    def flush(self) -> None:
        """Write the results given to :meth:`write_result` since the last flush: four statements
        for a whole batch of articles (joins the caller's transaction; call it before the
        commit, after the index's own flush, which writes the ``provenance_articles`` rows)."""
        if self._updates:
            columns = [list(c) for c in zip(*self._updates, strict=True)]
            self.con.execute(
                "UPDATE provenance_articles SET input_hash = u.input_hash, kind = u.kind, "
                "copied_share = u.copied_share, matchable = u.matchable, "
                "headline_supported = u.headline_supported FROM (SELECT "
                "unnest(?::VARCHAR[]) AS article_id, unnest(?::VARCHAR[]) AS input_hash, "
                "unnest(?::VARCHAR[]) AS kind, unnest(?::DOUBLE[]) AS copied_share, "
                "unnest(?::INTEGER[]) AS matchable, unnest(?::BOOLEAN[]) AS headline_supported"
                ") u WHERE provenance_articles.article_id = u.article_id",
                columns,
            )
        insert_rows(self.con, "sentence_donors", _DONOR_TYPES, self._donors)
        insert_rows(self.con, "article_relations", _RELATION_TYPES, self._relations)
        insert_rows(self.con, "flags", _FLAG_TYPES, self._flags)
        self._updates, self._donors, self._relations, self._flags = [], [], [], []

    # ---------------------------------------------------------------- the run

    def candidates(self, language: str) -> list[Candidate]:
        """The articles in ``language`` that have sentences, with the hash of their text, title,
        published time and sentence spans."""
        rows = self.con.execute(_CANDIDATES_SQL, [language]).fetchall()
        return [
            Candidate(article_id=str(a), published=p, ingested_at=i, input_hash=str(h))
            for a, p, i, h in rows
        ]

    def processed(self) -> dict[str, str | None]:
        """Processed article ids and their input hashes, in processing order."""
        self.flush()
        rows = self.con.execute(
            "SELECT article_id, input_hash FROM provenance_articles ORDER BY ingest_order"
        ).fetchall()
        return {str(a): h for a, h in rows}

    def remove(self, ids: Sequence[str], *, everything: bool = False) -> None:
        """Remove the results of ``ids`` (of every article with ``everything``)."""
        self.flush()
        codes = list(PROVENANCE_FLAG_CODES)
        if everything:
            for table in PROVENANCE_TABLES:
                self.con.execute(f"DELETE FROM {table}")
            self.con.execute(
                "DELETE FROM flags WHERE code IN (SELECT unnest(?::VARCHAR[]))", [codes]
            )
            return
        wanted = list(ids)
        self.con.execute(
            "DELETE FROM band_postings WHERE ref >> 20 IN (SELECT ingest_order FROM "
            "provenance_articles WHERE article_id IN (SELECT unnest(?::VARCHAR[])))",
            [wanted],
        )
        for table in PROVENANCE_TABLES:
            if table != "band_postings":
                self.con.execute(
                    f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                    [wanted],
                )
        self.con.execute(
            "DELETE FROM flags WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND code IN (SELECT unnest(?::VARCHAR[]))",
            [wanted, codes],
        )

    def write_result(
        self,
        relations: ArticleRelations,
        *,
        input_hash: str,
        headline_supported: bool | None,
        donors: Sequence[DonorRow],
        flags: Sequence[Flag],
    ) -> None:
        """Keep the results of one article whose index rows are put (its
        ``provenance_articles`` row is written by the index's flush) and whose earlier results
        were removed, to be written by :meth:`flush`."""
        aid = relations.article_id
        self._updates.append(
            (
                aid,
                input_hash,
                relations.kind.value if relations.kind else None,
                relations.copied_share,
                relations.matchable,
                headline_supported,
            )
        )
        self._donors += [
            (aid, d.sentence_index, d.rank, d.donor_id, d.donor_sentence, d.similarity)
            for d in donors
        ]
        self._relations += [
            (aid, r.donor_id, rank, r.kind.value, r.score, r.similarity, list(r.sentences))
            for rank, r in enumerate(relations.relations)
        ]
        self._flags += [flag_row(aid, f) for f in flags]

    def count(self) -> int:
        """The number of processed articles."""
        self.flush()
        row = self.con.execute("SELECT count(*) FROM provenance_articles").fetchone()
        return int(row[0]) if row else 0

    def relations(self, article_ids: Sequence[str]) -> dict[str, ArticleRelations]:
        """The stored relations of those of ``article_ids`` that are processed (flags left
        out)."""
        if not article_ids:
            return {}
        self.flush()
        ids = list(article_ids)
        by_article: dict[str, list[Relation]] = {}
        for aid, donor, kind, score, sim, sentences in self.con.execute(
            "SELECT article_id, donor_id, kind, score, similarity, sentences "
            "FROM article_relations WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY article_id, rank",
            [ids],
        ).fetchall():
            by_article.setdefault(str(aid), []).append(
                Relation(
                    article_id=str(aid),
                    donor_id=str(donor),
                    kind=RelationKind(kind),
                    score=float(score),
                    similarity=float(sim),
                    sentences=tuple(int(i) for i in sentences),
                )
            )
        out: dict[str, ArticleRelations] = {}
        for aid, kind, share, matchable in self.con.execute(
            "SELECT article_id, kind, copied_share, matchable FROM provenance_articles "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall():
            out[str(aid)] = ArticleRelations(
                article_id=str(aid),
                kind=RelationKind(kind) if kind else None,
                relations=tuple(by_article.get(str(aid), ())),
                flags=(),
                copied_share=float(share or 0.0),
                matchable=int(matchable or 0),
            )
        return out

    # ---------------------------------------------------------------- reads

    def find_article(self, ref: str) -> str | None:
        """The id of the article ``ref`` names (an article id, a URL or a canonical URL)."""
        row = self.con.execute(
            "SELECT id FROM articles WHERE id = ? OR url = ? OR canonical_url = ? "
            "OR rtrim(url, '/') = rtrim(?, '/') ORDER BY id = ? DESC LIMIT 1",
            [ref, ref, ref, ref, ref],
        ).fetchone()
        return None if row is None else str(row[0])

    def article_detail(self, article_id: str) -> ArticleDetail:
        """The stored provenance of a stored article."""
        con = self.con
        with provenance_tables_required(self.store):
            head = con.execute(
                "SELECT a.id, a.url, a.outlet, a.title, a.published, p.kind, p.copied_share, "
                "p.matchable, p.headline_supported, s.story_id, p.article_id IS NOT NULL "
                "FROM articles a LEFT JOIN provenance_articles p ON p.article_id = a.id "
                "LEFT JOIN article_stories s ON s.article_id = a.id WHERE a.id = ?",
                [article_id],
            ).fetchone()
            if head is None:
                raise StoreError(f"{self.store.path}: no article {article_id!r}")
            text_row = con.execute(
                "SELECT text FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            donors = tuple(
                DonorDetail(
                    sentence_index=int(idx),
                    donor_id=str(donor),
                    donor_sentence=int(donor_sentence),
                    similarity=float(sim),
                    outlet=outlet,
                    published=published,
                )
                for idx, donor, donor_sentence, sim, outlet, published in con.execute(
                    "SELECT d.sentence_index, d.donor_id, d.donor_sentence, d.similarity, "
                    "a.outlet, a.published FROM sentence_donors d "
                    "JOIN articles a ON a.id = d.donor_id "
                    "WHERE d.article_id = ? ORDER BY d.sentence_index, d.rank",
                    [article_id],
                ).fetchall()
            )
            matchable = frozenset(
                int(r[0])
                for r in con.execute(
                    "SELECT sentence_index FROM sentence_signatures WHERE article_id = ?",
                    [article_id],
                ).fetchall()
            )
            sentences = tuple(
                Sentence(article_id=article_id, index=int(i), span=Span(start=int(s), end=int(e)))
                for i, s, e in con.execute(
                    'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
                    [article_id],
                ).fetchall()
            )
            relations = tuple(
                RelationDetail(
                    donor_id=str(donor),
                    kind=str(kind),
                    score=float(score),
                    similarity=float(sim),
                    outlet=outlet,
                    published=published,
                )
                for donor, kind, score, sim, outlet, published in con.execute(
                    "SELECT r.donor_id, r.kind, r.score, r.similarity, a.outlet, a.published "
                    "FROM article_relations r JOIN articles a ON a.id = r.donor_id "
                    "WHERE r.article_id = ? ORDER BY r.rank",
                    [article_id],
                ).fetchall()
            )
            flags = tuple(
                FlagDetail(target_kind=k, target_id=t, code=c, detail=d)
                for k, t, c, d in con.execute(
                    "SELECT target_kind, target_id, code, detail FROM flags WHERE article_id = ? "
                    "AND code IN (SELECT unnest(?::VARCHAR[])) "
                    "ORDER BY target_kind, target_id, code",
                    [article_id, list(PROVENANCE_FLAG_CODES)],
                ).fetchall()
            )
        return ArticleDetail(
            head=ArticleHead(
                article_id=str(head[0]),
                url=head[1],
                outlet=head[2],
                title=head[3],
                published=head[4],
                kind=head[5],
                copied_share=head[6],
                matchable=head[7],
                headline_supported=head[8],
                story_id=head[9],
                processed=bool(head[10]),
            ),
            text=str(text_row[0]) if text_row else "",
            sentences=sentences,
            matchable=matchable,
            donors=donors,
            relations=relations,
            flags=flags,
        )
