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
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from eventwire.provenance.article import ArticlePass
from eventwire.provenance.headline import HeadlineSettings
from eventwire.provenance.index import IndexSettings
from eventwire.provenance.prepare import ArticleInput, Prepared, Preparer
from eventwire.provenance.relations import RelationSettings
from eventwire.settings import Settings
from eventwire.stages import InlineWorkers, Workers
from eventwire.store import Store
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


_Batch = tuple[Sequence[Candidate], list[ArticleInput]]


def _prepare(preparer: Preparer, item: _Batch) -> list[Prepared]:
    """A batch's articles prepared (runs on a worker)."""
    return preparer(item[1])


def run_provenance(
    store: Store,
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    index_settings: IndexSettings | None = None,
    relation_settings: RelationSettings | None = None,
    headline_settings: HeadlineSettings | None = None,
    workers: Workers | None = None,
) -> ProvenanceSummary:
    """Bring provenance, relations and flags up to date with the store's articles.

    ``rebuild`` recomputes everything from scratch. ``settings`` gives the commit batch size
    (``store.batch_size``). ``workers`` prepare the batches' articles (fingerprints, headline
    checks: :mod:`eventwire.provenance.prepare`) ahead of the pass, which queries the index and
    writes here; by default the preparing is done here too. The results are the same.
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
            for batch in batches(plan.new, batch_size):
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

        ready = (workers or InlineWorkers()).map_ordered(_prepare, step.preparer, inputs())
        for (batch, batch_inputs), prepared in ready:
            step.preload([a.text for a in batch_inputs], prepared)
            with store.transaction("provenance write failed, batch rolled back"):
                for c, a, p in zip(batch, batch_inputs, prepared, strict=True):
                    rel, flags = step.process(c, a.text, order, p.support)
                    order += 1
                    if rel.kind is not None:
                        summary.kinds[rel.kind.value] = summary.kinds.get(rel.kind.value, 0) + 1
                    for code in dict.fromkeys(f.code for f in flags):
                        summary.flags[code] = summary.flags.get(code, 0) + 1
                step.flush()
                step.fingerprints.compact()
            summary.processed += len(batch)
            log.info("provenance: committed %d articles", len(batch))
        summary.indexed_articles = tables.count()
    summary.elapsed_s = time.perf_counter() - started
    return summary
