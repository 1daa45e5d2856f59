"""``eval clusters``: story clustering scored against a gold ``clusters`` file (B-cubed, pairwise).

Gold format (``data/FORMATS.md`` § clusters): one JSON object per line with ``id``, ``title``,
``text``, ``published`` (``YYYY-MM-DD`` or null), ``cluster`` and ``topic``. Documents are
clustered in :func:`~eventwire.stories.cluster.story_order`. Besides B-cubed and pairwise scores
the report gives the share of hard-negative pairs (same ``topic``, different ``cluster``) that
were put in one story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from eventwire.evaluate.common import prf_scores, write_jsonl
from eventwire.gold import CLUSTERS
from eventwire.gold import read_gold as read_records
from eventwire.stories.cluster import ClusterSettings, StoryInput, cluster_articles

__all__ = ["bcubed", "evaluate_clusters", "pairwise", "read_gold"]


def read_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The records of a ``clusters`` gold file (the first ``limit`` ones)."""
    return list(read_records(path, CLUSTERS, limit=limit))


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold`` (item -> cluster)."""
    items = list(gold)
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    pair_counts = Counter((gold[i], predicted[i]) for i in items)
    gold_sizes = Counter(gold[i] for i in items)
    pred_sizes = Counter(predicted[i] for i in items)
    precision = recall = 0.0
    for (g, p), n in pair_counts.items():
        precision += n * n / pred_sizes[p]
        recall += n * n / gold_sizes[g]
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 (pairs of items put in the same cluster)."""
    items = list(gold)
    both = sum(_pairs(n) for n in Counter((gold[i], predicted[i]) for i in items).values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    pred_pairs = sum(_pairs(n) for n in Counter(predicted[i] for i in items).values())
    return prf_scores(both, pred_pairs, gold_pairs)


def _hard_negative_merges(
    records: list[dict[str, Any]], predicted: Mapping[str, str]
) -> dict[str, float]:
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        if record.get("topic") is not None:
            by_topic[str(record["topic"])].append(record)
    total = merged = 0
    for members in by_topic.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a["cluster"] != b["cluster"]:
                    total += 1
                    merged += predicted[a["id"]] == predicted[b["id"]]
    return {
        "pairs": total,
        "merged": merged,
        "merged_share": round(merged / total, 4) if total else 0.0,
    }


def _published(value: object) -> datetime | None:
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return None


def evaluate_clusters(
    gold_path: Path,
    *,
    predictions_out: Path | None = None,
    limit: int | None = None,
    settings: ClusterSettings | None = None,
) -> dict[str, Any]:
    """Cluster the documents of ``gold_path`` and score the stories against its clusters.

    ``predictions_out`` receives the same records with ``cluster`` set to the predicted story id.
    """
    records = read_gold(gold_path, limit=limit)
    inputs = [
        StoryInput(
            article_id=str(r["id"]),
            published=_published(r.get("published")),
            text=str(r.get("text") or ""),
            title=r.get("title") if isinstance(r.get("title"), str) else None,
        )
        for r in records
    ]
    assignments, clusterer = cluster_articles(inputs, settings=settings)
    predicted = {a.article_id: a.story_id for a in assignments}
    gold = {str(r["id"]): str(r["cluster"]) for r in records}
    if predictions_out is not None:
        write_jsonl(
            predictions_out,
            ({**record, "cluster": predicted[str(record["id"])]} for record in records),
        )
    return {
        "documents": len(records),
        "gold_clusters": len(set(gold.values())),
        "predicted_clusters": len(clusterer),
        "bcubed": bcubed(gold, predicted),
        "pairwise": pairwise(gold, predicted),
        "hard_negatives": _hard_negative_merges(records, predicted),
    }
