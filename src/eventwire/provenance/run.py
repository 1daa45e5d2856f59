"""The provenance and stories run over a store, and the reads behind ``eventwire provenance``.

:func:`run_provenance` takes the English articles that have sentences and are not yet processed,
in the processing order (published time, undated last; then ``ingested_at``; then id), and for
each one, in one pass:

1. queries the persisted sentence index (:class:`DuckDBFingerprintStore`) for the donors of each
   sentence among the articles before it, and stores them (``sentence_donors``);
2. types and scores its relations to its donors (:func:`relate`, ``article_relations``) and
   checks its headline against its body (:func:`headline_support`);
3. replaces its provenance flags (``copied``, ``patchwork``, ``attribution-stripped``,
   ``headline-unsupported``; other flag codes are left alone) in ``flags``: one row per code
   with ``target_kind = 'article'``, plus one ``target_kind = 'sentence'`` row
   (``target_id = '<article id>:<sentence index>'``) per sentence whose credit was stripped;
4. adds its sentences to the index;
5. assigns it to a story (:class:`StoryClusterer`, ids from :func:`story_id_for`) and updates
   the row of that story: one more article, one more independent source when the article is
   an origin of its own within the story (:func:`counts_as_source`: decided by its own
   relations to earlier articles, so later members never change it), its first and last
   published times. The work per article does not grow with the size of its story; stories
   that lose articles (a recomputation) are recounted from their members
   (:func:`independent_sources`).

Articles are committed in batches of ``store.batch_size``, each batch in one transaction, so a
run killed at any point keeps whole articles, and running it again finishes the job with the
result of an uninterrupted run.

Incremental updates. A second run with no new article does nothing. The results of an article
depend only on the articles before it in the processing order, so when new articles arrive
only the processed articles that come after the earliest of them (and those after any processed
article whose text, title, published time or sentences changed since, or that left the store)
are removed and processed again, together with the new ones, in order: the result is the one a
first run over the whole store would give, table for table. New articles published after
everything processed cost only themselves; one published earlier than all processed articles
(or ``rebuild=True``) recomputes everything. Undated articles come last in the order, so each
update also redoes the undated articles already processed.

The story clusterer's state is saved in the store (``story_state``, migration 0006) at the end
of each run that processed articles, tagged with its format version, the cluster settings and a
digest of the processed articles (ids and input hashes, in order). The next run loads it when
all three match the articles it keeps, so new articles cost only themselves; otherwise (another
version or settings, a run killed before saving, a recomputation that kept fewer articles) it
replays the kept articles through a fresh clusterer, in the same order, which rebuilds the same
stories. Either way the result is the one of a first run. Stories whose time window the stream
has passed are dropped from the clusterer, so the saved state holds the recent stories only.
"""

from __future__ import annotations

import hashlib
import logging
import time
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from eventwire.errors import EventwireError, StoreError
from eventwire.provenance.headline import HeadlineSettings, headline_flags, headline_support
from eventwire.provenance.index import ArticleProvenance, IndexSettings, SentenceIndex
from eventwire.provenance.relations import (
    ArticleRelations,
    Relation,
    RelationKind,
    RelationSettings,
    relate,
)
from eventwire.provenance.store import DuckDBFingerprintStore
from eventwire.records import Flag
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.stories.cluster import STATE_VERSION, ClusterSettings, StoryClusterer
from eventwire.stories.sources import counts_as_source, independent_sources

__all__ = [
    "PROVENANCE_FLAG_CODES",
    "PROVENANCE_TABLES",
    "ProvenanceSummary",
    "article_provenance",
    "find_article",
    "list_stories",
    "run_provenance",
]

log = logging.getLogger(__name__)

#: Flag codes this run owns: they are replaced when an article's provenance is recomputed.
PROVENANCE_FLAG_CODES = ("copied", "patchwork", "attribution-stripped", "headline-unsupported")

#: Tables written by the run (migrations 0004 and 0007).
PROVENANCE_TABLES = (
    "provenance_articles",
    "sentence_signatures",
    "band_postings",
    "sentence_donors",
    "article_relations",
    "article_stories",
    "stories",
)

LANGUAGE = "en"

_MIN = datetime.min
_MAX = datetime.max

_CANDIDATES_SQL = """
    SELECT a.id, a.published, a.ingested_at,
           md5(concat_ws('|', a.content_hash, coalesce(a.title, ''),
                         coalesce(CAST(a.published AS VARCHAR), ''), s.spans)) AS input_hash
    FROM articles a
    JOIN (SELECT article_id, string_agg(start || '-' || "end", ',' ORDER BY idx) AS spans
          FROM sentences GROUP BY article_id) s ON s.article_id = a.id
    WHERE a.language = ?
"""


@dataclass(kw_only=True)
class ProvenanceSummary:
    """What one provenance run did."""

    processed: int = 0
    recomputed: int = 0
    reason: str | None = None
    kinds: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    new_stories: int = 0
    stories_touched: int = 0
    indexed_articles: int = 0
    stories: int = 0
    elapsed_s: float = 0.0
    replayed: int = 0  # processed articles replayed through the story clusterer

    def as_dict(self) -> dict[str, object]:
        return {
            "processed": self.processed,
            "recomputed": self.recomputed,
            "reason": self.reason,
            "relation_kinds": dict(sorted(self.kinds.items())),
            "flags": dict(sorted(self.flags.items())),
            "new_stories": self.new_stories,
            "stories_touched": self.stories_touched,
            "indexed_articles": self.indexed_articles,
            "stories": self.stories,
            "elapsed_s": round(self.elapsed_s, 3),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class _Candidate:
    article_id: str
    published: datetime | None  # naive UTC, as stored
    ingested_at: datetime
    input_hash: str

    @property
    def key(self) -> tuple[bool, datetime, datetime, str]:
        return (self.published is None, self.published or _MIN, self.ingested_at, self.article_id)


@dataclass(kw_only=True, slots=True)
class _StoryDelta:
    """What one batch adds to one story's row."""

    new: bool
    first_article_id: str
    title: str | None
    n_articles: int = 0
    independent: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def add(self, published: datetime | None, counted: bool) -> None:
        self.n_articles += 1
        self.independent += counted
        if published is not None:
            self.first = published if self.first is None else min(self.first, published)
            self.last = published if self.last is None else max(self.last, published)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Text:
    text: str
    title: str | None
    spans: tuple[tuple[int, int], ...]


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> int:
    row = con.execute(sql, list(params)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _texts(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, _Text]:
    rows = con.execute(
        'SELECT a.id, a.text, a.title, list(s.start ORDER BY s.idx), list(s."end" ORDER BY s.idx) '
        "FROM articles a JOIN sentences s ON s.article_id = a.id "
        "WHERE a.id IN (SELECT unnest(?::VARCHAR[])) GROUP BY a.id, a.text, a.title",
        [list(ids)],
    ).fetchall()
    return {
        str(aid): _Text(
            text=str(text),
            title=title,
            spans=tuple((int(s), int(e)) for s, e in zip(starts, ends, strict=True)),
        )
        for aid, text, title, starts, ends in rows
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in the table's column order) in one statement."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    holes = ", ".join(f"unnest(?::{_TYPES[table][i]}[])" for i in range(len(columns)))
    con.execute(f"INSERT INTO {table} SELECT {holes}", [list(c) for c in columns])


_TYPES = {
    "sentence_donors": ("VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "INTEGER", "DOUBLE"),
    "article_relations": (
        "VARCHAR",
        "VARCHAR",
        "INTEGER",
        "VARCHAR",
        "DOUBLE",
        "DOUBLE",
        "INTEGER[]",
    ),
    "flags": ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER"),
    "stories": ("VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "TIMESTAMP", "TIMESTAMP", "VARCHAR"),
}


def _digest(items: Sequence[_Candidate]) -> str:
    """Hash of the ids and input hashes of ``items``, in order."""
    h = hashlib.sha1()
    for c in items:
        h.update(f"{c.article_id}\t{c.input_hash}\n".encode())
    return h.hexdigest()


def _batches(items: Sequence[_Candidate], size: int) -> Iterator[Sequence[_Candidate]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


def _sentence_index(prov: ArticleProvenance, start: int) -> int | None:
    for sentence in prov.sentences:
        if sentence.span.start == start:
            return sentence.index
    return None


def _flag_rows(
    prov: ArticleProvenance, flags: Sequence[Flag]
) -> list[tuple[str, str, str, str, str | None, int | None, int | None]]:
    """One article-level row per code, plus sentence-level rows for stripped credits."""
    aid = prov.article_id
    rows: list[tuple[str, str, str, str, str | None, int | None, int | None]] = []
    by_code: dict[str, list[Flag]] = {}
    for flag in flags:
        by_code.setdefault(flag.code, []).append(flag)
    for code, group in by_code.items():
        if code == "attribution-stripped":
            per_sentence = [f for f in group if f.span is not None]
            whole = [f for f in group if f.span is None]
            detail = whole[0].detail if whole else None
            if per_sentence:
                counted = f"{len(per_sentence)} copied sentences drop the credit of their source"
                detail = f"{detail}; {counted}" if detail else counted
            rows.append((aid, "article", aid, code, detail, None, None))
            for flag in per_sentence:
                assert flag.span is not None  # filtered above
                index = _sentence_index(prov, flag.span.start)
                target = f"{aid}:{index}" if index is not None else aid
                rows.append(
                    (aid, "sentence", target, code, flag.detail, flag.span.start, flag.span.end)
                )
        else:
            flag = group[0]
            span = flag.span
            rows.append(
                (
                    aid,
                    "article",
                    aid,
                    code,
                    flag.detail,
                    span.start if span else None,
                    span.end if span else None,
                )
            )
    return rows


class _Run:
    """State of one provenance run over a store."""

    def __init__(
        self,
        store: Store,
        *,
        index_settings: IndexSettings | None,
        relation_settings: RelationSettings | None,
        headline_settings: HeadlineSettings | None,
        cluster_settings: ClusterSettings | None,
    ) -> None:
        self.store = store
        self.con = store.con
        index_settings = index_settings or IndexSettings()
        self.fingerprints = DuckDBFingerprintStore(
            self.con, max_postings=index_settings.max_postings
        )
        self.index = SentenceIndex(self.fingerprints, settings=index_settings)
        self.relation_settings = relation_settings
        self.headline_settings = headline_settings
        self.cluster_settings = cluster_settings or ClusterSettings()
        self.clusterer = StoryClusterer(self.cluster_settings, retain_closed=False)

    # ------------------------------------------------------------ planning

    def candidates(self) -> list[_Candidate]:
        rows = self.con.execute(_CANDIDATES_SQL, [LANGUAGE]).fetchall()
        found = [
            _Candidate(article_id=str(a), published=p, ingested_at=i, input_hash=str(h))
            for a, p, i, h in rows
        ]
        return sorted(found, key=lambda c: c.key)

    def processed(self) -> dict[str, str | None]:
        """Processed article ids and their input hashes, in processing order."""
        rows = self.con.execute(
            "SELECT article_id, input_hash FROM provenance_articles ORDER BY ingest_order"
        ).fetchall()
        return {str(a): h for a, h in rows}

    def remove(self, ids: Sequence[str], *, everything: bool = False) -> None:
        """Remove the results of ``ids`` (all articles with ``everything``) in one transaction,
        and refresh the stories they were in."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            if everything:
                for table in PROVENANCE_TABLES:
                    self.con.execute(f"DELETE FROM {table}")
                self.con.execute(
                    "DELETE FROM flags WHERE code IN (SELECT unnest(?::VARCHAR[]))",
                    [list(PROVENANCE_FLAG_CODES)],
                )
            else:
                wanted = list(ids)
                stories = [
                    str(r[0])
                    for r in self.con.execute(
                        "SELECT DISTINCT story_id FROM article_stories "
                        "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                        [wanted],
                    ).fetchall()
                ]
                self.con.execute(
                    "DELETE FROM band_postings WHERE ref >> 20 IN (SELECT ingest_order FROM "
                    "provenance_articles WHERE article_id IN (SELECT unnest(?::VARCHAR[])))",
                    [wanted],
                )
                for table in PROVENANCE_TABLES:
                    if table not in ("stories", "band_postings"):
                        self.con.execute(
                            f"DELETE FROM {table} WHERE article_id IN "
                            "(SELECT unnest(?::VARCHAR[]))",
                            [wanted],
                        )
                self.con.execute(
                    "DELETE FROM flags WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
                    "AND code IN (SELECT unnest(?::VARCHAR[]))",
                    [wanted, list(PROVENANCE_FLAG_CODES)],
                )
                self.refresh_stories(stories)
            self.con.execute("COMMIT")
        except duckdb.Error as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.store.path}: cannot remove provenance results: {e}") from e
        self.fingerprints.clear_cache()

    # ------------------------------------------------------------ stories

    def restore(self, done: Sequence[_Candidate], batch_size: int) -> int:
        """Bring the clusterer to the state after ``done``: load the saved state when it is the
        one of ``done``, else replay them. Return the number of articles replayed."""
        row = self.con.execute(
            "SELECT version, settings, n_articles, digest, state FROM story_state "
            "WHERE name = 'clusterer'"
        ).fetchone()
        if (
            row is not None
            and row[0] == STATE_VERSION
            and row[1] == repr(self.cluster_settings)
            and row[2] == len(done)
            and row[3] == _digest(done)
        ):
            try:
                self.clusterer = StoryClusterer.loads(bytes(row[4]))
                return 0
            except Exception as e:  # any unreadable state means: replay
                log.warning("story state unreadable (%s); replaying %d articles", e, len(done))
        self.replay(done, batch_size)
        return len(done)

    def save_state(self, processed: Sequence[_Candidate]) -> None:
        """Save the clusterer's state after ``processed`` (the processed articles, in order)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM story_state WHERE name = 'clusterer'")
            self.con.execute(
                "INSERT INTO story_state VALUES ('clusterer', ?, ?, ?, ?, ?, now()::TIMESTAMP)",
                [
                    STATE_VERSION,
                    repr(self.cluster_settings),
                    len(processed),
                    _digest(processed),
                    self.clusterer.dumps(),
                ],
            )
            self.con.execute("COMMIT")
        except duckdb.Error as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.store.path}: cannot save the story state: {e}") from e

    def replay(self, done: Sequence[_Candidate], batch_size: int) -> None:
        """Rebuild the clusterer's state from the processed articles, in processing order."""
        for batch in _batches(done, batch_size):
            texts = _texts(self.con, [c.article_id for c in batch])
            for c in batch:
                t = texts[c.article_id]
                self.clusterer.add(c.article_id, _aware(c.published), t.text, title=t.title)

    def refresh_stories(self, story_ids: Sequence[str]) -> None:
        if not story_ids:
            return
        ids = list(story_ids)
        members: dict[str, list[str]] = {}
        for story_id, article_id in self.con.execute(
            "SELECT s.story_id, s.article_id FROM article_stories s "
            "JOIN provenance_articles p USING (article_id) "
            "WHERE s.story_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY p.ingest_order",
            [ids],
        ).fetchall():
            members.setdefault(str(story_id), []).append(str(article_id))
        relations = load_relations(self.con, [a for group in members.values() for a in group])
        self.con.execute(
            "DELETE FROM stories WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        )
        rows = []
        for story_id, article_ids in members.items():
            summary = self.con.execute(
                "SELECT min(p.published), max(p.published) FROM provenance_articles p "
                "WHERE p.article_id IN (SELECT unnest(?::VARCHAR[]))",
                [article_ids],
            ).fetchone()
            first_pub, last_pub = summary if summary else (None, None)
            title_row = self.con.execute(
                "SELECT title FROM articles WHERE id = ?", [article_ids[0]]
            ).fetchone()
            rows.append(
                (
                    story_id,
                    article_ids[0],
                    len(article_ids),
                    independent_sources(article_ids, relations),
                    first_pub,
                    last_pub,
                    title_row[0] if title_row else None,
                )
            )
        _insert(self.con, "stories", rows)

    def apply_story_deltas(self, deltas: dict[str, _StoryDelta]) -> None:
        """Write what a batch added to its stories: new rows, and counts added to old ones."""
        new = [
            (sid, d.first_article_id, d.n_articles, d.independent, d.first, d.last, d.title)
            for sid, d in deltas.items()
            if d.new
        ]
        _insert(self.con, "stories", new)
        grown = [(sid, d) for sid, d in deltas.items() if not d.new]
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
                    [sid for sid, _ in grown],
                    [d.n_articles for _, d in grown],
                    [d.independent for _, d in grown],
                    [d.first for _, d in grown],
                    [d.last for _, d in grown],
                ],
            )

    # ------------------------------------------------------------ one article

    def process(
        self,
        c: _Candidate,
        t: _Text,
        order: int,
        summary: ProvenanceSummary,
        deltas: dict[str, _StoryDelta],
    ) -> tuple[str, bool]:
        aid = c.article_id
        published = _aware(c.published)
        prov = self.index.query_article(
            aid, published, t.text, t.spans, t.title, ingest_order=order
        )
        rel = relate(prov, settings=self.relation_settings)
        support = headline_support(
            aid, published, t.text, t.spans, t.title, settings=self.headline_settings
        )
        flags = [*rel.flags, *headline_flags(support, t.spans)]
        self.index.add_article(aid, published, t.text, t.spans, ingest_order=order)
        self.con.execute(
            "UPDATE provenance_articles SET input_hash = ?, kind = ?, copied_share = ?, "
            "matchable = ?, headline_supported = ? WHERE article_id = ?",
            [
                c.input_hash,
                rel.kind.value if rel.kind else None,
                rel.copied_share,
                rel.matchable,
                support.supported,
                aid,
            ],
        )
        # Nothing of this article is stored yet: the run removed the results of every article
        # it processes again (``remove``) before processing it.
        donors = [
            (aid, s.index, rank, d.article_id, d.sentence_index, d.similarity)
            for s in prov.sentences
            for rank, d in enumerate(s.donors)
        ]
        _insert(self.con, "sentence_donors", donors)
        relations = [
            (aid, r.donor_id, rank, r.kind.value, r.score, r.similarity, list(r.sentences))
            for rank, r in enumerate(rel.relations)
        ]
        _insert(self.con, "article_relations", relations)
        flag_rows = _flag_rows(prov, flags)
        _insert(self.con, "flags", flag_rows)
        assignment = self.clusterer.add(aid, published, t.text, title=t.title)
        story_id = assignment.story_id
        delta = deltas.get(story_id)
        if delta is None:
            delta = deltas[story_id] = _StoryDelta(
                new=assignment.new_story, first_article_id=aid, title=t.title
            )
        delta.add(c.published, counts_as_source(rel, _StoryMembers(self.clusterer, story_id)))
        self.con.execute(
            "INSERT INTO article_stories VALUES (?, ?, ?) ON CONFLICT (article_id) DO UPDATE "
            "SET story_id = excluded.story_id, score = excluded.score",
            [aid, assignment.story_id, assignment.score],
        )
        if rel.kind is not None:
            summary.kinds[rel.kind.value] = summary.kinds.get(rel.kind.value, 0) + 1
        for code in dict.fromkeys(f.code for f in flags):
            summary.flags[code] = summary.flags.get(code, 0) + 1
        return assignment.story_id, assignment.new_story


class _StoryMembers:
    """The articles of one open story, as a container (``donor in members``)."""

    def __init__(self, clusterer: StoryClusterer, story_id: str) -> None:
        self.clusterer = clusterer
        self.story_id = story_id

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self.clusterer.story_of(article_id) == self.story_id


def load_relations(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]
) -> dict[str, ArticleRelations]:
    """The stored relations of ``article_ids`` (flags left out)."""
    if not article_ids:
        return {}
    ids = list(article_ids)
    by_article: dict[str, list[Relation]] = {}
    for aid, donor, kind, score, sim, sentences in con.execute(
        "SELECT article_id, donor_id, kind, score, similarity, sentences FROM article_relations "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, rank",
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
    for aid, kind, share, matchable in con.execute(
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


def run_provenance(
    store: Store,
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    index_settings: IndexSettings | None = None,
    relation_settings: RelationSettings | None = None,
    headline_settings: HeadlineSettings | None = None,
    cluster_settings: ClusterSettings | None = None,
) -> ProvenanceSummary:
    """Bring provenance, relations, flags and stories up to date with the store's articles.

    ``rebuild`` recomputes everything from scratch. ``settings`` gives the commit batch size
    (``store.batch_size``).
    """
    started = time.perf_counter()
    batch_size = settings.store.batch_size if settings is not None else 64
    run = _Run(
        store,
        index_settings=index_settings,
        relation_settings=relation_settings,
        headline_settings=headline_settings,
        cluster_settings=cluster_settings,
    )
    summary = ProvenanceSummary()
    try:
        candidates = run.candidates()
        by_id = {c.article_id: c for c in candidates}
        processed = run.processed()  # in processing order
        ids = list(processed)
        cut = 0 if rebuild else len(ids)
        reasons: list[str] = []
        if rebuild:
            reasons.append("rebuild requested")
        changed = [
            rank
            for rank, aid in enumerate(ids)
            if aid not in by_id or by_id[aid].input_hash != processed[aid]
        ]
        if changed:
            cut = min(cut, changed[0])
            reasons.append(f"{len(changed)} processed articles changed or left the store")
        kept_keys = [by_id[aid].key for aid in ids[:cut]]
        moved = {ids[rank] for rank in changed}
        placed = [c for c in candidates if c.article_id not in processed or c.article_id in moved]
        if placed and kept_keys and placed[0].key < kept_keys[-1]:
            cut = min(cut, bisect_right(kept_keys, placed[0].key))
            reasons.append("new articles come before processed ones")
        redo = set(ids[cut:])
        if redo:
            summary.recomputed = sum(1 for aid in redo if aid in by_id)
            summary.reason = "; ".join(reasons)
            log.info("recomputing %d processed articles: %s", len(redo), summary.reason)
            run.remove(ids[cut:], everything=cut == 0)
        done = [by_id[aid] for aid in ids[:cut]]
        new = sorted(
            [c for c in candidates if c.article_id not in processed or c.article_id in redo],
            key=lambda c: c.key,
        )
        if new:
            summary.replayed = run.restore(done, batch_size)
            order = run.fingerprints.max_ingest_order() + 1
            new_stories = 0
            touched_all: set[str] = set()
            for batch in _batches(new, batch_size):
                texts = _texts(run.con, [c.article_id for c in batch])
                run.index.preload(
                    [(texts[c.article_id].text, texts[c.article_id].spans) for c in batch]
                )
                deltas: dict[str, _StoryDelta] = {}
                run.con.execute("BEGIN TRANSACTION")
                try:
                    for c in batch:
                        _, is_new = run.process(c, texts[c.article_id], order, summary, deltas)
                        order += 1
                        new_stories += is_new
                    run.apply_story_deltas(deltas)
                    run.fingerprints.compact()
                    run.con.execute("COMMIT")
                except duckdb.Error as e:
                    run.con.execute("ROLLBACK")
                    raise StoreError(
                        f"{store.path}: provenance write failed, batch rolled back: {e}"
                    ) from e
                summary.processed += len(batch)
                touched_all.update(deltas)
                log.info("provenance: committed %d articles", len(batch))
            run.save_state([*done, *new])
            summary.new_stories = new_stories
            summary.stories_touched = len(touched_all)
        summary.indexed_articles = _scalar(run.con, "SELECT count(*) FROM provenance_articles")
        summary.stories = _scalar(run.con, "SELECT count(*) FROM stories")
    except duckdb.Error as e:
        raise StoreError(f"{store.path}: provenance run failed: {e}") from e
    summary.elapsed_s = time.perf_counter() - started
    return summary


# --------------------------------------------------------------------------- reads


def _missing_tables(store: Store, e: duckdb.Error) -> StoreError:
    return StoreError(
        f"{store.path}: no provenance tables in this store yet ({e}); "
        "run `eventwire provenance --update`"
    )


def find_article(store: Store, ref: str) -> str:
    """The id of the article ``ref`` names: an article id, a URL or a canonical URL."""
    row = store.con.execute(
        "SELECT id FROM articles WHERE id = ? OR url = ? OR canonical_url = ? "
        "OR rtrim(url, '/') = rtrim(?, '/') ORDER BY id = ? DESC LIMIT 1",
        [ref, ref, ref, ref, ref],
    ).fetchone()
    if row is None:
        raise EventwireError(f"no article {ref!r} in {store.path} (give an article id or a URL)")
    return str(row[0])


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value is not None and value.tzinfo is None else None


def article_provenance(store: Store, ref: str) -> dict[str, Any]:
    """An article's provenance as plain data: sentences with donors, relations, flags, story."""
    con = store.con
    article_id = find_article(store, ref)
    try:
        head = con.execute(
            "SELECT a.id, a.url, a.outlet, a.title, a.published, p.kind, p.copied_share, "
            "p.matchable, p.headline_supported, s.story_id, p.article_id IS NOT NULL "
            "FROM articles a LEFT JOIN provenance_articles p ON p.article_id = a.id "
            "LEFT JOIN article_stories s ON s.article_id = a.id WHERE a.id = ?",
            [article_id],
        ).fetchone()
        assert head is not None  # find_article found it
        text_row = con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        text = str(text_row[0]) if text_row else ""
        donors: dict[int, list[dict[str, Any]]] = {}
        for idx, donor, donor_sentence, sim, outlet, published in con.execute(
            "SELECT d.sentence_index, d.donor_id, d.donor_sentence, d.similarity, a.outlet, "
            "a.published FROM sentence_donors d JOIN articles a ON a.id = d.donor_id "
            "WHERE d.article_id = ? ORDER BY d.sentence_index, d.rank",
            [article_id],
        ).fetchall():
            donors.setdefault(int(idx), []).append(
                {
                    "article_id": donor,
                    "sentence_index": int(donor_sentence),
                    "similarity": float(sim),
                    "outlet": outlet,
                    "published": _iso(published),
                }
            )
        matchable = {
            int(r[0])
            for r in con.execute(
                "SELECT sentence_index FROM sentence_signatures WHERE article_id = ?",
                [article_id],
            ).fetchall()
        }
        sentences: list[dict[str, Any]] = []
        for idx, start, end in con.execute(
            'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            [article_id],
        ).fetchall():
            found = donors.get(int(idx), [])
            status = "copied" if found else "original" if int(idx) in matchable else "short"
            sentences.append(
                {
                    "index": int(idx),
                    "start": int(start),
                    "end": int(end),
                    "text": text[start:end],
                    "status": status,
                    "donors": found,
                }
            )
        relations = [
            {
                "donor_id": donor,
                "kind": kind,
                "score": float(score),
                "similarity": float(sim),
                "outlet": outlet,
                "published": _iso(published),
            }
            for donor, kind, score, sim, outlet, published in con.execute(
                "SELECT r.donor_id, r.kind, r.score, r.similarity, a.outlet, a.published "
                "FROM article_relations r JOIN articles a ON a.id = r.donor_id "
                "WHERE r.article_id = ? ORDER BY r.rank",
                [article_id],
            ).fetchall()
        ]
        flags = [
            {"target_kind": k, "target_id": t, "code": c, "detail": d}
            for k, t, c, d in con.execute(
                "SELECT target_kind, target_id, code, detail FROM flags WHERE article_id = ? "
                "AND code IN (SELECT unnest(?::VARCHAR[])) ORDER BY target_kind, target_id, code",
                [article_id, list(PROVENANCE_FLAG_CODES)],
            ).fetchall()
        ]
    except duckdb.CatalogException as e:
        raise _missing_tables(store, e) from e
    for sentence in sentences:
        target = f"{article_id}:{sentence['index']}"
        sentence["flags"] = [
            f["code"] for f in flags if f["target_kind"] == "sentence" and f["target_id"] == target
        ]
    earliest: dict[str, Any] | None = None
    for sentence in sentences:
        for donor in sentence["donors"][:1]:
            key = (donor["published"] is None, donor["published"] or "")
            if earliest is None or key < (
                earliest["published"] is None,
                earliest["published"] or "",
            ):
                earliest = donor
    return {
        "article_id": head[0],
        "url": head[1],
        "outlet": head[2],
        "title": head[3],
        "published": _iso(head[4]),
        "processed": bool(head[10]),
        "kind": head[5],
        "copied_share": head[6],
        "matchable": head[7],
        "headline_supported": head[8],
        "story_id": head[9],
        "earliest_source": (
            {k: earliest[k] for k in ("article_id", "outlet", "published")} if earliest else None
        ),
        "copied_from": [r["donor_id"] for r in relations],
        "relations": relations,
        "flags": flags,
        "sentences": sentences,
    }


def list_stories(store: Store, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Stories, largest first: counts, first and last published time, title."""
    try:
        rows = store.con.execute(
            "SELECT st.story_id, st.n_articles, st.independent_sources, st.first_published, "
            "st.last_published, st.title, st.first_article_id, "
            "(SELECT list(s.article_id ORDER BY p.ingest_order) FROM article_stories s "
            " JOIN provenance_articles p USING (article_id) WHERE s.story_id = st.story_id) "
            "FROM stories st "
            "ORDER BY st.n_articles DESC, st.first_published NULLS LAST, st.story_id "
            + ("LIMIT ?" if limit is not None else ""),
            [limit] if limit is not None else [],
        ).fetchall()
    except duckdb.CatalogException as e:
        raise _missing_tables(store, e) from e
    return [
        {
            "story_id": r[0],
            "n_articles": int(r[1]),
            "independent_sources": int(r[2]),
            "first_published": _iso(r[3]),
            "last_published": _iso(r[4]),
            "title": r[5],
            "first_article_id": r[6],
            "article_ids": list(r[7] or []),
        }
        for r in rows
    ]
