"""The lexical linker's model: logistic-regression weights, thresholds and lemma-pair counts.

:func:`train_pair_model` learns it from a ``coref`` gold file with topics (ECB+ train):

* **Lemma pairs.** For every two event mentions in one gold sub-topic (``cluster``), the pair of
  their head lemmas is counted, with how many of those pairs corefer. Only pairs seen at least
  :data:`MIN_PAIR_COUNT` times are kept (rarer ones carry a topic's vocabulary, not a language's).
* **Weights.** The topics are split into five folds; the pairs of each fold get their
  lemma-pair features from counts over the *other* folds (as unseen topics will), and a logistic
  regression with an L2 penalty is fitted on the pairs of all folds: every two mentions in the
  same story and every two in the same gold topic (so that the near misses of a topic's other
  sub-topic are negatives to learn from).
* **Thresholds.** The document threshold is fixed (:data:`DOC_THRESHOLD`); the link threshold is
  the one of :data:`THRESHOLDS` that gives the best mean CoNLL F1 when each fold is linked as a
  collection of its own, again with counts from the other folds.

The model is plain JSON (:meth:`PairModel.to_json`); loading it reads numbers and strings only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from eventwire.errors import ModelError
from eventwire.fusion.lexical import FEATURES, MentionContext, link_mentions, pair_features

__all__ = [
    "DOC_THRESHOLD",
    "PairModel",
    "default_model",
    "train_pair_model",
]

DOC_THRESHOLD = 0.1
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
MIN_PAIR_COUNT = 2
FOLDS = 5
MODEL_VERSION = 1


@dataclass
class PairModel:
    """Weights for :data:`~eventwire.fusion.lexical.FEATURES`, the link and document thresholds,
    and the lemma-pair counts ``(a, b) -> (coreferent pairs, pairs)`` with ``a <= b``."""

    weights: list[float]
    threshold: float
    doc_threshold: float = DOC_THRESHOLD
    lemma_pairs: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    trained_on: str = ""

    def probability(self, rows: np.ndarray) -> np.ndarray:
        z = np.atleast_2d(rows) @ np.asarray(self.weights)
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return probabilities

    def to_json(self) -> str:
        """The model as JSON text: one line per field, one line per lemma pair."""
        head = {
            "version": MODEL_VERSION,
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "threshold": self.threshold,
            "doc_threshold": self.doc_threshold,
            "trained_on": self.trained_on,
        }
        lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
        rows = [
            json.dumps([a, b, c, t], ensure_ascii=False)
            for (a, b), (c, t) in sorted(self.lemma_pairs.items())
        ]
        return "{\n" + "\n".join(lines) + '\n"lemma_pairs": [\n' + ",\n".join(rows) + "\n]}"

    @classmethod
    def from_json(cls, text: str) -> PairModel:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != MODEL_VERSION:
            raise ValueError(f"not a version {MODEL_VERSION} lexical linking model")
        if data.get("features") != list(FEATURES):
            raise ValueError("the model's features are not this version's features")
        weights = [float(w) for w in data["weights"]]
        if len(weights) != len(FEATURES):
            raise ValueError("the model has the wrong number of weights")
        pairs = {}
        for row in data.get("lemma_pairs", []):
            a, b, coref, total = row
            pairs[(str(a), str(b))] = (int(coref), int(total))
        return cls(
            weights=weights,
            threshold=float(data["threshold"]),
            doc_threshold=float(data["doc_threshold"]),
            lemma_pairs=pairs,
            trained_on=str(data.get("trained_on", "")),
        )

    @classmethod
    def load(cls, path: Path) -> PairModel:
        """The model in file ``path``; :class:`~eventwire.errors.ModelError` naming the file and
        the reason when it cannot be read or is not a model of this version."""
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
            raise ModelError(f"{path}: not a usable lexical linking model: {e}") from e


@cache
def default_model() -> PairModel:
    """The packaged model (``fusion/data/coref-model.json``)."""
    text = resources.files("eventwire.fusion").joinpath("data", "coref-model.json").read_text()
    return PairModel.from_json(text)


def count_lemma_pairs(
    mentions: Sequence[MentionContext], chains: Sequence[str], clusters: Sequence[str]
) -> dict[tuple[str, str], tuple[int, int]]:
    """Head-lemma pairs of mentions in one gold cluster, with how many corefer (see module)."""
    by_cluster: dict[str, list[int]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        by_cluster[cluster].append(i)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for ids in by_cluster.values():
        for x, i in enumerate(ids):
            for j in ids[x + 1 :]:
                a, b = mentions[i].lemma, mentions[j].lemma
                entry = counts[(a, b) if a <= b else (b, a)]
                entry[0] += chains[i] == chains[j]
                entry[1] += 1
    return {k: (c, t) for k, (c, t) in counts.items() if t >= MIN_PAIR_COUNT}


def _fit(rows: np.ndarray, labels: np.ndarray, l2: float = 1.0) -> list[float]:
    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(rows @ w)))
        eps = 1e-9
        value = -np.sum(labels * np.log(p + eps) + (1 - labels) * np.log(1 - p + eps))
        value += l2 * float(np.sum(w[1:] ** 2))
        grad = rows.T @ (p - labels) + 2 * l2 * np.r_[0.0, w[1:]]
        return float(value), grad

    result = minimize(loss, np.zeros(rows.shape[1]), jac=True, method="L-BFGS-B")
    return [float(w) for w in result.x]


def _training_pairs(
    mentions: Sequence[MentionContext],
    chains: Sequence[str],
    topics: Sequence[str],
    pairs: dict[tuple[str, str], tuple[int, int]],
) -> tuple[list[list[float]], list[float]]:
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        blocks[("story", m.story)].append(i)
        blocks[("topic", topics[i])].append(i)
    seen: set[tuple[int, int]] = set()
    rows, labels = [], []
    for ids in blocks.values():
        for x, i in enumerate(ids):
            for j in ids[x + 1 :]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                rows.append(pair_features(mentions[i], mentions[j], pairs))
                labels.append(float(chains[i] == chains[j]))
    return rows, labels


def train_pair_model(
    mentions: Sequence[MentionContext],
    chains: Sequence[str],
    topics: Sequence[str],
    clusters: Sequence[str],
    score: Callable[[list[list[int]], list[list[int]]], float],
    trained_on: str = "",
) -> tuple[PairModel, dict[str, Any]]:
    """Learn the model from gold mentions (their contexts prepared with
    :data:`DOC_THRESHOLD`), each with its gold chain, topic and sub-topic; ``score`` rates a
    response partition against a key partition (the CoNLL F1) to choose the threshold. Returns
    the model and a report of the fit (pairs, positives, each threshold's fold score)."""
    names = sorted(set(topics))
    folds = [set(names[i::FOLDS]) for i in range(FOLDS) if names[i::FOLDS]]
    rows: list[list[float]] = []
    labels: list[float] = []
    fold_parts = []
    for fold in folds:
        inside = [i for i, t in enumerate(topics) if t in fold]
        outside = [i for i, t in enumerate(topics) if t not in fold]
        pairs = count_lemma_pairs(
            [mentions[i] for i in outside],
            [chains[i] for i in outside],
            [clusters[i] for i in outside],
        )
        r, y = _training_pairs(
            [mentions[i] for i in inside],
            [chains[i] for i in inside],
            [topics[i] for i in inside],
            pairs,
        )
        rows += r
        labels += y
        fold_parts.append((inside, pairs))
    weights = _fit(np.array(rows), np.array(labels))
    scores: dict[float, list[float]] = defaultdict(list)
    for inside, pairs in fold_parts:
        key: dict[str, list[int]] = defaultdict(list)
        for n, i in enumerate(inside):
            key[chains[i]].append(n)
        for threshold in THRESHOLDS:
            model = PairModel(weights, threshold, lemma_pairs=pairs)
            labels_out = link_mentions([mentions[i] for i in inside], model)
            response: dict[int, list[int]] = defaultdict(list)
            for n, label in enumerate(labels_out):
                response[label].append(n)
            scores[threshold].append(score(list(key.values()), list(response.values())))
    mean = {t: round(float(np.mean(v)), 4) for t, v in scores.items()}
    best = max(THRESHOLDS, key=lambda t: (mean[t], -t))
    model = PairModel(
        weights,
        best,
        lemma_pairs=count_lemma_pairs(mentions, chains, clusters),
        trained_on=trained_on,
    )
    report = {
        "mentions": len(mentions),
        "topics": len(names),
        "pairs": len(labels),
        "coreferent_pairs": int(sum(labels)),
        "fold_score_by_threshold": {str(t): v for t, v in mean.items()},
        "threshold": best,
        "lemma_pairs": len(model.lemma_pairs),
    }
    return model, report
