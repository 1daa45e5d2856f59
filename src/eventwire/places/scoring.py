"""The ranking: a score for each candidate of each place name of a document, and the answer.

Each candidate's score (weights and thresholds in :mod:`eventwire.places.weights`) is the sum of

* a prior by kind and population (countries and admin1 units outrank towns of the same name,
  big towns outrank small ones), whether the name is the entry's own name, and its reading
  penalty (:mod:`eventwire.places.candidates`);
* namesake penalties: a small town named like a country, a state of at least a million people
  or a region (``Florida``, New York) ranks lower still; an admin unit named like a town in it
  (``Kirkuk``) ranks below the town; a first-level unit of under 100,000 people ranks below a
  town of its name five times its size (Saint Paul, Minnesota, not the parish of Antigua);
  towns that only list a name among their other names rank below towns that bear it;
* cues in the text (:mod:`eventwire.places.cues`): containers, datelines, state or city cues,
  teams and bodies named after a town;
* the optional focus country and dateline place;
* coherence: a point or county within 50 km of some reading of another name of the document,
  however unlikely either reading is on its own (``Paris`` and ``Henry County``);
* support from the document's other place names, judged on the current probabilities over a
  few rounds: their countries, admin1 units and nearby points (repeated mentions of one name do
  not vouch for each other, a town read from part of a name, ``Rogers Centre``, vouches for
  nothing and a town that names a team or a treaty only for its country); a town many times
  smaller than a namesake of a million people or more (``London``, Ohio; ``Rome``, Georgia)
  ranks lower unless its own state or a nearby place supports it.

The confidence is the candidate's softmax share of the scores (when the best candidate falls
short, the share of all candidates within 50 km of it: ``Rome`` the city and ``Roma`` the
province are one answer); below the minimum confidence there is no answer.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.places.candidates import CandidateEntry, find_candidates
from eventwire.places.cues import (
    container_indexes,
    in_named_town,
    is_dateline,
    named_after,
    state_or_city_cue,
)
from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.places.resolution import (
    POINT_KINDS,
    Mention,
    Resolution,
    group_key,
    haversine_km,
    to_resolution,
)
from eventwire.places.weights import (
    ADMIN1_MENTIONED,
    ADMIN1_SUPPORT,
    BIG_TOWN,
    BIG_UNIT_POPULATION,
    COHERENT_KM,
    COUNTRY_MENTIONED,
    DATELINE_NEAR_KM,
    FAMOUS_GAP,
    FAMOUS_TOWN,
    LENDING_SHARE,
    NEAR_KM,
    NEAR_LATITUDE,
    NEAR_SUPPORT,
    SAME_PLACE_KM,
    SAME_PLACE_SHARE,
    SMALL_UNIT,
    SMALL_UNIT_RATIO,
    UNIT_TOWN,
    WEIGHTS,
)

__all__ = ["adjust_penalties", "best_answer", "prior", "rank", "softmax"]

_KIND_PRIOR = WEIGHTS.kind_priors()
_BIG_UNIT_KINDS = (Kind.COUNTRY, Kind.CONTINENT, Kind.REGION, Kind.WATER, Kind.LANDFORM)


# --------------------------------------------------------------------------- namesakes


def adjust_penalties(gaz: Gazetteer, cands: list[CandidateEntry]) -> list[CandidateEntry]:
    """The candidates of one name with the namesake penalties added."""
    cands = _prefer_towns_over_their_units(gaz, cands)
    cands = _prefer_units_over_their_namesakes(gaz, cands)
    cands = _prefer_own_names(gaz, cands)
    return _prefer_big_towns_over_small_units(gaz, cands)


def _prefer_towns_over_their_units(
    gaz: Gazetteer, cands: list[CandidateEntry]
) -> list[CandidateEntry]:
    """``Kirkuk`` names both a town and the province around it: news means the town."""
    parents = set()
    for i, primary, _ in cands:
        if primary and gaz.kind(i) == Kind.CITY and gaz.population(i) >= UNIT_TOWN:
            parents.add(gaz.admin1_of(i))
            parents.add(gaz.data.admin2[i])
    if not parents:
        return cands
    return [(i, p, pen + WEIGHTS.unit_of_town if i in parents else pen) for i, p, pen in cands]


def _prefer_units_over_their_namesakes(
    gaz: Gazetteer, cands: list[CandidateEntry]
) -> list[CandidateEntry]:
    """``Florida``, ``Greece``, ``Middle East`` also name small towns (Florida, New York;
    Greece, New York): without a cue, news means the country, state or region."""
    big = any(
        primary
        and (
            gaz.kind(i) in _BIG_UNIT_KINDS
            or (gaz.kind(i) == Kind.ADMIN1 and gaz.population(i) >= BIG_UNIT_POPULATION)
        )
        for i, primary, _ in cands
    )
    city = any(
        primary and gaz.kind(i) == Kind.CITY and gaz.population(i) >= BIG_TOWN
        for i, primary, _ in cands
    )
    if not big or city:
        return cands  # "Washington": the state or the capital, left to the context
    return [
        (i, p, pen + WEIGHTS.namesake)
        if gaz.kind(i) == Kind.CITY and gaz.population(i) < BIG_TOWN
        else (i, p, pen)
        for i, p, pen in cands
    ]


def _prefer_own_names(gaz: Gazetteer, cands: list[CandidateEntry]) -> list[CandidateEntry]:
    """Where some towns bear a name as their own, towns that only list it among their other
    names rank lower (``Charleston`` is not Charlton, Massachusetts)."""
    if not any(p and gaz.kind(i) == Kind.CITY for i, p, _ in cands):
        return cands
    return [
        (i, p, pen + WEIGHTS.alias_town if not p and gaz.kind(i) == Kind.CITY else pen)
        for i, p, pen in cands
    ]


def _prefer_big_towns_over_small_units(
    gaz: Gazetteer, cands: list[CandidateEntry]
) -> list[CandidateEntry]:
    """A small first-level unit (a parish of Antigua called Saint Paul, a parish of Jamaica
    called Portland) ranks below a town of the same name many times its size."""
    top = max((gaz.population(i) for i, p, _ in cands if p and gaz.kind(i) == Kind.CITY), default=0)
    if not top:
        return cands
    return [
        (i, p, pen + WEIGHTS.small_unit)
        if gaz.kind(i) == Kind.ADMIN1
        and gaz.population(i) < SMALL_UNIT
        and top >= SMALL_UNIT_RATIO * gaz.population(i)
        else (i, p, pen)
        for i, p, pen in cands
    ]


def _famous_gaps(gaz: Gazetteer, cands: list[CandidateEntry]) -> list[float]:
    """How far (in orders of magnitude beyond ``FAMOUS_GAP``) each town falls short of the
    biggest town of the same name, where that one has at least ``FAMOUS_TOWN`` people."""
    top = max((gaz.population(i) for i, _, _ in cands if gaz.kind(i) == Kind.CITY), default=0)
    if top < FAMOUS_TOWN:
        return [0.0] * len(cands)
    return [
        max(0.0, math.log10(top / max(gaz.population(i), 1)) - FAMOUS_GAP)
        if gaz.kind(i) == Kind.CITY
        else 0.0
        for i, _, _ in cands
    ]


# --------------------------------------------------------------------------- fixed scores


def prior(gaz: Gazetteer, index: int, primary: bool) -> float:
    """A candidate's score by its kind and population, whether it is in the supplementary table
    and whether the name is its own."""
    kind = gaz.kind(index)
    pop = math.log10(gaz.population(index) + 10)
    if kind == Kind.CITY:
        score = WEIGHTS.population * pop
    elif kind in (Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2):
        score = _KIND_PRIOR[kind] + WEIGHTS.unit_population * pop
    else:
        score = _KIND_PRIOR[kind] + WEIGHTS.other_population * pop
    if gaz.data.supplementary[index]:
        score += WEIGHTS.supplementary  # the project's own table names the intended sense
    return score + (WEIGHTS.own_name if primary else 0.0)


def _containment_bonus(gaz: Gazetteer, index: int, box: set[int]) -> float:
    """For a candidate inside a container named right after the name (``box``)."""
    if not box:
        return 0.0
    if index in box:
        # "Texas, United States": the container itself is not what "Paris" means
        return -WEIGHTS.container_itself
    cc = gaz.country_of(index)
    a1 = gaz.admin1_of(index)
    for b in box:
        kind = gaz.kind(b)
        if (kind == Kind.COUNTRY and cc == gaz.country_of(b)) or (kind == Kind.ADMIN1 and a1 == b):
            return WEIGHTS.container
        if kind == Kind.ADMIN2 and gaz.data.admin2[index] == b:
            return WEIGHTS.container
    return 0.0


def _text_scores(
    gaz: Gazetteer,
    text: str,
    m: Mention,
    cands: list[CandidateEntry],
    target: tuple[str, str] | None,
) -> list[float]:
    """The scores of one mention's candidates from the prior, the penalties and the cues
    around the mention."""
    box = container_indexes(gaz, text, m.end)
    row = [
        prior(gaz, i, p) - WEIGHTS.penalty * pen + _containment_bonus(gaz, i, box)
        for i, p, pen in cands
    ]
    if is_dateline(text, m):
        # "WASHINGTON (AP) -", "(NEW YORK) -": datelines name towns
        row = [
            b + (WEIGHTS.dateline_town if gaz.kind(i) == Kind.CITY else 0.0)
            for b, (i, _, _) in zip(row, cands, strict=True)
        ]
    cue = state_or_city_cue(gaz, text, m, cands)
    if cue is not None:
        # "upstate New York", "central Washington" / "lives in New York"
        row = [
            b + (WEIGHTS.state_or_city if gaz.kind(i) == cue else 0.0)
            for b, (i, _, _) in zip(row, cands, strict=True)
        ]
    if target is not None:
        # "the Portland Trail Blazers", "the Venice Commission": the town they are named
        # after, wherever the article is
        row = [
            b + (WEIGHTS.named_after if in_named_town(gaz, i, target) else 0.0)
            for b, (i, _, _) in zip(row, cands, strict=True)
        ]
    return row


def _anchor(
    gaz: Gazetteer, dateline: str | None, focus_country: str | None
) -> tuple[tuple[float, float] | None, str | None]:
    """The dateline's place (its likeliest reading) and the focus country: the one given, else
    the dateline's."""
    anchor: tuple[float, float] | None = None
    anchor_country = focus_country
    if dateline:
        dl, _ = find_candidates(gaz, dateline, False)
        if dl:
            best = max(dl, key=lambda c: prior(gaz, c[0], c[1]))[0]
            anchor = gaz.point(best)
            anchor_country = anchor_country or gaz.country_of(best) or None
    return anchor, anchor_country


def _add_focus(
    gaz: Gazetteer,
    cands: list[list[CandidateEntry]],
    scores: list[list[float]],
    dateline: str | None,
    focus_country: str | None,
) -> None:
    """Adds to ``scores`` the bonus of candidates in the focus country and near the dateline."""
    anchor, anchor_country = _anchor(gaz, dateline, focus_country)
    for cs, row in zip(cands, scores, strict=True):
        for j, (i, _, _) in enumerate(cs):
            if anchor_country and gaz.country_of(i) == anchor_country:
                row[j] += WEIGHTS.focus_country
            if (
                anchor is not None
                and gaz.kind(i) in POINT_KINDS
                and haversine_km(*gaz.point(i), *anchor) < DATELINE_NEAR_KM
            ):
                row[j] += WEIGHTS.dateline_near


# --------------------------------------------------------------------------- support


@dataclass(frozen=True, kw_only=True, slots=True)
class _Document:
    """What the support rounds need of a document's mentions, each by its position."""

    cands: list[list[CandidateEntry]]
    # scores before support
    fixed: list[list[float]]
    # famous-namesake gaps of each candidate (see :func:`_famous_gaps`)
    famous: list[list[float]]
    # name group of each mention, and how many mentions with candidates each group has
    groups: list[str]
    sizes: Counter[str]
    # mentions read from part of a name, and those that name a team or body after a town
    loose: list[bool]
    named_after: list[tuple[str, str] | None]
    # how many mentions have candidates
    with_candidates: int


@dataclass(frozen=True, kw_only=True, slots=True)
class _Evidence:
    """Probability mass that the mentions lend, from their candidates' current
    probabilities."""

    countries: dict[str, float]
    admin1s: dict[int, float]
    # per name group: the mass of its own mentions, which do not vouch for each other
    own_countries: dict[str, dict[str, float]]
    own_admin1s: dict[str, dict[int, float]]
    # (mention, lat, lon, probability) of point and admin2 candidates
    points: list[tuple[int, float, float, float]]


def _evidence(gaz: Gazetteer, doc: _Document, probs: list[list[float]]) -> _Evidence:
    countries: dict[str, float] = {}
    admin1s: dict[int, float] = {}
    own_countries: dict[str, dict[str, float]] = {}
    own_admin1s: dict[str, dict[int, float]] = {}
    points: list[tuple[int, float, float, float]] = []
    for k, (cs, ps) in enumerate(zip(doc.cands, probs, strict=True)):
        g_cc = own_countries.setdefault(doc.groups[k], {})
        g_a1 = own_admin1s.setdefault(doc.groups[k], {})
        for (i, _, _), p in zip(cs, ps, strict=True):
            cc = gaz.country_of(i)
            a1 = gaz.admin1_of(i)
            if cc:
                g_cc[cc] = g_cc.get(cc, 0.0) + p
            if a1 >= 0:
                g_a1[a1] = g_a1.get(a1, 0.0) + p
            if p < LENDING_SHARE or doc.loose[k]:
                continue  # a town read from part of a name ("Rogers Centre") lends nothing
            if cc:
                countries[cc] = countries.get(cc, 0.0) + p
            if doc.named_after[k] is not None:
                continue  # a town that names a team or a treaty lends only its country
            if a1 >= 0:
                admin1s[a1] = admin1s.get(a1, 0.0) + p
            if gaz.kind(i) in POINT_KINDS or gaz.kind(i) == Kind.ADMIN2:
                lat, lon = gaz.point(i)
                points.append((k, lat, lon, p))
    return _Evidence(
        countries=countries,
        admin1s=admin1s,
        own_countries=own_countries,
        own_admin1s=own_admin1s,
        points=points,
    )


def _near(k: int, lat: float, lon: float, points: list[tuple[int, float, float, float]]) -> float:
    """The highest probability of another mention's candidate within ``NEAR_KM``."""
    near = 0.0
    for k2, lat2, lon2, p2 in points:
        if (
            k2 != k
            and abs(lat2 - lat) < NEAR_LATITUDE
            and haversine_km(lat, lon, lat2, lon2) < NEAR_KM
        ):
            near = max(near, p2)
    return near


def _supported_score(
    gaz: Gazetteer,
    doc: _Document,
    ev: _Evidence,
    supported: dict[tuple[int, int], bool],
    k: int,
    j: int,
) -> float:
    """The score of candidate ``j`` of mention ``k`` with the support of the other mentions.

    ``supported`` records, the first time it is asked, whether a town has support from its own
    state or a nearby place, which spares it the famous-namesake penalty."""
    i = doc.cands[k][j][0]
    group = doc.groups[k]
    others = max(doc.with_candidates - doc.sizes[group], 0)
    s = doc.fixed[k][j]
    cc = gaz.country_of(i)
    if cc and others:
        own = ev.own_countries[group].get(cc, 0.0)
        share = max(0.0, min(1.0, (ev.countries.get(cc, 0.0) - own) / others))
        s += WEIGHTS.country * share**WEIGHTS.country_power
    a1 = gaz.admin1_of(i)
    local = False
    if a1 >= 0:
        a1_mass = ev.admin1s.get(a1, 0.0) - ev.own_admin1s[group].get(a1, 0.0)
        if a1_mass > ADMIN1_SUPPORT:
            local = True
            s += WEIGHTS.admin1 * min(1.0, a1_mass / max(others, 1)) ** WEIGHTS.admin1_power
    kind = gaz.kind(i)
    if kind in POINT_KINDS or kind == Kind.ADMIN2:
        near = _near(k, *gaz.point(i), ev.points)
        s += WEIGHTS.near * near
        gap = doc.famous[k][j]
        if gap and not supported.setdefault((k, j), local or near >= NEAR_SUPPORT):
            # country-level support alone does not make "London" a small US town
            s -= WEIGHTS.famous * gap
    elif kind == Kind.COUNTRY and cc:
        mentioned = ev.countries.get(cc, 0.0) - COUNTRY_MENTIONED
        s += WEIGHTS.country_mentioned * min(1.0, max(0.0, mentioned))
    elif kind == Kind.ADMIN1 and ev.admin1s.get(i, 0.0) > ADMIN1_MENTIONED:
        s += WEIGHTS.admin1_mentioned
    return s


# --------------------------------------------------------------------------- ranking


def _add_coherence(
    gaz: Gazetteer, cands: list[list[CandidateEntry]], fixed: list[list[float]], groups: list[str]
) -> None:
    """Adds ``Weights.coherent`` to each point or second-level candidate that lies within
    ``COHERENT_KM`` of a point or second-level candidate of another name (another group) of
    the document, whatever their probabilities. The support rounds lend only from likely
    readings, so two unlikely readings that confirm each other (``Paris`` and ``Henry
    County`` in a Tennessee paper) would otherwise never meet."""
    cell_of: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    points: list[tuple[int, int, float, float]] = []
    for k, cs in enumerate(cands):
        for j, (i, _, _) in enumerate(cs):
            if gaz.kind(i) in POINT_KINDS or gaz.kind(i) == Kind.ADMIN2:
                lat, lon = gaz.point(i)
                points.append((k, j, lat, lon))
                cell_of.setdefault((math.floor(lat), math.floor(lon)), []).append(
                    (groups[k], lat, lon)
                )
    for k, j, lat, lon in points:
        row, col = math.floor(lat), math.floor(lon)
        # cells of one degree: a point within COHERENT_KM lies in this cell or a neighbour
        near = (
            (lat2, lon2)
            for a in (-1, 0, 1)
            for b in (-1, 0, 1)
            for group, lat2, lon2 in cell_of.get((row + a, col + b), ())
            if group != groups[k]
        )
        if any(haversine_km(lat, lon, lat2, lon2) <= COHERENT_KM for lat2, lon2 in near):
            fixed[k][j] += WEIGHTS.coherent


def softmax(scores: list[float]) -> list[float]:
    """The shares of ``scores`` (``[]`` for none)."""
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def rank(
    gaz: Gazetteer,
    items: Sequence[Mention],
    found: Sequence[tuple[list[CandidateEntry], bool]],
    *,
    text: str,
    focus_country: str | None,
    dateline: str | None,
    iterations: int,
) -> tuple[list[list[CandidateEntry]], list[list[float]]]:
    """The candidates of each mention (from :func:`~.candidates.read_mentions`) with their
    namesake penalties, and their probabilities after ``iterations`` rounds of support."""
    cands = [adjust_penalties(gaz, cs) for cs, _ in found]
    targets = named_after(text, items)
    fixed = [
        _text_scores(gaz, text, m, cs, target)
        for m, cs, target in zip(items, cands, targets, strict=True)
    ]
    _add_focus(gaz, cands, fixed, dateline, focus_country)
    groups = [group_key(m.text) for m in items]
    _add_coherence(gaz, cands, fixed, groups)
    doc = _Document(
        cands=cands,
        fixed=fixed,
        famous=[_famous_gaps(gaz, cs) for cs in cands],
        groups=groups,
        sizes=Counter(g for g, cs in zip(groups, cands, strict=True) if cs),
        loose=[loose for _, loose in found],
        named_after=targets,
        with_candidates=sum(1 for cs in cands if cs),
    )
    # whether a candidate has support from its own state or a nearby place, judged once on the
    # evidence before the famous-town penalty applies
    supported: dict[tuple[int, int], bool] = {}
    probs = [softmax(s) for s in fixed]
    for _ in range(iterations):
        ev = _evidence(gaz, doc, probs)
        probs = [
            softmax([_supported_score(gaz, doc, ev, supported, k, j) for j in range(len(cs))])
            for k, cs in enumerate(cands)
        ]
    return cands, probs


def best_answer(
    gaz: Gazetteer, cands: list[CandidateEntry], probs: list[float], min_confidence: float
) -> Resolution | None:
    """The likeliest candidate of a mention, or ``None`` below ``min_confidence``."""
    if not cands:
        return None
    best = max(range(len(probs)), key=probs.__getitem__)
    conf = probs[best]
    if conf < min_confidence:
        # "Rome" the city and "Roma" the province around it: one answer, not two
        lat, lon = gaz.point(cands[best][0])
        conf = sum(
            p
            for (i, _, _), p in zip(cands, probs, strict=True)
            if p >= SAME_PLACE_SHARE and haversine_km(lat, lon, *gaz.point(i)) <= SAME_PLACE_KM
        )
    return to_resolution(gaz, cands[best][0], conf) if conf >= min_confidence else None
