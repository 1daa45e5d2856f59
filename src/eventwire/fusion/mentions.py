"""Event mentions as the fusion stage sees them: plain data, and the derived values it compares.

A :class:`FusionMention` is one stored event mention (table ``event_mentions``) with the context
the store adds to it: its article's publication time and outlet, its story, the donor of its
sentence (provenance) and that donor's publication time, and the sentence's words. Everything
here is a pure function of one mention, so the blocking keys and the values compared are the
same whichever run, batch or order meets the mention.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

__all__ = [
    "CELL_KM",
    "FUTURE_STATUSES",
    "Blocking",
    "FusionMention",
    "Interval",
    "Key",
    "block_keys",
    "blocking",
    "content_words",
    "family_of",
    "grid_cell",
    "index_prefixes",
    "interval_of",
    "meets",
    "near_cells",
    "normalise_name",
    "status_group",
    "trigger_stem",
    "wide_prefixes",
]

#: A mention by its article and index: ``(article_id, idx)``.
Key = tuple[str, int]

#: Statuses of an event that has not (yet) taken place; such mentions never join those that
#: report it as taking place.
FUTURE_STATUSES = frozenset({"planned", "threatened", "projected"})

#: PLOVER types that report the same kind of happening, grouped. A type not listed is a family of
#: its own.
_FAMILIES = {
    "ASSAULT": "violence",
    "COERCE": "coerce",
    "PROTEST": "protest",
    "CONSULT": "consult",
    "AGREE": "agree",
    "COOPERATE": "agree",
    "SUPPORT": "agree",
    "CONCEDE": "agree",
    "RETREAT": "agree",
    "AID": "aid",
    "ACCUSE": "accuse",
    "REJECT": "reject",
    "REQUEST": "request",
    "THREATEN": "threaten",
    "SANCTION": "sanction",
    "MOBILIZE": "mobilize",
}

#: Day precision or finer: what a date must have to be compared by days.
_FINE = frozenset({"day", "part-of-day", "hour", "minute", "time"})

#: A date defaulted to the publication date covers the days before it: what a report without a
#: date can be about.
PUBLICATION_WINDOW_DAYS = 3

_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "were",
        "was",
        "are",
        "has",
        "have",
        "had",
        "been",
        "their",
        "they",
        "them",
        "said",
        "says",
        "its",
        "his",
        "her",
        "who",
        "which",
        "when",
        "where",
        "while",
        "after",
        "before",
        "into",
        "over",
        "than",
        "also",
        "about",
        "more",
        "most",
        "some",
        "other",
        "such",
        "only",
        "just",
        "both",
        "each",
        "very",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "our",
        "your",
        "not",
        "but",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "there",
        "here",
        "what",
        "whom",
        "whose",
        "these",
        "those",
        "being",
        "then",
        "them",
        "him",
        "she",
        "he",
        "it",
    ]
)
_SUFFIXES = ("ings", "ing", "ions", "ion", "ed", "es", "s", "er", "ers", "ment", "ments")


@dataclass(frozen=True, kw_only=True, slots=True)
class Interval:
    """A date as a closed interval of days, with its precision and where it was read."""

    start: date
    end: date
    precision: str  # day, week, month, year
    source: str  # text or publication

    def gap_days(self, other: Interval) -> int:
        """Days between the two intervals (0 when they overlap or touch)."""
        if self.end < other.start:
            return (other.start - self.end).days
        if other.end < self.start:
            return (self.start - other.end).days
        return 0

    @property
    def fine(self) -> bool:
        return self.precision == "day"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, kw_only=True, slots=True)
class FusionMention:
    """One stored event mention with what the store knows around it."""

    article_id: str
    idx: int
    sentence_index: int
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    plover_type: str
    plover_mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor: str | None = None
    target: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str | None = None
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    date_value: str | None = None
    date_granularity: str | None = None
    date_source: str | None = None
    killed: tuple[float | None, float | None, float | None] = (None, None, None)
    injured: tuple[float | None, float | None, float | None] = (None, None, None)
    displaced: tuple[float | None, float | None, float | None] = (None, None, None)
    status: str = "happened"
    speaker: str | None = None
    published: datetime | None = None  # naive UTC
    outlet: str | None = None
    story_id: str | None = None
    donor_id: str | None = None  # the earliest donor of the sentence (provenance)
    donor_sentence: int | None = None
    donor_published: datetime | None = None
    words: frozenset[str] = field(default_factory=frozenset)
    # derived once, in __post_init__: what the pairwise decision reads many times
    key: tuple[str, int] = field(init=False, repr=False, compare=False)
    family: str = field(init=False, repr=False, compare=False)
    group: str = field(init=False, repr=False, compare=False)  # status group
    stem: str = field(init=False, repr=False, compare=False)
    interval: Interval | None = field(init=False, repr=False, compare=False)
    names: frozenset[str] = field(init=False, repr=False, compare=False)
    # the blocking keys, computed once when first asked for (blocking())
    blocks: Blocking | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "key", (self.article_id, self.idx))
        setattr_(self, "family", family_of(self.plover_type))
        setattr_(self, "group", status_group(self.status))
        setattr_(self, "stem", trigger_stem(self.trigger))
        # a copied sentence's date is read against its donor's publication time
        setattr_(
            self,
            "interval",
            interval_of(
                self.date_value,
                self.date_granularity,
                self.date_source,
                self.published,
                reported=self.donor_published if self.donor_id is not None else None,
            ),
        )
        names = (normalise_name(self.actor), normalise_name(self.target))
        setattr_(self, "names", frozenset(n for n in names if n))

    @property
    def order(self) -> tuple[bool, datetime, str, int]:
        """The order of reports: published time (undated last), article id, trigger offset."""
        return (
            self.published is None,
            self.published or datetime.min,
            self.article_id,
            self.trigger_start,
        )

    @property
    def copied(self) -> bool:
        return self.donor_id is not None


def family_of(plover_type: str) -> str:
    return _FAMILIES.get(plover_type, plover_type.lower())


def status_group(status: str) -> str:
    """``future`` for planned, threatened, projected; ``real`` for the others."""
    return "future" if status in FUTURE_STATUSES else "real"


@functools.lru_cache(maxsize=65536)
def trigger_stem(trigger: str) -> str:
    """A crude stem of the trigger word (``killed``/``killing`` -> ``kill``)."""
    word = trigger.strip().lower().split()[-1] if trigger.strip() else ""
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """The sentence's content words, lowercased and stemmed, for the overlap of two sentences."""
    return frozenset(
        trigger_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2
    )


_NAME_DROP = re.compile(r"^(?:the|a|an)\s+|['’]s$")


def normalise_name(name: str | None) -> str | None:
    """An actor or target name compared loosely: lowercase, articles and possessives dropped,
    a plural ``s`` removed."""
    if not name:
        return None
    text = " ".join(name.lower().split())
    text = _NAME_DROP.sub("", text)
    if text.endswith("s") and len(text) > 4:
        text = text[:-1]
    return text or None


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _parse_value(value: str) -> tuple[date, date, str] | None:
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, "day"
        if m := _WEEK.match(value):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6), "week"
        if m := _MONTH.match(value):
            start = date(int(m[1]), int(m[2]), 1)
            nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
            return start, nxt - timedelta(days=1), "month"
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "year"
    except ValueError:
        return None
    return None


@functools.lru_cache(maxsize=65536)
def interval_of(
    value: str | None,
    granularity: str | None,
    source: str | None,
    published: datetime | None,
    *,
    reported: datetime | None = None,
) -> Interval | None:
    """The interval of days a mention's date stands for.

    A date read from the text is its value's interval (a day, an ISO week, a month, a year); a
    copied sentence's date is re-read against its donor's publication time before it gets here
    (:func:`eventwire.fusion.dating.redate`). A date defaulted to the publication date stands for
    the few days before it (:data:`PUBLICATION_WINDOW_DAYS`), at ``day`` precision; for a copied
    sentence, ``reported`` (the donor's publication time) takes the place of the copier's.
    """
    if source == "text" and value:
        parsed = _parse_value(value)
        if parsed is None:
            return None
        start, end, precision = parsed
        return Interval(start=start, end=end, precision=precision, source="text")
    moment = reported or published
    if moment is None:
        return None
    day = moment.date()
    return Interval(
        start=day - timedelta(days=PUBLICATION_WINDOW_DAYS),
        end=day,
        precision="day",
        source="publication",
    )


#: The least width of a cell of the grid that blocks places of point precision within a story,
#: in km: the distance past which two points are kept apart (``FusionWeights.max_km``).
CELL_KM = 50.0
_EARTH_KM = 6371.0
_BAND_DEG = math.degrees(CELL_KM / _EARTH_KM)  # the height of a band of cells, in degrees


def _cells_in_band(band: int) -> int:
    """How many cells a band of latitude holds: as many as keep each at least :data:`CELL_KM`
    wide at the band's poleward edge."""
    edge = max(abs(-90.0 + band * _BAND_DEG), abs(-90.0 + (band + 1) * _BAND_DEG))
    if edge >= 89.0:
        return 1
    return max(1, int(2 * math.pi * _EARTH_KM * math.cos(math.radians(edge)) / CELL_KM))


def _band(lat: float) -> int:
    return math.floor((min(90.0, max(-90.0, lat)) + 90.0) / _BAND_DEG)


def _cell(band: int, lon: float) -> int:
    n = _cells_in_band(band)
    return math.floor((lon + 180.0) / (360.0 / n)) % n


def grid_cell(lat: float, lon: float) -> str:
    """The cell of the blocking grid a point falls in."""
    band = _band(lat)
    return f"{band}.{_cell(band, lon)}"


def near_cells(lat: float, lon: float, km: float = CELL_KM) -> list[str]:
    """The cells of the blocking grid that hold every point within ``km`` of a point: the bands
    within ``km`` north and south, and in each the cells within the widest difference of
    longitude two points ``km`` apart can have at those latitudes."""
    dlat = math.degrees(km / _EARTH_KM)
    poleward = min(90.0, abs(lat) + dlat)
    half = math.sin(km / (2 * _EARTH_KM))
    cos = math.cos(math.radians(poleward))
    dlon = 180.0 if cos <= half else math.degrees(2 * math.asin(half / cos))
    out: list[str] = []
    for band in range(_band(lat - dlat), _band(lat + dlat) + 1):
        n = _cells_in_band(band)
        width = 360.0 / n
        if 2 * dlon + width >= 360.0:
            out.extend(f"{band}.{i}" for i in range(n))
            continue
        first = math.floor((lon - dlon + 180.0) / width)
        last = math.floor((lon + dlon + 180.0) / width)
        out.extend(f"{band}.{i % n}" for i in dict.fromkeys(range(first, last + 1)))
    return list(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Blocking:
    """A mention's blocking keys (``own``) and the keys whose members it is compared with:
    exact keys (``lookup``) and key prefixes (``prefixes``: a story-day, or a story-day and
    country, ending in ``|``; or the whole story of an undated mention)."""

    own: list[str]
    lookup: list[str]
    prefixes: list[str]


def blocking(m: FusionMention) -> Blocking:
    """The blocking of a mention: two mentions are compared when the lookups of either meet
    the other's own keys.

    Keys pair what must agree for a link with what the rules let through:

    * inside its story (by family and status group), for a date of days: each day of its
      interval and the day after (two such dates meet exactly when they are at most a day
      apart, which is the rule), and under each day the place, at the level the rules read: a
      place of point precision by its country and its cell of a grid (:func:`grid_cell`) and
      looking up the cells within :data:`CELL_KM` (:func:`near_cells`); a place known only to
      its country (a region, the country itself) by its country, meeting every place of that
      country; a mention without a country meets every mention of its story that day. (Mentions
      in different countries, or at points farther apart than the cells, are kept apart by the
      rules.) For a week, month or year read from the text: that value, which is all such a
      date links to;
    * across stories, only for a date of days and a place: the place (its GeoNames id, else its
      name) for each of those days. A mention without a place meets other stories' mentions only
      through the members of its own story.

    A mention with no date at all (an undated article) is compatible with any date of its story:
    its key is its story's :func:`undated_key`, which every mention of that story looks up, and
    it looks up every key of its story.
    """
    found = m.blocks
    if found is None:
        found = _blocking(m)
        object.__setattr__(m, "blocks", found)
    return found


def _blocking(m: FusionMention) -> Blocking:
    iv = m.interval
    if iv is None:
        return Blocking([undated_key(m)], [undated_key(m)], [story_prefix(m)])
    head = f"{m.family}:{status_group(m.status)}"
    story = m.story_id or m.article_id
    if iv.precision != "day":
        key = f"s:{story}:{head}:{iv.start.isoformat()}/{iv.end.isoformat()}"
        return Blocking([key], [key, undated_key(m)], [])
    days = []
    day = iv.start
    while day <= iv.end + timedelta(days=1):
        days.append(day.isoformat())
        day += timedelta(days=1)
    own: list[str] = []
    lookup: list[str] = []
    wide: list[str] = []
    country, lat, lon = m.country, m.lat, m.lon
    cell, near = None, []
    if country is not None and m.place_precision == "point" and lat is not None and lon is not None:
        cell, near = grid_cell(lat, lon), near_cells(lat, lon)
    for d in days:
        s = f"s:{story}:{head}:{d}"
        if cell is not None:
            own.append(f"{s}|{country}|{cell}")
            lookup += [*(f"{s}|{country}|{c}" for c in near), f"{s}|{country}|-", f"{s}|-"]
        elif country is not None:
            own.append(f"{s}|{country}|-")
            lookup.append(f"{s}|-")
            wide.append(f"{s}|{country}|")
        else:
            own.append(f"{s}|-")
            wide.append(f"{s}|")
    place = f"g{m.geonameid}" if m.geonameid is not None else (m.place_name or "").lower()
    if place:
        across = [f"p:{head}:{place}:{d}" for d in days]
        own += across
        lookup += across
    return Blocking(own, [*lookup, undated_key(m)], wide)


def wide_prefixes(key: str) -> list[str]:
    """The wide prefixes (ending in ``|``) under which a stored key is looked up: its story-day
    and, for a key with a country, its story-day and country (:func:`blocking`)."""
    if not key.startswith("s:") or "|" not in key:
        return []
    parts = key.split("|")
    out = [f"{parts[0]}|"]
    if len(parts) == 3:
        out.append(f"{parts[0]}|{parts[1]}|")
    return out


def index_prefixes(keys: Iterable[str], prefixes: Iterable[str]) -> dict[str, list[str]]:
    """The ``keys`` under each of ``prefixes``: a wide prefix (ending in ``|``) through
    :func:`wide_prefixes`, another (an undated mention's story) by comparing the start of each
    key."""
    wanted = set(prefixes)
    out: dict[str, list[str]] = {}
    if not wanted:
        return out
    narrow = [p for p in wanted if not p.endswith("|")]
    for k in keys:
        for p in wide_prefixes(k):
            if p in wanted:
                out.setdefault(p, []).append(k)
        for p in narrow:
            if k.startswith(p):
                out.setdefault(p, []).append(k)
    return out


def block_keys(m: FusionMention) -> list[str]:
    """The blocking keys of a mention (:func:`blocking`)."""
    return blocking(m).own


def undated_key(m: FusionMention) -> str:
    """The key of the undated mentions of a story, by family and status group."""
    return f"u:{m.story_id or m.article_id}:{m.family}:{status_group(m.status)}"


def story_prefix(m: FusionMention) -> str:
    """The prefix of the keys of a mention's story, by family and status group."""
    return f"s:{m.story_id or m.article_id}:{m.family}:{status_group(m.status)}:"


def meets(a: FusionMention, b: FusionMention) -> bool:
    """Whether blocking compares ``a`` and ``b``: the lookups of either meet the other's keys."""
    ba, bb = blocking(a), blocking(b)
    for x, y in ((ba, bb), (bb, ba)):
        if set(x.lookup) & set(y.own) or any(k.startswith(p) for p in x.prefixes for k in y.own):
            return True
    return False
