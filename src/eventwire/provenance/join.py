"""Provenance as a join: the results of the sequential pass, computed by a graph of tasks.

The sequential pass (:mod:`eventwire.provenance.run`) takes the articles one by one in the
processing order, queries the index for each sentence's donors and adds the article to the
index. Nothing in an article's result depends on an earlier article's *result*, only on the
earlier articles' sentences, so the same answers come out of a join of the sentences with
themselves, in four steps that each need only a part of the corpus:

1. **map** (one task per partition of articles, contiguous in the processing order): each new
   article's fingerprints and headline check (:class:`~eventwire.provenance.prepare.Preparer`)
   and its index rows; the postings (band key, sentence) split into buckets by key. The
   articles already indexed in the store come in partitions of their own, read from its tables:
   only the postings of the keys the new articles have, and the rows of their sentences.
2. **pair** (one task per key bucket): each key's postings sorted by sentence; a key holds its
   first ``max_postings`` sentences, as the index holds them; every posting of a new article is
   paired with the held postings of its key that belong to articles indexed before it. The
   pairs are split by the partition of the earlier sentence.
3. **attach** (one task per partition): the pairs of the partition's sentences, counted over
   keys and kept when a pair shares ``min_shared_bands`` keys, each with the earlier sentence's
   row and its article's row; split by the partition of the later sentence.
4. **verify** (one task per partition of new articles): each sentence's candidates go through
   the order filter, the signature prefilter and the similarity of
   :meth:`SentenceIndex.donors`; then relations, flags and headline flags as the sequential
   pass makes them (:func:`relate`, :func:`stored_flags`).

Each step is a plain function of its inputs, so the graph runs on any :class:`Tasks`: a Dask
cluster (:class:`eventwire.engine.cluster.DaskEngine`), where each step runs where its inputs
are and only the verified results come back to the process that writes the store, or here
(:class:`~eventwire.stages.InlineTasks`, for tests). The answers are those of the sequential
pass, table for table (``tests/provenance/test_join.py``, ``tests/engine/test_dask_engine.py``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.provenance.article import donor_rows, stored_flags
from eventwire.provenance.attribution import dateline_agency
from eventwire.provenance.headline import HeadlineSettings, headline_flags
from eventwire.provenance.index import (
    ArticleProvenance,
    ArticleRow,
    IndexSettings,
    SentenceIndex,
    SentenceRow,
    order_key,
)
from eventwire.provenance.prepare import ArticleInput, Prepared, Preparer, fingerprinter
from eventwire.provenance.relations import RelationSettings, relate
from eventwire.records import ArticleRelations, Flag
from eventwire.stages import Tasks
from eventwire.store.incremental import ArticleText, Candidate
from eventwire.store.provenance import DonorRow
from eventwire.store.segments import SENTENCE_BITS

__all__ = [
    "DEFAULT_PARTITION_ARTICLES",
    "IndexPart",
    "JoinSettings",
    "Layout",
    "Traced",
    "trace",
]

#: Articles in a partition of the join.
DEFAULT_PARTITION_ARTICLES = 512

_INPUTS = pa.schema(
    [
        ("article_id", pa.string()),
        ("published", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("starts", pa.list_(pa.int64())),
        ("ends", pa.list_(pa.int64())),
    ]
)

_Candidates = list[tuple[int, SentenceRow, ArticleRow]]  # (later sentence's ref, row, article)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@dataclass(frozen=True, kw_only=True, slots=True)
class JoinSettings:
    """The settings of the pass the join reproduces."""

    index: IndexSettings
    relation: RelationSettings | None = None
    headline: HeadlineSettings | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Layout:
    """Where rows go: partitions by ingest order (``starts``: the first ingest order of each,
    ascending), band keys into ``buckets`` by key."""

    starts: tuple[int, ...]
    first_new: int
    buckets: int

    def partition(self, orders: np.ndarray) -> np.ndarray:
        """The partition of each ingest order."""
        return np.searchsorted(np.asarray(self.starts, dtype=np.int64), orders, side="right") - 1


@dataclass(frozen=True, kw_only=True, slots=True)
class IndexPart:
    """Articles already indexed, as read from the store: the input of a map task."""

    articles: list[ArticleRow]
    sentences: list[SentenceRow]
    keys: np.ndarray
    refs: np.ndarray


@dataclass(frozen=True, kw_only=True, slots=True)
class Part:
    """One partition's articles as the join needs them (what a map task makes)."""

    articles: dict[int, ArticleRow]  # by ingest order
    sentences: dict[int, SentenceRow]  # by ref (ingest order << 20 | sentence index)
    keys: np.ndarray  # the postings, by bucket
    refs: np.ndarray
    offsets: np.ndarray  # bucket b's postings are [offsets[b], offsets[b + 1])
    inputs: list[ArticleInput]  # new articles only, in order, from ingest order ``first``
    prepared: list[Prepared]
    first: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Pairs:
    """Candidate pairs (later sentence, earlier sentence) of one key bucket, by the earlier
    sentence's partition (``offsets``); a pair appears once per key its sentences share."""

    later: np.ndarray
    earlier: np.ndarray
    offsets: np.ndarray


@dataclass(frozen=True, kw_only=True, slots=True)
class Traced:
    """One new article's results and index rows, ready to write."""

    article_id: str
    relations: ArticleRelations
    stored: list[Flag]  # its flags as stored (one per code, plus sentence-level credits)
    donors: list[DonorRow]
    headline_supported: bool | None
    article: ArticleRow
    sentences: list[SentenceRow]
    keys: list[int]
    refs: list[int]


# --------------------------------------------------------------------------- the steps


def _by_bucket(
    layout: Layout, keys: np.ndarray, refs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    bucket = np.mod(keys, layout.buckets)
    order = np.argsort(bucket, kind="stable")
    offsets = np.searchsorted(bucket[order], np.arange(layout.buckets + 1), side="left")
    return keys[order], refs[order], offsets


def write_inputs(path: Path, inputs: Sequence[ArticleInput]) -> None:
    """A partition's articles as a Parquet file that a map task reads (:func:`read_inputs`), so
    that the task's input is a path, not the texts; written whole or not at all."""
    table = pa.table(
        {
            "article_id": [a.article_id for a in inputs],
            "published": [a.published.isoformat() if a.published else None for a in inputs],
            "text": [a.text.text for a in inputs],
            "title": [a.text.title for a in inputs],
            "starts": [[start for start, _ in a.text.spans] for a in inputs],
            "ends": [[end for _, end in a.text.spans] for a in inputs],
        },
        schema=_INPUTS,
    )
    partial = path.with_name(path.name + ".partial")
    pq.write_table(table, partial)
    os.replace(partial, path)


def read_inputs(path: str) -> list[ArticleInput]:
    """The articles :func:`write_inputs` wrote to ``path``."""
    rows = pq.read_table(path, schema=_INPUTS).to_pylist()
    return [
        ArticleInput(
            article_id=r["article_id"],
            published=datetime.fromisoformat(r["published"]) if r["published"] else None,
            text=ArticleText(
                text=r["text"],
                title=r["title"],
                spans=tuple(zip(r["starts"], r["ends"], strict=True)),
            ),
        )
        for r in rows
    ]


def map_new(
    settings: JoinSettings, layout: Layout, first: int, inputs: list[ArticleInput] | str
) -> Part:
    """Step 1 for new articles, ingest orders from ``first`` on (``inputs``: the articles, or
    the path of the file :func:`write_inputs` wrote them to)."""
    if isinstance(inputs, str):
        inputs = read_inputs(inputs)
    prepared = Preparer(index_settings=settings.index, headline_settings=settings.headline)(inputs)
    articles: dict[int, ArticleRow] = {}
    sentences: dict[int, SentenceRow] = {}
    keys: list[int] = []
    refs: list[int] = []
    for offset, (a, p) in enumerate(zip(inputs, prepared, strict=True)):
        order = first + offset
        base = order << SENTENCE_BITS
        article, rows, bands = SentenceIndex.rows_from(
            a.article_id, _aware(a.published), a.text.text, p.fingerprints, ingest_order=order
        )
        articles[order] = article
        for row in rows:
            sentences[base | row.sentence_index] = row
        keys += [b.key for b in bands]
        refs += [base | b.sentence_index for b in bands]
    k, r, offsets = _by_bucket(
        layout, np.asarray(keys, dtype=np.int64), np.asarray(refs, dtype=np.int64)
    )
    return Part(
        articles=articles,
        sentences=sentences,
        keys=k,
        refs=r,
        offsets=offsets,
        inputs=inputs,
        prepared=prepared,
        first=first,
    )


def map_indexed(layout: Layout, part: IndexPart) -> Part:
    """Step 1 for articles already indexed."""
    k, r, offsets = _by_bucket(layout, part.keys, part.refs)
    orders = {a.article_id: a.ingest_order for a in part.articles}
    return Part(
        articles={a.ingest_order: a for a in part.articles},
        sentences={
            (orders[row.article_id] << SENTENCE_BITS) | row.sentence_index: row
            for row in part.sentences
        },
        keys=k,
        refs=r,
        offsets=offsets,
        inputs=[],
        prepared=[],
        first=-1,
    )


def keys_of(part: Part) -> np.ndarray:
    """The distinct band keys of a partition's postings."""
    return np.unique(part.keys)


def postings(part: Part, bucket: int) -> tuple[np.ndarray, np.ndarray]:
    """One bucket's postings of a partition."""
    lo, hi = int(part.offsets[bucket]), int(part.offsets[bucket + 1])
    return part.keys[lo:hi], part.refs[lo:hi]


def pair(layout: Layout, max_postings: int, *pieces: tuple[np.ndarray, np.ndarray]) -> Pairs:
    """Step 2 over one key bucket's postings from every partition."""
    n_parts = len(layout.starts)
    keys = np.concatenate([k for k, _ in pieces]) if pieces else np.empty(0, np.int64)
    refs = np.concatenate([r for _, r in pieces]) if pieces else np.empty(0, np.int64)
    if keys.size:
        order = np.lexsort((refs, keys))
        keys, refs = keys[order], refs[order]
        distinct = np.ones(keys.size, dtype=bool)
        distinct[1:] = (keys[1:] != keys[:-1]) | (refs[1:] != refs[:-1])
        keys, refs = keys[distinct], refs[distinct]
    n = keys.size
    if n == 0:
        empty = np.empty(0, np.int64)
        return Pairs(later=empty, earlier=empty, offsets=np.zeros(n_parts + 1, np.int64))
    orders = refs >> SENTENCE_BITS
    new_key = np.ones(n, dtype=bool)
    new_key[1:] = keys[1:] != keys[:-1]
    key_start = np.flatnonzero(new_key)[np.cumsum(new_key) - 1]
    new_article = new_key.copy()
    new_article[1:] |= orders[1:] != orders[:-1]
    article_start = np.flatnonzero(new_article)[np.cumsum(new_article) - 1]
    # a key's held sentences are its first max_postings; a posting of a new article is paired
    # with those of them that come before its own article's postings of the key
    held_end = key_start + max_postings if max_postings > 0 else np.full(n, n, np.int64)
    count = np.maximum(np.minimum(article_start, held_end) - key_start, 0)
    count[orders < layout.first_new] = 0
    total = int(count.sum())
    later_at = np.repeat(np.arange(n), count)
    within = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    earlier_at = np.repeat(key_start, count) + within
    later, earlier = refs[later_at], refs[earlier_at]
    part = layout.partition(earlier >> SENTENCE_BITS)
    order = np.argsort(part, kind="stable")
    offsets = np.searchsorted(part[order], np.arange(n_parts + 1), side="left")
    return Pairs(later=later[order], earlier=earlier[order], offsets=offsets)


def pairs_in(pairs: Pairs, part: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of one bucket whose earlier sentence is in partition ``part``."""
    lo, hi = int(pairs.offsets[part]), int(pairs.offsets[part + 1])
    return pairs.later[lo:hi], pairs.earlier[lo:hi]


def attach(
    layout: Layout, min_shared: int, part: Part, *pieces: tuple[np.ndarray, np.ndarray]
) -> dict[int, _Candidates]:
    """Step 3 for the pairs whose earlier sentence is in ``part``: by the later sentence's
    partition, the kept candidates with their rows."""
    later = np.concatenate([p[0] for p in pieces]) if pieces else np.empty(0, np.int64)
    earlier = np.concatenate([p[1] for p in pieces]) if pieces else np.empty(0, np.int64)
    if later.size == 0:
        return {}
    order = np.lexsort((earlier, later))
    later, earlier = later[order], earlier[order]
    first = np.ones(later.size, dtype=bool)
    first[1:] = (later[1:] != later[:-1]) | (earlier[1:] != earlier[:-1])
    starts = np.flatnonzero(first)
    shared = np.diff(np.append(starts, later.size))
    kept = starts[shared >= min_shared]
    later, earlier = later[kept], earlier[kept]
    out: dict[int, _Candidates] = {}
    targets = layout.partition(later >> SENTENCE_BITS)
    for q, t, target in zip(later.tolist(), earlier.tolist(), targets.tolist(), strict=True):
        row = part.sentences.get(t)
        article = part.articles.get(t >> SENTENCE_BITS)
        if row is not None and article is not None:
            out.setdefault(target, []).append((q, row, article))
    return out


def targets_of(attached: dict[int, _Candidates]) -> list[int]:
    """The partitions an attach task has candidates for."""
    return sorted(attached)


def candidates_for(attached: dict[int, _Candidates], part: int) -> _Candidates:
    """An attach task's candidates for the sentences of partition ``part``."""
    return attached.get(part, [])


def verify(settings: JoinSettings, part: Part, *pieces: _Candidates) -> list[Traced]:
    """Step 4: the results of a partition's new articles, in order."""
    index = fingerprinter(settings.index)
    found: dict[int, list[tuple[SentenceRow, ArticleRow]]] = {}
    for piece in pieces:
        for q, row, article in piece:
            found.setdefault(q, []).append((row, article))
    out = []
    for offset, (a, p) in enumerate(zip(part.inputs, part.prepared, strict=True)):
        order = part.first + offset
        base = order << SENTENCE_BITS
        published = _aware(a.published)
        own = order_key(published, order)
        text = a.text
        prov = ArticleProvenance(
            article_id=a.article_id,
            published=published,
            ingest_order=order,
            text=text.text,
            title=text.title,
            agency=dateline_agency(text.text),
            sentences=tuple(
                index.sentence_provenance(
                    fp, index.donors(fp, found.get(base | fp.index, []), own) if fp.keys else ()
                )
                for fp in p.fingerprints
            ),
        )
        rel = relate(prov, settings=settings.relation)
        flags = [*rel.flags, *headline_flags(p.support, text.spans)]
        with_keys = [fp for fp in p.fingerprints if fp.keys]
        out.append(
            Traced(
                article_id=a.article_id,
                relations=rel,
                stored=stored_flags(prov, flags),
                donors=donor_rows(prov),
                headline_supported=p.support.supported,
                article=part.articles[order],
                sentences=[part.sentences[base | fp.index] for fp in with_keys],
                keys=[key for fp in with_keys for key in fp.keys],
                refs=[base | fp.index for fp in with_keys for _ in fp.keys],
            )
        )
    return out


# --------------------------------------------------------------------------- the graph


def trace(
    tasks: Tasks,
    settings: JoinSettings,
    new: Sequence[Candidate],
    *,
    first_order: int,
    texts: Callable[[list[str]], dict[str, ArticleText]],
    indexed: Callable[[Iterator[np.ndarray]], Iterable[IndexPart]] | None = None,
    indexed_starts: Sequence[int] = (),
    partition_articles: int = DEFAULT_PARTITION_ARTICLES,
    buckets: int | None = None,
    staging: Path | None = None,
) -> Iterator[list[Traced]]:
    """The results of the ``new`` articles (in the processing order, ingest orders from
    ``first_order`` on), a partition of them at a time, in order.

    ``texts`` reads articles' texts by id (here, a partition at a time). ``indexed`` gives the
    articles already indexed, a partition at a time (``indexed_starts``: the first ingest order
    of each, all below ``first_order``), from the band keys of the new articles (one array per
    new partition, taken here one at a time): it need give only the postings of those keys (each
    key's first ``max_postings``) and the rows of their sentences, since no other stored
    sentence can be a candidate. With ``staging`` (a folder every worker can read) each new
    partition's articles are written there (:func:`write_inputs`) and its map task is given the
    path, so that the texts do not travel in the tasks (a Dask scheduler keeps a task's inputs
    until the run ends).
    """
    size = max(1, partition_articles)
    parts = [list(new[i : i + size]) for i in range(0, len(new), size)]
    starts = (*indexed_starts, *(first_order + i * size for i in range(len(parts))))
    n_parts = len(starts)
    if buckets is None:
        buckets = max(2 * tasks.width, math.ceil(n_parts / 4))
    layout = Layout(starts=tuple(starts), first_new=first_order, buckets=max(1, buckets))
    fresh = []
    for number, batch in enumerate(parts):
        got = texts([c.article_id for c in batch])
        inputs = [
            ArticleInput(article_id=c.article_id, published=c.published, text=got[c.article_id])
            for c in batch
        ]
        staged: list[ArticleInput] | str = inputs
        if staging is not None:
            target = staging / f"part-{number:06d}.parquet"
            write_inputs(target, inputs)
            staged = str(target)
        fresh.append(tasks.submit(map_new, settings, layout, first_order + number * size, staged))
    maps = []
    if indexed_starts:
        if indexed is None:
            raise ValueError("indexed partitions are announced but not given")
        keys = (tasks.result(tasks.submit(keys_of, m)) for m in fresh)
        maps = [tasks.submit(map_indexed, layout, chunk) for chunk in indexed(keys)]
        if len(maps) != len(indexed_starts):
            raise ValueError("indexed partitions and their starts differ in number")
    maps += fresh
    paired = [
        tasks.submit(
            pair,
            layout,
            settings.index.max_postings,
            *(tasks.submit(postings, m, bucket) for m in maps),
        )
        for bucket in range(layout.buckets)
    ]
    attached = [
        tasks.submit(
            attach,
            layout,
            settings.index.min_shared_bands,
            maps[r],
            *(tasks.submit(pairs_in, p, r) for p in paired),
        )
        for r in range(n_parts)
    ]
    del paired
    feed = [set(tasks.result(tasks.submit(targets_of, a))) for a in attached]
    verified = [
        tasks.submit(
            verify,
            settings,
            maps[s],
            *(tasks.submit(candidates_for, attached[r], s) for r in range(n_parts) if s in feed[r]),
        )
        for s in range(len(indexed_starts), n_parts)
    ]
    del attached, maps
    for number in range(len(verified)):
        handle, verified[number] = verified[number], None
        yield tasks.result(handle)
