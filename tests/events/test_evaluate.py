"""Scoring on tiny gold files with hand-computed figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from eventwire.evaluate import evaluate_events, score_labels, throughput
from eventwire.events import predict_labels
from eventwire.settings import Settings


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_score_labels_by_hand() -> None:
    gold = [["A"], ["A", "B"], [], ["C"]]
    predicted = [["A"], ["B"], ["B"], []]
    scores = score_labels(gold, predicted)
    # A: tp 1, fn 1 -> P 1, R .5, F .667; B: tp 1, fp 1 -> .5/1/.667; C: fn 1 -> 0
    assert scores["per_label"]["A"]["f1"] == pytest.approx(2 / 3)
    assert scores["per_label"]["B"]["precision"] == pytest.approx(0.5)
    assert scores["per_label"]["C"]["f1"] == 0.0
    assert scores["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    # micro: tp 2, fp 1, fn 2 -> P 2/3, R 1/2, F 4/7
    assert scores["micro_f1"] == pytest.approx(4 / 7)
    assert scores["accuracy"] == pytest.approx(1 / 4)


def test_plover_file_by_hand(tmp_path: Path, settings: Settings) -> None:
    records = [
        ("1", "Rebels attacked an army post near Korvo.", ["FIGHT"], {}),
        ("2", "The opposition accused the government of rigging the vote.", ["DISAPPROVE"], {}),
        ("3", "The museum opened a new wing.", ["AGREE"], {}),
        ("4", "The president rejected the proposal from the council.", ["DEMAND"], {}),
        (
            "5",
            "Gunmen kidnapped two engineers near the pipeline.",
            ["COERCE"],
            {"same_text_other_labels": ["FIGHT"]},
        ),
    ]
    gold = _write(
        tmp_path / "gold.jsonl",
        [
            {"id": i, "text": t, "taxonomy": "plover", "labels": labels, "extra": extra}
            for i, t, labels, extra in records
        ],
    )
    out = tmp_path / "pred.jsonl"
    result = evaluate_events(gold, predictions_out=out, settings=settings)
    # TP: ASSAULT (1), ACCUSE (2), COERCE (5, ASSAULT accepted as the same text's other label);
    # FN: AGREE (3), REQUEST (4); FP: REJECT (4).
    assert result["taxonomy"] == "plover"
    assert result["accuracy"] == pytest.approx(3 / 5)
    assert result["macro_f1"] == pytest.approx(3 / 6)
    assert result["micro_precision"] == pytest.approx(3 / 4)
    assert result["micro_recall"] == pytest.approx(3 / 5)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in written] == ["1", "2", "3", "4", "5"]
    assert [r["labels"] for r in written] == [["ASSAULT"], ["ACCUSE"], [], ["REJECT"], ["ASSAULT"]]
    assert written[1]["extra"] == {}


def test_acled_file_at_both_levels(tmp_path: Path, settings: Settings) -> None:
    records = [
        ("1", "A suicide bomber blew himself up at a checkpoint outside Dorvan.", "SUIC_BOMB"),
        ("2", "Thousands of teachers marched through the capital on Monday.", "VIOL_DEMONSTR"),
        ("3", "Police seized two tonnes of cocaine from a cartel warehouse.", "ORG_CRIME"),
    ]
    gold = _write(
        tmp_path / "gold.jsonl",
        [
            {"id": i, "text": t, "taxonomy": "acled", "labels": [c], "extra": {}}
            for i, t, c in records
        ],
    )
    result = evaluate_events(gold, settings=settings)
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert result["per_label"]["PEACE_PROTEST"]["predicted"] == 1
    event_level = result["event_type"]
    assert event_level["accuracy"] == pytest.approx(2 / 3)
    assert event_level["acled_only_accuracy"] == pytest.approx(1 / 2)
    assert event_level["per_label"]["Riots"]["recall"] == 0.0
    assert event_level["per_label"]["Explosions/Remote violence"]["f1"] == 1.0


def test_limit_and_mixed_taxonomies(tmp_path: Path, settings: Settings) -> None:
    gold = _write(
        tmp_path / "gold.jsonl",
        [
            {"id": "1", "text": "Rebels attacked a post.", "taxonomy": "plover", "labels": []},
            {"id": "2", "text": "Crowds marched.", "taxonomy": "protest", "labels": []},
        ],
    )
    assert evaluate_events(gold, limit=1, settings=settings)["records"] == 1
    with pytest.raises(ValueError, match="mix taxonomies"):
        evaluate_events(gold, settings=settings)


@pytest.mark.parametrize(
    ("taxonomy", "text", "labels"),
    [
        ("protest", "Hundreds of nurses protested outside the hospital on Friday.", ["PROTEST"]),
        ("protest", "The union said its members will hold a protest next week.", ["AMBIGUOUS"]),
        ("protest", "The council approved the budget.", []),
        ("police", "Police arrested three men after the clashes in the old town.", None),
        ("muc4", "Gunmen kidnapped the mayor of Tarvo on Monday.", ["KIDNAPPING"]),
        ("muc4", "A car bomb exploded outside the embassy, killing two guards.", ["BOMBING"]),
        ("muc4", "Gunmen shot dead a judge outside his home in Tarvo.", ["ATTACK"]),
        ("muc4", "Soldiers clashed with guerrillas in the mountains near Tarvo.", []),
        ("muc4", "The council approved the budget.", []),
        (
            "acled",
            "Two soldiers died when their patrol vehicle drove over a roadside bomb near Dori.",
            ["REM_EXPLOS"],
        ),
        (
            "acled",
            "A farmer was killed when he stepped on a landmine near Kupiansk.",
            ["REM_EXPLOS"],
        ),
        ("acled", "Armed men seized 30 passengers from a bus near Kaduna.", ["ABDUCT_DISSAP"]),
        ("acled", "Gunmen seized two aid workers in Ituri on Monday.", ["ABDUCT_DISSAP"]),
        ("acled", "Police seized three suspects in Kano on Monday.", ["ARREST"]),
        ("acled", "Rebels seized 40 trucks of food near Goma.", ["PROPERTY_DISTRUCT"]),
        (
            "acled",
            "Rival drug cartels fought a gun battle in the streets of Culiacan on Friday.",
            ["ORG_CRIME"],
        ),
        (
            "acled",
            "Army troops and rebels fought a gun battle near Ber on Friday.",
            ["ARMED_CLASH"],
        ),
    ],
)
def test_label_mapping(nlp: Language, taxonomy: str, text: str, labels: list[str] | None) -> None:
    found = predict_labels(nlp(text), taxonomy)
    if labels is None:
        assert {"ARREST", "ANY_ACTION"} <= set(found)
    else:
        assert found == labels


def test_unknown_taxonomy(nlp: Language) -> None:
    with pytest.raises(ValueError, match="unknown taxonomy"):
        predict_labels(nlp("Rebels attacked a post."), "cameo")


def test_throughput_reports_both_speeds(settings: Settings) -> None:
    texts = ["Rebels attacked an army post near Korvo, killing four soldiers."] * 3
    result = throughput(texts, settings=settings, with_figures=False)
    assert result["words"] == 30
    assert result["mentions"] == 3
    assert result["parse_words_per_s"] > 0 and result["extract_words_per_s"] > 0
    assert result["ratio"] > 0


def _template(kind: str, perp: str, phys: str, name: str, description: str, effect: str) -> dict:
    return {
        "4. INCIDENT: TYPE": kind,
        "9. PERP: INDIVIDUAL ID": perp,
        "10. PERP: ORGANIZATION ID": "-",
        "12. PHYS TGT: ID": phys,
        "18. HUM TGT: NAME": name,
        "19. HUM TGT: DESCRIPTION": description,
        "23. HUM TGT: EFFECT OF INCIDENT": effect,
    }


def test_muc4_gold_slots_read_the_relevant_templates() -> None:
    from eventwire.evaluate.events import muc4_gold_slots

    record = {
        "extra": {
            "templates": [
                _template(
                    "ATTACK",
                    '"GUERRILLAS" / "ARMED MEN"',
                    "*",
                    '"RICARDO CASTELLAR"',
                    '"MAYOR OF ACHI": "RICARDO CASTELLAR"\n"PEASANTS"',
                    'DEATH: "RICARDO CASTELLAR"\nINJURY: "PEASANTS"',
                ),
                _template("*", '"SOLDIERS"', "*", "-", "-", "-"),  # irrelevant: not read
            ]
        }
    }
    slots = muc4_gold_slots(record)
    assert slots["perpetrators"] == [frozenset({"guerrillas", "armed", "men"})]
    # the name is given by the description line, so it is one target with it, not two
    assert slots["targets"] == [frozenset({"mayor", "achi"}), frozenset({"peasants"})]
    assert slots["effects"] == {"DEATH", "INJURY"}


def test_muc4_file_scores_slots_by_hand(tmp_path: Path, settings: Settings) -> None:
    text = "Guerrillas killed the mayor of Achi in an attack on Monday."
    gold = _write(
        tmp_path / "muc4.jsonl",
        [
            {
                "id": "1",
                "text": text,
                "taxonomy": "muc4",
                "labels": ["ATTACK"],
                "extra": {
                    "templates": [
                        _template(
                            "ATTACK",
                            '"GUERRILLAS"',
                            "*",
                            "-",
                            '"MAYOR OF ACHI"',
                            'DEATH: "MAYOR OF ACHI"',
                        )
                    ]
                },
            }
        ],
    )
    # the rules' reading: the incident model, trained on long messages, puts this one-sentence
    # text just under its ATTACK threshold (0.345 against 0.35)
    result = evaluate_events(gold, settings=settings, rules_only=True)
    assert result["per_label"]["ATTACK"]["f1"] == 1.0
    perp = result["slots"]["perpetrator"]
    assert perp["gold"] == 1 and perp["predicted"] >= 1 and perp["recall"] == 1.0
    assert result["slots"]["target"]["gold"] == 1
