"""Time expressions on MEANTIME (English WikiNews) from ../shared/data; skipped when absent.

MEANTIME annotates only the opening of each article, so scores use ``region_lines=6``.
Floors sit a little under the figures measured when they were set:
all 120 documents value accuracy 0.912, without datelines 0.882, relaxed F1 0.898;
the held-out odd-numbered half 0.924.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate import evaluate_timex

GOLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "timex" / "meantime.jsonl"


@pytest.fixture(scope="module")
def gold_path() -> Path:
    if not GOLD.exists():
        pytest.skip(f"{GOLD} is not available")
    return GOLD


@pytest.mark.gold
def test_meantime_value_accuracy_floor(gold_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    scores = evaluate_timex(gold_path, predictions_out=out, region_lines=6)
    assert scores["documents"] == 120
    assert scores["value_accuracy"] >= 0.88
    assert scores["without_dateline"]["value_accuracy"] >= 0.85
    assert scores["relaxed"]["f1"] >= 0.87
    assert scores["strict"]["f1"] >= 0.80
    assert out.stat().st_size > 0


@pytest.mark.gold
def test_meantime_held_out_half(gold_path: Path) -> None:
    scores = evaluate_timex(gold_path, half="test", region_lines=6)
    assert scores["documents"] == 60
    assert scores["value_accuracy"] >= 0.89
