"""Copy-detection evaluation: edits, the generated set, and the score on ECB+ texts."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from eventwire.evaluate.copies import apply_edit, build_syndication_set, evaluate_copies
from eventwire.text import tokens

GOLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "clusters" / "ecbplus.jsonl"

ARTICLES = [
    (
        "a1",
        "Daesh fighters shelled the eastern bank of the river on Tuesday, officials said.\n"
        "The U.S. coalition carried out three air strikes near the old bridge overnight.\n"
        "Aid agencies set up two new camps south of the city for the displaced families.",
    ),
    (
        "a2",
        "The central bank left its benchmark interest rate unchanged for a fourth month.\n"
        "Economists had expected the bank to cut rates as inflation slowed sharply.",
    ),
    (
        "a3",
        "Floodwater cut the last road between the two districts on Wednesday afternoon.\n"
        "Farmers said their wheat harvest had been lost for the second year running.\n"
        "Engineers said the dam upstream was releasing more water than the canals could carry.",
    ),
    (
        "a4",
        "The home side scored twice in the final ten minutes to win the cup final.\n"
        "Their coach said the players had never stopped believing they could come back.",
    ),
]


def test_edits_change_text_as_named() -> None:
    rng = random.Random(1)
    sentence = "Daesh fighters shelled the eastern bank, officials said."
    swapped = apply_edit(sentence, "alias", rng)
    assert "Daesh" not in swapped
    assert tokens(swapped) == tokens(sentence)
    assert apply_edit(sentence, "none", rng) == sentence
    added = apply_edit(sentence, "word-added", rng)
    assert len(added.split()) == len(sentence.split()) + 1
    dropped = apply_edit(sentence, "word-dropped", rng)
    assert len(dropped.split()) == len(sentence.split()) - 1
    assert apply_edit(sentence, "punctuation", rng) != sentence


def test_syndication_set_labels() -> None:
    data = build_syndication_set(ARTICLES, seed=3, negatives_per_copy=2)
    assert [s for s, _ in data.sources] == ["a1", "a3"]
    assert len(data.copies) == 2
    labels = [case.source_id for _, cases in data.copies for case in cases]
    assert labels.count(None) == 4
    assert set(labels) - {None} == {"a1", "a3"}


def test_evaluate_copies_on_small_set(tmp_path: Path) -> None:
    source = tmp_path / "sources.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in ARTICLES))
    out = tmp_path / "pred.jsonl"
    report = evaluate_copies(source, seed=3, predictions_out=out)
    assert report["copied_sentences"] == 6
    assert report["negative_sentences"] == 4
    assert report["precision"] == 1.0
    assert report["recall"] == 1.0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 10
    assert all((r["source_id"] in r["predicted_donors"]) == bool(r["source_id"]) for r in rows)


def test_evaluate_copies_needs_input() -> None:
    with pytest.raises(ValueError):
        evaluate_copies()


@pytest.mark.gold
def test_copy_detection_on_ecbplus_texts() -> None:
    if not GOLD.is_file():
        pytest.skip("../shared/data/clusters/ecbplus.jsonl is absent")
    report = evaluate_copies(GOLD, seed=0)
    assert report["copied_sentences"] > 5000
    assert report["precision"] >= 0.99
    assert report["recall"] >= 0.98
    for edit, recall in report["recall_by_edit"].items():
        assert recall >= 0.95, edit
