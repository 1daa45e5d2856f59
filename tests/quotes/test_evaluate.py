"""The quotes evaluation: matching rules on hand-made spans, a tiny file, and PolNeAR dev."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputError, SourceNotFound
from eventwire.evaluate.quotes import evaluate_quotes, overlap, score_documents
from eventwire.settings import Settings

GOLD_DEV = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "quotes" / "polnear-dev.jsonl"
)


def _a(
    content: tuple[int, int],
    source: tuple[int, int] | None = None,
    cue: tuple[int, int] | None = None,
) -> dict[str, Any]:
    def span(s: tuple[int, int] | None) -> dict[str, int] | None:
        return None if s is None else {"start": s[0], "end": s[1]}

    return {"content": span(content), "source": span(source), "cue": span(cue), "kind": None}


def test_overlap_is_share_of_gold_span() -> None:
    assert overlap((0, 10), (7, 20)) == pytest.approx(0.3)
    assert overlap((0, 10), (0, 100)) == 1.0
    assert overlap((0, 10), (10, 20)) == 0.0
    assert overlap((5, 5), (0, 10)) == 0.0


def test_score_documents_by_hand() -> None:
    gold = [
        _a((0, 100), source=(110, 115), cue=(116, 120)),  # matched at 0.5, source and cue right
        _a((200, 300), source=None, cue=(305, 309)),  # matched exactly, source null both sides
        _a((400, 500), source=(380, 390), cue=(391, 395)),  # only a 0.2 overlap: missed
    ]
    pred = [
        _a((50, 150), source=(112, 113), cue=(116, 120)),
        _a((200, 300), source=None, cue=(320, 324)),  # cue wrong
        _a((480, 600), source=(380, 390), cue=(391, 395)),
        _a((700, 800)),  # nothing there
    ]
    scores = score_documents([(gold, pred)])
    content = scores["content_overlap"]
    assert (content["tp"], content["fp"], content["fn"]) == (2, 2, 1)
    assert content["precision"] == 0.5
    assert content["recall"] == pytest.approx(0.6667, abs=1e-4)
    assert content["f1"] == pytest.approx(0.5714, abs=1e-4)
    assert scores["content_exact"]["tp"] == 1
    assert scores["source_accuracy"] == 1.0
    assert scores["source_exact"] == 0.5
    assert scores["cue_accuracy"] == 0.5


def test_each_prediction_matches_one_gold_item() -> None:
    gold = [_a((0, 10)), _a((10, 20))]
    pred = [_a((0, 20))]
    scores = score_documents([(gold, pred)])
    assert scores["content_overlap"]["tp"] == 1
    assert scores["content_overlap"]["fn"] == 1


def test_gold_source_null_needs_null_prediction() -> None:
    scores = score_documents([([_a((0, 10))], [_a((0, 10), source=(12, 14))])])
    assert scores["source_accuracy"] == 0.0


TINY_TEXT = (
    "“The dam will hold through the winter,” said Nadia Orlov, the chief engineer.\n\n"
    "Heavy rain fell across the whole valley that week."
)


def _tiny_gold(tmp_path: Path) -> Path:
    content_end = TINY_TEXT.index(" said")
    speaker = TINY_TEXT.index("Nadia Orlov")
    cue = TINY_TEXT.index("said")
    rain = TINY_TEXT.index("Heavy rain")
    record = {
        "id": "tiny-1",
        "text": TINY_TEXT,
        "attributions": [
            {
                "source": {"start": speaker, "end": speaker + len("Nadia Orlov")},
                "cue": {"start": cue, "end": cue + 4},
                "content": {"start": 0, "end": content_end},
                "kind": None,
            },
            {  # an attribution no rule can find: a missed gold item
                "source": None,
                "cue": None,
                "content": {"start": rain, "end": len(TINY_TEXT) - 1},
                "kind": None,
            },
        ],
    }
    path = tmp_path / "tiny.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n\n", encoding="utf-8")
    return path


def test_evaluate_tiny_file(tmp_path: Path, settings: Settings) -> None:
    gold = _tiny_gold(tmp_path)
    out = tmp_path / "pred.jsonl"
    scores = evaluate_quotes(gold, predictions_out=out, settings=settings)
    assert scores["documents"] == 1
    assert scores["gold"] == 2 and scores["predicted"] == 1
    assert scores["content_overlap"]["precision"] == 1.0
    assert scores["content_overlap"]["recall"] == 0.5
    assert scores["content_overlap"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert scores["content_exact"]["tp"] == 1
    assert scores["source_accuracy"] == 1.0 and scores["cue_accuracy"] == 1.0
    assert scores["timing"]["tokens"] > 10
    (line,) = out.read_text(encoding="utf-8").splitlines()
    predicted = json.loads(line)
    assert predicted["id"] == "tiny-1" and predicted["text"] == TINY_TEXT
    (attr,) = predicted["attributions"]
    assert attr["speaker"] == "Nadia Orlov"
    assert attr["speaker_role"] == "chief engineer"
    assert attr["kind"] == "direct" and attr["resolved"] is True


def test_evaluate_limit_and_errors(tmp_path: Path, settings: Settings) -> None:
    gold = _tiny_gold(tmp_path)
    assert evaluate_quotes(gold, limit=0, settings=settings)["documents"] == 0
    with pytest.raises(SourceNotFound):
        evaluate_quotes(tmp_path / "missing.jsonl", settings=settings)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError):
        evaluate_quotes(bad, settings=settings)


@pytest.mark.gold
@pytest.mark.slow
def test_polnear_dev_floor(settings: Settings) -> None:
    if not GOLD_DEV.is_file():
        pytest.skip(f"{GOLD_DEV} is not available")
    scores = evaluate_quotes(GOLD_DEV, limit=30, settings=settings)
    assert scores["documents"] == 30
    assert scores["content_overlap"]["f1"] >= FLOOR_F1
    assert scores["source_accuracy"] >= FLOOR_SOURCE
    assert scores["cue_accuracy"] >= FLOOR_CUE
    # extraction must keep up with at least half the spaCy pipeline's throughput
    assert scores["timing"]["extract_seconds"] <= 2 * scores["timing"]["nlp_seconds"]


# Measured on the first 30 PolNeAR dev articles (F1 0.760, source 0.859, cue 0.909), less a margin.
FLOOR_F1 = 0.73
FLOOR_SOURCE = 0.84
FLOOR_CUE = 0.89
