"""The run: one pipeline from sources to stored claims, then the passes over the store.

:func:`run_pipeline` runs the stages of the ``pipeline.stages`` setting (checked first, see
:mod:`eventwire.stages`):

1. per article, streaming: the ``read`` stage (ingest) yields raw documents and rejected inputs,
   the ``document`` stage (normalise) turns them into articles, which are checked against the
   store in chunks (:class:`_Planner`); those that need parsing go through the ``parse`` stage
   (one ``nlp.pipe`` with ``n_process`` workers), then the ``extract`` stages in order
   (:func:`eventwire.extract.extract_claims`); a writer commits articles, their claims and the
   rejected inputs in transactional batches;
2. then each ``store`` stage (provenance...) brings its tables up to date with the stored
   articles, committing in batches of its own.

A run killed at any point keeps every committed batch, and running it again skips what is stored
and finishes the job, giving the same final store as an uninterrupted run.

Identity and updates: an article's id comes from its canonical URL, or from its text when it has
no URL (:mod:`eventwire.normalise`). When an id comes again:

* same text: metadata the store lacks (title, byline, published time...) is filled in; if nothing
  is new the article counts as *already stored*;
* different text: the longer text is kept (ties broken by content hash, so the outcome does not
  depend on input order), its claims recomputed, and the other version's metadata merged in.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from itertools import islice
from typing import Any, BinaryIO, Protocol, TypeVar

import httpx
from spacy.tokens import Doc

from eventwire.errors import ConfigError
from eventwire.extract import extract_claims
from eventwire.nlp import MAX_PART_CHARS, annotate_doc, load_nlp, model_name
from eventwire.records import Annotations, Article, Rejection
from eventwire.settings import Settings
from eventwire.stages import Pipeline, StageKind, WorkersOnly
from eventwire.store import Store, WriteItem
from eventwire.workers import PoolWorkers, Workers, pooled_annotations

__all__ = [
    "ArticleProcessor",
    "Engine",
    "LocalEngine",
    "RunSummary",
    "StoreStageSummary",
    "merge_metadata",
    "run_pipeline",
    "run_store_stages",
]

log = logging.getLogger(__name__)

C = TypeVar("C")

# Article fields that a later sighting of the same article may fill in when the store lacks them.
_MERGEABLE = ("url", "canonical_url", "outlet", "domain", "title", "byline", "published")


class StoreStageSummary(Protocol):
    """What a ``store`` stage returns: a summary that reads as plain data."""

    def as_dict(self) -> dict[str, object]: ...


@dataclass(kw_only=True)
class RunSummary:
    """What one run did. ``rejections`` lists every rejected input with its reason; ``passes``
    holds what each ``store`` stage did, by stage name."""

    read: int = 0
    ingested: int = 0
    updated: int = 0
    already_stored: int = 0
    parsed: int = 0
    words_parsed: int = 0
    parsed_in_parts: int = 0  # texts longer than nlp.MAX_PART_CHARS, parsed in parts
    skipped_language: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    passes: dict[str, StoreStageSummary] = field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def rejected_by_reason(self) -> dict[str, int]:
        return dict(Counter(r.code for r in self.rejections).most_common())

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "ingested": self.ingested,
            "updated": self.updated,
            "already_stored": self.already_stored,
            "rejected": self.rejected,
            "rejected_by_reason": self.rejected_by_reason(),
            "skipped_language": sum(self.skipped_language.values()),
            "skipped_language_by_language": dict(self.skipped_language.most_common()),
            "parsed": self.parsed,
            "words_parsed": self.words_parsed,
            "parsed_in_parts": self.parsed_in_parts,
            "elapsed_s": round(self.elapsed_s, 3),
            "rejections": [
                {"source": r.source, "locator": r.locator, "reason": r.code, "message": r.message}
                for r in self.rejections
            ],
            **{name: summary.as_dict() for name, summary in self.passes.items()},
        }


def merge_metadata(base: Article, other: Article) -> Article:
    """``base`` with the metadata it lacks taken from ``other`` (text and id untouched)."""
    changes = {
        name: getattr(other, name)
        for name in _MERGEABLE
        if getattr(base, name) is None and getattr(other, name) is not None
    }
    return replace(base, **changes) if changes else base


def _wins(new: Article, old: Article) -> bool:
    return (len(new.text), new.content_hash) > (len(old.text), old.content_hash)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Planned:
    """An article on its way to the writer: what to write and whether to parse it."""

    article: Article
    action: str  # "new" | "updated"
    parse: bool
    text_changed: bool


def _same_record(a: Article, b: Article) -> bool:
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(Article))


class _Planner:
    """Decides, chunk by chunk, what each normalised article means for the store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        summary: RunSummary,
        on_skip: Callable[[], None] | None = None,
        parse: bool = True,
    ) -> None:
        self.store = store
        self.on_skip = on_skip
        # Without a parse stage nothing is parsed, whatever the language.
        self.languages = set(settings.nlp.languages) if parse else set()
        self.chunk = settings.store.batch_size
        self.summary = summary
        # Articles planned but not yet committed (latest version, sightings in flight), so
        # duplicates inside one run are merged with each other rather than with the store.
        self.pending: dict[str, Article] = {}
        self.in_flight: Counter[str] = Counter()

    def plan(self, stream: Iterable[Article | Rejection]) -> Iterator[_Planned | Rejection]:
        it = iter(stream)
        while chunk := list(islice(it, self.chunk)):
            ids = [a.id for a in chunk if isinstance(a, Article) and a.id not in self.pending]
            stored = self.store.stored_articles(ids)
            out: list[_Planned | Rejection] = []
            for item in chunk:
                self.summary.read += 1
                if isinstance(item, Rejection):
                    out.append(item)
                    continue
                planned = self._plan_one(item, stored)
                if planned is None:
                    self.summary.already_stored += 1
                    if self.on_skip is not None:
                        self.on_skip()
                    continue
                self.pending[item.id] = planned.article
                self.in_flight[item.id] += 1
                out.append(planned)
            yield from out

    def committed(self, article_id: str) -> None:
        self.in_flight[article_id] -= 1
        if self.in_flight[article_id] <= 0:
            del self.in_flight[article_id]
            self.pending.pop(article_id, None)

    def _plan_one(self, new: Article, stored: dict[str, Article]) -> _Planned | None:
        old = self.pending.get(new.id) or stored.get(new.id)
        parse = new.language in self.languages
        if old is None:
            return _Planned(article=new, action="new", parse=parse, text_changed=False)
        if old.content_hash != new.content_hash and _wins(new, old):
            merged = merge_metadata(new, old)
            return _Planned(article=merged, action="updated", parse=parse, text_changed=True)
        merged = merge_metadata(old, new)
        if _same_record(merged, old):
            return None
        return _Planned(article=merged, action="updated", parse=False, text_changed=False)


@dataclass(frozen=True, slots=True)
class ArticleProcessor:
    """The stages that work on one normalised article: the parse stage, then every extract stage.

    It is what the run applies to each article, and what every ``eval`` command applies to each
    gold text, so that what is scored is what is stored. Picklable (the stages travel by name,
    the settings as data): in another process or a Dask worker it loads the spaCy pipeline once
    per process (:func:`eventwire.nlp.load_nlp` caches it).
    """

    pipeline: Pipeline
    settings: Settings

    @classmethod
    def from_settings(cls, settings: Settings) -> ArticleProcessor:
        return cls(Pipeline.from_settings(settings), settings)

    def with_settings(self, settings: Settings) -> ArticleProcessor:
        """The same stages with other ``settings``."""
        return ArticleProcessor(self.pipeline, settings)

    def upto(self, name: str) -> ArticleProcessor:
        """This processor with only the stages up to ``name`` (what scoring ``name`` needs)."""
        return ArticleProcessor(self.pipeline.upto(name), self.settings)

    @property
    def parses(self) -> bool:
        return self.pipeline.one(StageKind.PARSE) is not None

    def parse(self, items: Iterable[tuple[str, C]]) -> Iterator[tuple[Doc, C]]:
        """``(text, context)`` pairs through the parse stage, order and context kept."""
        stage = self.pipeline.one(StageKind.PARSE)
        if stage is None:
            raise ConfigError(f"pipeline {', '.join(self.pipeline.names)} has no parse stage")
        parsed: Iterator[tuple[Doc, C]] = stage.load()(items, settings=self.settings)
        return parsed

    def annotate(self, doc: Doc, article: Article) -> Annotations:
        """Sentences, entities and the claims of every extract stage of a parsed article."""
        annotations = annotate_doc(
            doc, article_id=article.id, model=model_name(load_nlp(self.settings))
        )
        extractors = self.pipeline.of_kind(StageKind.EXTRACT)
        if not extractors:
            return annotations
        return replace(annotations, claims=extract_claims(doc, article, stages=extractors))

    def __call__(self, article: Article) -> Annotations:
        """One article parsed and annotated."""
        ((doc, _),) = list(self.parse([(article.text, None)]))
        return self.annotate(doc, article)


def normalised(
    pipeline: Pipeline, settings: Settings, raw: Iterable[object]
) -> Iterator[Article | Rejection]:
    """The read stage's output ``raw`` through the pipeline's document stage."""
    document = pipeline.one(StageKind.DOCUMENT)
    assert document is not None  # check_pipeline requires it
    documents: Iterator[Article | Rejection] = document.load()(raw, settings=settings)
    return documents


class Engine(Protocol):
    """What reads the sources into normalised articles, and turns planned articles into their
    annotations (parse and every extract stage)."""

    def documents(
        self,
        pipeline: Pipeline,
        settings: Settings,
        sources: Sequence[str],
        *,
        fetch: bool = False,
        client: httpx.Client | None = None,
        stdin: BinaryIO | None = None,
    ) -> Iterator[Article | Rejection]:
        """The normalised articles and rejections of ``sources``, in the order the read stage
        gives them (the read and document stages of ``pipeline``)."""
        ...

    def annotated(
        self, processor: ArticleProcessor, work: Iterable[tuple[Article | None, C]]
    ) -> Iterator[tuple[Annotations | None, C]]:
        """For each ``(article, context)`` in order, the article's annotations (None when the
        article is None: nothing to parse) with its context, in the same order."""
        ...


class LocalEngine:
    """Documents read and annotations made here: the read and document stages in this process,
    then, with ``nlp.n_process`` 1, one ``nlp.pipe`` and the extract stages in this process
    (everything goes through the one pipe so order is kept; what needs no parse sends an empty
    text); with more, that many worker processes that parse and extract partitions of articles,
    taken back in order (:mod:`eventwire.workers`)."""

    def documents(
        self,
        pipeline: Pipeline,
        settings: Settings,
        sources: Sequence[str],
        *,
        fetch: bool = False,
        client: httpx.Client | None = None,
        stdin: BinaryIO | None = None,
    ) -> Iterator[Article | Rejection]:
        read = pipeline.one(StageKind.READ)
        assert read is not None  # check_pipeline requires it
        raw = read.load()(sources, settings=settings, fetch=fetch, client=client, stdin=stdin)
        return normalised(pipeline, settings, raw)

    def annotated(
        self, processor: ArticleProcessor, work: Iterable[tuple[Article | None, C]]
    ) -> Iterator[tuple[Annotations | None, C]]:
        if not processor.parses:
            for _, ctx in work:
                yield None, ctx
            return
        workers = processor.settings.nlp.n_process
        if workers > 1:
            engine = processor.settings.engine
            yield from pooled_annotations(
                processor,
                work,
                workers=workers,
                partition_size=engine.partition_size,
                in_flight=engine.in_flight,
            )
            return
        texts = ((a.text if a is not None else "", (a, ctx)) for a, ctx in work)
        for doc, (article, ctx) in processor.parse(texts):
            yield (processor.annotate(doc, article) if article is not None else None), ctx


def run_pipeline(
    sources: Sequence[str],
    *,
    settings: Settings,
    store: Store,
    pipeline: Pipeline | None = None,
    fetch: bool = False,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
    on_document: Callable[[], None] | None = None,
    engine: Engine | None = None,
) -> RunSummary:
    """Run ``pipeline`` (default: the ``pipeline.stages`` setting) over ``sources`` into
    ``store`` and return what happened.

    ``on_document`` is called once per document read (for progress display). ``engine`` parses
    and annotates the articles (default: :class:`LocalEngine`, in this process and its
    ``nlp.n_process`` workers; :mod:`eventwire.engine` has the Dask one).
    """
    started = time.perf_counter()
    pipeline = pipeline or Pipeline.from_settings(settings)
    summary = RunSummary()
    _ingest(sources, pipeline, settings, store, summary, fetch, client, stdin, on_document, engine)
    with _store_workers(engine, settings) as workers:
        summary.passes = run_store_stages(
            store, settings=settings, pipeline=pipeline, workers=workers
        )
    summary.elapsed_s = time.perf_counter() - started
    return summary


def run_store_stages(
    store: Store,
    *,
    settings: Settings,
    pipeline: Pipeline | None = None,
    rebuild: bool = False,
    workers: Workers | None = None,
) -> dict[str, StoreStageSummary]:
    """Bring the tables of each ``store`` stage of ``pipeline`` (default: the ``pipeline.stages``
    setting) up to date with the stored articles, in order; ``rebuild`` recomputes them from
    scratch. What each did, by stage name.

    ``workers`` (:class:`eventwire.workers.Workers`) are handed to the stages whose function
    takes a ``workers`` argument, for the part of their work that needs one article at a time.
    """
    pipeline = pipeline or Pipeline.from_settings(settings)
    passes: dict[str, StoreStageSummary] = {}
    for stage in pipeline.of_kind(StageKind.STORE):
        log.info("running %s over the store", stage.key)
        run = stage.load()
        extra: dict[str, Any] = {}
        if workers is not None and "workers" in inspect.signature(run).parameters:
            extra["workers"] = workers
        passes[stage.name] = run(store, settings=settings, rebuild=rebuild, **extra)
    return passes


@contextmanager
def _store_workers(engine: Engine | None, settings: Settings) -> Iterator[Workers | None]:
    """The workers of the run's store stages: the Dask engine's cluster (seen as workers only
    when ``engine.provenance_join`` is off), a fresh pool of ``nlp.n_process`` processes, or none
    (the stages do everything here)."""
    if isinstance(engine, Workers):
        yield engine if settings.engine.provenance_join else WorkersOnly(engine)
    elif settings.nlp.n_process > 1:
        with PoolWorkers(settings.nlp.n_process, in_flight=settings.engine.in_flight) as pool:
            yield pool
    else:
        yield None


def _ingest(
    sources: Sequence[str],
    pipeline: Pipeline,
    settings: Settings,
    store: Store,
    summary: RunSummary,
    fetch: bool,
    client: httpx.Client | None,
    stdin: BinaryIO | None,
    on_document: Callable[[], None] | None,
    engine: Engine | None = None,
) -> None:
    """The per-article part of the run: read, normalise, plan, parse, extract, write."""
    engine = engine or LocalEngine()
    processor = ArticleProcessor(pipeline, settings)
    planner = _Planner(store, settings, summary, on_skip=on_document, parse=processor.parses)
    documents = engine.documents(
        pipeline, settings, sources, fetch=fetch, client=client, stdin=stdin
    )
    planned = planner.plan(documents)

    def work() -> Iterator[tuple[Article | None, _Planned | Rejection]]:
        for item in planned:
            yield (item.article if isinstance(item, _Planned) and item.parse else None), item

    annotated = engine.annotated(processor, work())
    items: list[WriteItem] = []
    actions: list[_Planned] = []
    rejections: list[Rejection] = []

    def commit() -> None:
        store.write_batch(items, rejections)
        if items or rejections:
            log.info("committed %d articles, %d rejected inputs", len(items), len(rejections))
        for p in actions:
            planner.committed(p.article.id)
            if p.action == "new":
                summary.ingested += 1
            else:
                summary.updated += 1
            if p.parse:
                summary.parsed += 1
                summary.words_parsed += p.article.word_count
                summary.parsed_in_parts += len(p.article.text) > MAX_PART_CHARS
            elif p.action == "new" or p.text_changed:
                summary.skipped_language[p.article.language or "unknown"] += 1
        summary.rejections.extend(rejections)
        items.clear()
        actions.clear()
        rejections.clear()

    batch = settings.store.batch_size
    for found, ctx in annotated:
        if isinstance(ctx, Rejection):
            rejections.append(ctx)
            log.warning("rejected %s: %s (%s)", ctx.where(), ctx.message, ctx.code)
        else:
            items.append(
                WriteItem(article=ctx.article, annotations=found, text_changed=ctx.text_changed)
            )
            actions.append(ctx)
        if on_document is not None:
            on_document()
        if len(items) + len(rejections) >= batch:
            commit()
    commit()
