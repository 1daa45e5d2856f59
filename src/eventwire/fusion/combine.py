"""One event's record from its member mentions: the combination rules of ``docs/events.md``.

Copies are evidence of spread: a member in a copied sentence adds its article and outlet to the
event, never a source, a figure, a place or a date of its own. An event needs at least one
member that is not a copy (a patchwork page whose event sentences are all copied creates none).
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from eventwire.fusion.mentions import FUTURE_STATUSES, FusionMention, Interval

__all__ = [
    "EventMember",
    "EventRecord",
    "UnionFind",
    "combine",
    "event_id_for",
    "source_groups",
]

#: Most severe first: the tie-break of the majority type.
_SEVERITY = (
    "ASSAULT",
    "COERCE",
    "MOBILIZE",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "ACCUSE",
    "REJECT",
    "REQUEST",
    "AID",
    "RETREAT",
    "CONCEDE",
    "SUPPORT",
    "COOPERATE",
    "AGREE",
    "CONSULT",
)
_PRECISION_RANK = {"point": 0, "district": 1, "admin1": 2, "country": 3, "region": 4}
FIGURE_KINDS = ("killed", "injured", "displaced")
#: A donor that carries at least this share of an article's sentences makes it a copy of it.
DERIVED_SHARE = 0.5
#: The longest span of days read from the text that an event's date keeps whole.
MAX_SPAN_DAYS = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class FigureReport:
    """One figure as one article reported it: what, how many, who and when."""

    kind: str
    value: float
    article_id: str
    outlet: str | None
    published: datetime | None
    source_group: str
    speaker: str | None
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, kw_only=True, slots=True)
class EventMember:
    """One member mention of an event, as stored in ``event_members``."""

    mention: FusionMention
    source_group: str


@dataclass(frozen=True, kw_only=True, slots=True)
class EventRecord:
    """One real-world event (a row of ``events``) and its members."""

    event_id: str
    plover_type: str
    plover_type_agree: int
    plover_mode: str | None
    plover_mode_agree: int | None
    acled_event_type: str | None
    acled_event_type_agree: int | None
    acled_sub_event_type: str | None
    acled_sub_event_type_agree: int | None
    actor: str | None
    target: str | None
    place_name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    place_precision: str | None
    admin1: str | None
    admin2: str | None
    country_iso: str | None
    date_start: date | None
    date_end: date | None
    date_precision: str | None
    date_source: str | None
    status: str
    denied: bool
    mentions: int
    articles: int
    outlets: int
    independent_sources: int
    first_article_id: str
    first_outlet: str | None
    first_published: datetime | None
    story_id: str | None
    figures: dict[str, tuple[float | None, float | None, float | None]]
    flags: tuple[str, ...]
    members: tuple[EventMember, ...]


def event_id_for(m: FusionMention) -> str:
    """An event's id: from its earliest original member (article and trigger offsets), so it
    does not depend on arrival order or batches."""
    raw = f"{m.article_id}:{m.trigger_start}:{m.trigger_end}"
    return "ev" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:14]


def _majority(values: Sequence[str | None], rank: Sequence[str] = ()) -> tuple[str | None, int]:
    counts = Counter(v for v in values if v)
    if not counts:
        return None, 0
    order = {v: i for i, v in enumerate(rank)}
    best = min(counts, key=lambda v: (-counts[v], order.get(v, len(order)), v))
    return best, counts[best]


class UnionFind:
    """Disjoint sets of hashable items (path compression): the connected groups of links."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, x: object) -> object:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: object, b: object) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def source_groups(
    mentions: Sequence[FusionMention], donors: Mapping[str, Sequence[str]]
) -> dict[str, str]:
    """The independent source each member article counts for, by article id.

    ``donors``: each article's dominant donors (relations carrying at least
    :data:`DERIVED_SHARE` of its sentences). An article joins the group of its dominant donor when
    that donor reports the event too; one outlet's own articles (those that are
    not such copies) are one group. A group is named by its earliest article.
    """
    first: dict[str, FusionMention] = {}  # in report order
    for m in sorted(mentions, key=lambda x: x.order):
        first.setdefault(m.article_id, m)
    groups = UnionFind()
    copies: set[str] = set()
    for a in first:
        for donor in donors.get(a, ()):
            if donor in first and donor != a:
                groups.union(a, donor)
                copies.add(a)
    # an outlet's own articles (not its reprints of others) are one source
    by_outlet: dict[str, str] = {}
    for a, m in first.items():
        if m.outlet and a not in copies:
            if m.outlet in by_outlet:
                groups.union(a, by_outlet[m.outlet])
            else:
                by_outlet[m.outlet] = a
    # the earliest article names its group
    names: dict[object, str] = {}
    return {a: names.setdefault(groups.find(a), a) for a in first}


def _precision_of(iv: Interval) -> str:
    if iv.days <= 1:
        return "day"
    if iv.days <= 7:
        return "week"
    if iv.days <= 31:
        return "month"
    return "year"


def _event_date(originals: Sequence[FusionMention]) -> Interval | None:
    """The days the members' dates read from the text support (the span of the day dates when
    it is at most :data:`MAX_SPAN_DAYS` long, else the most cited day); without a day read from
    the text, the most cited coarser date; without any, the day of the earliest report."""
    dated = [(m.order, iv) for m in originals if (iv := m.interval) is not None]
    days = [iv for _, iv in dated if iv.source == "text" and iv.fine]
    if days:
        start, end = min(iv.start for iv in days), max(iv.end for iv in days)
        if (end - start).days < MAX_SPAN_DAYS:
            return Interval(start=start, end=end, precision="day", source="text")
        counts = Counter(iv.start for iv in days)
        day = min(counts, key=lambda d: (-counts[d], d))
        return Interval(start=day, end=day, precision="day", source="text")
    coarse = [iv for _, iv in dated if iv.source == "text"]
    if coarse:
        cited = Counter((iv.start, iv.end, iv.precision) for iv in coarse)
        (start, end, precision) = min(cited, key=lambda k: (-cited[k], k[1] - k[0], k[0]))
        return Interval(start=start, end=end, precision=precision, source="text")
    if not dated:
        return None
    _, iv = min(dated, key=lambda p: p[0])
    return Interval(start=iv.end, end=iv.end, precision="day", source="publication")


def _status(originals: Sequence[FusionMention], sources: int) -> tuple[str, bool]:
    """``happened`` when a member reports it as happened (``claimed`` when all those come from
    one source and from someone's statement), else the most frequent of planned, threatened,
    projected; ``denied`` says whether a member reports a denial (and is the status when that
    is all the members report)."""
    denied = any(m.status == "denied" for m in originals)
    happened = [m for m in originals if m.status == "happened"]
    if happened:
        one_sided = sources == 1 and all(m.speaker is not None for m in happened)
        return ("claimed" if one_sided else "happened"), denied
    future = [m.status for m in originals if m.status in FUTURE_STATUSES]
    if future:
        value, _ = _majority(future, ("planned", "threatened", "projected"))
        return value or "planned", denied
    return ("denied" if denied else "happened"), denied


def _place(
    originals: Sequence[FusionMention],
) -> FusionMention | None:
    placed = [m for m in originals if m.place_name and m.lat is not None]
    if not placed:
        return None
    rank = min(_PRECISION_RANK.get(m.place_precision or "", 9) for m in placed)
    best = [m for m in placed if _PRECISION_RANK.get(m.place_precision or "", 9) == rank]
    counts = Counter(m.geonameid or m.place_name for m in best)
    return min(best, key=lambda m: (-counts[m.geonameid or m.place_name], m.order))


def _figures(
    originals: Sequence[FusionMention], groups: Mapping[str, str]
) -> tuple[dict[str, tuple[float | None, float | None, float | None]], bool]:
    """Low, best and high per kind, and whether independent sources conflict."""
    reports: list[FigureReport] = []
    for m in originals:
        for kind in FIGURE_KINDS:
            best = getattr(m, kind)[1]
            if best is not None:
                reports.append(
                    FigureReport(
                        kind=kind,
                        value=best,
                        article_id=m.article_id,
                        outlet=m.outlet,
                        published=m.published,
                        source_group=groups[m.article_id],
                        speaker=m.speaker,
                        sentence_start=m.sentence_start,
                        sentence_end=m.sentence_end,
                    )
                )
    result: dict[str, tuple[float | None, float | None, float | None]] = {}
    conflict = False
    for kind in FIGURE_KINDS:
        # per article: its highest figure of the kind; per source: its latest article's
        per_article: dict[str, FigureReport] = {}
        for r in reports:
            if r.kind == kind:
                kept = per_article.get(r.article_id)
                if kept is None or r.value > kept.value:
                    per_article[r.article_id] = r
        if not per_article:
            continue
        latest: dict[str, FigureReport] = {}
        for r in per_article.values():
            kept = latest.get(r.source_group)
            if kept is None or (r.published or datetime.min, r.article_id) > (
                kept.published or datetime.min,
                kept.article_id,
            ):
                latest[r.source_group] = r
        values = sorted(r.value for r in latest.values())
        result[kind] = (values[0], float(statistics.median_low(values)), values[-1])
        # independent sources giving different figures on the same day conflict
        by_day: dict[date, dict[str, float]] = {}
        for r in per_article.values():
            if r.published is not None:
                day = by_day.setdefault(r.published.date(), {})
                day[r.source_group] = max(r.value, day.get(r.source_group, r.value))
        conflict = conflict or any(len(set(v.values())) > 1 for v in by_day.values())
    return result, conflict


def combine(
    mentions: Sequence[FusionMention],
    donors: Mapping[str, Sequence[str]],
    *,
    admin2_of: Callable[[int], str | None] | None = None,
) -> EventRecord | None:
    """The event its member ``mentions`` make, or ``None`` when they are all copies."""
    members = sorted(mentions, key=lambda m: m.order)
    originals = [m for m in members if not m.copied]
    if not originals:
        return None
    groups = source_groups(members, donors)
    counted = {groups[m.article_id] for m in originals}
    first = originals[0]
    earliest = members[0]
    plover_type, type_agree = _majority([m.plover_type for m in originals], _SEVERITY)
    mode, mode_agree = _majority([m.plover_mode for m in originals])
    acled, acled_agree = _majority([m.acled_event_type for m in originals])
    sub, sub_agree = _majority([m.acled_sub_event_type for m in originals])
    actor, _ = _majority([m.actor for m in originals])
    target, _ = _majority([m.target for m in originals])
    place = _place(originals)
    when = _event_date(originals)
    status, denied = _status(originals, len(counted))
    figures, conflict = _figures(originals, groups)
    story, _ = _majority([m.story_id for m in members])
    return EventRecord(
        event_id=event_id_for(first),
        plover_type=plover_type or first.plover_type,
        plover_type_agree=type_agree,
        plover_mode=mode,
        plover_mode_agree=mode_agree if mode else None,
        acled_event_type=acled,
        acled_event_type_agree=acled_agree if acled else None,
        acled_sub_event_type=sub,
        acled_sub_event_type_agree=sub_agree if sub else None,
        actor=actor,
        target=target,
        place_name=place.place_name if place else None,
        geonameid=place.geonameid if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        place_precision=place.place_precision if place else None,
        admin1=place.admin1 if place else None,
        admin2=admin2_of(place.geonameid) if place and place.geonameid and admin2_of else None,
        country_iso=place.country if place else None,
        date_start=when.start if when else None,
        date_end=when.end if when else None,
        date_precision=when.precision if when else None,
        date_source=when.source if when else None,
        status=status,
        denied=denied,
        mentions=len(members),
        articles=len({m.article_id for m in members}),
        outlets=len({m.outlet or m.article_id for m in members}),
        independent_sources=len(counted),
        first_article_id=earliest.article_id,
        first_outlet=earliest.outlet,
        first_published=earliest.published,
        story_id=story,
        figures=figures,
        flags=("conflicting-figures",) if conflict else (),
        members=tuple(EventMember(mention=m, source_group=groups[m.article_id]) for m in members),
    )
