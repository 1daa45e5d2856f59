"""Rules applied to a document's answers after the ranking.

* a bare name whose county the article names (``Suffolk`` ... ``Suffolk County``) is that
  county unless the answer lies in it;
* ``the Republic`` is Ireland in an article that names a place in Ireland or Northern Ireland,
  and nothing elsewhere;
* with the text (:func:`place_sites`), streets, buildings and venues that the text puts in a
  town get that town with the precision code ``within-town`` (:mod:`eventwire.places.sites`);
  so do unknown names after ``at`` (venues), names that the text says a street bears (``the
  street was later called Lafayette``), names that the gazetteer does not know (or knows only
  in part), except acronyms, and names whose only reading is a town of under 30,000 people
  more than 500 km from all the other places of an article that names at least two
  (``Stonewall`` in an article about northern Virginia). Such a name takes the town that the
  text puts it in, else the town named nearest to it in its sentence or paragraph, else the
  article's focus town; where the same name is placed by an explicit cue elsewhere in the
  article, it takes that place. A town or county read from part of a name that is not a site
  is dropped unless another place of the article lies within 100 km of it (``Lake Robinson``
  is not Robinson, South Carolina).

The resolver never replaces a town it cannot place by its country.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from eventwire.places.candidates import CandidateEntry, is_acronym
from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.places.resolution import (
    POINT_KINDS,
    Mention,
    Resolution,
    group_key,
    haversine_km,
    to_resolution,
)
from eventwire.places.sites import (
    SiteCue,
    called_site,
    is_site,
    is_street,
    named_street,
    site_containers,
)
from eventwire.places.weights import BIG_TOWN
from eventwire.records import Precision

__all__ = ["apply_rules", "place_sites"]

_TOWN_KINDS = (Kind.CITY, Kind.DISTRICT)

# the confidence that the Republic of Ireland gets from ``the Republic``
_REPUBLIC_CONFIDENCE = 0.8
# shares of its town's confidence that a place within a town gets: a name that the text calls
# a street, a site in the town that its own name contains ("Windsor Castle"), a site that an
# explicit cue puts in a town, one placed in a town by proximity (or the focus town) alone
_STREET_SHARE = 0.5
_OWN_TOWN_SHARE = 0.7
_EXPLICIT_SHARE = 0.7
_NEARBY_SHARE = 0.5
# a site whose own name points at a town this close to the town of its context is put in the
# town of its name ("South Kilburn Estate" in Kilburn rather than in London)
_SITE_NEAR_KM = 300.0
# a far-away town below this size whose name a site bears is not where the site is
_SITE_AS_TOWN_POP = 50_000
# a town read from part of a name needs another place of the article this near
_PARTIAL_NEAR_KM = 100.0
# towns below this size, this far from every other place of an article that names at least
# this many are read as names that the gazetteer lacks
_OUTLIER_POPULATION = 30_000
_OUTLIER_KM = 500.0
_OUTLIER_MIN_PLACES = 2

_THE_REPUBLIC = re.compile(r"\bthe\s+$", re.IGNORECASE)
_NOT_OF = re.compile(r"(?!\s+of\b)")
_VENUE_BEFORE = re.compile(r"\b(?:at|inside|outside)\s+(?:the\s+)?$")
# a place read from part of a name that ends in a unit word ("Rapides Parish") is never dropped
# for want of support
_UNIT_TAIL = re.compile(
    r"\s(?:state|province|county|co\.|parish|governorate|district|region)$", re.IGNORECASE
)


def apply_rules(
    gaz: Gazetteer,
    text: str,
    items: Sequence[Mention],
    out: list[Resolution | None],
    found: Sequence[tuple[list[CandidateEntry], bool]],
    *,
    sites: bool,
) -> list[Resolution | None]:
    """The answers ``out`` after the rules; ``found`` gives each mention's candidates and
    whether they come from part of its name, ``sites`` whether to place sites."""
    out = _short_county_names(gaz, items, out)
    out = _the_republic(gaz, text, items, out)
    if sites and text:
        # names that the gazetteer lacks (or knows only in part), but not acronyms: an unknown
        # acronym is more likely an organisation than a place
        unknown = [
            (not cs or loose) and not is_acronym(m.text)
            for m, (cs, loose) in zip(items, found, strict=True)
        ]
        out = place_sites(gaz, text, items, out, [loose for _, loose in found], unknown)
    return out


def _short_county_names(
    gaz: Gazetteer, items: Sequence[Mention], out: list[Resolution | None]
) -> list[Resolution | None]:
    """``Suffolk`` in an article that names ``Suffolk County``: that county, unless the answer
    already lies in it (the town of ``Madison`` in ``Madison County``)."""
    counties: dict[str, Resolution] = {}
    for m, r in zip(items, out, strict=True):
        key = group_key(m.text)
        if r is not None and r.kind == Kind.ADMIN2 and key.endswith(" county"):
            counties.setdefault(key[: -len(" county")], r)
    if not counties:
        return out
    result = list(out)
    for k, (m, r) in enumerate(zip(items, out, strict=True)):
        county = counties.get(group_key(m.text))
        if county is None or (r is not None and r.kind != Kind.CITY):
            continue
        if r is not None and (r.entry == county.entry or gaz.data.admin2[r.entry] == county.entry):
            continue
        result[k] = county
    return result


def _the_republic(
    gaz: Gazetteer, text: str, items: Sequence[Mention], out: list[Resolution | None]
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
        result[k] = (
            to_resolution(gaz, ireland[0], _REPUBLIC_CONFIDENCE) if irish and ireland else None
        )
    return result


def place_sites(
    gaz: Gazetteer,
    text: str,
    items: Sequence[Mention],
    out: list[Resolution | None],
    loose: list[bool],
    unknown: list[bool],
) -> list[Resolution | None]:
    """Streets, buildings and venues placed in the town that the text puts them in; so are
    names that the gazetteer does not know (``unknown``). ``loose``: the answer comes from
    part of the name."""
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
        result[k] = _place_site(
            gaz,
            items,
            out,
            k,
            cue,
            current=result[k],
            street=street[k],
            partial=partial[k],
            outlier=k in outliers,
        )
    return _same_name_same_place(items, out, result, street, weak)


def _place_site(
    gaz: Gazetteer,
    items: Sequence[Mention],
    out: list[Resolution | None],
    k: int,
    cue: SiteCue | None,
    *,
    current: Resolution | None,
    street: bool,
    partial: bool,
    outlier: bool,
) -> Resolution | None:
    """The answer for mention ``k`` given the town that ``cue`` puts it in (``current`` where
    the rules leave it): a street, a site read in part, or a name placed by its context."""
    r = None if outlier else out[k]
    town = None if cue is None else out[cue.container]
    if street:
        # "State and Hubbard streets": a street, not the town of that name
        return None if town is None else _within(town, town.confidence * _STREET_SHARE)
    if town is None or cue is None:
        if partial and is_street(items[k].text):
            return None  # "Royal Street" alone: not in a town called Royal
        if r is not None and partial and r.kind in _TOWN_KINDS:
            return _within(r, r.confidence * _OWN_TOWN_SHARE)  # "Windsor Castle": in Windsor
        return current
    if _in_context_town(gaz, items, out, k, r, town, cue, partial=partial):
        share = _EXPLICIT_SHARE if cue.explicit else _NEARBY_SHARE
        return _within(town, town.confidence * share)
    if partial and r is not None and r.kind in _TOWN_KINDS:
        return _within(r, r.confidence * _OWN_TOWN_SHARE)
    return current


def _in_context_town(
    gaz: Gazetteer,
    items: Sequence[Mention],
    out: list[Resolution | None],
    k: int,
    r: Resolution | None,
    town: Resolution,
    cue: SiteCue,
    *,
    partial: bool,
) -> bool:
    """Whether mention ``k``, answered ``r``, goes in the ``town`` of its context rather than
    keeping its own answer."""
    far = r is None or haversine_km(r.lat, r.lon, town.lat, town.lon) > _SITE_NEAR_KM
    if r is None:
        return True
    if partial:
        return cue.explicit or far or is_street(items[k].text)
    # "the CHU in Montpellier": not the far-away village of that name
    return (
        cue.explicit
        and not cue.comma
        and far
        and r.kind == Kind.CITY
        and gaz.population(r.entry) < BIG_TOWN
    ) or (
        # "Washington Square" in a New Orleans article: not the hamlet of that name
        far
        and r.kind == Kind.CITY
        and is_site(items[k].text)
        and gaz.population(r.entry) < _SITE_AS_TOWN_POP
        and not _near_any(r, items[k], items, out)
    )


def _same_name_same_place(
    items: Sequence[Mention],
    out: list[Resolution | None],
    result: list[Resolution | None],
    street: list[bool],
    weak: list[bool],
) -> list[Resolution | None]:
    """A name placed by its context once is the same place where it recurs without one (or
    where it was placed only for want of anything better)."""
    placed: dict[str, Resolution] = {}
    for k, m in enumerate(items):
        r = result[k]
        if r is not None and out[k] is None and not street[k] and not weak[k]:
            placed.setdefault(group_key(m.text), r)
    for k, m in enumerate(items):
        if (result[k] is None or weak[k]) and not street[k]:
            result[k] = placed.get(group_key(m.text), result[k])
    return result


def _unsupported_partial_towns(
    items: Sequence[Mention],
    out: list[Resolution | None],
    loose: list[bool],
    site: list[bool],
) -> list[Resolution | None]:
    """Drops towns and counties read from part of a name that is not a site (``Meadow
    Grove`` read as Meadow, ``Lake Robinson`` as Robinson) unless another place of the article
    lies near them: the name is more likely a place that the gazetteer lacks."""
    others = any(r is not None and r.kind in POINT_KINDS for r in out)
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


def _outliers(
    gaz: Gazetteer,
    items: Sequence[Mention],
    out: list[Resolution | None],
    towns: list[int | None],
) -> list[int]:
    """Mentions resolved to a small town (under ``_OUTLIER_POPULATION``) more than
    ``_OUTLIER_KM`` from every other place of an article that names at least
    ``_OUTLIER_MIN_PLACES`` others (``Stonewall`` in an article about northern Virginia is not
    the village in Louisiana): more likely a name the gazetteer lacks."""
    groups = [group_key(m.text) for m in items]
    found = []
    for k, town in enumerate(towns):
        r = out[k]
        if town is None or r is None or gaz.population(town) >= _OUTLIER_POPULATION:
            continue
        others = [
            o for g, o in zip(groups, out, strict=True)
            if o is not None and g != groups[k] and o.entry != r.entry and o.kind in POINT_KINDS
        ]  # fmt: skip
        if len({(round(o.lat, 1), round(o.lon, 1)) for o in others}) < _OUTLIER_MIN_PLACES:
            continue
        if all(haversine_km(r.lat, r.lon, o.lat, o.lon) > _OUTLIER_KM for o in others):
            found.append(k)
    return found


def _venue(text: str, m: Mention) -> bool:
    """Whether an unknown name follows ``at`` (``the gala at Sullivan Hall``): a venue."""
    if m.start is None:
        return False
    return bool(_VENUE_BEFORE.search(text[max(0, m.start - 12) : m.start]))


def _near_any(
    r: Resolution,
    m: Mention,
    items: Sequence[Mention],
    out: list[Resolution | None],
    km: float = 0.0,
) -> bool:
    """Whether another place of the document (not another mention of the same name) lies
    within ``km`` (by default ``_SITE_NEAR_KM``) of ``r``."""
    key = group_key(m.text)
    km = km or _SITE_NEAR_KM
    return any(
        o is not None
        and group_key(m2.text) != key
        and haversine_km(r.lat, r.lon, o.lat, o.lon) <= km
        for m2, o in zip(items, out, strict=True)
    )


def _within(town: Resolution, confidence: float) -> Resolution:
    return replace(town, precision=Precision.WITHIN_TOWN, confidence=round(confidence, 4))
