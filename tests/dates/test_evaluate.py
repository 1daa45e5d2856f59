"""Timex scoring on a tiny hand-made gold file, with hand-computed scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import EventwireError, SourceNotFound
from eventwire.evaluate import TimexMention, evaluate_timex, score_timex

TEXT = (
    "Quake hits Norvale\nMarch 01, 2008\n"
    "The quake struck on Friday and aid arrived within two days."
)


def _m(start: int, end: int, type_: str, value: str) -> TimexMention:
    return TimexMention(start=start, end=end, type=type_, value=value)


def test_score_timex_by_hand() -> None:
    gold = [_m(0, 5, "DATE", "2008"), _m(10, 20, "DATE", "2008-03"), _m(30, 35, "DURATION", "P1D")]
    pred = [_m(0, 5, "DATE", "2008"), _m(12, 18, "DATE", "2008-04"), _m(40, 44, "DATE", "X")]
    scores = score_timex([(gold, pred)])
    # strict: 1 of 3 predicted, 1 of 3 gold; relaxed: 2 of 3 each
    assert scores["strict"] == {"precision": 0.3333, "recall": 0.3333, "f1": 0.3333}
    assert scores["relaxed"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert scores["type_accuracy"] == 1.0
    assert scores["value_accuracy"] == 0.5
    assert scores["value_f1"] == 0.3333
    assert scores["per_type"]["DURATION"] == {"gold": 1, "recall": 0.0, "value_accuracy": 0.0}
    assert scores["per_type"]["DATE"] == {"gold": 2, "recall": 1.0, "value_accuracy": 0.5}


def test_relaxed_pairs_are_one_to_one() -> None:
    gold = [_m(0, 10, "DATE", "2008")]
    pred = [_m(0, 4, "DATE", "2007"), _m(2, 9, "DATE", "2008")]
    scores = score_timex([(gold, pred)])
    assert scores["matched"] == 1
    assert scores["value_accuracy"] == 1.0  # the larger overlap is the pair
    assert scores["relaxed"]["precision"] == 0.5


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    on_friday = TEXT.index("on Friday")
    record = {
        "id": "quake-1",
        "text": TEXT,
        "dct": "2008-03-01",
        "timexes": [
            {"start": 19, "end": 33, "type": "DATE", "value": "2008-03-01"},
            {"start": on_friday, "end": on_friday + 9, "type": "DATE", "value": "2008-02-22"},
            {"start": 34, "end": 43, "type": "DATE", "value": "XXXX-XX-XX"},
        ],
    }
    other = dict(record, id="quake-2")
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    return path


def test_evaluate_timex_on_tiny_file(gold_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    scores = evaluate_timex(gold_file, predictions_out=out, limit=1)
    # predictions: "March 01, 2008" (exact), "Friday" (overlaps "on Friday"), "two days" (extra)
    assert scores["documents"] == 1
    assert (scores["gold"], scores["predicted"]) == (3, 3)
    assert scores["strict"]["f1"] == 0.3333
    assert scores["relaxed"]["f1"] == 0.6667
    assert scores["type_accuracy"] == 1.0
    assert scores["value_accuracy"] == 0.5
    # without the dateline (line 2): gold 2, predicted 2, one relaxed pair with a wrong value
    assert scores["without_dateline"]["relaxed"]["precision"] == 0.5
    assert scores["without_dateline"]["value_accuracy"] == 0.0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["quake-1"]
    assert {(t["type"], t["value"]) for t in records[0]["timexes"]} == {
        ("DATE", "2008-03-01"),
        ("DATE", "2008-02-29"),
        ("DURATION", "P2D"),
    }
    assert set(records[0]) == {"id", "text", "dct", "timexes"}


def test_halves_and_region(gold_file: Path) -> None:
    assert evaluate_timex(gold_file, half="dev")["documents"] == 1
    assert evaluate_timex(gold_file, half="test")["documents"] == 1
    first_two_lines = evaluate_timex(gold_file, region_lines=2, limit=1)
    assert (first_two_lines["gold"], first_two_lines["predicted"]) == (1, 1)
    with pytest.raises(ValueError, match="half"):
        evaluate_timex(gold_file, half="train")


def test_missing_and_malformed_gold(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound):
        evaluate_timex(tmp_path / "absent.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Monday"}\n', encoding="utf-8")
    with pytest.raises(EventwireError, match=r"bad.jsonl:1: .*dct"):
        evaluate_timex(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(EventwireError, match=r"bad.jsonl:1: not a JSON object"):
        evaluate_timex(bad)
