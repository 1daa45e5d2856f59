"""The CLI through click's CliRunner, and one real subprocess for the kill-and-resume guarantee."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from eventwire import __version__
from eventwire.cli.main import cli

from ..test_pipeline import EN_1, EN_2, FR_1, write_jsonl


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {
                "url": "https://a.example.com/1",
                "title": "One",
                "published": "2026-03-02T08:00:00Z",
                "text": EN_1,
            },
            {"url": "https://b.example.com/2", "title": "Two", "outlet": "B News", "text": EN_2},
            {"url": "https://c.example.fr/3", "title": "Trois", "text": FR_1},
        ],
    )


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_help_everywhere(runner: CliRunner) -> None:
    for args in ([], ["ingest"], ["stats"], ["export"]):
        result = runner.invoke(cli, [*args, "-h"])
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


def test_ingest_stats_export_round_trip(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    result = runner.invoke(cli, ["ingest", str(corpus), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 new articles" in result.output
    assert "fr: 1" in result.output

    result = runner.invoke(cli, ["stats", "--db", db, "--json"])
    counts = json.loads(result.output)
    assert counts["articles"] == 3 and counts["languages"] == {"en": 2, "fr": 1}

    result = runner.invoke(cli, ["export", "articles", "--format", "jsonl", "--db", db])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 3
    for key in ("id", "url", "outlet", "title", "published", "language", "text"):
        assert all(key in r for r in rows), key
    by_title = {r["title"]: r for r in rows}
    assert by_title["One"]["published"].startswith("2026-03-02T08:00")
    assert by_title["Two"]["outlet"] == "B News"
    assert by_title["Trois"]["language"] == "fr"

    result = runner.invoke(cli, ["ingest", str(corpus), "--db", db, "--json"])
    again = json.loads(result.output)
    assert (again["ingested"], again["already_stored"]) == (0, 3)


def test_export_csv_and_parquet(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    runner.invoke(cli, ["ingest", str(corpus), "--db", db])
    result = runner.invoke(cli, ["export", "sentences", "--format", "csv", "--db", db])
    lines = result.output.splitlines()
    assert lines[0].startswith("article_id,sentence_index,start,end,text")
    assert len(lines) >= 5
    out = tmp_path / "a.parquet"
    result = runner.invoke(
        cli, ["export", "articles", "--format", "parquet", "--db", db, "-o", str(out)]
    )
    assert result.exit_code == 0
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchall() == [(3,)]
    result = runner.invoke(cli, ["export", "entities", "--format", "parquet", "--db", db])
    assert result.stdout_bytes[:4] == b"PAR1"


def test_stdin(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    result = runner.invoke(cli, ["ingest", "-", "--db", db, "--json"], input=EN_1.encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ingested"] == 1


def test_missing_source_exit_code_names_it(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", "nowhere.jsonl", "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 6
    assert "nowhere.jsonl" in result.output


def test_strict_exit_code_on_rejections(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "s.duckdb")
    lax = runner.invoke(cli, ["ingest", str(tmp_path / "empty.txt"), "--db", db])
    assert lax.exit_code == 0 and "empty.txt" in lax.output and "empty" in lax.output
    strict = runner.invoke(cli, ["ingest", str(tmp_path / "empty.txt"), "--db", db, "--strict"])
    assert strict.exit_code == 1


def test_bad_settings_file_exit_code(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "eventwire.toml").write_text("[nlp]\nn_process = 0\n")
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 3
    assert "nlp.n_process" in result.output


def test_stats_without_store_exit_code(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["stats", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 4
    assert "none.duckdb" in result.output


def test_missing_model_exit_code(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["ingest", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--model", "no_such_model"]
    )
    assert result.exit_code == 5
    assert "no_such_model" in result.output


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT id, content_hash, url, title, published, language, text, nlp_model "
                "FROM articles ORDER BY id"
            ).fetchall(),
            "sentences": con.execute("SELECT * FROM sentences ORDER BY article_id, idx").fetchall(),
            "entities": con.execute("SELECT * FROM entities ORDER BY article_id, idx").fetchall(),
            "rejections": con.execute(
                "SELECT source, locator, code FROM rejections ORDER BY ALL"
            ).fetchall(),
        }
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_gives_the_uninterrupted_store(tmp_path: Path) -> None:
    texts = [EN_1, EN_2]
    records = [
        {
            "url": f"https://k.example.com/{i}",
            "title": f"T{i}",
            "text": f"Report {i}. {texts[i % 2]}",
        }
        for i in range(60)
    ]
    corpus = write_jsonl(tmp_path / "k.jsonl", records)
    with corpus.open("a") as fh:
        fh.write("{broken\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    cmd = [sys.executable, "-m", "eventwire.cli", "-v", "ingest", str(corpus), "--batch-size", "4"]

    reference = tmp_path / "reference.duckdb"
    subprocess.run([*cmd, "--db", str(reference)], check=True, env=env, capture_output=True)

    killed = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(
        [*cmd, "--db", str(killed)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    commits = 0
    deadline = time.monotonic() + 120
    for line in io.TextIOWrapper(proc.stderr, encoding="utf-8"):
        if "committed" in line:
            commits += 1
            if commits == 3:
                proc.send_signal(signal.SIGKILL)
                break
        assert time.monotonic() < deadline
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = _dump(killed)
    assert 0 < len(partial["articles"]) < 60

    subprocess.run([*cmd, "--db", str(killed)], check=True, env=env, capture_output=True)
    assert _dump(killed) == _dump(reference)


def test_eval_timex_scores_and_writes_predictions(runner: CliRunner, tmp_path: Path) -> None:
    text = "Talks resumed on Monday in Geneva. The ceasefire has held for two weeks."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "d1",
                "text": text,
                "dct": "2026-03-11",
                "timexes": [
                    {"start": 17, "end": 23, "type": "DATE", "value": "2026-03-09"},
                    {"start": 61, "end": 70, "type": "DURATION", "value": "P2W"},
                ],
            }
        )
        + "\n"
    )
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(
        cli, ["eval", "timex", "--gold", str(gold), "--predictions", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["gold"] == 2
    assert scores["value_accuracy"] == 1.0
    predicted = json.loads(out.read_text().splitlines()[0])
    assert predicted["id"] == "d1" and {t["value"] for t in predicted["timexes"]} >= {"2026-03-09"}


def test_eval_missing_gold_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["eval", "timex", "--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert "none.jsonl" in result.output


def test_eval_quotes_on_a_tiny_gold_file(runner: CliRunner, tmp_path: Path) -> None:
    text = (
        'The minister said the border would reopen on Friday. "We are ready," Ana Ruiz told '
        "reporters."
    )
    content = text.index("the border")
    quoted = text.index("We are ready")
    gold = tmp_path / "q.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "q1",
                "text": text,
                "attributions": [
                    {
                        "source": {"start": 0, "end": 12},
                        "cue": {"start": 13, "end": 17},
                        "content": {"start": content, "end": text.index(" on Friday")},
                        "kind": "indirect",
                    },
                    {
                        "source": {"start": text.index("Ana"), "end": text.index(" told")},
                        "cue": {"start": text.index("told"), "end": text.index(" reporters")},
                        "content": {"start": quoted, "end": quoted + len("We are ready")},
                        "kind": "direct",
                    },
                ],
            }
        )
        + "\n"
    )
    result = runner.invoke(cli, ["eval", "quotes", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["content_overlap"]["recall"] == 1.0, scores
    assert scores["documents"] == 1


def test_eval_geo_given_spans(runner: CliRunner, tmp_path: Path) -> None:
    text = "Fighting continued in Mosul while families fled toward Erbil."
    gold = tmp_path / "geo.jsonl"
    toponyms = [
        {
            "start": 22,
            "end": 27,
            "name": "Mosul",
            "lat": 36.335,
            "lon": 43.119,
            "geonameid": 99072,
            "type": None,
        },
        {
            "start": 55,
            "end": 60,
            "name": "Erbil",
            "lat": 36.19,
            "lon": 44.01,
            "geonameid": None,
            "type": None,
        },
    ]
    gold.write_text(json.dumps({"id": "g1", "text": text, "toponyms": toponyms}) + "\n")
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(
        cli,
        ["eval", "geo", "--gold", str(gold), "--given-spans", "--json", "--predictions", str(out)],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["resolution"]["toponyms"] == 2
    assert scores["resolution"]["acc161"] == 1.0
    assert scores["resolution"]["exact_geonameid"] == 1.0
    predicted = json.loads(out.read_text())
    assert [t["name"] for t in predicted["toponyms"]] == ["Mosul", "Erbil"]


def test_eval_events_on_a_tiny_gold_file(runner: CliRunner, tmp_path: Path) -> None:
    gold = tmp_path / "ev.jsonl"
    records = [
        {
            "id": "1",
            "text": "Police arrested 40 protesters in the capital on Sunday.",
            "taxonomy": "plover",
            "labels": ["COERCE"],
            "extra": {},
        },
        {
            "id": "2",
            "text": "The two governments signed a trade agreement in Geneva.",
            "taxonomy": "plover",
            "labels": ["AGREE"],
            "extra": {},
        },
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(
        cli, ["eval", "events", "--gold", str(gold), "--json", "--predictions", str(out)]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["records"] == 2 and scores["taxonomy"] == "plover"
    assert 0.0 <= scores["macro_f1"] <= 1.0
    predicted = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["id"] for p in predicted] == ["1", "2"]
    assert all(isinstance(p["labels"], list) for p in predicted)


def test_event_mentions_csv_flattens_nested_columns(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "s.duckdb")
    runner.invoke(cli, ["ingest", str(corpus), "--db", db])
    result = runner.invoke(cli, ["export", "event-mentions", "--format", "csv", "--db", db])
    header = result.output.splitlines()[0].split(",")
    for column in ("trigger", "plover_type", "place.name", "place.lat", "killed.best", "status"):
        assert column in header
    assert len(result.output.splitlines()) > 1


def test_csv_export_neutralises_formulas(runner: CliRunner, tmp_path: Path) -> None:
    """A title a spreadsheet would run as a formula gets a leading apostrophe in CSV, unless
    --raw-csv; JSON Lines keeps it as stored."""
    import csv

    title = '=HYPERLINK("http://attacker.example/x","click")'
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"url": "https://news.example/a", "title": title, "text": EN_1, "byline": "@handle"}],
    )
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0

    def first_row(*extra: str) -> dict[str, str]:
        result = runner.invoke(cli, ["export", "articles", "--format", "csv", "--db", db, *extra])
        assert result.exit_code == 0, result.output
        return next(csv.DictReader(io.StringIO(result.output)))

    safe = first_row()
    assert safe["title"] == "'" + title
    assert safe["byline"] == "'@handle"
    assert safe["url"] == "https://news.example/a"  # ordinary cells are untouched
    assert first_row("--raw-csv")["title"] == title
    result = runner.invoke(cli, ["export", "articles", "--db", db])
    assert json.loads(result.output.splitlines()[0])["title"] == title
