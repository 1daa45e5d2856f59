"""Gathering a situation report's data from a store: the selection (a story, a place with a
radius, or a country, within a period), its events with their evidence, headline figures,
quotes, conflicting figures, content warnings and coverage, as one typed :class:`Report`.

Figures are as reported: each event's low/best/high come from the fusion stage, which weighs
independent sources (a wire story and its reprints count once); the headline adds events up.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from eventwire.errors import EventwireError
from eventwire.fusion.combine import FIGURE_KINDS
from eventwire.fusion.read import event_detail, list_events
from eventwire.store import Store
from eventwire.store.events import EventFilters, EventTables
from eventwire.store.sql import iso_utc

__all__ = [
    "DEFAULT_RADIUS_KM",
    "MAX_EVENTS",
    "ConflictRow",
    "ContentWarning",
    "Coverage",
    "EventEntry",
    "EventFigure",
    "Evidence",
    "HeadlineFigure",
    "Quote",
    "Report",
    "Selection",
    "build_report",
    "event_anchor",
]

#: Radius around a named place when none is given.
DEFAULT_RADIUS_KM = 50.0
#: Events shown with their evidence; a larger selection is cut (most independent sources kept).
MAX_EVENTS = 300
#: Events listed as key events, and quotes shown.
KEY_EVENTS = 10
MAX_QUOTES = 10
#: Content flags the report warns about, in the order shown.
WARNING_CODES = ("patchwork", "attribution-stripped", "copied")

_ISO2 = re.compile(r"^[A-Za-z]{2}$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Selection:
    """What a report covers: exactly one of ``story``, ``place`` or ``country``; an optional
    radius around the place (km) and an optional period (inclusive days)."""

    story: str | None = None
    place: str | None = None
    radius_km: float | None = None
    country: str | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        given = [x for x in (self.story, self.place, self.country) if x]
        if len(given) != 1:
            raise EventwireError("a report needs exactly one of a story, a place or a country")
        if self.radius_km is not None and (
            not self.place or not math.isfinite(self.radius_km) or self.radius_km <= 0
        ):
            raise EventwireError("a radius goes with a place and must be a positive number of km")
        if self.country and not _ISO2.match(self.country):
            raise EventwireError(
                f"country {self.country!r}: give an ISO 3166-1 alpha-2 code (IQ, KE...)"
            )
        if self.since and self.until and self.since > self.until:
            raise EventwireError(f"the period starts ({self.since}) after it ends ({self.until})")


@dataclass(frozen=True, kw_only=True, slots=True)
class Evidence:
    """One sentence that reports an event, where it was published and whether it is a copy."""

    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    sentence: str
    copied: bool
    donor_article_id: str | None
    earliest: bool
    source: str


@dataclass(frozen=True, kw_only=True, slots=True)
class EventFigure:
    """An event's figure of one kind and how many independent sources give it."""

    kind: str
    low: float
    best: float
    high: float
    sources: int


@dataclass(frozen=True, kw_only=True, slots=True)
class ConflictRow:
    """One independent source's figure for an event whose sources disagree."""

    kind: str
    value: float
    outlets: tuple[str, ...]
    article_id: str
    published: str | None
    speaker: str | None
    sentence: str


@dataclass(frozen=True, kw_only=True, slots=True)
class EventEntry:
    """One event of the report with its figures and evidence; ``anchor`` names its evidence."""

    event_id: str
    anchor: str
    plover_type: str
    status: str
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    place_name: str | None
    admin1: str | None
    country_iso: str | None
    lat: float | None
    lon: float | None
    actor: str | None
    target: str | None
    independent_sources: int
    articles: int
    outlets: int
    first_outlet: str | None
    first_published: str | None
    figures: tuple[EventFigure, ...]
    flags: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    conflicts: tuple[ConflictRow, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class HeadlineFigure:
    """A figure kind summed over the events that report it: low, best and high totals, the
    events that give it and the distinct independent sources behind them."""

    kind: str
    low: float
    best: float
    high: float
    events: tuple[str, ...]
    sources: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Quote:
    """A quote from an article in the selection; ``resolved`` is False when the speaker could
    not be tied to a named person or body."""

    text: str
    speaker: str | None
    speaker_role: str | None
    resolved: bool
    kind: str
    article_id: str
    outlet: str | None
    published: str | None
    articles: int
    anchor: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class ContentWarning:
    """An article of the selection flagged by provenance: patchwork, attribution stripped,
    copied."""

    code: str
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None
    detail: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Coverage:
    """What the report rests on: the articles that report its events."""

    articles: int
    outlets: int
    independent_sources: int
    copies: int
    first_published: str | None
    last_published: str | None
    first_event_date: str | None
    last_event_date: str | None
    events_total: int
    events_shown: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """Everything a situation report shows, ready to render (:mod:`eventwire.report.render`)."""

    title: str
    selection: Selection
    selection_text: str
    generated: str
    store_path: str
    place_point: tuple[float, float] | None
    events: tuple[EventEntry, ...]
    type_counts: tuple[tuple[str, int], ...]
    figures: tuple[HeadlineFigure, ...]
    quotes: tuple[Quote, ...]
    warnings: tuple[ContentWarning, ...]
    coverage: Coverage
    key_events: tuple[str, ...] = field(default=())

    @property
    def conflicting(self) -> tuple[EventEntry, ...]:
        return tuple(e for e in self.events if "conflicting-figures" in e.flags)

    def event(self, event_id: str) -> EventEntry:
        return next(e for e in self.events if e.event_id == event_id)


def event_anchor(event_id: str) -> str:
    """The id of an event's evidence section in a report (``ev-<event id>``)."""
    return "ev-" + re.sub(r"[^A-Za-z0-9_-]", "-", event_id)


# ------------------------------------------------------------------ selection


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _resolve_place(store: Store, name: str) -> tuple[str, tuple[float, float]]:
    """A place name's point: from the store's events named so (the most reported point), else
    from the gazetteer (the most populous match)."""
    rows = store.con.execute(
        "SELECT place_name, lat, lon, count(*) AS n FROM events "
        "WHERE lat IS NOT NULL AND lon IS NOT NULL AND lower(place_name) = lower(?) "
        "GROUP BY ALL ORDER BY n DESC, place_name LIMIT 1",
        [name],
    ).fetchall()
    if rows:
        return str(rows[0][0]), (float(rows[0][1]), float(rows[0][2]))
    from eventwire.places import load_gazetteer

    gazetteer = load_gazetteer()
    entries = [gazetteer.entry(c.index) for c in gazetteer.lookup(name)]
    if entries:
        best = max(entries, key=lambda e: e.population)
        return best.name, (best.lat, best.lon)
    raise EventwireError(
        f"unknown place {name!r}: no event in {store.path} and no gazetteer entry has that name"
    )


def _select(store: Store, sel: Selection) -> tuple[list[dict[str, Any]], str, Any]:
    """The selection's events (period applied) with a description of the selection and the
    place's point; unknown stories, places and countries are errors."""
    if not store.has_table("events") or EventTables(store).count() == 0:
        raise EventwireError(
            f"{store.path}: this store holds no events yet: run `eventwire ingest` first"
        )
    point: tuple[float, float] | None = None
    if sel.story:
        row = (
            store.con.execute(
                "SELECT story_id, title FROM stories WHERE story_id = ?", [sel.story]
            ).fetchone()
            if store.has_table("stories")
            else None
        )
        if row is None:
            raise EventwireError(
                f"no story {sel.story!r} in {store.path} (see `eventwire stories`)"
            )
        everything = list_events(store, EventFilters(story=sel.story))
        events = list_events(store, EventFilters(story=sel.story, since=sel.since, until=sel.until))
        what = f"story {row[0]}" + (f": {row[1]}" if row[1] else "")
    elif sel.country:
        iso = sel.country.upper()
        everything = list_events(store, EventFilters(country=iso))
        if not everything:
            raise EventwireError(
                f"no events in country {iso!r} in {store.path} (see `eventwire events`)"
            )
        events = list_events(store, EventFilters(country=iso, since=sel.since, until=sel.until))
        what = f"country {iso}" + (f" ({_country_name(iso)})" if _country_name(iso) else "")
    else:
        assert sel.place is not None  # checked by Selection
        radius = sel.radius_km if sel.radius_km is not None else DEFAULT_RADIUS_KM
        name, point = _resolve_place(store, sel.place)
        everything = list_events(store)
        events_all = list_events(store, EventFilters(since=sel.since, until=sel.until))
        wanted = sel.place.casefold()

        def inside(e: dict[str, Any]) -> bool:
            if e["lat"] is not None and e["lon"] is not None:
                return _distance_km(point[0], point[1], e["lat"], e["lon"]) <= radius
            names = (e["place_name"], e["admin1"], e["admin2"])
            return any(n and n.casefold() == wanted for n in names)

        everything = [e for e in everything if inside(e)]
        events = [e for e in events_all if inside(e)]
        what = f"place {name} ({point[0]:.3f}, {point[1]:.3f}) within {radius:g} km"
    if not everything:
        raise EventwireError(f"no events for {what} in {store.path} (see `eventwire events`)")
    if sel.since or sel.until:
        what += f", {sel.since or '…'} to {sel.until or '…'}"
    return events, what, point


def _country_name(iso: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_2=iso)
    return str(found.name) if found is not None else None


# ------------------------------------------------------------------ the parts


def _source_counts(store: Store, event_ids: list[str]) -> dict[tuple[str, str], set[str]]:
    """``(event id, kind)`` -> the independent sources (not copies) that give that figure."""
    out: dict[tuple[str, str], set[str]] = {}
    if not event_ids:
        return out
    for kind in FIGURE_KINDS:
        rows = store.con.execute(
            f"SELECT event_id, source_group FROM event_members WHERE NOT copied "
            f"AND {kind}_best IS NOT NULL AND event_id IN (SELECT unnest(?::VARCHAR[])) "
            "GROUP BY ALL",
            [event_ids],
        ).fetchall()
        for event_id, group in rows:
            out.setdefault((str(event_id), kind), set()).add(str(group))
    return out


def _entry(detail: dict[str, Any], sources: dict[tuple[str, str], set[str]]) -> EventEntry:
    event_id = detail["event_id"]
    figures = tuple(
        EventFigure(
            kind=kind,
            low=float(f["low"] if f["low"] is not None else f["best"]),
            best=float(f["best"]),
            high=float(f["high"] if f["high"] is not None else f["best"]),
            sources=len(sources.get((event_id, kind), ())),
        )
        for kind, f in detail["figures"].items()
    )
    evidence: list[Evidence] = []
    shown: set[tuple[str, int]] = set()
    for m in detail["evidence"]:
        key = (m["article_id"], m["sentence_span"][0])
        if key in shown:
            continue
        shown.add(key)
        evidence.append(
            Evidence(
                article_id=m["article_id"],
                outlet=m["outlet"],
                published=m["published"],
                title=m["title"],
                url=m["url"],
                sentence=m["sentence"],
                copied=bool(m["copied"]),
                donor_article_id=m["donor_article_id"],
                earliest=bool(m["earliest"]),
                source=m["source"],
            )
        )
    conflicts: list[ConflictRow] = []
    if "conflicting-figures" in detail["flags"]:
        for s in detail["sources"]:
            for f in s["figures"]:
                conflicts.append(
                    ConflictRow(
                        kind=f["kind"],
                        value=float(f["value"]),
                        outlets=tuple(s["outlets"]),
                        article_id=f["article_id"],
                        published=f["published"],
                        speaker=f["speaker"],
                        sentence=f["sentence"],
                    )
                )
        conflicts.sort(key=lambda c: (FIGURE_KINDS.index(c.kind), c.value, c.article_id))
    return EventEntry(
        event_id=event_id,
        anchor=event_anchor(event_id),
        plover_type=detail["plover_type"],
        status=detail["status"],
        date_start=detail["date_start"],
        date_end=detail["date_end"],
        date_precision=detail["date_precision"],
        place_name=detail["place_name"],
        admin1=detail["admin1"],
        country_iso=detail["country_iso"],
        lat=detail["lat"],
        lon=detail["lon"],
        actor=detail["actor"],
        target=detail["target"],
        independent_sources=int(detail["independent_sources"]),
        articles=int(detail["articles"]),
        outlets=int(detail["outlets"]),
        first_outlet=detail["first_outlet"],
        first_published=detail["first_published"],
        figures=figures,
        flags=tuple(detail["flags"]),
        evidence=tuple(evidence),
        conflicts=tuple(conflicts),
    )


def _headline(
    events: list[EventEntry], sources: dict[tuple[str, str], set[str]]
) -> tuple[HeadlineFigure, ...]:
    out = []
    for kind in FIGURE_KINDS:
        having = [(e, f) for e in events for f in e.figures if f.kind == kind]
        if not having:
            continue
        groups: set[str] = set()
        for e, _ in having:
            groups |= sources.get((e.event_id, kind), set())
        out.append(
            HeadlineFigure(
                kind=kind,
                low=sum(f.low for _, f in having),
                best=sum(f.best for _, f in having),
                high=sum(f.high for _, f in having),
                events=tuple(e.event_id for e, _ in having),
                sources=len(groups),
            )
        )
    return tuple(out)


def _articles(events: list[EventEntry]) -> dict[str, Evidence]:
    """Each article that reports an event of the report, by id (its first evidence row)."""
    out: dict[str, Evidence] = {}
    for e in events:
        for m in e.evidence:
            out.setdefault(m.article_id, m)
    return out


def _quotes(
    store: Store, articles: dict[str, Evidence], events: list[EventEntry]
) -> tuple[Quote, ...]:
    """Direct and mixed quotes of the selection's articles, each once (copies counted), those
    carried by most articles first."""
    if not articles or not store.has_table("quotes"):
        return ()
    rows = store.con.execute(
        "SELECT q.article_id, substr(a.text, q.content_start + 1, q.content_end - q.content_start),"
        " q.speaker, q.speaker_role, q.resolved, q.kind, a.outlet, a.published, q.content_start "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.kind IN ('direct', 'mixed') AND q.article_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY a.published NULLS LAST, q.article_id, q.idx",
        [sorted(articles)],
    ).fetchall()
    spans = {(m.article_id, m.sentence): e.anchor for e in events for m in e.evidence}
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        text = " ".join(str(row[1]).split()).strip("\"“”'‘’ ")
        if len(text) < 25:
            continue
        grouped.setdefault(re.sub(r"\W+", " ", text.casefold()), []).append((text, *row))
    quotes = []
    for items in grouped.values():
        text, article_id, _, speaker, role, resolved, kind, outlet, published, _start = items[0]
        anchor = next(
            (a for (aid, sentence), a in spans.items() if aid == article_id and text in sentence),
            None,
        )
        quotes.append(
            Quote(
                text=text,
                speaker=speaker,
                speaker_role=role,
                resolved=bool(resolved) and bool(speaker),
                kind=str(kind),
                article_id=str(article_id),
                outlet=outlet,
                published=_iso(published),
                articles=len({i[1] for i in items}),
                anchor=anchor,
            )
        )
    quotes.sort(key=lambda q: (-q.articles, not q.resolved, q.kind != "direct", q.published or ""))
    return tuple(quotes[:MAX_QUOTES])


def _warnings(store: Store, articles: dict[str, Evidence]) -> tuple[ContentWarning, ...]:
    if not articles or not store.has_table("flags"):
        return ()
    rows = store.con.execute(
        "SELECT f.code, f.article_id, a.outlet, a.title, a.published, min(f.detail) "
        "FROM flags f JOIN articles a ON a.id = f.article_id "
        "WHERE f.target_kind = 'article' AND f.code IN (SELECT unnest(?::VARCHAR[])) "
        "AND f.article_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY ALL",
        [list(WARNING_CODES), sorted(articles)],
    ).fetchall()
    out = [
        ContentWarning(
            code=str(r[0]),
            article_id=str(r[1]),
            outlet=r[2],
            title=r[3],
            published=_iso(r[4]),
            detail=r[5],
        )
        for r in rows
    ]
    out.sort(key=lambda w: (WARNING_CODES.index(w.code), w.published or "", w.article_id))
    return tuple(out)


def _iso(value: Any) -> str | None:
    return iso_utc(value) if isinstance(value, datetime) else None


def _coverage(events: list[EventEntry], total: int) -> Coverage:
    articles = _articles(events)
    copies = {m.article_id for e in events for m in e.evidence if m.copied} - {
        m.article_id for e in events for m in e.evidence if not m.copied
    }
    outlets = {m.outlet for m in articles.values() if m.outlet}
    independent = {m.source for e in events for m in e.evidence if not m.copied}
    published = sorted(m.published for m in articles.values() if m.published)
    starts = sorted(e.date_start for e in events if e.date_start)
    ends = sorted(d for e in events if (d := e.date_end or e.date_start))
    return Coverage(
        articles=len(articles),
        outlets=len(outlets),
        independent_sources=len(independent),
        copies=len(copies),
        first_published=published[0] if published else None,
        last_published=published[-1] if published else None,
        first_event_date=starts[0] if starts else None,
        last_event_date=ends[-1] if ends else None,
        events_total=total,
        events_shown=len(events),
    )


def build_report(store: Store, selection: Selection, *, now: datetime | None = None) -> Report:
    """The situation report for ``selection`` from ``store`` (read only).

    Raises :class:`~eventwire.errors.EventwireError` for a store without events, and for an
    unknown story, place or country (one that no event of the store has).
    """
    listed, what, point = _select(store, selection)
    total = len(listed)
    listed = listed[:MAX_EVENTS]
    ids = [e["event_id"] for e in listed]
    sources = _source_counts(store, ids)
    events = [_entry(event_detail(store, event_id), sources) for event_id in ids]
    articles = _articles(events)
    types = Counter(e.plover_type for e in events)
    generated = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    if selection.story:
        title = "Situation report: " + what.split(": ", 1)[-1]
    elif selection.country:
        title = "Situation report: " + what.removeprefix("country ")
    else:
        title = "Situation report: " + what.removeprefix("place ").split(" (")[0]
    return Report(
        title=title,
        selection=selection,
        selection_text=what,
        generated=generated.isoformat(timespec="seconds") + "Z",
        store_path=store.path,
        place_point=point,
        events=tuple(events),
        type_counts=tuple(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
        figures=_headline(events, sources),
        quotes=_quotes(store, articles, events),
        warnings=_warnings(store, articles),
        coverage=_coverage(events, total),
        key_events=tuple(ids[:KEY_EVENTS]),
    )
