"""The provenance run over a store.

:func:`run_provenance` takes the English articles that have sentences and are not yet processed,
in the processing order (published time, undated last; then ``ingested_at``; then id), and for
each one, in one pass (:class:`~eventwire.provenance.article.ArticlePass`):

1. queries the persisted sentence index (:class:`DuckDBFingerprintStore`) for the donors of each
   sentence among the articles before it, and stores them (``sentence_donors``);
2. types and scores its relations to its donors (:func:`relate`, ``article_relations``) and
   checks its headline against its body (:func:`headline_support`);
3. replaces its provenance flags (``copied``, ``patchwork``, ``attribution-stripped``,
   ``headline-unsupported``; other flag codes are left alone) in ``flags``: one row per code
   with ``target_kind = 'article'``, plus one ``target_kind = 'sentence'`` row
   (``target_id = '<article id>:<sentence index>'``) per sentence whose credit was stripped;
4. adds its sentences to the index.

Stories are the next stage (:func:`eventwire.stories.run_stories`): it reads the relations
stored here.

Articles are committed in batches of ``store.batch_size``, each batch in one transaction, so a
run killed at any point keeps whole articles, and running it again finishes the job with the
result of an uninterrupted run.

Incremental updates (:mod:`eventwire.store.incremental`). A second run with no new article does
nothing. The results of an article depend only on the articles before it in the processing
order, so when new articles arrive only the processed articles that come after the earliest of
them (and those after any processed article whose text, title, published time or sentences
changed since, or that left the store) are removed and processed again, together with the new
ones, in order: the result is the one a first run over the whole store would give, table for
table. New articles published after everything processed cost only themselves; one published
earlier than all processed articles (or ``rebuild=True``) recomputes everything. Undated
articles come last in the order, so each update also redoes the undated articles already
processed.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from eventwire.provenance.article import ArticlePass
from eventwire.provenance.headline import HeadlineSettings
from eventwire.provenance.index import IndexSettings
from eventwire.provenance.join import IndexPart, JoinSettings, trace
from eventwire.provenance.prepare import ArticleInput, Prepared, Preparer
from eventwire.provenance.relations import RelationSettings
from eventwire.records import ArticleRelations, Flag
from eventwire.settings import Settings
from eventwire.stages import InlineWorkers, Tasks, Workers
from eventwire.store import Store
from eventwire.store.fingerprints import DuckDBFingerprintStore
from eventwire.store.incremental import (
    DEFAULT_BATCH_SIZE,
    Candidate,
    article_texts,
    batches,
    plan_run,
)
from eventwire.store.provenance import PROVENANCE_FLAG_CODES, PROVENANCE_TABLES

__all__ = [
    "PROVENANCE_FLAG_CODES",
    "PROVENANCE_TABLES",
    "ProvenanceSummary",
    "run_provenance",
]

log = logging.getLogger(__name__)

#: The language of the articles traced.
LANGUAGE = "en"


@dataclass(kw_only=True)
class ProvenanceSummary:
    """What one provenance run did."""

    processed: int = 0
    recomputed: int = 0
    reason: str | None = None
    kinds: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    indexed_articles: int = 0
    elapsed_s: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "processed": self.processed,
            "recomputed": self.recomputed,
            "reason": self.reason,
            "relation_kinds": dict(sorted(self.kinds.items())),
            "flags": dict(sorted(self.flags.items())),
            "indexed_articles": self.indexed_articles,
            "elapsed_s": round(self.elapsed_s, 3),
        }


#: Store batches in a partition of the join.
JOIN_BATCHES = 4

_Batch = tuple[Sequence[Candidate], list[ArticleInput]]


def _prepare(preparer: Preparer, item: _Batch) -> list[Prepared]:
    """A batch's articles prepared (runs on a worker)."""
    return preparer(item[1])


def _run_join(
    store: Store,
    step: ArticlePass,
    tasks: Tasks,
    new: Sequence[Candidate],
    first_order: int,
    batch_size: int,
    summary: ProvenanceSummary,
    partition_articles: int,
    staging: Path | None,
) -> None:
    """The run's new articles traced by the join (:mod:`eventwire.provenance.join`) on
    ``tasks``, their results written here a batch at a time, in order; ``staging``: a folder
    for the partitions' texts (see :func:`trace`)."""
    index = step.fingerprints
    starts = index.partition_starts(partition_articles)
    settings = JoinSettings(
        index=step.index.settings, relation=step.relation_settings, headline=step.headline_settings
    )
    log.info(
        "provenance: tracing %d articles as a join on %d workers (%d indexed partitions)",
        len(new),
        tasks.width,
        len(starts),
    )
    results = trace(
        tasks,
        settings,
        new,
        first_order=first_order,
        texts=lambda ids: article_texts(store, ids),
        indexed=_indexed(index, starts),
        indexed_starts=starts,
        partition_articles=partition_articles,
        staging=staging,
    )
    candidates = iter(new)
    for part in results:
        for lo in range(0, len(part), batch_size):
            batch = part[lo : lo + batch_size]
            with store.transaction("provenance write failed, batch rolled back"):
                for done in batch:
                    c = next(candidates)
                    if c.article_id != done.article_id:  # the join keeps the order it is given
                        raise RuntimeError(f"provenance join out of order at {c.article_id}")
                    index.append(done.article, done.sentences, done.keys, done.refs)
                    step.tables.write_result(
                        done.relations,
                        input_hash=c.input_hash,
                        headline_supported=done.headline_supported,
                        donors=done.donors,
                        flags=done.stored,
                    )
                    _count(summary, done.relations, done.stored)  # the same codes
                step.flush()
            summary.processed += len(batch)
            log.info("provenance: committed %d articles", len(batch))
    with store.transaction("cannot sort the band postings"):
        index.seal_all()


@contextmanager
def _staging(store: Store, settings: Settings | None) -> Iterator[Path | None]:
    """A folder beside a store file for the join's texts (when the workers read files:
    ``engine.read_on_workers``), removed afterwards; none for a store in memory."""
    if settings is None or not settings.engine.read_on_workers or store.path == ":memory:":
        yield None
        return
    db = Path(store.path).resolve()
    folder = db.with_name(f".{db.name}.provenance-join")
    shutil.rmtree(folder, ignore_errors=True)  # a run killed before its cleanup
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _indexed(
    index: DuckDBFingerprintStore, starts: Sequence[int]
) -> Callable[[Iterator[np.ndarray]], Iterator[IndexPart]]:
    """The store's indexed articles for the join, a partition at a time: only the postings of
    the new articles' keys and the rows of their sentences (``DuckDBFingerprintStore.held``)."""

    def parts(keys: Iterator[np.ndarray]) -> Iterator[IndexPart]:
        with index.held(keys) as read:
            for first, stop in zip(starts, [*starts[1:], None], strict=False):
                articles, sentences, held_keys, refs = read(first, stop)
                yield IndexPart(articles=articles, sentences=sentences, keys=held_keys, refs=refs)

    return parts


def _count(summary: ProvenanceSummary, rel: ArticleRelations, flags: Sequence[Flag]) -> None:
    if rel.kind is not None:
        summary.kinds[rel.kind.value] = summary.kinds.get(rel.kind.value, 0) + 1
    for code in dict.fromkeys(f.code for f in flags):
        summary.flags[code] = summary.flags.get(code, 0) + 1


def run_provenance(
    store: Store,
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    index_settings: IndexSettings | None = None,
    relation_settings: RelationSettings | None = None,
    headline_settings: HeadlineSettings | None = None,
    workers: Workers | Tasks | None = None,
    partition_articles: int | None = None,
) -> ProvenanceSummary:
    """Bring provenance, relations and flags up to date with the store's articles.

    ``rebuild`` recomputes everything from scratch. ``settings`` gives the commit batch size
    (``store.batch_size``). ``workers`` prepare the batches' articles (fingerprints, headline
    checks: :mod:`eventwire.provenance.prepare`) ahead of the pass, which queries the index and
    writes here; by default the preparing is done here too. Workers that run graphs of tasks
    (:class:`~eventwire.stages.Tasks`: a Dask cluster) trace the new articles as a join instead
    (:mod:`eventwire.provenance.join`), in partitions of ``partition_articles`` (by default
    :data:`JOIN_BATCHES` store batches), and only the writes are done here. The results are
    the same.
    """
    started = time.perf_counter()
    batch_size = settings.store.batch_size if settings is not None else DEFAULT_BATCH_SIZE
    step = ArticlePass(
        store,
        index_settings=index_settings,
        relation_settings=relation_settings,
        headline_settings=headline_settings,
    )
    tables = step.tables
    summary = ProvenanceSummary()
    with store.failures("provenance run failed"):
        plan = plan_run(tables.candidates(LANGUAGE), tables.processed(), rebuild=rebuild)
        if plan.removed:
            summary.recomputed = plan.recomputed
            summary.reason = plan.reason
            log.info("recomputing %d processed articles: %s", len(plan.removed), plan.reason)
            with store.transaction("cannot remove provenance results"):
                tables.remove(plan.removed, everything=plan.everything)
            step.fingerprints.clear_cache()
        order = step.fingerprints.max_ingest_order() + 1 if plan.new else 0

        def inputs() -> Iterator[_Batch]:
            for batch in batches(pending, batch_size):
                texts = article_texts(store, [c.article_id for c in batch])
                yield (
                    batch,
                    [
                        ArticleInput(
                            article_id=c.article_id, published=c.published, text=texts[c.article_id]
                        )
                        for c in batch
                    ],
                )

        pending = plan.new
        if isinstance(workers, Tasks) and pending:
            with _staging(store, settings) as staging:
                _run_join(
                    store,
                    step,
                    workers,
                    plan.new,
                    order,
                    batch_size,
                    summary,
                    partition_articles or JOIN_BATCHES * batch_size,
                    staging,
                )
            pending = ()
        mapper = workers if isinstance(workers, Workers) else InlineWorkers()
        ready = mapper.map_ordered(_prepare, step.preparer, inputs())
        for (batch, batch_inputs), prepared in ready:
            step.preload([a.text for a in batch_inputs], prepared)
            with store.transaction("provenance write failed, batch rolled back"):
                for c, a, p in zip(batch, batch_inputs, prepared, strict=True):
                    rel, flags = step.process(c, a.text, order, p.support)
                    order += 1
                    _count(summary, rel, flags)
                step.flush()
                step.fingerprints.compact()
            summary.processed += len(batch)
            log.info("provenance: committed %d articles", len(batch))
        summary.indexed_articles = tables.count()
    summary.elapsed_s = time.perf_counter() - started
    return summary
