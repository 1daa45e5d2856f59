"""The JSON form of a lexical model's weights, shared by the learned models of this package
(:mod:`eventwire.events.retype`, :mod:`eventwire.events.incidents`).

A model file is one JSON object: its own header fields, a ``bias`` row, and ``features``, one
``[feature, [weight per label]]`` row per feature, sorted, one to a line so that a retrained
model's changes read as a diff. Reading checks every row's width; nothing is executed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Mapping
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from eventwire.errors import ModelError

M = TypeVar("M")

__all__ = ["load_model", "read_header", "weights_from_json", "weights_to_json"]


def weights_to_json(
    head: Mapping[str, Any], vocabulary: Mapping[str, int], weights: np.ndarray
) -> str:
    """The model file: ``head``'s fields, then the ``bias`` row (``weights[0]``) and one row per
    feature (``weights[vocabulary[feature] + 1]``)."""
    fields = {**head, "bias": [round(float(w), 5) for w in weights[0]]}
    lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in fields.items()]
    rows = [
        json.dumps([f, [round(float(w), 5) for w in weights[i + 1]]], ensure_ascii=False)
        for f, i in sorted(vocabulary.items())
    ]
    return "{\n" + "\n".join(lines) + '\n"features": [\n' + ",\n".join(rows) + "\n]}"


def read_header(
    text: str, version: int, known: Container[str], what: str, kinds: str
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The JSON object of a model file and its labels; ``ValueError`` when it is not a
    version ``version`` ``what`` or names a label not in ``known`` (labels of ``kinds``)."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("version") != version:
        raise ValueError(f"not a version {version} {what}")
    labels = tuple(str(x) for x in data["labels"])
    unknown = [x for x in labels if x not in known]
    if unknown:
        raise ValueError(f"unknown {kinds}: {unknown[:3]}")
    return data, labels


def weights_from_json(data: Mapping[str, Any], width: int) -> tuple[dict[str, int], np.ndarray]:
    """The vocabulary and the weight matrix (bias first) of a read model file whose rows hold
    ``width`` weights each; ``ValueError`` when they do not or a weight is not a number."""
    rows = [[float(w) for w in data["bias"]]]
    vocabulary: dict[str, int] = {}
    for feature, weights in data["features"]:
        vocabulary[str(feature)] = len(rows) - 1
        rows.append([float(w) for w in weights])
    if any(len(row) != width for row in rows) or len(vocabulary) + 1 != len(rows):
        raise ValueError("the weights do not match the labels")
    matrix = np.array(rows, dtype=float)
    if not np.all(np.isfinite(matrix)):
        raise ValueError("a weight is not a number")
    return vocabulary, matrix


def load_model(path: Path, parse: Callable[[str], M], what: str) -> M:
    """The model ``parse`` reads from file ``path``; :class:`~eventwire.errors.ModelError`
    naming the file, ``what`` it should be and the reason when it cannot be read or parsed."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        raise ModelError(f"{path}: not a usable {what}: {e}") from e
