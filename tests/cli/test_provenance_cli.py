"""``eventwire provenance``, ``stories``, the provenance exports and ``eval clusters/copies``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli.main import cli
from eventwire.store import Store

from ..provenance.test_store_run import OTHER, PATCH, REPRINT, WIRE, _write


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "p.duckdb"
    with Store(path) as store:
        _write(store, "wire", "reprint", "other", "patch")
    return str(path)


def _json(output: str) -> object:
    return json.loads(output)


def test_help(runner: CliRunner) -> None:
    for args in (["provenance"], ["stories"], ["eval", "clusters"], ["eval", "copies"]):
        result = runner.invoke(cli, [*args, "-h"])
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


def test_update_then_show_an_article(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["provenance", "--update", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    summary = _json(result.output)
    # one summary per store stage of the pipeline
    assert isinstance(summary, dict) and summary["provenance"]["processed"] == 4
    assert summary["stories"]["processed"] == 4

    again = runner.invoke(cli, ["provenance", "--update", "--db", db])
    assert again.exit_code == 0, again.output
    assert "0 articles processed" in again.output

    result = runner.invoke(
        cli, ["provenance", "https://news.example.org/patch", "--db", db, "--json"]
    )
    assert result.exit_code == 0, result.output
    report = _json(result.output)
    assert isinstance(report, dict)
    assert report["kind"] == "patchwork"
    assert report["earliest_source"]["article_id"] == "wire"
    assert "patchwork" in {f["code"] for f in report["flags"]}
    donors = report["sentences"][0]["donors"]
    assert donors[0]["article_id"] == "wire" and donors[0]["outlet"] == "Outlet wire"

    text = runner.invoke(cli, ["provenance", "patch", "--db", db])
    assert text.exit_code == 0, text.output
    assert "relation: patchwork" in text.output
    assert "earliest source: wire (Outlet wire, 2026-05-05 08:00)" in text.output
    assert "<- wire sentence 1" in text.output
    assert "original" in text.output
    assert "he said.  [attribution-stripped]" in text.output


def test_article_argument_errors(runner: CliRunner, db: str) -> None:
    assert runner.invoke(cli, ["provenance", "--db", db]).exit_code == 2
    result = runner.invoke(cli, ["provenance", "no-such-article", "--db", db])
    assert result.exit_code == 2
    assert "no-such-article" in result.output
    missing = runner.invoke(cli, ["stories", "--db", str(Path(db).with_name("none.duckdb"))])
    assert missing.exit_code == 4


def test_stories_and_exports(runner: CliRunner, db: str) -> None:
    assert runner.invoke(cli, ["provenance", "--update", "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["stories", "--db", db, "--json"])
    stories = _json(result.output)
    assert isinstance(stories, list)
    flood = next(s for s in stories if s["first_article_id"] == "wire")
    assert flood["n_articles"] >= 2 and flood["independent_sources"] == 1
    limited = _json(runner.invoke(cli, ["stories", "--db", db, "--json", "--limit", "1"]).output)
    assert isinstance(limited, list) and len(limited) == 1
    table = runner.invoke(cli, ["stories", "--db", db])
    assert "sources" in table.output and flood["story_id"] in table.output

    out = runner.invoke(cli, ["export", "stories", "--format", "jsonl", "--db", db])
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert {r["story_id"] for r in rows} == {s["story_id"] for s in stories}
    for row in rows:
        assert {"story_id", "article_ids", "independent_sources"} <= row.keys()
    out = runner.invoke(cli, ["export", "articles", "--format", "jsonl", "--db", db])
    articles = {r["id"]: r for r in map(json.loads, out.output.splitlines())}
    assert articles["reprint"]["copied_from"] == ["wire"]
    assert "copied" in articles["reprint"]["flags"]
    assert articles["reprint"]["story_id"] == flood["story_id"]
    out = runner.invoke(cli, ["export", "relations", "--format", "csv", "--db", db])
    assert out.output.splitlines()[0].startswith("article_id,donor_id,rank,kind")


def test_eval_clusters(runner: CliRunner, tmp_path: Path) -> None:
    gold = tmp_path / "clusters.jsonl"
    records = [
        {"id": "d1", "title": "Floods in Port Alder", "text": WIRE, "cluster": "c1", "topic": "t"},
        {"id": "d2", "title": "Port Alder floods", "text": REPRINT, "cluster": "c1", "topic": "t"},
        {"id": "d3", "title": "Karmen dock strike", "text": OTHER, "cluster": "c2", "topic": "t"},
    ]
    for record in records:
        record["published"] = "2026-05-05"
    gold.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(
        cli, ["eval", "clusters", "--gold", str(gold), "--predictions", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = _json(result.output)
    assert isinstance(scores, dict)
    assert scores["documents"] == 3 and scores["bcubed"]["f1"] == 1.0
    predicted = [json.loads(line) for line in out.read_text().splitlines()]
    assert predicted[0]["cluster"] == predicted[1]["cluster"] != predicted[2]["cluster"]
    text = runner.invoke(cli, ["eval", "clusters", "--gold", str(gold)])
    assert "bcubed.f1" in text.output


def test_eval_copies(runner: CliRunner, tmp_path: Path) -> None:
    gold = tmp_path / "texts.jsonl"
    texts = [("t1", WIRE), ("t2", OTHER), ("t3", PATCH), ("t4", REPRINT)]
    gold.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in texts))
    out = tmp_path / "copies.jsonl"
    result = runner.invoke(
        cli, ["eval", "copies", "--gold", str(gold), "--json", "--predictions", str(out)]
    )
    assert result.exit_code == 0, result.output
    scores = _json(result.output)
    assert isinstance(scores, dict)
    assert scores["sources"] == 2 and scores["copied_sentences"] >= 6
    assert scores["precision"] == 1.0 and scores["recall"] == 1.0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["source_id"] for r in rows} >= {"t1", "t3"}
