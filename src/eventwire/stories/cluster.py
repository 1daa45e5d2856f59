"""Online, incremental clustering of articles into stories.

Articles arrive one at a time (:meth:`StoryClusterer.add`). Each is turned into a weighted term
vector (:mod:`eventwire.stories.vectors`) and compared with the stories that are *active* at its
date: a story whose first-to-last article range, widened by ``window_days``, contains the article's
published time. Where the article or the story has no date, no window applies. Candidate stories
are found through an inverted index of each story's strongest terms; a story that the stream
has left behind (an article dated after its last article plus ``window_days``) leaves the index,
so in a dated stream processed in order the cost of one article does not grow with the number of
stories. Such a closed story takes no more articles, even late-arriving ones. Stories are also
closed as soon as a dated article passes their window (a heap of window ends), whether or not the
article's terms reach them; with ``retain_closed=False`` a closed story is then dropped from
memory altogether, so the state held for a dated stream is bounded by the stories of the last
``window_days``.

The state is plain data (:meth:`StoryClusterer.to_dict`, saved as JSON text by
:meth:`StoryClusterer.dumps`): settings, document frequencies, the open stories with their
members' term counts and vectors, and the heap of window ends; the term index and the
article-to-story map are rebuilt from the stories. A saved state carries :data:`STATE_VERSION`;
:meth:`StoryClusterer.loads` reads it as data only and checks every value
(:mod:`eventwire.stories.state`), and refuses a state of another version or shape
(``ValueError``).

Only the ``max_candidates`` stories that share the most weight of the article's query terms
among their key terms are scored, each against at most ``max_members`` members, and a story's
centroid keeps its ``centroid_terms`` heaviest terms: the work for one article is bounded
however large a story grows.

The score is the highest cosine between the article and a member of the story (``linkage="max"``;
``"average"`` and ``"centroid"`` are the alternatives), optionally scaled down by
``event_penalty`` when the article's strongest event-specific terms (names, numbers, dates) are
missing from the story. An article joins the best-scoring story whose score reaches the required
level, else it starts a new story. The required level is ``threshold`` (0.3) when the article or
the story has no date; when both are dated, and so within the window, their nearness in time is
evidence of its own and the level is ``dated_threshold`` (0.26) while the story is live. It rises
linearly by up to ``quiet_penalty`` as the time since the story's last article approaches
``window_days``: a story that has gone quiet for days takes only a close match, which keeps apart a
near miss in the same place with the same actors a few days later (a car bomb in eastern Mosul
after a week of fighting in the Old City).

Story ids are ``story-`` plus a hash of the story's first article id, so a run over the same
articles in the same order gives the same ids, however the stream is cut into batches.
:func:`story_order` is the documented order: published time (undated last), then article id.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from eventwire.records import Story
from eventwire.stories import state as checked
from eventwire.stories.state import Member, StoryState
from eventwire.stories.vectors import (
    Terms,
    TermWeighter,
    Vector,
    VectorSettings,
    cosine,
    dot,
    extract_terms,
)

__all__ = [
    "STATE_VERSION",
    "Assignment",
    "ClusterSettings",
    "StoryClusterer",
    "StoryInput",
    "cluster_articles",
    "story_id_for",
    "story_order",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterSettings:
    """Parameters of :class:`StoryClusterer`."""

    threshold: float = 0.3
    #: the threshold when both the article and the story are dated
    dated_threshold: float = 0.26
    window_days: float = 7.0
    key_terms: int = 30
    query_terms: int = 30
    event_terms: int = 8
    event_penalty: float = 0.0
    quiet_penalty: float = 0.2
    linkage: str = "max"
    max_members: int = 30
    max_candidates: int = 24
    centroid_terms: int = 400
    refresh_growth: float = 0.1
    vectors: VectorSettings = field(default_factory=VectorSettings)


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryInput:
    """The plain inputs of one article."""

    article_id: str
    published: datetime | None
    text: str
    title: str | None = None
    entities: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Assignment:
    """Where one article went: its story, the score, and whether it started the story."""

    article_id: str
    story_id: str
    score: float
    new_story: bool


#: Format of the saved state; bump it when the clusterer's attributes change.
STATE_VERSION = 3

#: What a saved state says it is.
STATE_FORMAT = "eventwire.stories.StoryClusterer"


def story_id_for(first_article_id: str) -> str:
    """The stable id of a story started by ``first_article_id``."""
    return "story-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:16]


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_LATEST = datetime.max.replace(tzinfo=UTC)


def story_order(item: StoryInput) -> tuple[bool, datetime, str]:
    """Sort key of the processing order: dated first, by published time, then article id."""
    when = _utc(item.published)
    return (when is None, when or _LATEST, item.article_id)


def _is_heap(entries: Sequence[tuple[datetime, str]]) -> bool:
    return all(entries[(i - 1) // 2] <= entries[i] for i in range(1, len(entries)))


def _top(vector: Vector, k: int) -> list[str]:
    return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


class StoryClusterer:
    """Assigns a stream of articles to stories, one article at a time."""

    def __init__(
        self, settings: ClusterSettings | None = None, *, retain_closed: bool = True
    ) -> None:
        self.settings = settings or ClusterSettings()
        self.retain_closed = retain_closed
        self.weighter = TermWeighter(settings=self.settings.vectors)
        self._stories: dict[str, StoryState] = {}
        self._postings: dict[str, set[str]] = {}
        self._story_of: dict[str, str] = {}
        self._ends: list[tuple[datetime, str]] = []  # (last + window, story id), a heap

    # ---------------------------------------------------------------- saving

    def to_dict(self) -> dict[str, Any]:
        """The state as plain data (JSON-ready), tagged with :data:`STATE_VERSION`."""
        return {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "settings": asdict(self.settings),
            "retain_closed": self.retain_closed,
            "n_docs": self.weighter.n_docs,
            "df": dict(self.weighter.df),
            "stories": [s.to_dict() for s in self._stories.values()],
            "ends": [[when.isoformat(), story_id] for when, story_id in self._ends],
        }

    @classmethod
    def from_dict(cls, value: object) -> StoryClusterer:
        """A clusterer from :meth:`to_dict`; ``ValueError`` when ``value`` is not one of this
        version."""
        data = checked.obj(value, "state")
        if data.get("format") != STATE_FORMAT or data.get("version") != STATE_VERSION:
            raise checked.StateError(
                f"story state {data.get('format')!r} version {data.get('version')!r}, "
                f"expected {STATE_FORMAT!r} version {STATE_VERSION}"
            )
        retain_closed = data.get("retain_closed")
        if not isinstance(retain_closed, bool):
            raise checked.StateError("state.retain_closed: expected true or false")
        clusterer = cls(
            checked.settings(ClusterSettings, data.get("settings"), "state.settings"),
            retain_closed=retain_closed,
        )
        clusterer.weighter.n_docs = checked.integer(data.get("n_docs"), "state.n_docs")
        clusterer.weighter.df = Counter(checked.counts(data.get("df"), "state.df"))
        for item in checked.items(data.get("stories"), "state.stories"):
            story = StoryState.from_dict(item)
            if story.id in clusterer._stories:
                raise checked.StateError(f"state.stories: {story.id} twice")
            clusterer._stories[story.id] = story
            for article_id in story.article_ids:
                if article_id in clusterer._story_of:
                    raise checked.StateError(f"state.stories: article {article_id} twice")
                clusterer._story_of[article_id] = story.id
            for term in story.keys:
                clusterer._postings.setdefault(term, set()).add(story.id)
        for item in checked.items(data.get("ends"), "state.ends"):
            pair = checked.items(item, "state.ends")
            when = checked.moment(pair[0] if len(pair) == 2 else None, "state.ends")
            if when is None:
                raise checked.StateError("state.ends: expected [time, story id] pairs")
            clusterer._ends.append((when, checked.text(pair[1], "state.ends")))
        if not _is_heap(clusterer._ends):
            raise checked.StateError("state.ends: not a heap")
        return clusterer

    def dumps(self) -> str:
        """The state as JSON text (:meth:`to_dict`)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, data: str | bytes) -> StoryClusterer:
        """A clusterer from :meth:`dumps`: read as data and checked, so a state from anywhere
        is safe to load; ``ValueError`` when it is not a state of this version."""
        try:
            value = json.loads(data)
        except RecursionError as e:  # nested too deep to be a state
            raise checked.StateError(f"story state: {e}") from e
        return cls.from_dict(value)

    def open_stories(self) -> int:
        """Stories held in memory (all of them with ``retain_closed``)."""
        return len(self._stories)

    # ---------------------------------------------------------------- reading

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def __len__(self) -> int:
        return len(self._stories)

    def stories(self, independent: dict[str, int] | None = None) -> list[Story]:
        """Every story as a :class:`~eventwire.records.Story`, in order of creation.

        ``independent`` maps story ids to their independent-source counts; stories missing
        from it count every article as a source.
        """
        out = []
        for state in self._stories.values():
            count = (independent or {}).get(state.id, len(state.article_ids))
            out.append(
                Story(
                    id=state.id,
                    article_ids=tuple(state.article_ids),
                    independent_sources=count,
                    first_published=state.first,
                    title=state.title,
                )
            )
        return out

    # ---------------------------------------------------------------- writing

    def _active(self, state: StoryState, when: datetime | None) -> bool:
        if when is None or state.first is None or state.last is None:
            return True
        window = timedelta(days=self.settings.window_days)
        return state.first - window <= when <= state.last + window

    def _event_vector(self, vector: Vector, kinds: dict[str, str]) -> dict[str, float]:
        event = {t: w for t, w in vector.items() if kinds.get(t) in ("number", "date", "name")}
        return {t: event[t] for t in _top(event, self.settings.event_terms)}

    def _member_vector(self, member: Member) -> Vector:
        n_docs = self.weighter.n_docs
        if n_docs > member.weighed_at * (1.0 + self.settings.refresh_growth):
            member.vector = self.weighter.weigh(member.counts, member.kinds, member.title_terms)
            member.weighed_at = n_docs
        return member.vector

    def _link(self, vector: Vector, state: StoryState) -> float:
        linkage = self.settings.linkage
        if linkage == "centroid" or not state.members:
            return cosine(vector, state.centroid)
        # Article and member vectors are L2-normalised: their cosine is their dot product.
        sims = [dot(vector, self._member_vector(m)) for m in state.members]
        if linkage == "max":
            return max(sims)
        return sum(sims) / len(sims)

    def _score(self, vector: Vector, event: dict[str, float], state: StoryState) -> float:
        base = self._link(vector, state)
        if base == 0.0 or not event or not state.event:
            return base
        # Share of the article's strongest event terms that the story also has among its own.
        shared = sum(w for t, w in event.items() if t in state.event)
        total = sum(event.values())
        agreement = shared / total if total else 1.0
        return base * (1.0 - self.settings.event_penalty * (1.0 - agreement))

    def _required(self, state: StoryState, when: datetime | None) -> float:
        """The score an article needs to join ``state``: more as the story goes quiet."""
        cfg = self.settings
        if when is None or state.last is None:
            return cfg.threshold
        base = cfg.dated_threshold
        if when <= state.last or cfg.window_days <= 0:
            return base
        quiet = (when - state.last) / timedelta(days=cfg.window_days)
        return base + cfg.quiet_penalty * min(1.0, quiet)

    def _closed(self, state: StoryState, when: datetime | None) -> bool:
        """Whether the stream has moved past the story's window for good."""
        if when is None or state.last is None:
            return False
        return when > state.last + timedelta(days=self.settings.window_days)

    def _unindex(self, state: StoryState) -> None:
        for term in state.keys:
            holders = self._postings.get(term)
            if holders is not None:
                holders.discard(state.id)
                if not holders:
                    del self._postings[term]
        state.keys = set()

    def _index(self, state: StoryState) -> None:
        self._unindex(state)
        state.keys = set(_top(state.centroid, self.settings.key_terms))
        for term in state.keys:
            self._postings.setdefault(term, set()).add(state.id)

    def _close_passed(self, when: datetime) -> None:
        """Close every story whose window ``when`` has passed."""
        while self._ends and self._ends[0][0] < when:
            _, story_id = heapq.heappop(self._ends)
            state = self._stories.get(story_id)
            if state is None or not self._closed(state, when):
                continue  # gone, or a stale entry: the story grew since
            self._unindex(state)
            if not self.retain_closed:
                del self._stories[story_id]
                for article_id in state.article_ids:
                    self._story_of.pop(article_id, None)

    def add(
        self,
        article_id: str,
        published: datetime | None,
        text: str,
        sentence_spans: Sequence[tuple[int, int]] = (),
        title: str | None = None,
        *,
        entities: Iterable[str] = (),
        terms: Terms | None = None,
    ) -> Assignment:
        """Assign one article to a story (an article seen before keeps its story). ``terms``
        are its :func:`extract_terms` when they were computed elsewhere."""
        del sentence_spans  # accepted for a uniform signature; vectors use the whole text
        known = self._story_of.get(article_id)
        if known is not None:
            return Assignment(article_id=article_id, story_id=known, score=1.0, new_story=False)
        when = _utc(published)
        if when is not None:
            self._close_passed(when)
        if terms is None:
            terms = extract_terms(text, title=title, entities=entities)
        counts, kinds, title_terms = terms
        vector = self.weighter.weigh(counts, kinds, title_terms)
        self.weighter.observe(counts)
        event = self._event_vector(vector, kinds)
        reach: dict[str, float] = {}
        for term in _top(vector, self.settings.query_terms):
            for story_id in self._postings.get(term, ()):
                reach[story_id] = reach.get(story_id, 0.0) + vector[term]
        candidates = sorted(reach, key=lambda s: (-reach[s], s))[: self.settings.max_candidates]
        best: StoryState | None = None
        best_score = 0.0
        top_score = 0.0
        for story_id in sorted(candidates):
            state = self._stories[story_id]
            if not self._active(state, when):
                if self._closed(state, when):
                    self._unindex(state)
                continue
            score = self._score(vector, event, state)
            top_score = max(top_score, score)
            if score >= self._required(state, when) and score > best_score:
                best, best_score = state, score
        new_story = best is None
        if best is None:
            best_score = top_score
        if best is None or new_story:
            best = StoryState(
                id=story_id_for(article_id),
                article_ids=[],
                first=when,
                last=when,
                title=title,
            )
            self._stories[best.id] = best
        best.article_ids.append(article_id)
        if len(best.members) < self.settings.max_members:
            best.members.append(
                Member(
                    counts=dict(counts),
                    kinds=kinds,
                    title_terms=title_terms,
                    vector=vector,
                    weighed_at=self.weighter.n_docs,
                )
            )
        if when is not None:
            best.first = when if best.first is None else min(best.first, when)
            best.last = when if best.last is None else max(best.last, when)
            if best.last == when:
                window = timedelta(days=self.settings.window_days)
                heapq.heappush(self._ends, (when + window, best.id))
        for term, weight in vector.items():
            best.centroid[term] = best.centroid.get(term, 0.0) + weight
        if len(best.centroid) > 2 * self.settings.centroid_terms:
            kept = _top(best.centroid, self.settings.centroid_terms)
            best.centroid = {t: best.centroid[t] for t in kept}
        for term, weight in event.items():
            best.event[term] = best.event.get(term, 0.0) + weight
        best.event = {t: best.event[t] for t in _top(best.event, 3 * self.settings.event_terms)}
        self._index(best)
        self._story_of[article_id] = best.id
        return Assignment(
            article_id=article_id,
            story_id=best.id,
            score=round(best_score, 4),
            new_story=new_story,
        )


def cluster_articles(
    articles: Iterable[StoryInput], *, settings: ClusterSettings | None = None
) -> tuple[list[Assignment], StoryClusterer]:
    """Cluster ``articles`` in :func:`story_order`; return the assignments and the clusterer."""
    clusterer = StoryClusterer(settings)
    assignments = [
        clusterer.add(
            item.article_id, item.published, item.text, title=item.title, entities=item.entities
        )
        for item in sorted(articles, key=story_order)
    ]
    return assignments, clusterer
