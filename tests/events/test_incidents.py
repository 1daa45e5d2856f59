"""The MUC-4 incident model (``eventwire.events.incidents``): fitting, thresholds, the JSON
file, and the packaged model."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from eventwire.errors import ModelError
from eventwire.events.incidents import (
    INCIDENT_TYPES,
    RULES,
    IncidentModel,
    default_incident_model,
    fit_incidents,
)
from eventwire.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "events" / "data"


def _messages(seed: int, n: int) -> tuple[list[list[str]], list[list[str]]]:
    """Invented messages: a bombing says "w=dynamite" most of the time, a kidnapping
    "w=kidnap"; noise words everywhere; a rule feature that is right only half the time."""
    rng = random.Random(seed)
    rows, gold = [], []
    for _ in range(n):
        labels = [t for t in ("BOMBING", "KIDNAPPING") if rng.random() < 0.35]
        feats = {f"w=noise{rng.randrange(30)}" for _ in range(6)}
        if "BOMBING" in labels and rng.random() < 0.9:
            feats.add("w=dynamite")
        if "KIDNAPPING" in labels and rng.random() < 0.9:
            feats.add("w=kidnap")
        if rng.random() < 0.5:
            feats.add("rule=ATTACK")
        rows.append(sorted(feats))
        gold.append(labels)
    return rows, gold


def test_the_model_learns_which_words_make_a_type() -> None:
    rows, gold = _messages(1, 400)
    model = fit_incidents(rows, gold, l2=1.0)
    assert model.labels == INCIDENT_TYPES
    assert model.labels_for(["w=dynamite", "w=noise3"]) == ["BOMBING"]
    assert model.labels_for(["w=kidnap", "w=dynamite"]) == ["BOMBING", "KIDNAPPING"]
    assert model.labels_for(["rule=ATTACK", "w=noise4"]) == []  # a rule that is noise here
    p = model.probabilities(["w=kidnap"])
    assert p["KIDNAPPING"] > 0.8 and p["BOMBING"] < 0.2


def test_a_threshold_decides_a_type() -> None:
    rows, gold = _messages(2, 300)
    strict = fit_incidents(rows, gold, thresholds=(0.99,) * len(INCIDENT_TYPES))
    assert strict.labels_for(["w=dynamite"]) == []
    with pytest.raises(ValueError, match="one threshold per incident type"):
        fit_incidents(rows, gold, thresholds=(0.5,))


def test_the_model_file_reads_back_and_a_bad_one_is_named(tmp_path: Path) -> None:
    rows, gold = _messages(3, 200)
    model = fit_incidents(rows, gold, thresholds=(0.4,) * len(INCIDENT_TYPES), trained_on="x")
    path = tmp_path / "model.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = IncidentModel.load(path)
    assert again.thresholds == model.thresholds and again.trained_on == "x"
    for feats in rows[:20]:
        want, got = model.probabilities(feats), again.probabilities(feats)
        assert all(abs(want[k] - got[k]) < 1e-3 for k in want)
    data = json.loads(path.read_text())
    data["labels"][0] = "PICNIC"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match=r"bad\.json.*unknown incident types"):
        IncidentModel.load(bad)
    bad.write_bytes(b"\x00\xff not json")
    with pytest.raises(ModelError, match=r"bad\.json"):
        IncidentModel.load(bad)


def test_the_packaged_model_and_its_provenance() -> None:
    model = default_incident_model()
    assert model.labels == INCIDENT_TYPES and len(model.vocabulary) > 1000
    assert model.trained_on == "muc4-dev.jsonl"
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "incidents-model.json" in readme and "public domain" in readme.lower()
    blast = ["rule=BOMBING", "m=BOMBING", "m=BOMBING|happened", "trigger=explode", "w=bomb"]
    blast += ["w=explode", "w=dynamite", "w=terrorist", "w=damage"]
    assert model.labels_for(blast) == ["BOMBING"]
    assert model.labels_for(["w=budget", "w=vote", "w=congress", "w=president"]) == []
    # the rare types are left to the rules
    assert model.thresholds[model.labels.index("ARSON")] == RULES
    assert model.labels_for(["rule=ARSON", "w=fire"]) == ["ARSON"]
    assert model.labels_for(["w=fire", "w=burn"]) == []


def test_eval_events_reads_muc4_with_the_model(settings: Settings) -> None:
    """`eval events` on muc4 records uses the packaged model unless told to use the rules only
    (``samples/caps-check``: eight upper-case wire reports, development data since their one
    score)."""
    from eventwire.evaluate import evaluate_events

    gold = Path(__file__).resolve().parents[2] / "samples" / "caps-check" / "muc4-caps.jsonl"
    learned = evaluate_events(gold, settings=settings)
    rules = evaluate_events(gold, settings=settings, rules_only=True)
    assert learned["records"] == rules["records"] == 8
    assert learned["micro_f1"] >= 0.75  # measured 0.800 (precision 1.0)
    assert learned["micro_f1"] > rules["micro_f1"]  # the rules alone: 0.667


def test_the_fresh_muc4_set_keeps_its_score(settings: Settings) -> None:
    """``samples/muc4-check``: 24 reports written and labelled before the model ran on them,
    scored once (docs/evaluation.md); a floor under that score."""
    from eventwire.evaluate import evaluate_events

    gold = Path(__file__).resolve().parents[2] / "samples" / "muc4-check" / "muc4-check.jsonl"
    result = evaluate_events(gold, settings=settings)
    assert result["records"] == 24
    assert result["micro_f1"] >= 0.80  # measured 0.842
    assert result["micro_precision"] >= 0.90  # measured 0.941
