"""Floors on the project's own fresh quote sets (samples/quotes-check, samples/quotes-check-2):
the figures measured after their first scores (docs/evaluation.md), less a small margin."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate import evaluate_quotes
from eventwire.settings import Settings

SAMPLES = Path(__file__).parents[2] / "samples"


@pytest.mark.parametrize(
    ("folder", "f1", "source"),
    [
        ("quotes-check", 0.84, 0.97),  # measured F1 0.861, source 1.000
        ("quotes-check-2", 0.84, 0.93),  # measured F1 0.860, source 0.957 (first score 0.886)
    ],
)
def test_floors_on_the_written_quote_sets(
    settings: Settings, folder: str, f1: float, source: float
) -> None:
    result = evaluate_quotes(SAMPLES / folder / "quotes.jsonl", settings=settings)
    assert result["content_overlap"]["f1"] >= f1
    assert result["source_accuracy"] >= source
