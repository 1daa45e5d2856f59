"""The stories run over a store: the stage after provenance.

:func:`run_stories` takes the articles the provenance stage processed and that are not yet
assigned, in the processing order (published time, undated last; then ``ingested_at``; then id),
and assigns each one to a story (:class:`StoryClusterer`, ids from :func:`story_id_for`),
updating the row of that story: one more article, one more independent source when the article
is an origin of its own within the story (:func:`counts_as_source`: decided by its own stored
relations to earlier articles, so later members never change it), its first and last published
times. The work per article does not grow with the size of its story; stories that lose
articles (a recomputation) are recounted from their members (:func:`independent_sources`).

Articles are committed in batches of ``store.batch_size``, each batch in one transaction, so a
run killed at any point keeps whole articles, and running it again finishes the job with the
result of an uninterrupted run.

Incremental updates follow the provenance stage's (:mod:`eventwire.store.incremental`): a
second run with nothing new does nothing; an article's input hash covers its provenance input
hash and its stored relations, so an article whose provenance was recomputed with another result
is assigned again, and with it every article after it. New articles placed before assigned ones
redo those; ``rebuild=True`` redoes everything. The stories are then the ones a first run over
the whole store would give. A store from before the stage had its own bookkeeping (migration
0008) is assigned again from the start, with the same result.

The story clusterer's state is saved in the store (``story_clusterer_state``, JSON text, never
pickle) at the end of each run that assigned articles, tagged with its format version, the
cluster settings and a digest of the assigned articles (ids and input hashes, in order). The
next run loads it when all three match the articles it keeps, so new articles cost only
themselves; otherwise (another version or settings, a run killed before saving, a recomputation
that kept fewer articles, a state that does not read back) it replays the kept articles through a
fresh clusterer, in the same order, which rebuilds the same stories. Either way the result is the
one of a first run. Stories whose time window the stream has passed are dropped from the
clusterer, so the saved state holds the recent stories only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from eventwire.settings import Settings
from eventwire.stages import InlineWorkers, Workers
from eventwire.store import Store
from eventwire.store.incremental import (
    DEFAULT_BATCH_SIZE,
    ArticleText,
    Candidate,
    article_texts,
    batches,
    digest,
    plan_run,
)
from eventwire.store.provenance import ProvenanceTables
from eventwire.store.stories import SavedState, StoryAssignment, StoryGrowth, StoryRow, StoryTables
from eventwire.stories.cluster import STATE_VERSION, ClusterSettings, StoryClusterer
from eventwire.stories.languages import link_other_languages
from eventwire.stories.sources import counts_as_source, independent_sources
from eventwire.stories.vectors import Terms, extract_terms

__all__ = ["StoriesSummary", "article_terms", "recount_stories", "run_stories"]

log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class StoriesSummary:
    """What one stories run did."""

    processed: int = 0
    recomputed: int = 0
    reason: str | None = None
    new_stories: int = 0
    stories_touched: int = 0
    stories: int = 0
    replayed: int = 0  # assigned articles replayed through the clusterer
    other_language: int = 0  # articles of other languages (stories/languages.py)
    linked: int = 0  # of those, linked to a story
    elapsed_s: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "processed": self.processed,
            "recomputed": self.recomputed,
            "reason": self.reason,
            "new_stories": self.new_stories,
            "stories_touched": self.stories_touched,
            "stories": self.stories,
            "replayed": self.replayed,
            "other_language_articles": self.other_language,
            "linked_other_language": self.linked,
            "elapsed_s": round(self.elapsed_s, 3),
        }


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


class _StoryMembers:
    """The articles of one open story, as a container (``donor in members``)."""

    def __init__(self, clusterer: StoryClusterer, story_id: str) -> None:
        self.clusterer = clusterer
        self.story_id = story_id

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self.clusterer.story_of(article_id) == self.story_id


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def recount_stories(store: Store, story_ids: Sequence[str]) -> None:
    """Rewrite the rows of ``story_ids`` from their stored members (a story without members
    loses its row). Joins the caller's transaction."""
    if not story_ids:
        return
    tables = StoryTables(store)
    members = tables.members(story_ids)
    relations = ProvenanceTables(store).relations([a for m in members for a in m.article_ids])
    tables.replace(
        story_ids,
        [
            StoryRow(
                story_id=m.story_id,
                first_article_id=m.article_ids[0],
                n_articles=len(m.article_ids),
                independent_sources=independent_sources(m.article_ids, relations),
                first_published=m.first_published,
                last_published=m.last_published,
                title=m.title,
            )
            for m in members
        ],
    )


class _Run:
    """State of one stories run over a store."""

    def __init__(self, store: Store, cluster_settings: ClusterSettings | None) -> None:
        self.store = store
        self.tables = StoryTables(store)
        self.provenance = ProvenanceTables(store)
        self.settings = cluster_settings or ClusterSettings()
        self.clusterer = StoryClusterer(self.settings, retain_closed=False)

    def remove(self, ids: Sequence[str], *, everything: bool) -> None:
        """Remove the assignments of ``ids`` (all of them with ``everything``) in one
        transaction, and recount the stories they were in."""
        with self.store.transaction("cannot remove stories"):
            if everything:
                self.tables.remove((), everything=True)
                return
            stories = self.tables.stories_of(ids)
            self.tables.remove(ids)
            recount_stories(self.store, stories)

    def restore(self, done: Sequence[Candidate], batch_size: int) -> int:
        """Bring the clusterer to the state after ``done``: load the saved state when it is the
        one of ``done``, else replay them. Return the number of articles replayed."""
        saved = self.tables.load_state()
        if (
            saved is not None
            and saved.version == STATE_VERSION
            and saved.settings == repr(self.settings)
            and saved.n_articles == len(done)
            and saved.digest == digest(done)
        ):
            try:
                loaded = StoryClusterer.loads(saved.state)
            except ValueError as e:
                log.warning("story state unreadable (%s); replaying %d articles", e, len(done))
            else:
                if loaded.settings == self.settings and not loaded.retain_closed:
                    self.clusterer = loaded
                    return 0
                log.warning("story state of other settings; replaying %d articles", len(done))
        self.replay(done, batch_size)
        return len(done)

    def replay(self, done: Sequence[Candidate], batch_size: int) -> None:
        """Rebuild the clusterer's state from the assigned articles, in processing order."""
        for batch in batches(done, batch_size):
            texts = article_texts(self.store, [c.article_id for c in batch])
            for c in batch:
                t = texts[c.article_id]
                self.clusterer.add(c.article_id, _aware(c.published), t.text, title=t.title)

    def save_state(self, processed: Sequence[Candidate]) -> None:
        """Save the clusterer's state after ``processed`` (the assigned articles, in order)."""
        with self.store.transaction("cannot save the story state"):
            self.tables.save_state(
                SavedState(
                    version=STATE_VERSION,
                    settings=repr(self.settings),
                    n_articles=len(processed),
                    digest=digest(processed),
                    state=self.clusterer.dumps(),
                )
            )

    def assign(
        self,
        batch: Sequence[Candidate],
        order: int,
        texts: Sequence[ArticleText],
        terms: Sequence[Terms],
    ) -> tuple[int, dict[str, _StoryDelta]]:
        """Assign a batch (the first at ``order`` in the processing order; its articles'
        ``texts`` and their :func:`article_terms`) and store it in one transaction; return the
        stories it started and what it added to each story."""
        relations = self.provenance.relations([c.article_id for c in batch])
        deltas: dict[str, _StoryDelta] = {}
        assignments: list[StoryAssignment] = []
        started = 0
        for c, t, found in zip(batch, texts, terms, strict=True):
            aid = c.article_id
            assignment = self.clusterer.add(
                aid, _aware(c.published), t.text, title=t.title, terms=found
            )
            story_id = assignment.story_id
            delta = deltas.get(story_id)
            if delta is None:
                delta = deltas[story_id] = _StoryDelta(
                    new=assignment.new_story, first_article_id=aid, title=t.title
                )
            inside = _StoryMembers(self.clusterer, story_id)
            delta.add(c.published, counts_as_source(relations.get(aid), inside))
            assignments.append(
                StoryAssignment(
                    article_id=aid,
                    story_id=story_id,
                    score=assignment.score,
                    order=order + len(assignments),
                    input_hash=c.input_hash,
                )
            )
            started += assignment.new_story
        with self.store.transaction("stories write failed, batch rolled back"):
            self.tables.write(
                assignments,
                new=[
                    StoryRow(
                        story_id=sid,
                        first_article_id=d.first_article_id,
                        n_articles=d.n_articles,
                        independent_sources=d.independent,
                        first_published=d.first,
                        last_published=d.last,
                        title=d.title,
                    )
                    for sid, d in deltas.items()
                    if d.new
                ],
                grown=[
                    StoryGrowth(
                        story_id=sid,
                        n_articles=d.n_articles,
                        independent_sources=d.independent,
                        first_published=d.first,
                        last_published=d.last,
                    )
                    for sid, d in deltas.items()
                    if not d.new
                ],
            )
        return started, deltas


def article_terms(t: ArticleText) -> Terms:
    """The terms the clusterer weighs for an article: a function of its text and title only."""
    return extract_terms(t.text, title=t.title)


def _batch_terms(_: None, item: tuple[Sequence[Candidate], list[ArticleText]]) -> list[Terms]:
    """A batch's :func:`article_terms` (runs on a worker)."""
    return [article_terms(t) for t in item[1]]


def run_stories(
    store: Store,
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    cluster_settings: ClusterSettings | None = None,
    workers: Workers | None = None,
) -> StoriesSummary:
    """Bring the stories up to date with the articles the provenance stage processed.

    ``rebuild`` recomputes every story from scratch. ``settings`` gives the commit batch size
    (``store.batch_size``). ``workers`` extract the new articles' terms
    (:func:`article_terms`), ahead of the clustering, which runs here in order; by default that
    is done here too. The stories are the same.
    """
    started = time.perf_counter()
    batch_size = settings.store.batch_size if settings is not None else DEFAULT_BATCH_SIZE
    run = _Run(store, cluster_settings)
    summary = StoriesSummary()
    with store.failures("stories run failed"):
        plan = plan_run(run.tables.candidates(), run.tables.processed(), rebuild=rebuild)
        if plan.removed:
            summary.recomputed = plan.recomputed
            summary.reason = plan.reason
            log.info("reassigning %d articles: %s", len(plan.removed), plan.reason)
        if plan.removed or (plan.everything and plan.new):
            # from the start, the tables are cleared: they may hold stories of a store from
            # before the stage kept its own bookkeeping
            run.remove(plan.removed, everything=plan.everything)
        if plan.new:
            summary.replayed = run.restore(plan.kept, batch_size)
            order = run.tables.next_order()
            touched: set[str] = set()

            def inputs() -> Iterator[tuple[Sequence[Candidate], list[ArticleText]]]:
                for batch in batches(plan.new, batch_size):
                    texts = article_texts(store, [c.article_id for c in batch])
                    yield batch, [texts[c.article_id] for c in batch]

            ready = (workers or InlineWorkers()).map_ordered(_batch_terms, None, inputs())
            for (batch, texts), terms in ready:
                new_stories, deltas = run.assign(batch, order, texts, terms)
                order += len(batch)
                summary.new_stories += new_stories
                summary.processed += len(batch)
                touched.update(deltas)
                log.info("stories: committed %d articles", len(batch))
            run.save_state([*plan.kept, *plan.new])
            summary.stories_touched = len(touched)
        summary.stories = run.tables.count()
        links = link_other_languages(
            store,
            window_days=run.settings.window_days,
            changed=bool(plan.new or plan.removed),
        )
        summary.other_language = links.other_language
        summary.linked = links.linked
    summary.elapsed_s = time.perf_counter() - started
    return summary
