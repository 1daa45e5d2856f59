"""Floors on the gold event files in ../shared/data/events (skipped when they are absent).

Floors are the figures measured when they were set, less a small margin; they never move down
silently. The IndiaPoliceEvents file is scored on its first 3,000 sentences and the MUC-4 file
on its first 300 messages, to stay fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.evaluate import evaluate_events
from eventwire.evaluate.events import cross_validate_incidents, incident_rows, score_labels
from eventwire.settings import Settings

EVENTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "events"


def _path(name: str) -> Path:
    path = EVENTS / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def _score(
    name: str, settings: Settings, limit: int | None = None, **options: Any
) -> dict[str, Any]:
    return evaluate_events(_path(name), settings=settings, limit=limit, **options)


@pytest.mark.gold
def test_plover_gsr(settings: Settings) -> None:
    result = _score("plover-gsr.jsonl", settings)
    assert result["records"] == 322
    assert result["macro_f1"] >= 0.61  # measured 0.635
    assert result["accuracy"] >= 0.65  # measured 0.677


@pytest.mark.gold
def test_case2021_acled(settings: Settings) -> None:
    result = _score("case2021-a.jsonl", settings)
    assert result["records"] == 496
    # measured with the sub-event model (eventwire.events.retype); rules alone 0.681 / 0.762
    assert result["macro_f1"] >= 0.66  # sub-event level, 30 codes; measured 0.682
    assert result["acled_only_sub_event_macro_f1"] >= 0.61  # measured 0.635
    assert result["event_type"]["accuracy"] >= 0.75  # measured 0.768
    assert result["event_type"]["acled_only_accuracy"] >= 0.77  # measured 0.792


@pytest.mark.gold
def test_glocon_sentences(settings: Settings) -> None:
    result = _score("glocon-sents.jsonl", settings)
    assert result["per_label"]["PROTEST"]["f1"] >= 0.63  # measured 0.656


@pytest.mark.gold
def test_india_police_sentences(settings: Settings) -> None:
    result = _score("india-police-sents.jsonl", settings, limit=3000)
    assert result["per_label"]["ARREST"]["f1"] >= 0.70  # measured 0.78 on these 3,000
    assert result["micro_f1"] >= 0.30  # measured 0.34 on these 3,000


@pytest.mark.gold
def test_muc4_incident_types_by_the_rules(settings: Settings) -> None:
    result = _score("muc4-dev.jsonl", settings, limit=300, rules_only=True)
    assert result["records"] == 300
    assert result["micro_f1"] >= 0.60  # measured 0.625 on these 300
    assert result["per_label"]["BOMBING"]["f1"] >= 0.65  # measured 0.691
    assert result["per_label"]["KIDNAPPING"]["f1"] >= 0.72  # measured 0.780
    assert result["slots"]["perpetrator"]["f1"] >= 0.22  # measured 0.253
    assert result["slots"]["effect"]["micro_f1"] >= 0.35  # measured 0.381


@pytest.mark.gold
def test_muc4_incident_model_cross_validated(settings: Settings) -> None:
    """The incident model's held-out figures on the first 300 messages (5 folds: each message
    read by a model that was not trained on it) beat the rules' on the same messages. The
    packaged model is trained on the whole file, so scoring it there would not be held out."""
    rows, gold, rules = incident_rows(_path("muc4-dev.jsonl"), limit=300, settings=settings)
    _, held_out = cross_validate_incidents(rows, gold, rules)
    alone = score_labels(gold, rules)
    assert alone["micro_f1"] >= 0.60  # the rules' figure of the test above; measured 0.623
    assert held_out["micro_f1"] >= 0.65  # measured 0.672
    assert held_out["micro_f1"] >= alone["micro_f1"] + 0.03
