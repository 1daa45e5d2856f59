"""Typed records for the three levels: article, claim, event.

Every record is a frozen, keyword-only dataclass. Claims (sentences, entity mentions, places,
time expressions, figures, quotes, event mentions) carry character offsets into their article's
``text`` (Python ``str`` indices, end exclusive), so every extracted field can be traced back to
the words it came from.

Records that later stages fill (places, figures, quotes, events, stories, flags) are defined here
now so that every stage speaks the same vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "Annotations",
    "Article",
    "ArticleRelations",
    "Claims",
    "Dateline",
    "EntityMention",
    "Event",
    "EventMention",
    "EventStatus",
    "Figure",
    "Flag",
    "Place",
    "Precision",
    "Quote",
    "RawDocument",
    "Rejection",
    "Relation",
    "RelationKind",
    "Sentence",
    "Span",
    "Story",
    "TimeExpression",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


# --------------------------------------------------------------------------- level 1: article


@dataclass(frozen=True, kw_only=True, slots=True)
class RawDocument:
    """One document as read from a source, before normalisation.

    ``text`` is the article's main text as extracted by the reader (HTML already reduced to its
    main text). ``source`` names the file, URL or ``-`` it was read from and ``locator`` the place
    inside it (``line 12``, ``item 3``, ``record at byte 5120``), so that any error about it can
    point at it. ``published`` is timezone-aware where the source gave a zone, else naive (UTC
    assumed).
    """

    source: str
    locator: str | None = None
    source_format: str
    text: str
    url: str | None = None
    title: str | None = None
    byline: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    language: str | None = None

    def where(self) -> str:
        return f"{self.source}:{self.locator}" if self.locator else self.source


@dataclass(frozen=True, kw_only=True, slots=True)
class Dateline:
    """A dateline such as ``MOSUL, Iraq (Reuters) -`` at the head of an article."""

    place: str
    country: str | None = None
    agency: str | None = None
    span: Span


@dataclass(frozen=True, kw_only=True, slots=True)
class Article:
    """What was published: a normalised article with its metadata."""

    id: str
    content_hash: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    domain: str | None = None
    title: str | None = None
    byline: str | None = None
    published: datetime | None = None
    language: str | None = None
    language_confidence: float | None = None
    dateline: Dateline | None = None
    source: str
    locator: str | None = None
    source_format: str

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, kw_only=True, slots=True)
class Rejection:
    """An input that could not be turned into an article, with a stable reason code."""

    source: str
    locator: str | None = None
    code: str
    message: str

    def where(self) -> str:
        return f"{self.source}:{self.locator}" if self.locator else self.source


# --------------------------------------------------------------------------- level 2: claims


@dataclass(frozen=True, kw_only=True, slots=True)
class Sentence:
    article_id: str
    index: int
    span: Span


@dataclass(frozen=True, kw_only=True, slots=True)
class EntityMention:
    article_id: str
    index: int
    span: Span
    label: str
    text: str


class Precision(StrEnum):
    """How precisely a place is known."""

    POINT = "point"
    WITHIN_TOWN = "within-town"  # a site inside a town; the coordinates are the town's
    DISTRICT = "district"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    REGION = "region"


@dataclass(frozen=True, kw_only=True, slots=True)
class Place:
    """A place mention resolved (or not) to a gazetteer entry."""

    article_id: str
    span: Span
    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    precision: Precision | None = None
    confidence: float | None = None
    modifier: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class TimeExpression:
    """A time expression normalised against the publication date (TIMEX3-style value)."""

    article_id: str
    span: Span
    text: str
    type: str
    value: str | None = None
    granularity: str | None = None
    interval_start: str | None = None
    interval_end: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Figure:
    """A reported number: killed, injured, displaced, arrested, ... as low/best/high."""

    article_id: str
    span: Span
    text: str
    kind: str
    low: float | None = None
    best: float | None = None
    high: float | None = None
    about: str | None = None
    projection: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Quote:
    """An attribution: who said what, with the speaker resolved or flagged."""

    article_id: str
    content: Span
    cue: Span | None = None
    speaker_span: Span | None = None
    speaker_text: str | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    kind: str = "direct"
    resolved: bool = False


class EventStatus(StrEnum):
    HAPPENED = "happened"
    BACKGROUND = "background"
    PLANNED = "planned"
    THREATENED = "threatened"
    PROJECTED = "projected"
    DENIED = "denied"


@dataclass(frozen=True, kw_only=True, slots=True)
class EventMention:
    """One sentence's report of an event, with the evidence spans it came from."""

    article_id: str
    sentence: Span
    trigger: Span
    plover_type: str
    plover_mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor: str | None = None
    target: str | None = None
    place: Place | None = None
    date: str | None = None
    date_granularity: str | None = None
    date_source: str | None = None
    figures: tuple[Figure, ...] = ()
    status: EventStatus = EventStatus.HAPPENED
    quote: Quote | None = None


# --------------------------------------------------------------------------- level 3: events


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """A real-world event fused from mentions across articles."""

    id: str
    plover_type: str
    mention_keys: tuple[str, ...]
    independent_sources: int
    date: str | None = None
    place: Place | None = None
    actor: str | None = None
    target: str | None = None
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Story:
    """A group of articles about the same real-world news."""

    id: str
    article_ids: tuple[str, ...]
    independent_sources: int
    first_published: datetime | None = None
    title: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Flag:
    """Something to distrust, attached to an article, a claim or an event."""

    target_kind: str
    target_id: str
    code: str
    detail: str | None = None
    span: Span | None = None
    extra: dict[str, str] = field(default_factory=dict)


class RelationKind(StrEnum):
    """How an article relates to an earlier article that carries some of its sentences."""

    VERBATIM_COPY = "verbatim-copy"
    REWRITE = "rewrite"
    PATCHWORK = "patchwork"
    SHARED_TEXT = "shared-text"


@dataclass(frozen=True, kw_only=True, slots=True)
class Relation:
    """How ``article_id`` relates to one donor article.

    ``score`` is the share of the article's matchable sentences that the donor carries;
    ``similarity`` the mean similarity of those sentences; ``sentences`` their indexes.
    """

    article_id: str
    donor_id: str
    kind: RelationKind
    score: float
    similarity: float
    sentences: tuple[int, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleRelations:
    """Relations and flags of one article."""

    article_id: str
    kind: RelationKind | None
    relations: tuple[Relation, ...]
    flags: tuple[Flag, ...]
    copied_share: float
    matchable: int

    @property
    def copied_from(self) -> tuple[str, ...]:
        """Donor article ids, strongest relation first."""
        return tuple(r.donor_id for r in self.relations)

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.code for f in self.flags))

    def share_from(self, donor_id: str) -> float:
        for relation in self.relations:
            if relation.donor_id == donor_id:
                return relation.score
        return 0.0


@dataclass(frozen=True, kw_only=True, slots=True)
class Claims:
    """The claims the extraction stages found in one article."""

    times: tuple[TimeExpression, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[EventMention, ...] = ()
    flags: tuple[Flag, ...] = ()

    def merged(self, other: Claims) -> Claims:
        return Claims(
            times=self.times + other.times,
            figures=self.figures + other.figures,
            quotes=self.quotes + other.quotes,
            places=self.places + other.places,
            events=self.events + other.events,
            flags=self.flags + other.flags,
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Annotations:
    """What the NLP and extraction stages add to one article: its sentences and entities (with
    the name of the model that found them) and its claims."""

    sentences: tuple[Sentence, ...]
    entities: tuple[EntityMention, ...]
    model: str
    claims: Claims = field(default_factory=Claims)
