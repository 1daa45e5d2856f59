"""Resolution of place names to gazetteer entries, with a confidence, or abstention.

Each candidate that a name matches gets a score from

* a prior by kind and population (countries and admin1 units outrank towns of the same name,
  big towns outrank small ones), and whether the name is the entry's own name or an alias;
* containment cues in the text (``Mosul, Iraq``; ``Paris, Texas``);
* the document: the countries and admin1 units of the other place names, their distance, the
  optional focus country and dateline place.

The confidence is the candidate's softmax share of the scores. Below ``min_confidence`` the
resolver abstains (``None``); it never replaces a town it cannot place by its country.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.places.gazetteer import Gazetteer, Kind, load_gazetteer
from eventwire.records import Precision

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "Mention",
    "Resolution",
    "haversine_km",
    "resolve",
    "resolve_document",
]

DEFAULT_MIN_CONFIDENCE = 0.35

_KIND_PRIOR = {
    Kind.COUNTRY: 11.0,
    Kind.CONTINENT: 13.0,
    Kind.ADMIN1: 8.0,
    Kind.REGION: 11.0,
    Kind.WATER: 11.0,
    Kind.LANDFORM: 10.0,
    Kind.DISTRICT: 10.0,
    Kind.CAMP: 10.0,
    Kind.LANDMARK: 10.0,
    Kind.ADMIN2: 3.0,
}
_MAX_CANDIDATES = 60


@dataclass(slots=True)
class Weights:
    """Weights of the ranking features (tuned on the first half of LGL)."""

    population: float = 1.25
    country: float = 9.0
    admin1: float = 6.0
    admin1_power: float = 0.5
    near: float = 6.0


WEIGHTS = Weights()
_GENERIC_SUFFIX = re.compile(r"\s+(?:township|twp\.?|village|borough)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_CONTAINER = re.compile(r"\s*,\s*((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3})")


@dataclass(frozen=True, kw_only=True, slots=True)
class Resolution:
    """A place name resolved to one gazetteer entry."""

    name: str
    lat: float
    lon: float
    geonameid: int | None
    country: str | None
    admin1: str | None
    admin2: str | None
    kind: Kind
    precision: Precision
    confidence: float
    entry: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """A place name in a document; ``start``/``end`` locate it in the text when known."""

    text: str
    start: int | None = None
    end: int | None = None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


_DIRECTION = re.compile(
    r"^(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?|"
    r"upper|lower|greater|downtown)\s+",
    re.IGNORECASE,
)
_TRAILING_GENERIC = re.compile(
    r"\s+(?:river|creek|lake|county|co\.|parish|township|twp\.?|city|state|province|"
    r"governorate|district|region|village|borough|station|valley|park|island|islands|"
    r"mountains?|airport|university|college|campus|hospital|square|street|road)$",
    re.IGNORECASE,
)


def _lookup_variants(name: str, partial: bool) -> list[tuple[str, float]]:
    """Names to try, best first, each with a score penalty for being a looser reading."""
    name = _POSSESSIVE.sub("", name.strip())
    out = [(name, 0.0)]
    no_dir = _DIRECTION.sub("", name)
    if no_dir != name:
        out.append((no_dir, 1.0))
    for base, pen in list(out):
        cut = _GENERIC_SUFFIX.sub("", base)
        if cut != base:
            out.append((cut, pen + 0.5))
    if partial:
        for base, pen in list(out):
            cut = _TRAILING_GENERIC.sub("", base)
            if cut != base:
                out.append((cut, pen + 1.5))
            head, of, tail = base.rpartition(" of ")
            if of and head and tail:
                out.append((tail, pen + 1.5))  # "Bank of Japan", "University of Alberta"
                continue
            words = base.split()
            for n in range(len(words) - 1, 0, -1):
                out.append((" ".join(words[:n]), pen + 2.0 + (len(words) - n)))
    return out


def _candidates(
    gaz: Gazetteer, name: str, allow_demonym: bool, partial: bool = False
) -> list[tuple[int, bool, float]]:
    """(entry, matched its own name, penalty) for the first reading of ``name`` that matches."""
    out: list[tuple[int, bool, float]] = []
    for variant, penalty in _lookup_variants(name, partial):
        hits = gaz.lookup(variant)
        if penalty and variant != name:
            # a looser reading never yields admin2 units named like a town ("Mosul" district)
            hits = [c for c in hits if gaz.kind(c.index) != Kind.ADMIN2] or hits
        dem = gaz.demonym(variant) if allow_demonym else None
        if dem is not None:
            # an adjective read as a place name: the demonym reading comes first
            out = [(dem.index, True, penalty - 1.5)]
            out += [(c.index, c.primary, penalty + 1.0) for c in hits if c.index != dem.index]
            break
        if hits:
            out = [(c.index, c.primary, penalty - (1.5 if c.preferred else 0.0)) for c in hits]
            break
    if len(out) > _MAX_CANDIDATES:
        out.sort(key=lambda c: (-int(c[1]), -gaz.population(c[0])))
        out = out[:_MAX_CANDIDATES]
    return out


def _prefer_towns_over_their_units(
    gaz: Gazetteer, cands: list[tuple[int, bool, float]]
) -> list[tuple[int, bool, float]]:
    """``Kirkuk`` names both a town and the province around it: news means the town."""
    parents = set()
    for i, primary, _ in cands:
        if primary and gaz.kind(i) == Kind.CITY and gaz.population(i) >= 10_000:
            parents.add(gaz.admin1_of(i))
            parents.add(gaz.data.admin2[i])
    if not parents:
        return cands
    return [(i, p, pen + 2.0 if i in parents else pen) for i, p, pen in cands]


def _prior(gaz: Gazetteer, index: int, primary: bool) -> float:
    kind = gaz.kind(index)
    pop = math.log10(gaz.population(index) + 10)
    if kind == Kind.CITY:
        score = WEIGHTS.population * pop
    elif kind in (Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2):
        score = _KIND_PRIOR[kind] + 0.4 * pop
    else:
        score = _KIND_PRIOR[kind] + 0.25 * pop
    if gaz.data.supplementary[index]:
        score += 2.0  # the project's own table names the intended sense
    return score + (2.0 if primary else 0.0)


def _container_indexes(gaz: Gazetteer, text: str, end: int | None) -> set[int]:
    """Countries and admin1 units named right after a mention (``Mosul, Iraq``)."""
    if end is None or not text:
        return set()
    m = _CONTAINER.match(text, end)
    if not m:
        return set()
    words = m.group(1).split()
    out: set[int] = set()
    for n in range(len(words), 0, -1):
        for c in gaz.lookup(" ".join(words[:n])):
            if gaz.kind(c.index) in (Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2):
                out.add(c.index)
        if out:
            break
    return out


def _to_resolution(gaz: Gazetteer, index: int, confidence: float) -> Resolution:
    e = gaz.entry(index)
    return Resolution(
        name=e.name,
        lat=e.lat,
        lon=e.lon,
        geonameid=e.geonameid,
        country=e.country,
        admin1=e.admin1,
        admin2=e.admin2,
        kind=e.kind,
        precision=e.precision,
        confidence=round(confidence, 4),
        entry=index,
    )


def resolve_document(
    mentions: Sequence[Mention | str],
    *,
    text: str = "",
    focus_country: str | None = None,
    dateline: str | None = None,
    gazetteer: Gazetteer | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    allow_demonym: bool = False,
    allow_partial: bool = False,
    iterations: int = 3,
) -> list[Resolution | None]:
    """Resolves all place names of one document together; ``None`` where it abstains.

    ``allow_demonym`` lets adjectives such as ``Iraqi`` resolve to their place and
    ``allow_partial`` lets an unknown name resolve through its head (``Arizona State
    University`` -> Arizona) at a lower score; both serve scoring given spans. Recognition
    never passes demonyms as places.
    """
    gaz = gazetteer or load_gazetteer()
    items = [m if isinstance(m, Mention) else Mention(text=m) for m in mentions]
    cands = [_candidates(gaz, m.text, allow_demonym, allow_partial) for m in items]
    cands = [_prefer_towns_over_their_units(gaz, cs) for cs in cands]
    base = [
        [_prior(gaz, i, p) - 2.0 * pen + _containment_bonus(gaz, i, box) for i, p, pen in cs]
        for cs, box in zip(
            cands, (_container_indexes(gaz, text, m.end) for m in items), strict=True
        )
    ]
    anchor: tuple[float, float] | None = None
    anchor_country = focus_country
    if dateline:
        dl = _candidates(gaz, dateline, False)
        if dl:
            best = max(dl, key=lambda c: _prior(gaz, c[0], c[1]))[0]
            anchor = gaz.point(best)
            anchor_country = anchor_country or gaz.country_of(best) or None
    fixed = [list(b) for b in base]
    for cs, row0 in zip(cands, fixed, strict=True):
        for j, (i, _, _) in enumerate(cs):
            if anchor_country and gaz.country_of(i) == anchor_country:
                row0[j] += 4.5
            if (
                anchor is not None
                and gaz.kind(i) in _POINT_KINDS
                and haversine_km(*gaz.point(i), *anchor) < 300
            ):
                row0[j] += 2.0

    probs = [_softmax(s) for s in fixed]
    for _ in range(iterations):
        countries: dict[str, float] = {}
        admin1s: dict[int, float] = {}
        points: list[tuple[int, float, float, float]] = []
        for k, (cs, ps) in enumerate(zip(cands, probs, strict=True)):
            for (i, _, _), p in zip(cs, ps, strict=True):
                if p < 0.05:
                    continue
                cc = gaz.country_of(i)
                if cc:
                    countries[cc] = countries.get(cc, 0.0) + p
                a1 = gaz.admin1_of(i)
                if a1 >= 0:
                    admin1s[a1] = admin1s.get(a1, 0.0) + p
                if gaz.kind(i) in _POINT_KINDS or gaz.kind(i) == Kind.ADMIN2:
                    lat, lon = gaz.point(i)
                    points.append((k, lat, lon, p))
        n_docs = sum(1 for cs in cands if cs)
        scores: list[list[float]] = []
        for k, (cs, ps) in enumerate(zip(cands, probs, strict=True)):
            row: list[float] = []
            for j, (i, _, _) in enumerate(cs):
                s = fixed[k][j]
                others = max(n_docs - 1, 0)
                cc = gaz.country_of(i)
                if cc and others:
                    own = sum(
                        q for (x, _, _), q in zip(cs, ps, strict=True) if gaz.country_of(x) == cc
                    )
                    share = max(0.0, min(1.0, (countries.get(cc, 0.0) - own) / others))
                    s += WEIGHTS.country * share**0.5
                a1 = gaz.admin1_of(i)
                if a1 >= 0:
                    own_a1 = sum(
                        q for (x, _, _), q in zip(cs, ps, strict=True) if gaz.admin1_of(x) == a1
                    )
                    a1_mass = admin1s.get(a1, 0.0) - own_a1
                    if a1_mass > 0.3:
                        s += (
                            WEIGHTS.admin1
                            * min(1.0, a1_mass / max(others, 1)) ** WEIGHTS.admin1_power
                        )
                if gaz.kind(i) in _POINT_KINDS or gaz.kind(i) == Kind.ADMIN2:
                    lat, lon = gaz.point(i)
                    near = 0.0
                    for k2, lat2, lon2, p2 in points:
                        if (
                            k2 != k
                            and abs(lat2 - lat) < 2.5
                            and haversine_km(lat, lon, lat2, lon2) < 100
                        ):
                            near = max(near, p2)
                    s += WEIGHTS.near * near
                elif gaz.kind(i) == Kind.COUNTRY and cc:
                    s += 2.5 * min(1.0, max(0.0, countries.get(cc, 0.0) - 1.0))
                elif gaz.kind(i) == Kind.ADMIN1 and admin1s.get(i, 0.0) > 1.3:
                    s += 2.5
                row.append(s)
            scores.append(row)
        probs = [_softmax(s) for s in scores]

    out: list[Resolution | None] = []
    for cs, ps in zip(cands, probs, strict=True):
        if not cs:
            out.append(None)
            continue
        best = max(range(len(ps)), key=ps.__getitem__)
        conf = ps[best]
        out.append(_to_resolution(gaz, cs[best][0], conf) if conf >= min_confidence else None)
    return out


_POINT_KINDS = (Kind.CITY, Kind.DISTRICT, Kind.CAMP, Kind.LANDMARK)


def _softmax(scores: list[float]) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _containment_bonus(gaz: Gazetteer, index: int, box: set[int]) -> float:
    if not box:
        return 0.0
    if index in box:
        return -4.0  # "Texas, United States": the container itself is not what "Paris" means
    cc = gaz.country_of(index)
    a1 = gaz.admin1_of(index)
    for b in box:
        kind = gaz.kind(b)
        if (kind == Kind.COUNTRY and cc == gaz.country_of(b)) or (kind == Kind.ADMIN1 and a1 == b):
            return 12.0
        if kind == Kind.ADMIN2 and gaz.data.admin2[index] == b:
            return 12.0
    return 0.0


def resolve(
    name: str,
    *,
    text: str = "",
    start: int | None = None,
    end: int | None = None,
    context: Sequence[str] = (),
    focus_country: str | None = None,
    dateline: str | None = None,
    gazetteer: Gazetteer | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    allow_demonym: bool = False,
    allow_partial: bool = False,
) -> Resolution | None:
    """Resolves one place name; ``context`` lists the document's other place names."""
    mentions = [Mention(text=name, start=start, end=end), *(Mention(text=c) for c in context)]
    return resolve_document(
        mentions,
        text=text,
        focus_country=focus_country,
        dateline=dateline,
        gazetteer=gazetteer,
        min_confidence=min_confidence,
        allow_demonym=allow_demonym,
        allow_partial=allow_partial,
    )[0]
