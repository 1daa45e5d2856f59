"""The lexical linker's model: the packaged file, training, and bad model files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from spacy.tokens import Doc, Span

from eventwire.cli.main import cli
from eventwire.errors import ModelError
from eventwire.fusion.lexical import (
    FEATURES,
    cluster_documents,
    cosine,
    group_documents,
    name_vectors,
    split_documents,
)
from eventwire.fusion.model import THRESHOLDS, PairModel, default_model
from tests.evaluate.test_coref import _gold


def test_packaged_model_is_whole_and_round_trips() -> None:
    model = default_model()
    assert len(model.weights) == len(FEATURES)
    assert model.threshold in THRESHOLDS
    assert model.trained_on == "ecbplus-train.jsonl"
    # general event vocabulary is among the counted lemma pairs
    coref, total = model.lemma_pairs[("die", "kill")]
    assert 0 < coref <= total
    assert PairModel.from_json(model.to_json()) == model


@pytest.mark.parametrize(
    "content, reason",
    [
        ("not json", "Expecting value"),
        ('{"version": 99}', "not a version 1"),
        ('{"version": 1, "features": ["bias"], "weights": [0]}', "features"),
    ],
)
def test_a_bad_model_file_is_a_clear_error(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, "utf-8")
    with pytest.raises(ModelError, match=reason) as caught:
        PairModel.load(path)
    assert str(path) in str(caught.value)


def test_eval_coref_with_a_bad_model_exits_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_bytes(b"\x00\x01binary")
    result = CliRunner().invoke(
        cli,
        ["eval", "coref", "--gold", str(_gold(tmp_path)), "--given-mentions", "--model", str(bad)],
    )
    assert result.exit_code == 5
    assert f"error: {bad}: not a usable lexical linking model" in result.output
    assert "Traceback" not in result.output


def _with_topics(path: Path) -> Path:
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for record in records:
        record["topic"] = "t-" + record["id"][0]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_train_coref_writes_a_model_eval_coref_reads(tmp_path: Path) -> None:
    gold = _with_topics(_gold(tmp_path))
    out = tmp_path / "models" / "coref.json"
    out.parent.mkdir()
    runner = CliRunner()
    result = runner.invoke(
        cli, ["train", "coref", "--gold", str(gold), "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["mentions"] == 11
    assert report["topics"] == 2
    assert 0 < report["coreferent_pairs"] < report["pairs"]
    model = PairModel.load(out)
    assert model.trained_on == gold.name
    assert model.threshold == report["threshold"]
    assert model != default_model()
    scored = runner.invoke(
        cli,
        ["eval", "coref", "--gold", str(gold), "--given-mentions", "--model", str(out), "--json"],
    )
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.output)["gold_mentions"] == 11


def test_train_coref_needs_topics(tmp_path: Path) -> None:
    gold = _gold(tmp_path)  # its records have no topic
    result = CliRunner().invoke(
        cli, ["train", "coref", "--gold", str(gold), "--out", str(tmp_path / "m.json")]
    )
    assert result.exit_code == 7
    assert "training needs a topic and a cluster on every document" in result.output
    assert not (tmp_path / "m.json").exists()


def test_identical_documents_group_although_rounding_puts_their_cosine_above_one() -> None:
    # a vector whose cosine with itself rounds above 1 (a reprint in the same collection)
    vector = {"attack": 0.6000000001, "mosul": 0.8000000001}
    other = {"flood": 1.0}
    assert cosine(vector, dict(vector)) > 1.0
    groups = cluster_documents([vector, dict(vector), other], threshold=0.1)
    assert groups[0] == groups[1] != groups[2]


def _incidents(first: int, second: int) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Term and name vectors of reports of two earthquakes (``first`` of one, then ``second`` of
    the other): words in common, and different regions, dead and years."""
    vectors = [{"quake": 0.6, "tsunami": 0.8}] * first + [{"quake": 0.6, "landslide": 0.8}] * second
    names = [{"chile": 0.6, "pablo": 0.6, "Y:2010": 0.53}] * first + [
        {"sumatra": 0.6, "adi": 0.6, "Y:2009": 0.53}
    ] * second
    return vectors, names


def test_a_group_of_two_similar_incidents_splits_where_their_names_differ() -> None:
    vectors, names = _incidents(4, 4)
    parts = split_documents(list(range(8)), vectors, names)
    assert sorted(parts) == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_a_group_that_shares_its_names_stays_whole() -> None:
    vectors, names = _incidents(4, 4)
    assert split_documents(list(range(8)), vectors, [names[0]] * 8) == [list(range(8))]


def test_a_split_leaves_no_part_smaller_than_the_minimum() -> None:
    # two reports of the second quake among six of the first: too few to be a part of their own
    vectors, names = _incidents(6, 2)
    ids = list(range(8))
    assert split_documents(ids, vectors, names, min_docs=3) == [ids]
    assert sorted(split_documents(ids, vectors, names, min_docs=2)) == [[0, 1, 2, 3, 4, 5], [6, 7]]


def test_document_groups_are_split_by_names_and_years() -> None:
    nlp = spacy.blank("en")

    def report(place: str, year: str, i: int) -> Doc:
        doc = nlp(f"A strong quake hit {place} in {year} ; rescue teams searched , report {i} .")
        start = next(t.i for t in doc if t.text == place)
        doc.ents = [Span(doc, start, start + 1, label="GPE")]
        return doc

    docs = [report("Chile", "2010", i) for i in range(3)]
    docs += [report("Sumatra", "2009", i) for i in range(3)]
    names = name_vectors(docs)
    assert set(names[0]) == {"chile", "Y:2010"}
    assert cosine(names[0], names[3]) == 0.0
    vectors = [{"quake": 0.6, "rescue": 0.8}] * 3 + [{"quake": 0.6, "search": 0.8}] * 3
    assert len(set(cluster_documents(vectors, 0.1))) == 1
    groups = group_documents(vectors, names, 0.1)
    assert groups[0] == groups[1] == groups[2] != groups[3] == groups[4] == groups[5]
