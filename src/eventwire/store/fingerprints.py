"""The sentence index persisted in a store: a :class:`FingerprintStore` over DuckDB tables.

Rows live in ``provenance_articles`` and ``sentence_signatures`` (migration ``0004_provenance``)
and ``band_postings`` (migration ``0007_band_postings``). Writes join the caller's transaction
(:meth:`eventwire.store.Store.transaction`): this class never begins or commits one, so an
article's index rows are committed together with its results.

Band keys. Each posting is a band key and a sentence (``ref = ingest order << 20 | sentence
index``), held in memory by a :class:`~eventwire.store.segments.KeyTable`. Postings are written
to the tail (segment 0) one article at a time; :meth:`DuckDBFingerprintStore.compact`, which the
provenance run calls before each commit, sorts the tail into a segment once it holds
``tail_postings`` postings and merges the newest segments while the older is at most twice the
size of the newer, so segment sizes double and a store of N postings holds about
log2(N / tail_postings) segments (a log-structured merge). A run reads the segments as they are,
already sorted (no sort, no join), and finds the sentences of a key by a binary search in each
segment, whatever the size of the store. A key held by many sentences (a boilerplate line) keeps
only its first ``max_postings`` sentences in ingest order, the earliest carriers, so the
candidates of a sentence are bounded (at most ``bands * max_postings``).

Sentence rows. Candidates are verified against their sentence rows (tokens and signature). The
last ``cached_rows`` rows written or read stay in memory; a run starts by reading the rows of the
latest articles (``warm_rows``), since a wire story's reprints arrive within days of it, and
:meth:`SentenceIndex.preload` reads the rows of a whole batch's candidates in one query, so a
batch of 64 articles costs one scan of ``sentence_signatures`` for the older donors it has (one
query per article would scan the table once per article).

Memory. The segments grow with the store: 16 bytes a posting, 32 postings a sentence, so about
6 KB for an article of 12 sentences (60 MB for 10,000 articles, 600 MB for 100,000), plus the
article rows (about 150 bytes an article) and the row cache. Reading them is one scan a run.
A store far beyond 100,000 articles would want the segments memory-mapped or the lookup bounded
to a time window.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from eventwire.store.db import Store
from eventwire.store.segments import SENTENCE_BITS, KeyTable, Segment
from eventwire.store.sql import insert_rows

__all__ = [
    "DEFAULT_MAX_POSTINGS",
    "DEFAULT_TAIL_POSTINGS",
    "ArticleRow",
    "BandRow",
    "DuckDBFingerprintStore",
    "SentenceRow",
]

_SENTENCE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("tokens", pa.string()),
        ("signature", pa.binary()),
        ("credits", pa.string()),
    ]
)
_POSTING_SCHEMA = pa.schema([("segment", pa.int32()), ("key", pa.int64()), ("ref", pa.int64())])

#: Postings in the tail before a run sorts them into a segment.
DEFAULT_TAIL_POSTINGS = 20_000


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


#: Sentences held per band key: a key shared by more (boilerplate) keeps its first ones.
DEFAULT_MAX_POSTINGS = 48


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleRow:
    """One indexed article (table ``provenance_articles``)."""

    article_id: str
    published: datetime | None
    ingest_order: int
    n_sentences: int
    agency: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceRow:
    """One indexed sentence (table ``sentence_signatures``).

    ``tokens`` are the normalised matching tokens joined by spaces; ``signature`` the MinHash
    values as little-endian uint32; ``credits`` the attribution credits, ``|``-joined.
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    tokens: str
    signature: bytes
    credits: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class BandRow:
    """One LSH band key of one sentence (a posting of table ``band_postings``)."""

    article_id: str
    sentence_index: int
    band: int
    key: int


#: Indexed articles for the provenance join: article rows, sentence rows, postings (keys, refs).
IndexedRows = tuple[list[ArticleRow], list[SentenceRow], np.ndarray, np.ndarray]


class DuckDBFingerprintStore:
    """A :class:`~eventwire.provenance.index.FingerprintStore` over a DuckDB connection."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        max_postings: int = DEFAULT_MAX_POSTINGS,
        cached_rows: int = 100_000,
        warm_rows: int = 30_000,
        tail_postings: int = DEFAULT_TAIL_POSTINGS,
    ) -> None:
        self.con = con
        self.max_postings = max_postings
        self.cached_rows = cached_rows
        self.warm_rows = min(warm_rows, cached_rows)
        self.tail_postings = tail_postings
        # sentence rows recently written or read, least recently used first
        self._cache: OrderedDict[tuple[str, int], SentenceRow] = OrderedDict()
        self._rows: dict[tuple[str, int], SentenceRow] = {}
        self._articles: dict[str, ArticleRow] = {}
        self._all_articles = False  # whether _articles holds every indexed article
        self._warmed = False
        self._by_key: dict[int, set[tuple[str, int]]] = {}
        self._keys: KeyTable | None = None
        # rows put and not written yet (:meth:`flush`)
        self._pending_articles: list[ArticleRow] = []
        self._pending_sentences: list[SentenceRow] = []
        self._pending_keys: list[int] = []
        self._pending_refs: list[int] = []

    @classmethod
    def for_store(cls, store: Store, **options: int) -> DuckDBFingerprintStore:
        """The index rows of ``store`` (``options``: those of the constructor)."""
        return cls(store.con, **options)

    # ---------------------------------------------------------------- writing

    def _remember(self, row: SentenceRow) -> None:
        ref = (row.article_id, row.sentence_index)
        self._cache[ref] = row
        self._cache.move_to_end(ref)
        if len(self._cache) > self.cached_rows:
            self._cache.popitem(last=False)

    def put(
        self, article: ArticleRow, sentences: Sequence[SentenceRow], bands: Sequence[BandRow]
    ) -> None:
        # with every article's row in memory a new article needs no removal; without, it may
        if article.article_id in self._articles or not self._all_articles:
            self.remove(article.article_id)
        self._pending_articles.append(article)
        self._pending_sentences += sentences
        base = article.ingest_order << SENTENCE_BITS
        self._pending_keys += [r.key for r in bands]
        self._pending_refs += [base | r.sentence_index for r in bands]
        self._articles[article.article_id] = article
        for row in sentences:
            self._remember(row)
        if self._keys is not None:
            held = self._keys.add(
                article.article_id, article.ingest_order, [(b.key, b.sentence_index) for b in bands]
            )
            for key, sentence_index in held:  # keep the looked-up keys current
                found = self._by_key.get(key)
                if found is not None:
                    found.add((article.article_id, sentence_index))

    def append(
        self,
        article: ArticleRow,
        sentences: Sequence[SentenceRow],
        keys: Sequence[int],
        refs: Sequence[int],
    ) -> None:
        """Put the rows of an article that is not indexed (the caller knows: a run that
        removed what it redoes), with its postings as band keys and refs, without looking
        anything up; written by the next :meth:`flush`. The postings go to the tail
        (:meth:`seal_all` sorts them)."""
        self._pending_articles.append(article)
        self._pending_sentences += sentences
        self._pending_keys += keys
        self._pending_refs += refs
        self._articles[article.article_id] = article
        self._keys = None
        self._by_key.clear()

    def seal_all(self) -> bool:
        """Sort every posting into one segment, each key keeping its first ``max_postings``
        refs, once the tail holds ``tail_postings`` (joins the caller's transaction); return
        whether it did. The sort runs in the database."""
        self.flush()
        row = self.con.execute("SELECT count(*) FROM band_postings WHERE segment = 0").fetchone()
        if row is None or int(row[0]) < self.tail_postings:
            return False
        top = self.con.execute("SELECT coalesce(max(segment), 0) FROM band_postings").fetchone()
        number = (int(top[0]) if top else 0) + 1
        self.con.execute(
            "CREATE TEMP TABLE sealed_postings AS SELECT ?::INTEGER AS segment, key, ref FROM ("
            " SELECT key, ref, row_number() OVER (PARTITION BY key ORDER BY ref) AS n"
            " FROM (SELECT DISTINCT key, ref FROM band_postings)) WHERE n <= ? ORDER BY key, ref",
            [number, self.max_postings if self.max_postings > 0 else 2**62],
        )
        self.con.execute("DELETE FROM band_postings")
        self.con.execute("INSERT INTO band_postings SELECT * FROM sealed_postings")
        self.con.execute("DROP TABLE sealed_postings")
        self._keys = None
        self._by_key.clear()
        return True

    def partition_starts(self, size: int) -> list[int]:
        """The first ingest order of each run of ``size`` indexed articles, in order."""
        self.flush()
        rows = self.con.execute(
            "SELECT ingest_order FROM (SELECT ingest_order, row_number() OVER "
            "(ORDER BY ingest_order) - 1 AS n FROM provenance_articles) WHERE n % ? = 0 "
            "ORDER BY ingest_order",
            [max(1, size)],
        ).fetchall()
        return [int(r[0]) for r in rows]

    @contextmanager
    def held(
        self, keys: Iterable[np.ndarray]
    ) -> Iterator[Callable[[int, int | None], IndexedRows]]:
        """For the band ``keys`` (arrays, taken one at a time into a temporary table), a reader
        of the indexed articles whose ingest order is in ``[first, stop)`` (``stop`` None: no
        end): the postings of those keys that a key holds (its first ``max_postings`` refs),
        the rows of their sentences and of their articles. The join runs in the database."""
        self.flush()
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE join_keys (key BIGINT)")
        for chunk in keys:
            new_keys = pa.table({"key": np.asarray(chunk, dtype=np.int64)})  # noqa: F841
            con.execute("INSERT INTO join_keys SELECT key FROM new_keys")
        limit = self.max_postings if self.max_postings > 0 else 2**62
        con.execute(
            "CREATE OR REPLACE TEMP TABLE join_held AS SELECT key, ref FROM ("
            " SELECT key, ref, row_number() OVER (PARTITION BY key ORDER BY ref) AS n FROM ("
            "  SELECT DISTINCT b.key, b.ref FROM band_postings b"
            "  WHERE b.key IN (SELECT key FROM join_keys))) WHERE n <= ?",
            [limit],
        )

        def read(first: int, stop: int | None) -> IndexedRows:
            lo = first << SENTENCE_BITS
            hi = (stop if stop is not None else 2**42) << SENTENCE_BITS
            data = con.execute(
                "SELECT key, ref FROM join_held WHERE ref >= ? AND ref < ? ORDER BY key, ref",
                [lo, hi],
            ).fetchnumpy()
            refs = np.asarray(data["ref"], dtype=np.int64)
            orders = sorted({int(r) >> SENTENCE_BITS for r in refs.tolist()})
            articles = [
                _article_row(row)
                for row in con.execute(
                    f"SELECT {_ARTICLE_COLUMNS} FROM provenance_articles "
                    "WHERE ingest_order IN (SELECT unnest(?::BIGINT[])) ORDER BY ingest_order",
                    [orders],
                ).fetchall()
            ]
            sentences = [
                _sentence_row(str(a), int(i), rest)
                for a, i, *rest in con.execute(
                    'SELECT s.article_id, s.sentence_index, s.start, s."end", s.tokens, '
                    "s.signature, s.credits FROM sentence_signatures s "
                    "JOIN provenance_articles p USING (article_id) "
                    f"WHERE ((p.ingest_order << {SENTENCE_BITS}) | s.sentence_index) IN "
                    "(SELECT DISTINCT ref FROM join_held WHERE ref >= ? AND ref < ?) "
                    "ORDER BY p.ingest_order, s.sentence_index",
                    [lo, hi],
                ).fetchall()
            ]
            return articles, sentences, np.asarray(data["key"], dtype=np.int64), refs

        try:
            yield read
        finally:
            con.execute("DROP TABLE IF EXISTS join_held")
            con.execute("DROP TABLE IF EXISTS join_keys")

    def flush(self) -> None:
        """Write the rows put since the last flush, in three statements for a whole batch of
        articles (joins the caller's transaction). Every read of the tables flushes first, so
        what was put is always what is read."""
        if self._pending_articles:
            rows = self._pending_articles
            insert_rows(
                self.con,
                "provenance_articles (article_id, published, ingest_order, n_sentences, agency)",
                ("VARCHAR", "TIMESTAMP", "BIGINT", "INTEGER", "VARCHAR"),
                [
                    (
                        a.article_id,
                        _naive_utc(a.published),
                        a.ingest_order,
                        a.n_sentences,
                        a.agency,
                    )
                    for a in rows
                ],
            )
        if self._pending_sentences:
            sentences = self._pending_sentences
            sentence_tbl = pa.table(  # noqa: F841 (read by DuckDB)
                {
                    "article_id": [r.article_id for r in sentences],
                    "sentence_index": [r.sentence_index for r in sentences],
                    "start": [r.start for r in sentences],
                    "end": [r.end for r in sentences],
                    "tokens": [r.tokens for r in sentences],
                    "signature": [r.signature for r in sentences],
                    "credits": [r.credits for r in sentences],
                },
                schema=_SENTENCE_SCHEMA,
            )
            self.con.execute("INSERT INTO sentence_signatures SELECT * FROM sentence_tbl")
        if self._pending_keys:
            band_tbl = pa.table(  # noqa: F841 (read by DuckDB)
                {
                    "segment": np.zeros(len(self._pending_keys), dtype=np.int32),
                    "key": np.asarray(self._pending_keys, dtype=np.int64),
                    "ref": np.asarray(self._pending_refs, dtype=np.int64),
                },
                schema=_POSTING_SCHEMA,
            )
            self.con.execute("INSERT INTO band_postings SELECT * FROM band_tbl")
        self._pending_articles, self._pending_sentences = [], []
        self._pending_keys, self._pending_refs = [], []

    def remove(self, article_id: str) -> None:
        self.flush()
        gone = self._articles.pop(article_id, None)
        self._rows.clear()
        self._by_key.clear()
        if gone is None:
            self._cache.clear()
        else:
            for index in range(gone.n_sentences):
                self._cache.pop((article_id, index), None)
        # the held keys are read again on the next lookup: the article may come back with the
        # same ingest order, and its old postings must not count for the new version
        self._keys = None
        if gone is not None:
            order: int | None = gone.ingest_order
        else:
            row = self.con.execute(
                "SELECT ingest_order FROM provenance_articles WHERE article_id = ?", [article_id]
            ).fetchone()
            order = None if row is None else int(row[0])
        if order is not None:
            self.con.execute(
                "DELETE FROM band_postings WHERE ref >= ? AND ref < ?",
                [order << SENTENCE_BITS, (order + 1) << SENTENCE_BITS],
            )
        for table in ("sentence_signatures", "provenance_articles"):
            self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])

    def compact(self) -> None:
        """Sort the tail of the postings into a segment once it holds ``tail_postings``, then
        merge the newest segments while the older of the last two is at most twice the size
        of the newer (segment sizes then double, and a store of N postings has about
        log2(N / tail_postings) of them). Joins the caller's transaction; call it before a
        commit. Each posting is rewritten about once per doubling: the cost of a write stays a
        logarithm of the store."""
        table = self._keys
        if table is None or table.n_added < self.tail_postings:
            return
        self._write_segment(table.seal(), replaces=[0])
        while len(table.segments) >= 2 and (
            len(table.segments[-2].keys) <= 2 * len(table.segments[-1].keys)
        ):
            older, newer = table.segments[-2], table.segments[-1]
            merged = table.merge_last()
            self._write_segment(merged, replaces=[older.number, newer.number])

    def _write_segment(self, segment: Segment, *, replaces: list[int]) -> None:
        self.flush()
        self.con.execute(
            "DELETE FROM band_postings WHERE segment IN (SELECT unnest(?::INTEGER[]))", [replaces]
        )
        rows = pa.table(  # noqa: F841 (read by DuckDB)
            {
                "segment": np.full(len(segment.keys), segment.number, dtype=np.int32),
                "key": segment.keys,
                "ref": segment.refs,
            },
            schema=_POSTING_SCHEMA,
        )
        self.con.execute("INSERT INTO band_postings SELECT * FROM rows")

    def clear_cache(self) -> None:
        """Forget cached rows (after the tables were changed by someone else)."""
        self._articles.clear()
        self._all_articles = False
        self._warmed = False
        self._rows.clear()
        self._cache.clear()
        self._by_key.clear()
        self._keys = None

    # ---------------------------------------------------------------- reading

    def _load_articles(self) -> dict[int, str]:
        """Read every indexed article's row into memory (one query); return the ids by ingest
        order. About 150 bytes an article."""
        self.flush()
        rows = self.con.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM provenance_articles ORDER BY ingest_order, article_id"
        ).fetchall()
        self._articles = {str(row[0]): _article_row(row) for row in rows}
        self._all_articles = True
        return {int(r[2]): str(r[0]) for r in rows}

    def article(self, article_id: str) -> ArticleRow | None:
        cached = self._articles.get(article_id)
        if cached is not None or self._all_articles:
            return cached
        self.flush()
        row = self.con.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM provenance_articles WHERE article_id = ?",
            [article_id],
        ).fetchone()
        if row is None:
            return None
        found = _article_row(row)
        self._articles[article_id] = found
        return found

    def sentence(self, article_id: str, sentence_index: int) -> SentenceRow | None:
        cached = self._rows.get((article_id, sentence_index))
        if cached is not None:
            return cached
        self.flush()
        row = self.con.execute(
            'SELECT start, "end", tokens, signature, credits FROM sentence_signatures '
            "WHERE article_id = ? AND sentence_index = ?",
            [article_id, sentence_index],
        ).fetchone()
        return None if row is None else _sentence_row(article_id, sentence_index, row)

    def prefetch(self, keys: Iterable[int]) -> None:
        """Look up ``keys`` (every band key of one article) and keep the matches until the
        next write or prefetch."""
        wanted = list(dict.fromkeys(keys))
        self._rows.clear()
        if wanted and all(key in self._by_key for key in wanted):
            return  # looked up by an earlier prefetch (a preload), kept up to date by put
        self._by_key = {}
        if not wanted:
            return
        if self._keys is None:
            self._keys = KeyTable.from_postings(
                self._read_segments(), self._load_articles(), self.max_postings
            )
        self._by_key = dict(zip(wanted, self._keys.lookup(wanted), strict=True))

    def _read_segments(self) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """The stored segments, in segment order: ``(number, keys, refs)``."""
        self.flush()
        numbers = [
            int(r[0])
            for r in self.con.execute(
                "SELECT DISTINCT segment FROM band_postings ORDER BY segment"
            ).fetchall()
        ]
        out = []
        for number in numbers:
            data = self.con.execute(
                "SELECT key, ref FROM band_postings WHERE segment = ?", [number]
            ).fetchnumpy()
            keys = np.asarray(data["key"], dtype=np.int64)
            refs = np.asarray(data["ref"], dtype=np.int64)
            out.append((number, keys, refs))
        return out

    def load_rows(self, refs: Iterable[tuple[str, int]]) -> None:
        """Make the rows of ``refs`` answerable by :meth:`sentence` without a query each: from
        the row cache, the rest read in one query."""
        missing = {ref for ref in refs if not self._take(ref)}
        if not missing:
            return
        if not self._warmed:
            self._warm()
            missing = {ref for ref in missing if not self._take(ref)}
            if not missing:
                return
        self.flush()
        articles = sorted({article_id for article_id, _ in missing})
        rows = self.con.execute(
            'SELECT article_id, sentence_index, start, "end", tokens, signature, credits '
            "FROM sentence_signatures WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [articles],
        ).fetchall()
        for article_id, index, *rest in rows:
            ref = (str(article_id), int(index))
            if ref in missing:
                row = _sentence_row(ref[0], ref[1], rest)
                self._rows[ref] = row
                self._remember(row)

    def _take(self, ref: tuple[str, int]) -> bool:
        row = self._cache.get(ref)
        if row is None:
            return False
        self._cache.move_to_end(ref)
        self._rows[ref] = row
        return True

    def _warm(self) -> None:
        """Fill the row cache with the sentences of the most recently indexed articles, up to
        ``warm_rows``, in one query: the donors of a new article are mostly recent, and a new
        run starts with an empty cache."""
        self._warmed = True
        if not self._all_articles:
            self._load_articles()
        recent: list[str] = []
        n_rows = 0
        for row in sorted(self._articles.values(), key=lambda r: r.ingest_order, reverse=True):
            if n_rows + row.n_sentences > self.warm_rows:
                break
            recent.append(row.article_id)
            n_rows += row.n_sentences
        if not recent:
            return
        self.flush()
        rows = self.con.execute(
            'SELECT article_id, sentence_index, start, "end", tokens, signature, credits '
            "FROM sentence_signatures WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY article_id, sentence_index",
            [recent],
        ).fetchall()
        for article_id, index, *rest in rows:
            if (str(article_id), int(index)) not in self._cache:
                self._remember(_sentence_row(str(article_id), int(index), rest))

    def candidates(self, keys: Iterable[int]) -> set[tuple[str, int]]:
        wanted = list(dict.fromkeys(keys))
        if len(wanted) == 1 and wanted[0] in self._by_key:
            return self._by_key[wanted[0]]  # read-only for the caller, until the next lookup
        if all(key in self._by_key for key in wanted):
            return {ref for key in wanted for ref in self._by_key[key]}
        self.prefetch(wanted)
        return {ref for key in wanted for ref in self._by_key[key]}

    def max_ingest_order(self) -> int:
        self.flush()
        row = self.con.execute("SELECT max(ingest_order) FROM provenance_articles").fetchone()
        return int(row[0]) if row is not None and row[0] is not None else -1

    def __len__(self) -> int:
        self.flush()
        row = self.con.execute("SELECT count(*) FROM sentence_signatures").fetchone()
        return int(row[0]) if row else 0


#: The columns of ``provenance_articles`` that :func:`_article_row` reads, in its order.
_ARTICLE_COLUMNS = "article_id, published, ingest_order, n_sentences, agency"


def _article_row(row: Sequence[Any]) -> ArticleRow:
    article_id, published, order, n_sentences, agency = row
    return ArticleRow(
        article_id=str(article_id),
        published=_aware(published),
        ingest_order=int(order),
        n_sentences=int(n_sentences),
        agency=agency,
    )


def _sentence_row(article_id: str, index: int, row: Sequence[Any]) -> SentenceRow:
    start, end, toks, signature, credits = row
    return SentenceRow(
        article_id=article_id,
        sentence_index=index,
        start=int(start),
        end=int(end),
        tokens=str(toks),
        signature=bytes(signature),
        credits=str(credits),
    )
