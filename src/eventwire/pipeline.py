"""The ingest run: sources -> ingest -> normalise + language -> NLP -> extract -> store.

Everything streams. Documents are read, normalised and checked against the store in chunks;
the ones that need parsing go through a single ``nlp.pipe`` (with ``n_process`` workers), then
the claim extractors of ``extract.stages`` (in this process); a writer commits articles, their
claims and the rejected inputs in transactional batches. A run
killed at any point keeps every committed batch, and running it again skips what is stored and
finishes the job, giving the same final store as an uninterrupted run.

Identity and updates: an article's id comes from its canonical URL, or from its text when it has
no URL (:mod:`eventwire.normalise`). When an id comes again:

* same text: metadata the store lacks (title, byline, published time...) is filled in; if nothing
  is new the article counts as *already stored*;
* different text: the longer text is kept (ties broken by content hash, so the outcome does not
  depend on input order), its claims recomputed, and the other version's metadata merged in.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import islice
from typing import BinaryIO

import httpx

from eventwire.extract import check_extractors, extract_claims
from eventwire.ingest import read_sources
from eventwire.nlp import annotate_doc, load_pipeline, model_name, pipe_texts
from eventwire.normalise import normalise
from eventwire.records import Article, Rejection
from eventwire.settings import Settings
from eventwire.stages import register_stage
from eventwire.store import Store, WriteItem

__all__ = ["IngestSummary", "merge_metadata", "run_ingest"]

log = logging.getLogger(__name__)

register_stage(
    "ingest",
    version=1,
    assigns=("raw.text", "raw.metadata"),
    description="Read files, folders, HTML, JSONL, RSS/Atom, WARC, URLs and stdin",
)(read_sources)
register_stage(
    "normalise",
    version=1,
    requires=("raw.text",),
    assigns=("article.text", "article.id", "article.language", "article.dateline"),
    description="Clean text, strip boilerplate, parse datelines, canonical URL, id, language",
)(normalise)
register_stage(
    "nlp",
    version=1,
    requires=("article.text", "article.language"),
    assigns=("sentences", "entities"),
    description="spaCy sentences and named entities with character offsets",
)(annotate_doc)

# Article fields that a later sighting of the same article may fill in when the store lacks them.
_MERGEABLE = ("url", "canonical_url", "outlet", "domain", "title", "byline", "published")


@dataclass(kw_only=True)
class IngestSummary:
    """What one ingest run did. ``rejections`` lists every rejected input with its reason."""

    read: int = 0
    ingested: int = 0
    updated: int = 0
    already_stored: int = 0
    parsed: int = 0
    words_parsed: int = 0
    skipped_language: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
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
            "elapsed_s": round(self.elapsed_s, 3),
            "rejections": [
                {"source": r.source, "locator": r.locator, "reason": r.code, "message": r.message}
                for r in self.rejections
            ],
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
        summary: IngestSummary,
        on_skip: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.on_skip = on_skip
        self.languages = set(settings.nlp.languages)
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


def run_ingest(
    sources: Sequence[str],
    *,
    settings: Settings,
    store: Store,
    fetch: bool = False,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
    on_document: Callable[[], None] | None = None,
) -> IngestSummary:
    """Ingest ``sources`` into ``store`` and return what happened.

    ``on_document`` is called once per document read (for progress display).
    """
    started = time.perf_counter()
    stages = settings.extract.stages
    check_extractors(stages)
    nlp = load_pipeline(settings.nlp.model)
    model = model_name(nlp)
    summary = IngestSummary()
    planner = _Planner(store, settings, summary, on_skip=on_document)
    raw = read_sources(sources, settings=settings, fetch=fetch, client=client, stdin=stdin)
    planned = planner.plan(normalise(raw, settings=settings))

    def texts() -> Iterator[tuple[str, _Planned | Rejection]]:
        # Everything goes through one pipe so order is kept; what needs no parse sends "".
        for item in planned:
            if isinstance(item, _Planned) and item.parse:
                yield item.article.text, item
            else:
                yield "", item

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
            elif p.action == "new" or p.text_changed:
                summary.skipped_language[p.article.language or "unknown"] += 1
        summary.rejections.extend(rejections)
        items.clear()
        actions.clear()
        rejections.clear()

    batch = settings.store.batch_size
    for doc, ctx in pipe_texts(
        texts(), nlp=nlp, batch_size=settings.nlp.batch_size, n_process=settings.nlp.n_process
    ):
        if isinstance(ctx, Rejection):
            rejections.append(ctx)
            log.warning("rejected %s: %s (%s)", ctx.where(), ctx.message, ctx.code)
        else:
            annotations = None
            if ctx.parse:
                annotations = annotate_doc(doc, article_id=ctx.article.id, model=model)
                if stages:
                    claims = extract_claims(doc, ctx.article, stages=stages)
                    annotations = replace(annotations, claims=claims)
            items.append(
                WriteItem(
                    article=ctx.article, annotations=annotations, text_changed=ctx.text_changed
                )
            )
            actions.append(ctx)
        if on_document is not None:
            on_document()
        if len(items) + len(rejections) >= batch:
            commit()
    commit()
    summary.elapsed_s = time.perf_counter() - started
    return summary
