"""Candidate generation: the gazetteer entries that a place name may mean.

A name is looked up as written, then through looser readings, each with a penalty
(:class:`~eventwire.places.weights.Weights`): without a leading direction, era or regime word
(``northern Iraq``, ``Nazi Germany``) or a trailing ``township``; with ``allow_partial``, through
part of a longer name (``Arizona State University`` -> Arizona, ``Bank of Japan`` -> Japan,
``Lake Manassas`` -> Manassas, ``Robinson College Cambridge`` -> Cambridge). A name ending in a
settlement word (``Meadow Grove``, ``Tennessee Colony``) is not cut to its first word. The
first reading that matches gives the candidates.

Given spans may be adjectives: with ``allow_demonym``, demonyms come from the gazetteer, or
from the stem of an adjective in -(i)an(s) or -i (``Minnesotans``, ``Texan``, ``Dagestani``).
Other names made of common words (``South Side``, ``River North``) are not read as towns;
``L.A.`` is Los Angeles, not ``La.``; an acronym that the article spells out (``SA`` ...
``South Africa``) is read as the full name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventwire.places.gazetteer import Gazetteer, GazetteerEntry, Kind
from eventwire.places.resolution import Mention, bare_name
from eventwire.places.weights import WEIGHTS

__all__ = [
    "MAX_CANDIDATES",
    "CandidateEntry",
    "find_candidates",
    "is_acronym",
    "read_mentions",
]

CandidateEntry = tuple[int, bool, float]
"""A candidate: (gazetteer entry, whether the name is the entry's own name, reading penalty)."""

# the most candidates kept for one name (own names first, then the most populous)
MAX_CANDIDATES = 60

_GENERIC_SUFFIX = re.compile(r"\s+(?:township|twp\.?|village|borough)$", re.IGNORECASE)
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
_BARE_PREFIXES = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "northeast", "northwest", "southeast", "southwest", "central", "upper", "lower",
        "greater", "new", "old", "great", "little", "royal", "grand", "national", "state",
        "city", "republic", "saint", "st", "st.", "san", "santa", "rue", "faubourg", "fort",
        "mount", "port", "lake", "camp", "the",
    }
)  # fmt: skip
_GENERIC_WORDS = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "central", "upper", "lower", "near", "far", "side", "end", "river", "lake", "park",
        "hill", "hills", "town", "city", "village", "downtown", "uptown", "midtown", "old",
        "new", "the", "bay", "point", "beach", "valley", "heights", "square", "market",
    }
)  # fmt: skip

# dotted initials that the index cannot tell from a state's abbreviation (``La.``)
_INITIALISMS = {"L.A.": "Los Angeles"}

_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ian|an|ani|i)s?$")
_ADJECTIVE_KINDS = (Kind.COUNTRY, Kind.ADMIN1, Kind.REGION)


def read_mentions(
    gaz: Gazetteer,
    items: Sequence[Mention],
    text: str,
    *,
    allow_demonym: bool,
    allow_partial: bool,
) -> list[tuple[list[CandidateEntry], bool]]:
    """The candidates of each mention and whether they come from part of its name (see
    :func:`find_candidates`); an acronym without candidates that ``text`` spells out is read
    as the full name."""
    found = [find_candidates(gaz, m.text, allow_demonym, allow_partial) for m in items]
    for k, m in enumerate(items):
        if not found[k][0] and text:
            long = _spelled_out(text, m.text)
            if long is not None:
                # "SA" in an article that says "South Africa" (or "South Africans")
                found[k] = find_candidates(gaz, long, allow_demonym)
    return found


def find_candidates(
    gaz: Gazetteer, name: str, allow_demonym: bool, partial: bool = False
) -> tuple[list[CandidateEntry], bool]:
    """The candidates of the first reading of ``name`` that matches, and whether that reading
    keeps only part of the name."""
    out: list[CandidateEntry] = []
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
            out = [(dem.index, True, penalty - WEIGHTS.demonym)]
            out += [
                (c.index, c.primary, penalty + WEIGHTS.beside_demonym)
                for c in hits
                if c.index != dem.index
            ]
            loose = part
            break
        if hits and _generic_words(variant):
            # "South Side", "River North": other names of some town, but mostly not it
            hits = [c for c in hits if c.primary or gaz.kind(c.index) != Kind.CITY]
        if hits:
            out = [
                (c.index, c.primary, penalty - (WEIGHTS.preferred if c.preferred else 0.0))
                for c in hits
            ]
            loose = part
            break
    if len(out) > MAX_CANDIDATES:
        out.sort(key=lambda c: (-int(c[1]), -gaz.population(c[0])))
        out = out[:MAX_CANDIDATES]
    return out, loose


def _lookup_variants(name: str, partial: bool) -> list[tuple[str, float, bool]]:
    """Names to try, best first, each with a penalty for being a looser reading and whether
    the reading keeps only part of the name (``Royal Street`` read as ``Royal``)."""
    name = bare_name(name)
    name = _INITIALISMS.get(name, name)
    out = [(name, 0.0, False)]
    no_dir = _DIRECTION.sub("", name)
    if no_dir != name and no_dir.casefold() not in _GENERIC_WORDS:  # not "Side" of "South Side"
        out.append((no_dir, WEIGHTS.loose_direction, False))
    for base, pen, _ in list(out):
        cut = _GENERIC_SUFFIX.sub("", base)
        if cut != base:
            out.append((cut, pen + WEIGHTS.loose_suffix, False))
    if partial:
        for base, pen, _ in list(out):
            out += _partial_readings(base, pen)
    return out


def _partial_readings(base: str, pen: float) -> list[tuple[str, float, bool]]:
    """Readings of ``base`` (read with penalty ``pen``) through part of it."""
    out = []
    cut = _TRAILING_GENERIC.sub("", base)
    if cut != base:
        out.append((cut, pen + WEIGHTS.partial, True))
    if base.startswith("Lake ") and len(base) > 8:
        out.append((base[5:], pen + WEIGHTS.partial, True))  # "Lake Manassas": by Manassas
        return out
    after = _SITE_THEN_TOWN.search(base)
    if after:
        # "Robinson College Cambridge": the name ends with the town, as in "X, Y"
        out.append((after.group(1), pen + WEIGHTS.partial, False))
        return out
    head, of, tail = base.rpartition(" of ")
    if of and head and tail:
        out.append((tail, pen + WEIGHTS.partial, True))  # "Bank of Japan", "University of Alberta"
        return out
    words = base.split()
    if _SETTLEMENT_TAIL.search(base):
        return out  # "Meadow Grove", "Tennessee Colony": a place of its own, not Meadow
    for n in range(len(words) - 1, 0, -1):
        if n == 1 and words[0].casefold() in _BARE_PREFIXES | _GENERIC_WORDS:
            continue  # "South Kilburn Estate" is not "South"
        dropped = WEIGHTS.head_dropped_word * (len(words) - n)
        out.append((" ".join(words[:n]), pen + WEIGHTS.head + dropped, True))
    return out


def _generic_words(name: str) -> bool:
    """Whether a name of two or more words is made of common place words only."""
    words = name.casefold().split()
    return len(words) > 1 and all(w in _GENERIC_WORDS for w in words)


def is_acronym(name: str) -> bool:
    """Whether ``name`` is an acronym (``SA``, ``NATO``)."""
    return bool(_ACRONYM.match(name.strip()))


def _spelled_out(text: str, name: str) -> str | None:
    """The words of ``text`` whose initials spell the acronym ``name`` (``SA``: ``South
    Africa``), the first such run of capitalised words, else ``None``."""
    name = name.strip()
    if not _ACRONYM.match(name):
        return None
    words = r"\s+".join(rf"{c}[a-z]+" for c in name)
    m = re.search(rf"\b{words}\b", text)
    return m.group(0) if m else None


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
