"""Connected groups of links split where they join mentions that a rule keeps apart.

Links are decided pair by pair and events are the connected groups of links, so a chain of
compatible pairs can join two mentions that no rule lets be one event: a clash on Monday links a
report of it dated Tuesday, which links a second clash on Wednesday; a mention with no place links
two mentions in towns 300 km apart. Such a group is split (:func:`split_group`): its links are
taken strongest first (ties broken by the mentions' keys) and join two parts only when no rule
keeps a member of one apart from a member of the other, which is single-link clustering under
cannot-link constraints. A copy follows the donor mention it repeats (:func:`donor_mention`) and
takes no part in the rules, as it brings no date or place of its own.

The parts depend only on the group's members. The fusion stage splits a group again with its
events' neighbours in the blocks rather than the whole chain they were once part of (a chain of
daily reports can run for months), so the parts of a long chain can depend a little on the order
in which its pieces arrived (``docs/events.md``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from eventwire.fusion.combine import UnionFind
from eventwire.fusion.mentions import FusionMention, Key
from eventwire.fusion.pairs import DEFAULT_WEIGHTS, FusionWeights, kept_apart
from eventwire.fusion.scores import group_links
from eventwire.places.resolution import haversine_km

__all__ = ["donor_mention", "has_conflict", "split_group"]

#: What the rules read of a mention: its date interval, country and point coordinates.
Signature = tuple[object, str | None, float | None, float | None]


def donor_mention(copy: FusionMention, candidates: Sequence[FusionMention]) -> FusionMention | None:
    """The mention of the donor sentence that a copied sentence's mention repeats: one that no
    rule keeps apart from it (so of the same family and status group), the same trigger word
    first, then the nearest trigger offset within the sentence."""
    offset = copy.trigger_start - copy.sentence_start
    word = copy.trigger.lower()
    same = [d for d in candidates if not kept_apart(copy, d)]
    if not same:
        return None
    return min(
        same,
        key=lambda d: (
            d.trigger.lower() != word,
            abs(d.trigger_start - d.sentence_start - offset),
            d.key,
        ),
    )


def _signature(m: FusionMention) -> Signature:
    point = m.place_precision == "point"
    return (m.interval, m.country, m.lat if point else None, m.lon if point else None)


class _Part:
    """What the rules read of a part of a group, summed up so that whether a rule keeps two
    parts apart costs as little as comparing two members: the families and status groups, the
    latest start and earliest end of its dates of days, its coarser dates, its countries and
    its points (:func:`~eventwire.fusion.pairs.kept_apart` between any member of one and any of
    the other, decided at once)."""

    __slots__ = ("coarse", "countries", "days", "heads", "points")

    def __init__(self, m: FusionMention) -> None:
        self.heads = {(m.family, m.group)}
        iv = m.interval
        # (latest start, earliest end) of the dates of days
        self.days = (iv.start, iv.end) if iv is not None and iv.precision == "day" else None
        self.coarse = {iv} if iv is not None and iv.precision != "day" else set()
        self.countries = {m.country} if m.country else set()
        self.points: set[tuple[float, float]] = set()
        if m.place_precision == "point" and m.lat is not None and m.lon is not None:
            self.points.add((m.lat, m.lon))

    def absorb(self, other: _Part) -> None:
        self.heads |= other.heads
        if self.days is None or other.days is None:
            self.days = self.days or other.days
        else:
            self.days = (max(self.days[0], other.days[0]), min(self.days[1], other.days[1]))
        self.coarse |= other.coarse
        self.countries |= other.countries
        self.points |= other.points

    def apart(self, other: _Part, w: FusionWeights) -> bool:
        if len(self.heads | other.heads) > 1:
            return True
        a, b = self.days, other.days
        gap = None if a is None or b is None else max((b[0] - a[1]).days, (a[0] - b[1]).days)
        if gap is not None and gap > w.max_gap_days:
            return True
        # a coarse date links only to the same coarse date
        if (self.coarse and b is not None) or (other.coarse and a is not None):
            return True
        one_coarse = len(self.coarse) == 1 and self.coarse == other.coarse
        if self.coarse and other.coarse and not one_coarse:
            return True
        if self.countries and other.countries and len(self.countries | other.countries) > 1:
            return True
        return any(
            haversine_km(la, lo, lb, ob) > w.max_km
            for la, lo in self.points
            for lb, ob in other.points
        )


def _has_conflict(reps: Sequence[FusionMention], w: FusionWeights) -> bool:
    return any(kept_apart(x, y, w) for i, x in enumerate(reps) for y in reps[i + 1 :])


def _follows(members: Sequence[FusionMention]) -> dict[Key, Key]:
    """The copies among ``members`` that follow a donor mention among them: copy -> donor."""
    in_sentence: dict[tuple[str, int], list[FusionMention]] = defaultdict(list)
    for m in members:
        in_sentence[(m.article_id, m.sentence_index)].append(m)
    follows: dict[Key, Key] = {}
    for m in members:
        if m.donor_id is not None and m.donor_sentence is not None:
            d = donor_mention(m, in_sentence.get((m.donor_id, m.donor_sentence), []))
            if d is not None and d.key != m.key:
                follows[m.key] = d.key
    return follows


def _conflict(free: Sequence[FusionMention], w: FusionWeights) -> bool:
    reps: dict[Signature, FusionMention] = {}
    for m in free:
        reps.setdefault(_signature(m), m)
    return _has_conflict(list(reps.values()), w)


def has_conflict(
    members: Sequence[FusionMention], weights: FusionWeights = DEFAULT_WEIGHTS
) -> bool:
    """Whether a rule keeps two of ``members`` apart (copies of a donor sentence among them
    aside): the test of whether a group needs its neighbours to be split, cheaper than
    :func:`split_group`'s own (which checks each copy against its donor's mentions)."""
    in_sentence = {(m.article_id, m.sentence_index) for m in members}
    return _conflict(
        [m for m in members if (m.donor_id, m.donor_sentence) not in in_sentence], weights
    )


def split_group(
    members: Sequence[FusionMention],
    weights: FusionWeights = DEFAULT_WEIGHTS,
    *,
    connected: bool = True,
) -> list[list[FusionMention]]:
    """The events of a group of mentions: its parts under its links and the rules (module
    docstring), each in the order given, the parts ordered by their first member's key.

    ``connected``: the caller knows the group to be one connected group of links, so that when
    no rule keeps two of its (non-copy) members apart it is one event (and its links need not
    be found again)."""
    w = weights
    follows = _follows(members)
    free = [m for m in members if m.key not in follows]
    conflict = _conflict(free, w)
    if not conflict and connected:
        return [list(members)]

    # the group's links, as the fusion stage finds them (inside the blocks); a member is its
    # rank in the order of keys, so that (score, rank, rank) sorts as (score, key, key)
    free = sorted(free, key=lambda m: m.key)
    rank = {m.key: i for i, m in enumerate(free)}
    links = group_links(free, w)

    uf = UnionFind()
    parts = {uf.find(i): _Part(m) for i, m in enumerate(free)}
    for _, a, b in links:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or (conflict and parts[ra].apart(parts[rb], w)):
            continue
        uf.union(ra, rb)  # ra stays the root
        parts[ra].absorb(parts.pop(rb))

    def root_of(key: Key) -> object:
        hops = 0
        while key in follows and hops <= len(follows):
            key = follows[key]
            hops += 1
        return uf.find(rank.get(key, key))

    out: dict[object, list[FusionMention]] = defaultdict(list)
    for m in members:
        out[root_of(m.key)].append(m)
    return sorted(out.values(), key=lambda part: min(m.key for m in part))
