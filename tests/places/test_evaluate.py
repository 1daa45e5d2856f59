"""evaluate_geo on a tiny invented file, with scores checked against hand-computed values."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputError, SourceNotFound
from eventwire.evaluate.geo import MAX_ERROR_KM, evaluate_geo, resolution_scores
from eventwire.places.gazetteer import Gazetteer
from eventwire.places.resolve import Resolution, haversine_km, resolve
from eventwire.settings import Settings

TEXT_A = "Aid convoys left Mosul for Erbil on Monday."
TEXT_B = "Officials in Qwzxvbtown, Iraq, said the road north was closed."


def _top(
    text: str, name: str, lat: float, lon: float, gid: int | None, typ: str | None = None
) -> dict[str, Any]:
    start = text.index(name)
    return {
        "start": start,
        "end": start + len(name),
        "name": name,
        "lat": lat,
        "lon": lon,
        "geonameid": gid,
        "type": typ,
    }


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    records = [
        {
            "id": "a",
            "text": TEXT_A,
            "toponyms": [
                _top(TEXT_A, "Mosul", 36.335, 43.11889, 99072),
                # deliberately wrong gold point (Basra) so that this one is an error
                _top(TEXT_A, "Erbil", 30.508, 47.783, 95446),
            ],
        },
        {
            "id": "b",
            "text": TEXT_B,
            "toponyms": [
                _top(TEXT_B, "Qwzxvbtown", 35.0, 44.0, None),
                _top(TEXT_B, "Iraq", 33.0, 44.0, 99237),
            ],
        },
    ]
    path = tmp_path / "geo.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_given_spans_scores_by_hand(gold_file: Path, gazetteer: Gazetteer, tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    result = evaluate_geo(gold_file, given_spans=True, predictions_out=out, gazetteer=gazetteer)
    r = result["resolution"]
    erbil = resolve("Erbil", context=["Mosul"], gazetteer=gazetteer)
    assert erbil is not None
    erbil_err = haversine_km(30.508, 47.783, erbil.lat, erbil.lon)
    assert erbil_err > 161
    assert r["toponyms"] == 4
    assert r["answered"] == 3  # the invented town (in no known town) is abstained on
    assert r["coverage"] == 0.75
    assert r["acc161"] == 0.5  # Mosul and Iraq of 4
    assert r["acc161_answered"] == round(2 / 3, 4)
    # the ids match for all three with ids, even where the gold point is off
    assert r["exact_geonameid"] == 1.0
    errors = sorted(
        [
            haversine_km(36.335, 43.11889, 36.335, 43.11889),
            erbil_err,
            haversine_km(33.0, 44.0, *_iraq(gazetteer)),
        ]
    )
    assert r["median_km"] == pytest.approx(errors[1], abs=0.1)
    assert r["mean_km"] == pytest.approx(sum(errors) / 3, abs=0.1)
    auc = sum(math.log1p(e) for e in errors) / 3 / math.log(MAX_ERROR_KM)
    assert r["auc"] == pytest.approx(auc, abs=1e-4)
    assert r["auc_all"] == pytest.approx((auc * 3 + 1) / 4, abs=1e-4)
    assert result["documents"] == 2 and result["mode"] == "given_spans"
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [len(x["toponyms"]) for x in lines] == [2, 1]
    assert lines[0]["toponyms"][0]["geonameid"] == 99072


def _iraq(gazetteer: Gazetteer) -> tuple[float, float]:
    r = resolve("Iraq", context=["Qwzxvbtown"], gazetteer=gazetteer)
    assert r is not None
    return r.lat, r.lon


def test_resolution_scores_counts_abstentions() -> None:
    gold = {"lat": 0.0, "lon": 0.0, "geonameid": 1}
    hit = Resolution(
        name="x", lat=0.0, lon=1.0, geonameid=1, country=None, admin1=None, admin2=None,
        kind=__import__("eventwire.places.gazetteer", fromlist=["Kind"]).Kind.CITY,
        precision=__import__("eventwire.records", fromlist=["Precision"]).Precision.POINT,
        confidence=1.0, entry=0,
    )  # fmt: skip
    r = resolution_scores([(gold, hit), (gold, None)])
    assert r["acc161"] == 0.5 and r["coverage"] == 0.5 and r["exact_geonameid"] == 0.5
    assert r["mean_km"] == pytest.approx(111.2, abs=0.1)


def test_end_to_end_on_invented_text(gold_file: Path, settings: Settings) -> None:
    result = evaluate_geo(gold_file, given_spans=False, settings=settings)
    rec = result["recognition"]
    assert rec["gold"] == 4
    assert rec["tp"] + rec["fn"] == 4
    assert rec["tp"] >= 3  # Mosul, Erbil, Iraq are ordinary GPE entities
    assert rec["precision"] == round(rec["tp"] / (rec["tp"] + rec["fp"]), 4)


def test_bad_file_is_an_input_error(tmp_path: Path, gazetteer: Gazetteer) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError):
        evaluate_geo(bad, given_spans=True, gazetteer=gazetteer)
    with pytest.raises(SourceNotFound):
        evaluate_geo(tmp_path / "missing.jsonl", given_spans=True, gazetteer=gazetteer)


def test_halves_split_by_record_parity(gold_file: Path, gazetteer: Gazetteer) -> None:
    dev = evaluate_geo(gold_file, given_spans=True, half="dev", gazetteer=gazetteer)
    test = evaluate_geo(gold_file, given_spans=True, half="test", gazetteer=gazetteer)
    assert dev["documents"] == 1 and dev["half"] == "dev"
    assert test["documents"] == 1 and test["half"] == "test"
    # record 0 (Mosul, Erbil) is dev, record 1 (Qwzxvbtown, Iraq) is test
    assert dev["resolution"]["toponyms"] == 2 and dev["resolution"]["coverage"] == 1.0
    assert test["resolution"]["coverage"] == 0.5
    whole = evaluate_geo(gold_file, given_spans=True, gazetteer=gazetteer)
    assert whole["half"] == "all" and whole["documents"] == 2
    with pytest.raises(ValueError):
        evaluate_geo(gold_file, given_spans=True, half="train", gazetteer=gazetteer)


def test_eval_geo_cli_half(gold_file: Path) -> None:
    from click.testing import CliRunner

    from eventwire.cli.main import cli

    out = CliRunner().invoke(
        cli, ["eval", "geo", "--gold", str(gold_file), "--given-spans", "--half", "test", "--json"]
    )
    assert out.exit_code == 0, out.output
    scores = json.loads(out.output)
    assert scores["half"] == "test" and scores["documents"] == 1
