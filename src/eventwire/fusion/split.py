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
from eventwire.fusion.mentions import FusionMention, Key, block_keys, lookup_keys
from eventwire.fusion.pairs import (
    DEFAULT_WEIGHTS,
    FusionWeights,
    kept_apart,
    link_score,
    link_threshold,
)

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


class _Apart:
    """Whether a rule keeps two parts apart, each pair of signatures decided once: the rules read
    only a mention's family, status group and :func:`_signature`."""

    def __init__(self, weights: FusionWeights) -> None:
        self.weights = weights
        self.known: dict[tuple[object, object], bool] = {}

    def __call__(
        self, a: dict[Signature, FusionMention], b: dict[Signature, FusionMention]
    ) -> bool:
        known = self.known
        for sa, x in a.items():
            for sb, y in b.items():
                pair = ((x.family, x.group, sa), (y.family, y.group, sb))
                apart = known.get(pair)
                if apart is None:
                    apart = known[pair] = kept_apart(x, y, self.weights)
                if apart:
                    return True
        return False


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
    n = len(free)
    own = [block_keys(m) for m in free]
    by_block: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(own):
        for block in keys:
            by_block[block].append(i)
    links: list[tuple[float, int, int]] = []
    seen: set[int] = set()
    for i, m in enumerate(free):
        keys, starts = lookup_keys(m, own[i])
        if starts:
            keys = [*keys, *(b for b in by_block if any(b.startswith(p) for p in starts))]
        for block in dict.fromkeys(keys):
            for j in by_block.get(block, ()):
                pair = i * n + j if i < j else j * n + i
                if j == i or pair in seen:
                    continue
                seen.add(pair)
                o = free[j]
                score = link_score(m, o, w)
                if score is not None and score >= link_threshold(m, o, w):
                    links.append((-score, i, j) if i < j else (-score, j, i))
    links.sort()

    uf = UnionFind()
    apart = _Apart(w)
    parts: dict[object, dict[Signature, FusionMention]] = {}
    for i, m in enumerate(free):
        parts.setdefault(uf.find(i), {}).setdefault(_signature(m), m)
    for _, a, b in links:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or (conflict and apart(parts[ra], parts[rb])):
            continue
        uf.union(ra, rb)
        root = uf.find(ra)
        merged = {**parts.pop(ra), **parts.pop(rb)}
        parts[root] = merged

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
