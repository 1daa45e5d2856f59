"""The links of a group of mentions, scored many pairs at a time.

:func:`group_links` finds the pairs of a group that blocking compares (the lookups of one meet
the other's keys, :func:`~eventwire.fusion.mentions.blocking`) and decides them as
:func:`~eventwire.fusion.pairs.link_score` and :func:`~eventwire.fusion.pairs.link_threshold`
do, one array operation per rule and per piece of evidence over all the pairs instead of a call
per pair: the split of a large group (:mod:`~eventwire.fusion.split`) scores millions of pairs.
The scores are the same floating-point numbers (the same terms added in the same order, the
distances computed by the same function), so the links and their order are those of the
pairwise functions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from eventwire.fusion.mentions import FusionMention, blocking, index_prefixes
from eventwire.fusion.pairs import DEFAULT_WEIGHTS, FusionWeights
from eventwire.places.resolution import haversine_km

__all__ = ["group_links"]

#: Pairs scored per step (bounds the memory of the word overlaps).
CHUNK = 200_000


def _codes(values: Sequence[object]) -> np.ndarray:
    """Each value's code (equal values, equal codes); ``None`` and empty values are -1."""
    index: dict[object, int] = {}
    return np.array(
        [-1 if v is None or v == "" else index.setdefault(v, len(index)) for v in values],
        dtype=np.int64,
    )


def _pairs(members: Sequence[FusionMention]) -> tuple[np.ndarray, np.ndarray]:
    """The pairs ``(a, b)``, ``a < b`` (indices into ``members``) that blocking compares."""
    blocks = [blocking(m) for m in members]
    key_id: dict[str, int] = {}
    own_key: list[int] = []
    own_member: list[int] = []
    for i, b in enumerate(blocks):
        for k in b.own:
            own_key.append(key_id.setdefault(k, len(key_id)))
            own_member.append(i)
    under = index_prefixes(key_id, (p for b in blocks for p in b.prefixes))
    by_prefix = {p: [key_id[k] for k in ks] for p, ks in under.items()}
    look_key: list[int] = []
    look_member: list[int] = []
    for i, b in enumerate(blocks):
        kids = {key_id[k] for k in b.lookup if k in key_id}
        for p in b.prefixes:
            kids.update(by_prefix.get(p, ()))
        look_key.extend(kids)
        look_member.extend([i] * len(kids))
    if not look_key:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    okey, omem = np.array(own_key, np.int64), np.array(own_member, np.int64)
    order = np.argsort(okey, kind="stable")
    okey, omem = okey[order], omem[order]
    lkey, lmem = np.array(look_key, np.int64), np.array(look_member, np.int64)
    first = np.searchsorted(okey, lkey, side="left")
    count = np.searchsorted(okey, lkey, side="right") - first
    # each lookup row against every own row of its key
    rows = np.repeat(np.arange(len(lkey)), count)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    a = lmem[rows]
    b = omem[np.repeat(first, count) + offsets]
    keep = a != b
    a, b = a[keep], b[keep]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    n = len(members)
    codes = np.unique(lo * n + hi)
    return codes // n, codes % n


class _Arrays:
    """What the rules and the evidence read of each member, as arrays."""

    def __init__(self, members: Sequence[FusionMention]) -> None:
        ms = members
        self.head = _codes([(m.family, m.group) for m in ms])
        self.article = _codes([m.article_id for m in ms])
        self.story = _codes([m.story_id for m in ms])
        self.stem = _codes([m.stem for m in ms])
        self.geonameid = np.array(
            [-1 if m.geonameid is None else m.geonameid for m in ms], dtype=np.int64
        )
        self.country = _codes([m.country for m in ms])
        coords = [(m.lat, m.lon) if m.lat is not None and m.lon is not None else None for m in ms]
        self.point_id = _codes(coords)
        self.points = [c for c in dict.fromkeys(c for c in coords if c is not None)]
        self.is_point = np.array(
            [
                m.place_precision == "point" and c is not None
                for m, c in zip(ms, coords, strict=True)
            ]
        )
        kind, start, end, text_day = [], [], [], []
        for m in ms:
            iv = m.interval
            if iv is None:
                kind.append(0)
                start.append(0)
                end.append(0)
                text_day.append(False)
            else:
                kind.append(1 if iv.precision == "day" else 2)
                start.append(iv.start.toordinal())
                end.append(iv.end.toordinal())
                text_day.append(iv.precision == "day" and iv.source == "text")
        self.kind = np.array(kind, dtype=np.int64)
        self.start = np.array(start, dtype=np.int64)
        self.end = np.array(end, dtype=np.int64)
        self.interval = _codes([m.interval for m in ms])
        self.text_day = np.array(text_day)
        names = [sorted(m.names) for m in ms]
        name_code: dict[str, int] = {}
        self.name1 = np.array(
            [name_code.setdefault(n[0], len(name_code)) if n else -1 for n in names], np.int64
        )
        self.name2 = np.array(
            [name_code.setdefault(n[1], len(name_code)) if len(n) > 1 else -1 for n in names],
            np.int64,
        )
        self.figure = np.array(
            [
                [m.killed[1] is not None, m.injured[1] is not None, m.displaced[1] is not None]
                for m in ms
            ],
            dtype=bool,
        ).reshape(len(ms), 3)
        word_code: dict[str, int] = {}
        indptr: list[int] = [0]
        indices: list[int] = []
        for m in ms:
            indices.extend(word_code.setdefault(w, len(word_code)) for w in m.words)
            indptr.append(len(indices))
        self.words = sparse.csr_matrix(
            (np.ones(len(indices), np.int64), np.array(indices, np.int64), np.array(indptr)),
            shape=(len(ms), max(1, len(word_code))),
        )
        self.n_words = np.diff(self.words.indptr).astype(np.int64)


def _distances(arr: _Arrays, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The km between the points of each pair (NaN where either has none), each distinct pair
    of points computed once by :func:`~eventwire.places.resolution.haversine_km`."""
    pa, pb = arr.point_id[a], arr.point_id[b]
    km = np.full(len(a), np.nan)
    both = (pa >= 0) & (pb >= 0)
    if not both.any():
        return km
    n = len(arr.points)
    code = pa[both] * n + pb[both]
    distinct, inverse = np.unique(code, return_inverse=True)
    values = np.array(
        [haversine_km(*arr.points[c // n], *arr.points[c % n]) for c in distinct.tolist()]
    )
    km[both] = values[inverse.reshape(-1)]
    return km


def _score(
    arr: _Arrays, a: np.ndarray, b: np.ndarray, w: FusionWeights
) -> tuple[np.ndarray, np.ndarray]:
    """For pairs ``(a, b)``: whether a rule keeps them apart, and their score and threshold
    met (as :func:`~eventwire.fusion.pairs.linked`)."""
    apart = arr.head[a] != arr.head[b]
    ka, kb = arr.kind[a], arr.kind[b]
    days = (ka == 1) & (kb == 1)
    gap = np.maximum(0, np.maximum(arr.start[b] - arr.end[a], arr.start[a] - arr.end[b]))
    apart |= days & (gap > w.max_gap_days)
    dated = (ka > 0) & (kb > 0)
    apart |= dated & ~days & (arr.interval[a] != arr.interval[b])
    ca, cb = arr.country[a], arr.country[b]
    apart |= (ca >= 0) & (cb >= 0) & (ca != cb)
    km = _distances(arr, a, b)
    has_km = ~np.isnan(km)
    both_points = arr.is_point[a] & arr.is_point[b] & has_km
    with np.errstate(invalid="ignore"):
        apart |= both_points & (km > w.max_km)

    score = np.zeros(len(a))
    same_article = arr.article[a] == arr.article[b]
    same_story = ~same_article & (arr.story[a] >= 0) & (arr.story[a] == arr.story[b])
    score = score + np.where(same_article, w.same_article, 0.0)
    score = score + np.where(same_story, w.same_story, 0.0)
    score = score + np.where((arr.stem[a] >= 0) & (arr.stem[a] == arr.stem[b]), w.same_stem, 0.0)
    ga = arr.geonameid[a]
    same_place = (ga >= 0) & (ga == arr.geonameid[b])
    with np.errstate(invalid="ignore"):
        near = np.where(km <= w.near_km, w.near_place, w.far_place)
    score = score + np.where(same_place, w.same_place, np.where(both_points, near, 0.0))
    text_day = arr.text_day[a] & arr.text_day[b] & (gap == 0)
    score = score + np.where(text_day, w.same_text_day, 0.0)
    a1, a2, b1, b2 = arr.name1[a], arr.name2[a], arr.name1[b], arr.name2[b]
    named = (a1 >= 0) & (b1 >= 0)
    shared = ((a1 >= 0) & ((a1 == b1) | (a1 == b2))) | ((a2 >= 0) & ((a2 == b1) | (a2 == b2)))
    score = score + np.where(named, np.where(shared, w.shared_name, w.name_conflict), 0.0)
    figure = (arr.figure[a] & arr.figure[b]).any(axis=1)
    score = score + np.where(figure, w.same_figure_kind, 0.0)
    common = np.asarray(arr.words[a].multiply(arr.words[b]).sum(axis=1)).reshape(-1)
    na, nb = arr.n_words[a], arr.n_words[b]
    overlap = (na > 0) & (nb > 0) & (common > 0)
    denominator = np.where(overlap, na + nb - common, 1)
    score = score + np.where(overlap, (w.words * common) / denominator, 0.0)
    threshold = np.where(same_article | same_story, w.threshold, w.cross_story_threshold)
    return apart, np.where(score >= threshold, score, np.nan)


def group_links(
    members: Sequence[FusionMention], weights: FusionWeights = DEFAULT_WEIGHTS
) -> list[tuple[float, int, int]]:
    """The linked pairs of ``members`` that blocking compares, as ``(-score, a, b)`` with
    ``a < b`` indices into ``members``, sorted (strongest first, then by index)."""
    a, b = _pairs(members)
    if not len(a):
        return []
    arr = _Arrays(members)
    out_score, out_a, out_b = [], [], []
    for start in range(0, len(a), CHUNK):
        ca, cb = a[start : start + CHUNK], b[start : start + CHUNK]
        apart, score = _score(arr, ca, cb, weights)
        keep = ~apart & ~np.isnan(score)
        out_score.append(-score[keep])
        out_a.append(ca[keep])
        out_b.append(cb[keep])
    neg, la, lb = np.concatenate(out_score), np.concatenate(out_a), np.concatenate(out_b)
    order = np.lexsort((lb, la, neg))
    return list(zip(neg[order].tolist(), la[order].tolist(), lb[order].tolist(), strict=True))
