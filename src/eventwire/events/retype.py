"""A learned second opinion on each event mention's ACLED sub-event type.

The rules of :mod:`eventwire.events.coding` give every mention a PLOVER type and mode and, from
them, an ACLED event and sub-event type. The ACLED codebook draws lines the PLOVER coding does
not: an attack on civilians or a clash between armed groups, a peaceful protest or one that the
police disperse, a bomb planted or a shell fired. This module holds a multinomial logistic
regression over what the mention's sentence says (its content lemmas, the trigger and its
dependents, the rule's PLOVER type, mode and ACLED sub-event, the kinds of actor and target)
that re-reads the sub-event type, and :func:`retype` applies it.

It overrides the rule only where the rule has no specific answer ("Other") or the model all but
rules the rule's type out (probability under ``veto``, 0.05), and then only with a type it
gives at least ``threshold`` (chosen by cross-validation when the model is trained). The veto
keeps the rules' answer wherever the model merely prefers another: trained on written snippets,
the model overrode too readily on real news (CASE 2021 development snippets: accuracy 0.704 for
the rules alone, 0.690 with any confident override, 0.712 with the veto; docs/evaluation.md).

The PLOVER type and mode stay the rules' (the two codebooks draw different lines: a mob lynching
is a PLOVER ASSAULT and ACLED mob violence; looting by fighters a PLOVER COERCE or ASSAULT and
ACLED property destruction); fusion groups mentions by PLOVER type, so a re-read ACLED type never
splits or joins events.

The packaged model (``events/data/subevent-model.json``) is trained by ``eventwire train
subevents`` on snippets written by the project (``samples/acled-train``, provenance in its
README); nothing else. It is plain JSON, read as numbers and strings: nothing in it is executed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from spacy.tokens import Doc

from eventwire.events.actors import normalise_actor
from eventwire.events.taxonomy import SUB_EVENT_TO_TYPE
from eventwire.events.weights import (
    load_model,
    read_header,
    weights_from_json,
    weights_to_json,
)
from eventwire.records import EventMention

__all__ = [
    "MODEL_VERSION",
    "SubEventModel",
    "default_model",
    "mention_features",
    "retype",
    "train_model",
]

MODEL_VERSION = 1

_CONTENT = frozenset({"NOUN", "VERB", "ADJ"})


def mention_features(doc: Doc, mention: EventMention) -> list[str]:
    """The features of one mention: the rule's coding, the trigger's lemma and its dependents'
    lemmas, the kinds of actor and target, and the content lemmas of its sentence."""
    feats = [
        f"rule={mention.acled_sub_event_type}",
        f"plover={mention.plover_type}",
        f"mode={mention.plover_mode}",
        f"actor={normalise_actor(mention.actor).type if mention.actor else None}",
        f"target={normalise_actor(mention.target).type if mention.target else None}",
    ]
    trigger = doc.char_span(mention.trigger.start, mention.trigger.end, alignment_mode="expand")
    if trigger is not None and len(trigger):
        head = trigger.root
        feats.append(f"trigger={head.lemma_.lower()}")
        feats.extend(f"dep={c.lemma_.lower()}" for c in head.children if c.is_alpha)
    sentence = doc.char_span(mention.sentence.start, mention.sentence.end, alignment_mode="expand")
    if sentence is not None:
        feats.extend(
            sorted(
                {
                    f"w={t.lemma_.lower()}"
                    for t in sentence
                    if t.is_alpha and not t.is_stop and t.pos_ in _CONTENT
                }
            )
        )
    return feats


@dataclass(frozen=True, kw_only=True)
class SubEventModel:
    """Multinomial logistic regression from mention features to ACLED sub-event types."""

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    #: ``(1 + len(vocabulary)) x len(labels)``; row 0 is the bias.
    weights: np.ndarray
    threshold: float
    veto: float = 0.05
    trained_on: str = ""

    def scores(self, features: Iterable[str]) -> np.ndarray:
        """The unnormalised log-probability of each label (summed in one fixed order, so every
        process gets the same figures)."""
        rows = [0] + [self.vocabulary[f] + 1 for f in sorted(set(features)) if f in self.vocabulary]
        z: np.ndarray = self.weights[rows].sum(axis=0)
        return z

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """The probability of each label."""
        z = self.scores(features)
        p = np.exp(z - z.max())
        p /= p.sum()
        return {label: float(x) for label, x in zip(self.labels, p, strict=True)}

    def revised(self, features: Iterable[str], rule: str) -> str:
        """The sub-event type for a mention the rules typed ``rule`` (see the module)."""
        p = self.probabilities(features)
        best = max(p, key=lambda label: p[label])
        weak = rule == "Other" or p.get(rule, 0.0) < self.veto
        return best if weak and p[best] >= self.threshold else rule

    def to_json(self) -> str:
        head = {
            "version": MODEL_VERSION,
            "labels": list(self.labels),
            "threshold": self.threshold,
            "veto": self.veto,
            "trained_on": self.trained_on,
        }
        return weights_to_json(head, self.vocabulary, self.weights)

    @classmethod
    def from_json(cls, text: str) -> SubEventModel:
        data, labels = read_header(
            text, MODEL_VERSION, SUB_EVENT_TO_TYPE, "sub-event model", "ACLED sub-event types"
        )
        vocabulary, matrix = weights_from_json(data, len(labels))
        threshold, veto = float(data["threshold"]), float(data["veto"])
        if not (math.isfinite(threshold) and math.isfinite(veto)):
            raise ValueError("the threshold or the veto is not a number")
        return cls(
            labels=labels,
            vocabulary=vocabulary,
            weights=matrix,
            threshold=threshold,
            veto=veto,
            trained_on=str(data.get("trained_on", "")),
        )

    @classmethod
    def load(cls, path: Path) -> SubEventModel:
        """The model in file ``path``; :class:`~eventwire.errors.ModelError` naming the file and
        the reason when it cannot be read or is not a model of this version."""
        return load_model(path, cls.from_json, "sub-event model")


@cache
def default_model() -> SubEventModel:
    """The packaged model (``events/data/subevent-model.json``)."""
    text = resources.files("eventwire.events").joinpath("data", "subevent-model.json").read_text()
    return SubEventModel.from_json(text)


def retype(
    doc: Doc,
    mentions: Sequence[EventMention],
    model: SubEventModel | None = None,
    features: Sequence[Sequence[str]] | None = None,
) -> list[EventMention]:
    """``mentions`` with the ACLED sub-event (and event) type the model revises (see the
    module). ``features`` are the mentions' :func:`mention_features` when already computed."""
    model = model or default_model()
    out = []
    for i, m in enumerate(mentions):
        rule = m.acled_sub_event_type
        if rule is None:
            out.append(m)
            continue
        label = model.revised(
            features[i] if features is not None else mention_features(doc, m), rule
        )
        if label != rule:
            m = replace(m, acled_event_type=SUB_EVENT_TO_TYPE[label], acled_sub_event_type=label)
        out.append(m)
    return out


def train_model(
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    threshold: float,
    l2: float = 0.3,
    min_count: int = 2,
    trained_on: str = "",
) -> SubEventModel:
    """Fit the model on feature lists and their gold sub-event types (features seen in fewer
    than ``min_count`` rows are dropped; ``l2`` is the weight of the squared-weight penalty)."""
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, c in counts.items() if c >= min_count)
    vocabulary = {f: i for i, f in enumerate(kept)}
    names = tuple(sorted(set(labels)))
    index = {label: i for i, label in enumerate(names)}
    x = np.zeros((len(rows), len(vocabulary) + 1))
    x[:, 0] = 1.0
    for r, feats in enumerate(rows):
        for f in set(feats):
            if f in vocabulary:
                x[r, vocabulary[f] + 1] = 1.0
    y = np.zeros((len(rows), len(names)))
    y[np.arange(len(rows)), [index[label] for label in labels]] = 1.0
    shape = (x.shape[1], len(names))

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = flat.reshape(shape)
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        value = -float(np.sum(y * np.log(p + 1e-12))) + l2 * float(np.sum(w[1:] ** 2))
        grad = x.T @ (p - y)
        grad[1:] += 2 * l2 * w[1:]
        return value, grad.ravel()

    result = minimize(loss, np.zeros(shape).ravel(), jac=True, method="L-BFGS-B")
    return SubEventModel(
        labels=names,
        vocabulary=vocabulary,
        weights=result.x.reshape(shape),
        threshold=threshold,
        trained_on=trained_on,
    )
