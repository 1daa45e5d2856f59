"""B-cubed and pairwise scores, and the clusters evaluation on a tiny file and on ECB+."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.evaluate.clusters import bcubed, evaluate_clusters, pairwise

GOLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "clusters" / "ecbplus.jsonl"


def test_bcubed_by_hand() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # precision: a,b 2/2; c 1/3; d,e 2/3 -> (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15
    # recall:    a,b 2/3; c 1/3; d,e 2/2 -> (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15
    scores = bcubed(gold, pred)
    assert scores["precision"] == pytest.approx(11 / 15, abs=1e-4)
    assert scores["recall"] == pytest.approx(11 / 15, abs=1e-4)
    assert scores["f1"] == pytest.approx(11 / 15, abs=1e-4)
    assert bcubed(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    singletons = {k: k for k in gold}
    assert bcubed(gold, singletons)["precision"] == 1.0
    assert bcubed(gold, singletons)["recall"] == pytest.approx((3 * 1 / 3 + 2 * 1 / 2) / 5, 1e-3)


def test_pairwise_by_hand() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # gold pairs: ab ac bc de (4); predicted pairs: ab cd ce de (4); shared: ab de (2)
    assert pairwise(gold, pred) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


DOCS = [
    ("1_1", "1_a", "1", "Tremor of magnitude 6.1 shakes Sumbawa island, cracking houses in Bima."),
    ("1_2", "1_a", "1", "Houses cracked in Bima after the 6.1 magnitude tremor on Sumbawa island."),
    ("1_3", "1_b", "1", "Volcano on Halmahera erupts, sending ash over Ternate airport runway."),
    ("1_4", "1_b", "1", "Ash from the Halmahera volcano closed the Ternate airport runway."),
    ("2_1", "2_a", "2", "Parliament in Tallinn approves budget with higher defence spending."),
]


def test_evaluate_clusters_on_tiny_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(
            json.dumps(
                {"id": i, "title": None, "text": t, "published": None, "cluster": c, "topic": tp}
            )
            + "\n"
            for i, c, tp, t in DOCS
        )
    )
    out = tmp_path / "pred.jsonl"
    report = evaluate_clusters(gold, predictions_out=out)
    assert report["documents"] == 5
    assert report["gold_clusters"] == 3
    assert report["bcubed"]["f1"] == 1.0
    assert report["pairwise"]["f1"] == 1.0
    assert report["hard_negatives"] == {"pairs": 4, "merged": 0, "merged_share": 0.0}
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [d[0] for d in DOCS]
    assert rows[0]["cluster"] == rows[1]["cluster"] != rows[2]["cluster"]
    assert rows[0]["text"] == DOCS[0][3]
    limited = evaluate_clusters(gold, limit=2)
    assert limited["documents"] == 2


@pytest.mark.gold
def test_ecbplus_bcubed_floor() -> None:
    if not GOLD.is_file():
        pytest.skip("../shared/data/clusters/ecbplus.jsonl is absent")
    report = evaluate_clusters(GOLD)
    assert report["documents"] == 982
    assert report["bcubed"]["f1"] >= 0.86
    assert report["pairwise"]["f1"] >= 0.81
    assert report["hard_negatives"]["merged_share"] <= 0.22
