"""A learned reading of a message's MUC-4 incident types, over the rules' reading.

The rules (:func:`eventwire.events.document.predict_labels` with the ``muc4`` taxonomy) give a
message every incident type one of its violent mentions reads as. MUC-4 draws its own lines:
only recent acts count (a bombing recalled from last year does not), only terrorist acts (an
army raid or a clash between armed parties does not), and a message that merely discusses
terrorism has none. This module holds one logistic regression per incident type over what the
message says, which re-reads each type:

* the rules' labels (``rule=ATTACK``);
* each violent mention's incident type with its status, PLOVER type and mode, its trigger's
  lemma, the kinds of its actor and target (``m=BOMBING``, ``m=BOMBING|happened``,
  ``trigger=dynamite``, ``actor=rebel``);
* the message's content lemmas (``w=guerrilla``).

A type is given when its probability reaches the type's threshold, which the training chose by
cross-validation; where the rules did better than any threshold in the cross-validation (the
types with few examples), the type is left to the rules.

The packaged model (``events/data/incidents-model.json``) is trained by ``eventwire train
incidents`` on the MUC-4 development corpus (DEV, TST1 and TST2: public
domain; provenance in ``events/data/README.md``). It is plain JSON, read as numbers and strings:
nothing in it is executed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from spacy.tokens import Doc

from eventwire.events.actors import normalise_actor
from eventwire.events.document import muc4_type, predict_labels
from eventwire.events.weights import (
    load_model,
    read_header,
    weights_from_json,
    weights_to_json,
)
from eventwire.records import EventMention

__all__ = [
    "INCIDENT_MODEL_VERSION",
    "INCIDENT_TYPES",
    "RULE",
    "RULES",
    "IncidentModel",
    "default_incident_model",
    "fit_incidents",
    "incident_features",
    "incident_labels",
]

INCIDENT_MODEL_VERSION = 1

#: The prefix of the features that carry the rules' labels (``rule=ATTACK``).
RULE = "rule="

#: A threshold that leaves a type to the rules (cross-validation chooses it where the rules'
#: F1 is higher than any threshold's: the types with few examples).
RULES = 2.0

#: The MUC-4 incident types.
INCIDENT_TYPES = ("ARSON", "ATTACK", "BOMBING", "FORCED WORK STOPPAGE", "KIDNAPPING", "ROBBERY")

_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})


def incident_features(doc: Doc, mentions: Sequence[EventMention]) -> list[str]:
    """The features of one message (see the module), sorted and without repeats."""
    feats = {f"{RULE}{label}" for label in predict_labels(doc, "muc4", mentions)}
    for m in mentions:
        status = m.status.value if m.status is not None else None
        feats.add(f"plover={m.plover_type}|{status}")
        kind = muc4_type(doc, m)
        if kind is None:
            continue
        feats.update(
            {
                f"m={kind}",
                f"m={kind}|{status}",
                f"m={kind}|mode={m.plover_mode}",
                f"acled={m.acled_sub_event_type}",
                f"actor={normalise_actor(m.actor).type if m.actor else None}",
                f"target={normalise_actor(m.target).type if m.target else None}",
            }
        )
        trigger = doc.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand")
        if trigger is not None and len(trigger):
            feats.add(f"trigger={trigger.root.lemma_.lower()}")
    feats.update(
        f"w={t.lemma_.lower()}"
        for t in doc
        if t.is_alpha and not t.is_stop and t.pos_ in _CONTENT and len(t) > 2
    )
    return sorted(feats)


@dataclass(frozen=True, kw_only=True)
class IncidentModel:
    """One logistic regression per incident type, over message features."""

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    #: ``(1 + len(vocabulary)) x len(labels)``; row 0 is the bias.
    weights: np.ndarray
    thresholds: tuple[float, ...]
    trained_on: str = ""

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """The probability of each type (summed in one fixed order, so every process gets the
        same figures)."""
        rows = [0] + [self.vocabulary[f] + 1 for f in sorted(set(features)) if f in self.vocabulary]
        z = self.weights[rows].sum(axis=0)
        p = 1.0 / (1.0 + np.exp(-z))
        return {label: float(x) for label, x in zip(self.labels, p, strict=True)}

    def labels_for(self, features: Iterable[str]) -> list[str]:
        """The types whose probability reaches their threshold, sorted; a type whose threshold
        is :data:`RULES` is given when the rules give it (a ``rule=`` feature)."""
        feats = set(features)
        p = self.probabilities(feats)
        return sorted(
            label
            for label, t in zip(self.labels, self.thresholds, strict=True)
            if (f"{RULE}{label}" in feats if t >= RULES else p[label] >= t)
        )

    def to_json(self) -> str:
        head = {
            "version": INCIDENT_MODEL_VERSION,
            "labels": list(self.labels),
            "thresholds": [round(t, 4) for t in self.thresholds],
            "trained_on": self.trained_on,
        }
        return weights_to_json(head, self.vocabulary, self.weights)

    @classmethod
    def from_json(cls, text: str) -> IncidentModel:
        data, labels = read_header(
            text, INCIDENT_MODEL_VERSION, INCIDENT_TYPES, "incident model", "incident types"
        )
        thresholds = tuple(float(t) for t in data["thresholds"])
        if len(thresholds) != len(labels) or not all(math.isfinite(t) for t in thresholds):
            raise ValueError("the thresholds do not match the labels")
        vocabulary, matrix = weights_from_json(data, len(labels))
        return cls(
            labels=labels,
            vocabulary=vocabulary,
            weights=matrix,
            thresholds=thresholds,
            trained_on=str(data.get("trained_on", "")),
        )

    @classmethod
    def load(cls, path: Path) -> IncidentModel:
        """The model in file ``path``; :class:`~eventwire.errors.ModelError` naming the file and
        the reason when it cannot be read or is not a model of this version."""
        return load_model(path, cls.from_json, "incident model")


@cache
def default_incident_model() -> IncidentModel:
    """The packaged model (``events/data/incidents-model.json``)."""
    name = "incidents-model.json"
    text = resources.files("eventwire.events").joinpath("data", name).read_text()
    return IncidentModel.from_json(text)


def incident_labels(
    doc: Doc, mentions: Sequence[EventMention], model: IncidentModel | None = None
) -> list[str]:
    """A message's MUC-4 incident types as the model reads them (the packaged one by
    default)."""
    return (model or default_incident_model()).labels_for(incident_features(doc, mentions))


def fit_incidents(
    rows: Sequence[Sequence[str]],
    label_sets: Sequence[Sequence[str]],
    *,
    thresholds: Sequence[float] | None = None,
    l2: float = 10.0,
    min_count: int = 3,
    trained_on: str = "",
) -> IncidentModel:
    """Fit one logistic regression per incident type on message features and their gold types
    (features seen in fewer than ``min_count`` messages are dropped; ``l2`` weighs the
    squared-weight penalty). ``thresholds``: one per type of :data:`INCIDENT_TYPES` (0.5 each
    by default)."""
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, c in counts.items() if c >= min_count)
    vocabulary = {f: i for i, f in enumerate(kept)}
    cells = [
        (r, vocabulary[f] + 1)
        for r, feats in enumerate(rows)
        for f in set(feats)
        if f in vocabulary
    ]
    cells += [(r, 0) for r in range(len(rows))]  # the bias
    x = sparse.csr_matrix(
        (np.ones(len(cells)), ([r for r, _ in cells], [c for _, c in cells])),
        shape=(len(rows), len(vocabulary) + 1),
    )
    y = np.zeros((len(rows), len(INCIDENT_TYPES)))
    for r, labels in enumerate(label_sets):
        for label in labels:
            if label in INCIDENT_TYPES:
                y[r, INCIDENT_TYPES.index(label)] = 1.0
    shape = (x.shape[1], len(INCIDENT_TYPES))

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = flat.reshape(shape)
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        value = -float(np.sum(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
        value += l2 * float(np.sum(w[1:] ** 2))
        grad = x.T @ (p - y)
        grad[1:] += 2 * l2 * w[1:]
        return value, grad.ravel()

    result = minimize(loss, np.zeros(shape).ravel(), jac=True, method="L-BFGS-B")
    chosen = tuple(thresholds) if thresholds is not None else (0.5,) * len(INCIDENT_TYPES)
    if len(chosen) != len(INCIDENT_TYPES):
        raise ValueError("one threshold per incident type")
    return IncidentModel(
        labels=INCIDENT_TYPES,
        vocabulary=vocabulary,
        weights=result.x.reshape(shape),
        thresholds=chosen,
        trained_on=trained_on,
    )
