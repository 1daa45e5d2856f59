"""Resolution of place names to gazetteer entries, with a confidence, or abstention.

Each candidate that a name matches gets a score from

* a prior by kind and population (countries and admin1 units outrank towns of the same name,
  big towns outrank small ones; a small town named like a country, a state of at least a
  million people or a region, such as Florida, New York, ranks lower still, and a first-level
  unit of under 100,000 people ranks below a town of its name five times its size: Saint
  Paul, Minnesota, not the parish of Antigua), and whether the name is the entry's own name or
  an alias;
* containment cues in the text (``Mosul, Iraq``; ``Paris, Texas``); an upper-case dateline
  (``WASHINGTON (AP) -``) names a town;
* the document: the countries and admin1 units of the other place names (repeated mentions of
  one name do not vouch for each other, a town read from part of a name, ``Rogers Centre``,
  vouches for nothing and a town that names a team or a treaty only for its country), their
  distance, the optional focus country and dateline place;
* a town many times smaller than a namesake of a million people or more (``London``, Ohio;
  ``Rome``, Georgia) ranks lower unless its own state or a nearby place supports it; towns that
  only list a name among their other names rank below towns that bear it, and other names made
  of common words (``South Side``, ``River North``) are not read as towns at all;
* for New York and Washington, state cues (``upstate``, ``central Washington``, ``Wash.``
  elsewhere in the article) and city cues (``Trump's Washington``, ``lives in New York``,
  ``travel to Washington``);
* a town that names a major sports team, a treaty or a body (``the Portland Trail Blazers``,
  ``the Venice Commission``; ``data/named_after.tsv``) is the town they are named after, there
  and wherever the article repeats the name;
* an acronym that the article spells out (``SA`` ... ``South Africa``) is read as the full
  name, and a bare name whose county the article names (``Suffolk`` ... ``Suffolk County``)
  is that county unless the answer lies in it; ``L.A.`` is Los Angeles, not ``La.``;
  ``the Republic`` is Ireland in an article that names a place in Ireland or Northern Ireland
  and nothing elsewhere.

Given spans may be adjectives: demonyms come from the gazetteer, or from the stem of an
adjective in -(i)an(s) or -i (``Minnesotans``, ``Texan``, ``Dagestani``). Partial readings
keep the head of an unknown name (``Arizona State University``); a name ending in a
settlement word (``Meadow Grove``, ``Tennessee Colony``) is not cut to its first word, and a
town or county read from part of a name that is not a site is dropped unless another place of
the article lies within 100 km of it (``Lake Robinson`` is not Robinson, South Carolina).

The confidence is the candidate's softmax share of the scores (when the best candidate falls
short, the share of all candidates within 50 km of it: ``Rome`` the city and ``Roma`` the
province are one answer). Below ``min_confidence`` the resolver abstains (``None``); it never
replaces a town it cannot place by its country. Streets, buildings and venues that the text
puts in a town get that town with the precision code ``within-town``
(:mod:`eventwire.places.sites`); so do unknown names after ``at`` (venues), names that the text
says a street bears (``the street was later called Lafayette``), names that the gazetteer does
not know (or knows only in part), except acronyms, and names whose only reading is a town of
under 30,000 people more than 500 km from all the other places of an article that names at
least two (``Stonewall`` in an article about northern Virginia). Such a name takes the town
that the text puts it in, else the town named nearest to it in its sentence or paragraph,
else the article's focus town; where the same name is placed by an explicit cue elsewhere in
the article, it takes that place.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources

from eventwire.places.gazetteer import Gazetteer, GazetteerEntry, Kind, load_gazetteer
from eventwire.places.sites import (
    called_site,
    is_site,
    is_street,
    named_street,
    site_containers,
)
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
    r"upper|lower|greater|downtown|old\s+town|historic|"
    # a regime or an era before a country's name: "Nazi Germany", "Soviet Russia"
    r"nazi|soviet|communist|imperial|tsarist|fascist|ottoman|colonial|mainland|modern|"
    r"ancient|medieval|pre-?war|post-?war|wartime)\s+",
    re.IGNORECASE,
)
_TRAILING_GENERIC = re.compile(
    r"\s+(?:river|creek|lake|county|co\.|parish|township|twp\.?|city|state|province|"
    r"governorate|district|region|village|borough|station|valley|park|island|islands|"
    r"mountains?|airport|university|college|campus|hospital|square|street|road)$",
    re.IGNORECASE,
)


_SITE_THEN_TOWN = re.compile(
    r"\b(?i:college|university|embassy|consulate|hospital|school|academy|institute|"
    r"cathedral|stadium|airport|station|hotel|museum)\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)$"
)
_SETTLEMENT_TAIL = re.compile(
    r"\s(?:colony|grove|orchard|mills?|corners?|junction|crossing|heights|springs|hollow|"
    r"landing|ridge|town)$",
    re.IGNORECASE,
)
_UNIT_TAIL = re.compile(
    r"\s(?:state|province|county|co\.|parish|governorate|district|region)$", re.IGNORECASE
)
_BARE_PREFIXES = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "northeast", "northwest", "southeast", "southwest", "central", "upper", "lower",
        "greater", "new", "old", "great", "little", "royal", "grand", "national", "state",
        "city", "republic", "saint", "st", "st.", "san", "santa", "rue", "faubourg", "fort",
        "mount", "port", "lake", "camp", "the",
    }
)  # fmt: skip


# dotted initials that the index cannot tell from a state's abbreviation (``La.``)
_INITIALISMS = {"L.A.": "Los Angeles"}


def _lookup_variants(name: str, partial: bool) -> list[tuple[str, float, bool]]:
    """Names to try, best first, each with a score penalty for being a looser reading and
    whether the reading keeps only part of the name (``Royal Street`` read as ``Royal``)."""
    name = _POSSESSIVE.sub("", name.strip())
    name = _INITIALISMS.get(name, name)
    out = [(name, 0.0, False)]
    no_dir = _DIRECTION.sub("", name)
    if no_dir != name and no_dir.casefold() not in _GENERIC_WORDS:  # not "Side" of "South Side"
        out.append((no_dir, 1.0, False))
    for base, pen, _ in list(out):
        cut = _GENERIC_SUFFIX.sub("", base)
        if cut != base:
            out.append((cut, pen + 0.5, False))
    if partial:
        for base, pen, _ in list(out):
            cut = _TRAILING_GENERIC.sub("", base)
            if cut != base:
                out.append((cut, pen + 1.5, True))
            if base.startswith("Lake ") and len(base) > 8:
                out.append((base[5:], pen + 1.5, True))  # "Lake Manassas": by Manassas
                continue
            after = _SITE_THEN_TOWN.search(base)
            if after:
                # "Robinson College Cambridge": the name ends with the town, as in "X, Y"
                out.append((after.group(1), pen + 1.5, False))
                continue
            head, of, tail = base.rpartition(" of ")
            if of and head and tail:
                out.append((tail, pen + 1.5, True))  # "Bank of Japan", "University of Alberta"
                continue
            words = base.split()
            if _SETTLEMENT_TAIL.search(base):
                continue  # "Meadow Grove", "Tennessee Colony": a place of its own, not Meadow
            for n in range(len(words) - 1, 0, -1):
                if n == 1 and words[0].casefold() in _BARE_PREFIXES | _GENERIC_WORDS:
                    continue  # "South Kilburn Estate" is not "South"
                out.append((" ".join(words[:n]), pen + 2.0 + (len(words) - n), True))
    return out


def _candidates(
    gaz: Gazetteer, name: str, allow_demonym: bool, partial: bool = False
) -> tuple[list[tuple[int, bool, float]], bool]:
    """(entry, matched its own name, penalty) for the first reading of ``name`` that matches,
    and whether that reading keeps only part of the name."""
    out: list[tuple[int, bool, float]] = []
    loose = False
    for variant, penalty, part in _lookup_variants(name, partial):
        hits = gaz.lookup(variant)
        if penalty and variant != name:
            # a looser reading never yields admin2 units named like a town ("Mosul" district)
            hits = [c for c in hits if gaz.kind(c.index) != Kind.ADMIN2] or hits
        dem = gaz.demonym(variant) if allow_demonym else None
        if dem is None and allow_demonym and not hits:
            dem = _derived_demonym(gaz, variant)
        if dem is not None:
            # an adjective read as a place name: the demonym reading comes first
            out = [(dem.index, True, penalty - 1.5)]
            out += [(c.index, c.primary, penalty + 1.0) for c in hits if c.index != dem.index]
            loose = part
            break
        if hits and _generic_words(variant):
            # "South Side", "River North": other names of some town, but mostly not it
            hits = [c for c in hits if c.primary or gaz.kind(c.index) != Kind.CITY]
        if hits:
            out = [(c.index, c.primary, penalty - (1.5 if c.preferred else 0.0)) for c in hits]
            loose = part
            break
    if len(out) > _MAX_CANDIDATES:
        out.sort(key=lambda c: (-int(c[1]), -gaz.population(c[0])))
        out = out[:_MAX_CANDIDATES]
    return out, loose


_GENERIC_WORDS = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "central", "upper", "lower", "near", "far", "side", "end", "river", "lake", "park",
        "hill", "hills", "town", "city", "village", "downtown", "uptown", "midtown", "old",
        "new", "the", "bay", "point", "beach", "valley", "heights", "square", "market",
    }
)  # fmt: skip


def _generic_words(name: str) -> bool:
    """Whether a name of two or more words is made of common place words only."""
    words = name.casefold().split()
    return len(words) > 1 and all(w in _GENERIC_WORDS for w in words)


def _group_key(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip()).casefold()


_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


def _spelled_out(text: str, name: str) -> str | None:
    """The words of ``text`` whose initials spell the acronym ``name`` (``SA``: ``South
    Africa``), the first such run of capitalised words, else ``None``."""
    name = name.strip()
    if not _ACRONYM.match(name):
        return None
    words = r"\s+".join(rf"{c}[a-z]+" for c in name)
    m = re.search(rf"\b{words}\b", text)
    return m.group(0) if m else None


_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ian|an|ani|i)s?$")
_ADJECTIVE_KINDS = (Kind.COUNTRY, Kind.ADMIN1, Kind.REGION)


def _derived_demonym(gaz: Gazetteer, word: str) -> GazetteerEntry | None:
    """An adjective or demonym that the demonym table lacks, read from its stem where that is
    a country, state or region: ``Siberian`` -> Siberia, ``Minnesotans`` -> Minnesota,
    ``Ohioan`` -> Ohio, ``Texan`` -> Texas, ``Dagestani`` -> Dagestan."""
    if not _ADJECTIVE.match(word):
        return None
    word = word.removesuffix("s")
    stems = [word[:-1]]  # Siberian, Minnesotan, Dagestani
    if word.endswith("an"):
        stems += [word[:-2], word[:-1] + "s"]  # Ohioan; Texan, Kansan
    for stem in stems:
        if len(stem) < 4:
            continue
        hits = [c for c in gaz.lookup(stem) if gaz.kind(c.index) in _ADJECTIVE_KINDS]
        if hits:
            best = max(hits, key=lambda c: (c.primary, gaz.population(c.index)))
            return gaz.entry(best.index)
    return None


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


_BIG_UNIT_KINDS = (Kind.COUNTRY, Kind.CONTINENT, Kind.REGION, Kind.WATER, Kind.LANDFORM)


def _prefer_units_over_their_namesakes(
    gaz: Gazetteer, cands: list[tuple[int, bool, float]]
) -> list[tuple[int, bool, float]]:
    """``Florida``, ``Greece``, ``Middle East`` also name small towns (Florida, New York;
    Greece, New York): without a cue, news means the country, state or region."""
    big = any(
        primary
        and (
            gaz.kind(i) in _BIG_UNIT_KINDS
            or (gaz.kind(i) == Kind.ADMIN1 and gaz.population(i) >= _BIG_UNIT_POPULATION)
        )
        for i, primary, _ in cands
    )
    city = any(
        primary and gaz.kind(i) == Kind.CITY and gaz.population(i) >= _BIG_TOWN
        for i, primary, _ in cands
    )
    if not big or city:
        return cands  # "Washington": the state or the capital, left to the context
    return [
        (i, p, pen + _NAMESAKE_PENALTY)
        if gaz.kind(i) == Kind.CITY and gaz.population(i) < _BIG_TOWN
        else (i, p, pen)
        for i, p, pen in cands
    ]


_BIG_UNIT_POPULATION = 1_000_000


def _prefer_own_names(
    gaz: Gazetteer, cands: list[tuple[int, bool, float]]
) -> list[tuple[int, bool, float]]:
    """Where some towns bear a name as their own, towns that only list it among their other
    names rank lower (``Charleston`` is not Charlton, Massachusetts)."""
    if not any(p and gaz.kind(i) == Kind.CITY for i, p, _ in cands):
        return cands
    return [
        (i, p, pen + _ALIAS_PENALTY if not p and gaz.kind(i) == Kind.CITY else pen)
        for i, p, pen in cands
    ]


_ALIAS_PENALTY = 1.0


def _prefer_big_towns_over_small_units(
    gaz: Gazetteer, cands: list[tuple[int, bool, float]]
) -> list[tuple[int, bool, float]]:
    """A small first-level unit (a parish of Antigua called Saint Paul, a parish of Jamaica
    called Portland) ranks below a town of the same name many times its size."""
    top = max((gaz.population(i) for i, p, _ in cands if p and gaz.kind(i) == Kind.CITY), default=0)
    if not top:
        return cands
    return [
        (i, p, pen + _SMALL_UNIT_PENALTY)
        if gaz.kind(i) == Kind.ADMIN1
        and gaz.population(i) < _SMALL_UNIT
        and top >= _SMALL_UNIT_RATIO * gaz.population(i)
        else (i, p, pen)
        for i, p, pen in cands
    ]


_SMALL_UNIT = 100_000
_SMALL_UNIT_RATIO = 5.0
_SMALL_UNIT_PENALTY = 3.0


def _famous_gaps(
    gaz: Gazetteer, cands: list[tuple[int, bool, float]], *, big: int, gap: float
) -> list[float]:
    """How far (in orders of magnitude beyond ``gap``) each town falls short of the biggest
    town of the same name, where that one has at least ``big`` people."""
    top = max((gaz.population(i) for i, _, _ in cands if gaz.kind(i) == Kind.CITY), default=0)
    if top < big:
        return [0.0] * len(cands)
    return [
        max(0.0, math.log10(top / max(gaz.population(i), 1)) - gap)
        if gaz.kind(i) == Kind.CITY
        else 0.0
        for i, _, _ in cands
    ]


_FAMOUS_TOWN = 1_000_000
_FAMOUS_GAP = 1.0
_FAMOUS_PENALTY = 2.0
_NAMESAKE_PENALTY = 2.0


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
    sites: bool = True,
    iterations: int = 3,
) -> list[Resolution | None]:
    """Resolves all place names of one document together; ``None`` where it abstains.

    ``allow_demonym`` lets adjectives such as ``Iraqi`` resolve to their place and
    ``allow_partial`` lets an unknown name resolve through its head (``Arizona State
    University`` -> Arizona) at a lower score; both serve scoring given spans. Recognition
    never passes demonyms as places.

    With ``sites`` (and the ``text``), streets, buildings and venues are put in the town that
    the text places them in (``Royal Street`` ... ``in Harwick``; see
    :mod:`eventwire.places.sites`): the answer is the town with the precision code
    ``within-town`` and a lower confidence. A name that the next words call a street
    (``State and Hubbard streets``) is never read as the town of that name.
    """
    gaz = gazetteer or load_gazetteer()
    items = [m if isinstance(m, Mention) else Mention(text=m) for m in mentions]
    found = [_candidates(gaz, m.text, allow_demonym, allow_partial) for m in items]
    for k, m in enumerate(items):
        if not found[k][0] and text:
            long = _spelled_out(text, m.text)
            if long is not None:
                # "SA" in an article that says "South Africa" (or "South Africans")
                found[k] = _candidates(gaz, long, allow_demonym)
    cands = [_prefer_towns_over_their_units(gaz, cs) for cs, _ in found]
    cands = [_prefer_units_over_their_namesakes(gaz, cs) for cs in cands]
    cands = [_prefer_own_names(gaz, cs) for cs in cands]
    cands = [_prefer_big_towns_over_small_units(gaz, cs) for cs in cands]
    boxes = [_container_indexes(gaz, text, m.end) for m in items]
    base = [
        [_prior(gaz, i, p) - 2.0 * pen + _containment_bonus(gaz, i, box) for i, p, pen in cs]
        for cs, box in zip(cands, boxes, strict=True)
    ]
    for k, m in enumerate(items):
        if _is_dateline(text, m):
            # "WASHINGTON (AP) -", "(NEW YORK) -": datelines name towns
            base[k] = [
                b + (_DATELINE_TOWN if gaz.kind(i) == Kind.CITY else 0.0)
                for b, (i, _, _) in zip(base[k], cands[k], strict=True)
            ]
    for k, m in enumerate(items):
        cue = _state_or_city_cue(gaz, text, m, cands[k])
        if cue is not None:
            # "upstate New York", "central Washington" / "lives in New York"
            base[k] = [
                b + (_STATE_CITY_CUE if gaz.kind(i) == cue else 0.0)
                for b, (i, _, _) in zip(base[k], cands[k], strict=True)
            ]
    named_after = _named_after(text, items)
    for k, target in enumerate(named_after):
        if target is not None:
            # "the Portland Trail Blazers", "the Venice Commission": the town they are named
            # after, wherever the article is
            base[k] = [
                b + (_NAMED_AFTER if _in_named_town(gaz, i, target) else 0.0)
                for b, (i, _, _) in zip(base[k], cands[k], strict=True)
            ]
    anchor: tuple[float, float] | None = None
    anchor_country = focus_country
    if dateline:
        dl, _ = _candidates(gaz, dateline, False)
        if dl:
            best = max(dl, key=lambda c: _prior(gaz, c[0], c[1]))[0]
            anchor = gaz.point(best)
            anchor_country = anchor_country or gaz.country_of(best) or None
    fixed = [list(b) for b in base]
    famous = [_famous_gaps(gaz, cs, big=_FAMOUS_TOWN, gap=_FAMOUS_GAP) for cs in cands]
    # whether a candidate has support from its own state or a nearby place, judged once on the
    # evidence before the famous-town penalty applies
    supported: dict[tuple[int, int], bool] = {}
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

    # repeated mentions of one name are one piece of evidence: they do not lend each other
    # country or admin1 support (they still count as nearby points for each other)
    groups = [_group_key(m.text) for m in items]
    sizes = Counter(g for g, cs in zip(groups, cands, strict=True) if cs)
    probs = [_softmax(s) for s in fixed]
    for _ in range(iterations):
        countries: dict[str, float] = {}
        admin1s: dict[int, float] = {}
        own_countries: dict[str, dict[str, float]] = {}
        own_admin1s: dict[str, dict[int, float]] = {}
        points: list[tuple[int, float, float, float]] = []
        for k, (cs, ps) in enumerate(zip(cands, probs, strict=True)):
            g_cc = own_countries.setdefault(groups[k], {})
            g_a1 = own_admin1s.setdefault(groups[k], {})
            for (i, _, _), p in zip(cs, ps, strict=True):
                cc = gaz.country_of(i)
                a1 = gaz.admin1_of(i)
                if cc:
                    g_cc[cc] = g_cc.get(cc, 0.0) + p
                if a1 >= 0:
                    g_a1[a1] = g_a1.get(a1, 0.0) + p
                if p < 0.05 or found[k][1]:
                    continue  # a town read from part of a name ("Rogers Centre") lends nothing
                if cc:
                    countries[cc] = countries.get(cc, 0.0) + p
                if named_after[k] is not None:
                    continue  # a town that names a team or a treaty lends only its country
                if a1 >= 0:
                    admin1s[a1] = admin1s.get(a1, 0.0) + p
                if gaz.kind(i) in _POINT_KINDS or gaz.kind(i) == Kind.ADMIN2:
                    lat, lon = gaz.point(i)
                    points.append((k, lat, lon, p))
        n_docs = sum(1 for cs in cands if cs)
        scores: list[list[float]] = []
        for k, cs in enumerate(cands):
            row: list[float] = []
            group = groups[k]
            others = max(n_docs - sizes[group], 0)
            for j, (i, _, _) in enumerate(cs):
                s = fixed[k][j]
                cc = gaz.country_of(i)
                if cc and others:
                    own = own_countries[group].get(cc, 0.0)
                    share = max(0.0, min(1.0, (countries.get(cc, 0.0) - own) / others))
                    s += WEIGHTS.country * share**0.5
                a1 = gaz.admin1_of(i)
                local = False
                if a1 >= 0:
                    own_a1 = own_admin1s[group].get(a1, 0.0)
                    a1_mass = admin1s.get(a1, 0.0) - own_a1
                    if a1_mass > 0.3:
                        local = True
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
                    if famous[k][j] and not supported.setdefault((k, j), local or near >= 0.3):
                        # country-level support alone does not make "London" a small US town
                        s -= _FAMOUS_PENALTY * famous[k][j]
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
        if conf < min_confidence:
            # "Rome" the city and "Roma" the province around it: one answer, not two
            lat, lon = gaz.point(cs[best][0])
            conf = sum(
                p
                for (i, _, _), p in zip(cs, ps, strict=True)
                if p >= 0.01 and haversine_km(lat, lon, *gaz.point(i)) <= _SAME_PLACE_KM
            )
        out.append(_to_resolution(gaz, cs[best][0], conf) if conf >= min_confidence else None)
    out = _short_county_names(gaz, items, out)
    out = _the_republic(gaz, text, items, out)
    if sites and text:
        # names that the gazetteer lacks (or knows only in part), but not acronyms: an unknown
        # acronym is more likely an organisation than a place
        unknown = [
            (not cs or loose) and not _ACRONYM.match(m.text.strip())
            for m, (cs, loose) in zip(items, found, strict=True)
        ]
        out = _place_sites(gaz, text, items, out, [loose for _, loose in found], unknown)
    return out


def _short_county_names(
    gaz: Gazetteer, items: list[Mention], out: list[Resolution | None]
) -> list[Resolution | None]:
    """``Suffolk`` in an article that names ``Suffolk County``: that county, unless the answer
    already lies in it (the town of ``Madison`` in ``Madison County``)."""
    counties: dict[str, Resolution] = {}
    for m, r in zip(items, out, strict=True):
        key = _group_key(m.text)
        if r is not None and r.kind == Kind.ADMIN2 and key.endswith(" county"):
            counties.setdefault(key[: -len(" county")], r)
    if not counties:
        return out
    result = list(out)
    for k, (m, r) in enumerate(zip(items, out, strict=True)):
        county = counties.get(_group_key(m.text))
        if county is None or (r is not None and r.kind != Kind.CITY):
            continue
        if r is not None and (r.entry == county.entry or gaz.data.admin2[r.entry] == county.entry):
            continue
        result[k] = county
    return result


_THE_REPUBLIC = re.compile(r"\bthe\s+$", re.IGNORECASE)
_NOT_OF = re.compile(r"(?!\s+of\b)")


def _the_republic(
    gaz: Gazetteer, text: str, items: list[Mention], out: list[Resolution | None]
) -> list[Resolution | None]:
    """``the Republic`` in an article about Ireland or Northern Ireland is the Republic of
    Ireland; elsewhere it is no town called Republic, and the resolver abstains."""
    found = [
        k
        for k, m in enumerate(items)
        if m.text.strip() == "Republic"
        and m.start is not None
        and m.end is not None
        and _THE_REPUBLIC.search(text[max(0, m.start - 5) : m.start])
        and _NOT_OF.match(text, m.end)
    ]
    if not found:
        return out
    irish = any(
        r is not None and (r.country == "IE" or r.admin1 == "Northern Ireland")
        for k, r in enumerate(out)
        if k not in found
    )
    ireland = [c.index for c in gaz.lookup("Ireland") if gaz.kind(c.index) == Kind.COUNTRY]
    result = list(out)
    for k in found:
        result[k] = _to_resolution(gaz, ireland[0], 0.8) if irish and ireland else None
    return result


_NAMED_AFTER = 12.0


@functools.cache
def _named_after_table() -> dict[str, list[tuple[re.Pattern[str], str, str]]]:
    """Town name -> (pattern of the words after it, country, first-level unit or ``""``) from
    ``data/named_after.tsv``."""
    table = resources.files("eventwire.places").joinpath("data", "named_after.tsv")
    out: dict[str, list[tuple[re.Pattern[str], str, str]]] = {}
    for line in table.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("place\t"):
            continue
        place, following, country, admin1 = line.split("\t")
        words = "|".join(re.escape(w) for w in following.split("|"))
        pattern = re.compile(rf"(?:'s|’s)?\s+(?:{words})\b")
        out.setdefault(place.casefold(), []).append((pattern, country, admin1))
    return out


def _named_after(text: str, items: list[Mention]) -> list[tuple[str, str] | None]:
    """For each mention, the country and first-level unit (``""`` where the table gives none)
    of the town that a team, treaty or body is named after where the article names one after
    it (``the Portland Trail Blazers``, ``the Venice Commission``; then ``Portland`` alone for
    the team), else ``None``."""
    table = _named_after_table()
    found: dict[str, tuple[str, str]] = {}
    for m in items:
        key = _group_key(m.text)
        if m.end is None or not text or key not in table:
            continue
        for pattern, country, admin1 in table[key]:
            if pattern.match(text, m.end):
                found.setdefault(key, (country, admin1))
                break
    return [found.get(_group_key(m.text)) for m in items]


def _in_named_town(gaz: Gazetteer, index: int, target: tuple[str, str]) -> bool:
    country, admin1 = target
    if gaz.country_of(index) != country:
        return False
    return not admin1 or gaz.entry(index).admin1 == admin1


_DATELINE_TOWN = 6.0
_STATE_CITY_CUE = 4.0
_STATE_BEFORE = re.compile(
    r"(?:\b(?:upstate|downstate|central|eastern|western|northern|southern|rural|"
    r"state\s+of)\s+)$",
    re.IGNORECASE,
)
_STATE_AFTER = re.compile(r"\s+state\b(?!\s+(?:university|college|police|park))", re.IGNORECASE)
_NAME_GOES_ON = re.compile(r"\s+[A-Z]")  # "the New York Public Library"
_OWNER_BEFORE = re.compile(r"\b[A-Z][\w-]*(?:'s|’s)\s+$")
_CITY_BEFORE = re.compile(r"\b(?:in|to|from|at|near|around)\s+$")
_STATE_ABBREVIATIONS = {"Washington": re.compile(r"\bWash\.|\bWA\b")}


def _state_or_city_cue(
    gaz: Gazetteer, text: str, m: Mention, cands: list[tuple[int, bool, float]]
) -> Kind | None:
    """For a name shared by a state and a big city (New York, Washington): ``Kind.ADMIN1``
    where the text points at the state (``upstate New York``, ``central Washington``, ``New
    York state``, the state's abbreviation elsewhere in the article: ``Olympia, Wash.``),
    ``Kind.CITY`` where an owner precedes it (``Trump's Washington``) or a preposition puts
    something there (``lives in New York``, ``travel to Washington``, not ``at New York Public
    Library``), else ``None``."""
    if m.start is None or m.end is None or not text:
        return None
    kinds = {gaz.kind(i) for i, primary, _ in cands if primary}
    if Kind.ADMIN1 not in kinds or not any(
        gaz.kind(i) == Kind.CITY and gaz.population(i) >= _BIG_TOWN for i, _, _ in cands
    ):
        return None
    before = text[max(0, m.start - 20) : m.start]
    if _STATE_BEFORE.search(before) or _STATE_AFTER.match(text, m.end):
        return Kind.ADMIN1
    abbr = _STATE_ABBREVIATIONS.get(m.text.strip())
    if abbr is not None and abbr.search(text):
        return Kind.ADMIN1
    if _OWNER_BEFORE.search(before):
        return Kind.CITY  # "Trump's Washington": the capital as the seat of power
    if (
        m.text.strip() in ("New York", "Washington")
        and _CITY_BEFORE.search(before)
        and not _NAME_GOES_ON.match(text, m.end)
    ):
        return Kind.CITY
    return None


_AGENCY = re.compile(r"(?:,[ \w.]{2,20})?\s*\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN|PNA)\)")
_DATELINE_AFTER = re.compile(r"\)?\s*(?:,|\(|—|–|-\s)")


def _is_dateline(text: str, m: Mention) -> bool:
    """An upper-case name opening a line (or in brackets there) and followed by a comma, an
    agency or a dash."""
    if m.start is None or m.end is None or not text or len(m.text) < 3 or not m.text.isupper():
        return False
    if _AGENCY.match(text, m.end):
        return True
    before = text[max(0, m.start - 1) : m.start]
    if m.start and before not in ("\n", "("):
        return False
    return bool(_DATELINE_AFTER.match(text, m.end))


_TOWN_KINDS = (Kind.CITY, Kind.DISTRICT)
_BIG_TOWN = 500_000
_SAME_PLACE_KM = 50.0


def _place_sites(
    gaz: Gazetteer,
    text: str,
    items: list[Mention],
    out: list[Resolution | None],
    loose: list[bool],
    unknown: list[bool],
) -> list[Resolution | None]:
    """Streets, buildings and venues placed in the town that the text puts them in; so are
    names that the gazetteer does not know."""
    named = [named_street(text, m.start) for m in items]
    out = _unsupported_partial_towns(items, out, loose, [is_site(m.text) for m in items])
    site = [
        is_site(m.text, text, m.end) or n or (r is None and (u or _venue(text, m)))
        for m, n, r, u in zip(items, named, out, unknown, strict=True)
    ]
    street = [
        (called_site(text, m.end) or n) and not is_site(m.text)
        for m, n in zip(items, named, strict=True)
    ]
    partial = [r is not None and lo and st for r, lo, st in zip(out, loose, site, strict=True)]
    towns = [
        r.entry if r is not None and r.kind in _TOWN_KINDS and not lo and not st else None
        for r, lo, st in zip(out, loose, site, strict=True)
    ]
    result = list(out)
    outliers = set(_outliers(gaz, items, out, towns))
    for k in outliers:
        # a name the gazetteer lacks, placed like one
        towns[k] = None
        result[k] = None
        site[k] = True
    cues = site_containers(text, [(m.start, m.end) for m in items], towns, site)
    # names placed only because nothing else places them: not sites, and without a cue
    weak = [
        (r is None or k in outliers)
        and not is_site(m.text, text, m.end)
        and not n
        and (cue is None or not cue.explicit)
        for k, (m, n, r, cue) in enumerate(zip(items, named, out, cues, strict=True))
    ]
    for k, cue in enumerate(cues):
        r = None if k in outliers else out[k]
        town = None if cue is None else out[cue.container]
        if street[k]:
            # "State and Hubbard streets": a street, not the town of that name
            result[k] = None if town is None else _within(town, town.confidence * 0.5)
            continue
        if town is None or cue is None:
            if partial[k] and is_street(items[k].text):
                result[k] = None  # "Royal Street" alone: not in a town called Royal
            elif r is not None and partial[k] and r.kind in _TOWN_KINDS:
                result[k] = _within(r, r.confidence * 0.7)  # "Windsor Castle": in Windsor
            continue
        far = r is None or haversine_km(r.lat, r.lon, town.lat, town.lon) > _SITE_NEAR_KM
        if r is None:
            use = True
        elif partial[k]:
            use = cue.explicit or far or is_street(items[k].text)
        else:
            # "the CHU in Montpellier": not the far-away village of that name
            use = (
                cue.explicit
                and not cue.comma
                and far
                and r.kind == Kind.CITY
                and gaz.population(r.entry) < _BIG_TOWN
            ) or (
                # "Washington Square" in a New Orleans article: not the hamlet of that name
                far
                and r.kind == Kind.CITY
                and is_site(items[k].text)
                and gaz.population(r.entry) < _SITE_AS_TOWN_POP
                and not _near_any(r, items[k], items, out)
            )
        if use:
            share = 0.7 if cue.explicit else 0.5
            result[k] = _within(town, town.confidence * share)
        elif partial[k] and r is not None and r.kind in _TOWN_KINDS:
            result[k] = _within(r, r.confidence * 0.7)
    # a name placed by its context once is the same place where it recurs without one (or
    # where it was placed only for want of anything better)
    placed: dict[str, Resolution] = {}
    for k, m in enumerate(items):
        r = result[k]
        if r is not None and out[k] is None and not street[k] and not weak[k]:
            placed.setdefault(_group_key(m.text), r)
    for k, m in enumerate(items):
        if (result[k] is None or weak[k]) and not street[k]:
            result[k] = placed.get(_group_key(m.text), result[k])
    return result


def _unsupported_partial_towns(
    items: list[Mention],
    out: list[Resolution | None],
    loose: list[bool],
    site: list[bool],
) -> list[Resolution | None]:
    """Drops towns and counties read from part of a name that is not a site (``Meadow
    Grove`` read as Meadow, ``Lake Robinson`` as Robinson) unless another place of the article
    lies near them: the name is more likely a place that the gazetteer lacks."""
    others = any(r is not None and r.kind in _POINT_KINDS for r in out)
    if not others:
        return out
    return [
        None
        if r is not None
        and lo
        and not st
        and not _UNIT_TAIL.search(m.text)
        and r.kind in (Kind.CITY, Kind.ADMIN2)
        and not _near_any(r, m, items, out, _PARTIAL_NEAR_KM)
        else r
        for m, r, lo, st in zip(items, out, loose, site, strict=True)
    ]


_PARTIAL_NEAR_KM = 100.0


def _outliers(
    gaz: Gazetteer, items: list[Mention], out: list[Resolution | None], towns: list[int | None]
) -> list[int]:
    """Mentions resolved to a small town (under ``_OUTLIER_POPULATION``) more than
    ``_OUTLIER_KM`` from every other place of an article that names at least
    ``_OUTLIER_MIN_PLACES`` others (``Stonewall`` in an article about northern Virginia is not
    the village in Louisiana): more likely a name the gazetteer lacks."""
    groups = [_group_key(m.text) for m in items]
    found = []
    for k, town in enumerate(towns):
        r = out[k]
        if town is None or r is None or gaz.population(town) >= _OUTLIER_POPULATION:
            continue
        others = [
            o for g, o in zip(groups, out, strict=True)
            if o is not None and g != groups[k] and o.entry != r.entry and o.kind in _POINT_KINDS
        ]  # fmt: skip
        if len({(round(o.lat, 1), round(o.lon, 1)) for o in others}) < _OUTLIER_MIN_PLACES:
            continue
        if all(haversine_km(r.lat, r.lon, o.lat, o.lon) > _OUTLIER_KM for o in others):
            found.append(k)
    return found


_OUTLIER_POPULATION = 30_000
_OUTLIER_MIN_PLACES = 2
_OUTLIER_KM = 500.0


_VENUE_BEFORE = re.compile(r"\b(?:at|inside|outside)\s+(?:the\s+)?$")


def _venue(text: str, m: Mention) -> bool:
    """Whether an unknown name follows ``at`` (``the gala at Sullivan Hall``): a venue."""
    if m.start is None:
        return False
    return bool(_VENUE_BEFORE.search(text[max(0, m.start - 12) : m.start]))


def _near_any(
    r: Resolution,
    m: Mention,
    items: list[Mention],
    out: list[Resolution | None],
    km: float = 0.0,
) -> bool:
    """Whether another place of the document (not another mention of the same name) lies
    within ``km`` (by default ``_SITE_NEAR_KM``) of ``r``."""
    key = _group_key(m.text)
    km = km or _SITE_NEAR_KM
    return any(
        o is not None
        and _group_key(m2.text) != key
        and haversine_km(r.lat, r.lon, o.lat, o.lon) <= km
        for m2, o in zip(items, out, strict=True)
    )


# a site whose own name points at a town this close to the town of its context is put in the
# town of its name ("South Kilburn Estate" in Kilburn rather than in London)
_SITE_NEAR_KM = 300.0
_SITE_AS_TOWN_POP = 50_000


def _within(town: Resolution, confidence: float) -> Resolution:
    return replace(town, precision=Precision.WITHIN_TOWN, confidence=round(confidence, 4))


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
