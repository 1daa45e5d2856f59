"""Coreference metrics: MUC, B-cubed, CEAF-e and their mean (the CoNLL F1).

Each metric compares a key (gold) and a response (system) partition, given as lists of clusters
of hashable mentions, and returns ``(recall, precision, f1)``, computed as the CoNLL reference
scorer (v8.01) computes them, mentions that are in one partition only included:

* **MUC** (Vilain et al. 1995) counts links: recall is the sum over key clusters of
  ``|K| - p(K)`` over the sum of ``|K| - 1``, where ``p(K)`` is the number of parts the response
  splits ``K`` into (a mention the response lacks is a part of its own); precision swaps the two.
  Singletons have no links and count for nothing.
* **B-cubed** (Bagga and Baldwin 1998) averages over mentions: recall is
  ``sum |K ∩ R|² / |K|`` over the number of key mentions, precision ``sum |K ∩ R|² / |R|`` over
  the number of response mentions.
* **CEAF-e** (Luo 2005) aligns key and response clusters one to one (the optimal assignment of
  ``φ4 = 2 |K ∩ R| / (|K| + |R|)``) and divides the aligned similarity by the number of key
  clusters (recall) and response clusters (precision).

A mention listed twice in one partition is counted once (the reference scorer's de-duplication).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["Partition", "b_cubed", "ceaf_e", "conll_scores", "muc", "partition"]

Partition = list[frozenset[Hashable]]


def partition(clusters: Iterable[Iterable[Hashable]]) -> Partition:
    """``clusters`` as a partition: empty clusters dropped, a mention kept in its first cluster."""
    seen: set[Hashable] = set()
    out: Partition = []
    for cluster in clusters:
        members = frozenset(m for m in cluster if m not in seen)
        seen |= members
        if members:
            out.append(members)
    return out


def _f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _index(clusters: Partition) -> dict[Hashable, int]:
    return {m: i for i, cluster in enumerate(clusters) for m in cluster}


def _muc_recall(key: Partition, response: Partition) -> float:
    where = _index(response)
    links = parts = 0
    for cluster in key:
        links += len(cluster) - 1
        seen = {where[m] for m in cluster if m in where}
        missing = sum(1 for m in cluster if m not in where)
        parts += len(cluster) - (len(seen) + missing)
    return _ratio(parts, links)


def muc(
    key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]
) -> tuple[float, float, float]:
    """MUC recall, precision and F1."""
    k, r = partition(key), partition(response)
    recall, precision = _muc_recall(k, r), _muc_recall(r, k)
    return recall, precision, _f1(recall, precision)


def _overlaps(key: Partition, response: Partition) -> Counter[tuple[int, int]]:
    """``|K_i ∩ R_j|`` for every pair of clusters that share a mention."""
    where = _index(response)
    return Counter((i, where[m]) for i, cluster in enumerate(key) for m in cluster if m in where)


def b_cubed(
    key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]
) -> tuple[float, float, float]:
    """B-cubed recall, precision and F1."""
    k, r = partition(key), partition(response)
    overlaps = _overlaps(k, r)
    recall_sum = sum(n * n / len(k[i]) for (i, _), n in overlaps.items())
    precision_sum = sum(n * n / len(r[j]) for (_, j), n in overlaps.items())
    recall = _ratio(recall_sum, sum(len(c) for c in k))
    precision = _ratio(precision_sum, sum(len(c) for c in r))
    return recall, precision, _f1(recall, precision)


def ceaf_e(
    key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]
) -> tuple[float, float, float]:
    """CEAF-e (entity-based CEAF, φ4) recall, precision and F1."""
    k, r = partition(key), partition(response)
    overlaps = _overlaps(k, r)
    # Only clusters that share a mention can add to the alignment: solve the assignment for
    # each connected group of such clusters, which keeps the matrices small on large files.
    total = 0.0
    for rows, cols in _components(overlaps):
        matrix = np.zeros((len(rows), len(cols)))
        row_at = {i: a for a, i in enumerate(rows)}
        col_at = {j: b for b, j in enumerate(cols)}
        for (i, j), n in overlaps.items():
            if i in row_at and j in col_at:
                matrix[row_at[i], col_at[j]] = 2 * n / (len(k[i]) + len(r[j]))
        chosen_rows, chosen_cols = linear_sum_assignment(matrix, maximize=True)
        total += float(matrix[chosen_rows, chosen_cols].sum())
    recall, precision = _ratio(total, len(k)), _ratio(total, len(r))
    return recall, precision, _f1(recall, precision)


def _components(overlaps: Counter[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """The connected groups of key rows and response columns linked by an overlap."""
    edges: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    for i, j in overlaps:
        edges[("k", i)].add(("r", j))
        edges[("r", j)].add(("k", i))
    seen: set[tuple[str, int]] = set()
    groups = []
    for start in edges:
        if start in seen:
            continue
        stack = [start]
        rows: list[int] = []
        cols: list[int] = []
        seen.add(start)
        while stack:
            node = stack.pop()
            (rows if node[0] == "k" else cols).append(node[1])
            for other in edges[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append((sorted(rows), sorted(cols)))
    return groups


def conll_scores(
    key: Sequence[Iterable[Hashable]], response: Sequence[Iterable[Hashable]]
) -> dict[str, dict[str, float] | float]:
    """MUC, B-cubed and CEAF-e (each ``{"recall", "precision", "f1"}``, rounded to four places)
    and ``conll_f1``, the mean of their F1."""
    out: dict[str, dict[str, float] | float] = {}
    f1s = []
    for name, metric in (("muc", muc), ("bcubed", b_cubed), ("ceafe", ceaf_e)):
        recall, precision, f1 = metric(key, response)
        out[name] = {
            "recall": round(recall, 4),
            "precision": round(precision, 4),
            "f1": round(f1, 4),
        }
        f1s.append(f1)
    out["conll_f1"] = round(sum(f1s) / 3, 4)
    return out
