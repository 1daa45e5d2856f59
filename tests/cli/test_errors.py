"""User errors end with one line on stderr and a documented exit code, never a traceback.

Each case runs the command through click's CliRunner and checks the exit code, that the process
exited on purpose (an uncaught exception would be the runner's ``result.exception``), that the
output is the single line ``error: ...`` and that it names the file and the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from click.testing import CliRunner, Result

from eventwire.cli.main import _exists, cli
from eventwire.errors import ExitCode
from eventwire.export import EXPORT_KINDS
from eventwire.store import Store

from ..conftest import REPO
from ..ingest.helpers import article_page
from ..provenance.test_store_run import _write

TIMEX = {
    "id": "t1",
    "text": "Talks resumed on Monday in Geneva.",
    "dct": "2026-03-11",
    "timexes": [{"start": 17, "end": 23, "type": "DATE", "value": "2026-03-09"}],
}
QUOTES = {
    "id": "q1",
    "text": 'The minister said the border would reopen. "We are ready," Ana Ruiz said.',
    "attributions": [{"content": {"start": 18, "end": 42}, "source": None, "cue": None}],
}
GEO = {
    "id": "g1",
    "text": "Floods in Mosul.",
    "toponyms": [
        {"start": 10, "end": 15, "name": "Mosul", "lat": 36.34, "lon": 43.13, "geonameid": 99072}
    ],
}
CLUSTERS = {"id": "c1", "text": "A tremor shook Bima.", "cluster": "k1", "topic": "t"}
TEXTS = {"id": "s1", "text": "A tremor shook Bima."}
EVENTS = {
    "id": "e1",
    "text": "Rebels attacked a post.",
    "taxonomy": "plover",
    "labels": ["ASSAULT"],
    "extra": {},
}

# command -> (extra arguments, a valid record)
COMMANDS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "timex": ([], TIMEX),
    "quotes": ([], QUOTES),
    "geo": (["--given-spans"], GEO),
    "clusters": ([], CLUSTERS),
    "copies": ([], TEXTS),
    "events": ([], EVENTS),
}


def fails(result: Result, code: int, *parts: str) -> str:
    """The one error line of a command that exited with ``code``; it must contain ``parts``."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no uncaught exception
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for part in parts:
        assert part in lines[0], (part, lines[0])
    return lines[0]


def _gold(folder: Path, content: str | bytes, name: str = "gold.jsonl") -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _records(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _eval(runner: CliRunner, task: str, gold: Path, *more: str) -> Result:
    return runner.invoke(cli, ["eval", task, "--gold", str(gold), *COMMANDS[task][0], *more])


# ----------------------------------------------------------------------------- eval: gold files

# Every command reads its gold file before loading a spaCy model, except quotes: its cases are
# fewer to keep the run short.
FAST = ["timex", "geo", "clusters", "copies", "events"]


@pytest.mark.parametrize("task", list(COMMANDS))
def test_broken_json_line_names_file_and_line(runner: CliRunner, tmp_path: Path, task: str) -> None:
    valid = COMMANDS[task][1]
    gold = _gold(tmp_path, _records(valid) + '{"id": "x", "text": \n')
    fails(_eval(runner, task, gold), ExitCode.BAD_INPUT, "gold.jsonl:2: not a JSON object")


@pytest.mark.parametrize("task", FAST)
def test_missing_fields(runner: CliRunner, tmp_path: Path, task: str) -> None:
    valid = COMMANDS[task][1]
    record = {k: v for k, v in valid.items() if k not in ("id", "text")} | {"id": "x"}
    gold = _gold(tmp_path, _records(valid, record))
    fails(_eval(runner, task, gold), ExitCode.BAD_INPUT, "gold.jsonl:2:", "missing: text")


WRONG_TYPES = [
    ("timex", {"dct": "11 March 2026"}, "dct must be a date (YYYY-MM-DD)"),
    ("timex", {"timexes": [{"start": "17", "end": 23, "type": "DATE"}]}, "timexes[0].start"),
    ("timex", {"timexes": [{"end": 23, "type": "DATE"}]}, "timexes[0] needs the field start"),
    ("quotes", {"attributions": [{"content": "18-42"}]}, "attributions[0].content must be an"),
    ("geo", {"toponyms": [{"start": 10, "end": 15, "name": "Mosul", "lat": "36", "lon": 43}]}, ""),
    ("clusters", {"cluster": ["k1"]}, "cluster must be a string or an integer"),
    ("clusters", {"published": "last week"}, "published must be an ISO 8601 date or time"),
    ("copies", {"text": 5}, "text must be a string, not 5"),
    ("events", {"labels": "ASSAULT"}, 'labels must be a list, not "ASSAULT"'),
    ("events", {"extra": {"same_text_other_labels": [1]}}, "extra.same_text_other_labels[0]"),
]


@pytest.mark.parametrize(("task", "change", "reason"), WRONG_TYPES)
def test_wrong_field_types(
    runner: CliRunner, tmp_path: Path, task: str, change: dict[str, Any], reason: str
) -> None:
    gold = _gold(tmp_path, _records(COMMANDS[task][1] | change))
    line = fails(_eval(runner, task, gold), ExitCode.BAD_INPUT, "gold.jsonl:1: ", reason)
    if task == "geo":
        assert "toponyms[0].lat must be a number" in line


@pytest.mark.parametrize("task", FAST)
def test_csv_binary_and_empty_files(runner: CliRunner, tmp_path: Path, task: str) -> None:
    csv = _gold(tmp_path, "id,text\n1,A tremor shook Bima.\n", "gold.csv")
    fails(_eval(runner, task, csv), ExitCode.BAD_INPUT, "gold.csv:1: not a JSON object")
    latin1 = _gold(tmp_path, '{"id": "s1", "text": "café"}\n'.encode("latin-1"), "latin1.jsonl")
    fails(_eval(runner, task, latin1), ExitCode.BAD_INPUT, "latin1.jsonl:1: not UTF-8 text")
    gzip = _gold(tmp_path, b"\x1f\x8b\x08\x00\xa5\xff" + bytes(range(256)), "gold.jsonl.gz")
    fails(_eval(runner, task, gzip), ExitCode.BAD_INPUT, "gold.jsonl.gz:1: binary data")
    nul = _gold(tmp_path, b"PK\x03\x04\x00\x00\n", "gold.zip")
    fails(_eval(runner, task, nul), ExitCode.BAD_INPUT, "gold.zip:1: binary data")
    empty = _gold(tmp_path, "\n\n", "empty.jsonl")
    fails(_eval(runner, task, empty), ExitCode.BAD_INPUT, "empty.jsonl: no records")


def test_quotes_binary_and_empty_files(runner: CliRunner, tmp_path: Path) -> None:
    binary = _gold(tmp_path, bytes(range(128, 256)) + b"\n", "gold.bin")
    fails(_eval(runner, "quotes", binary), ExitCode.BAD_INPUT, "gold.bin:1: not UTF-8 text")
    empty = _gold(tmp_path, "", "empty.jsonl")
    fails(_eval(runner, "quotes", empty), ExitCode.BAD_INPUT, "empty.jsonl: no records")


@pytest.mark.parametrize(
    ("task", "other", "looks_like"),
    [
        ("geo", QUOTES, "quotes"),
        ("timex", QUOTES, "quotes"),
        ("quotes", GEO, "geo"),
        ("clusters", EVENTS, "events"),
        ("events", TIMEX, "timex"),
    ],
)
def test_a_file_of_another_task_is_refused(
    runner: CliRunner, tmp_path: Path, task: str, other: dict[str, Any], looks_like: str
) -> None:
    gold = _gold(tmp_path, _records(other))
    fails(
        _eval(runner, task, gold),
        ExitCode.BAD_INPUT,
        f"gold.jsonl:1: a{'n' if task == 'events' else ''} {task} record needs the fields",
        f"(it looks like a {looks_like} record)",
    )


def test_unknown_and_mixed_taxonomies(runner: CliRunner, tmp_path: Path) -> None:
    gold = _gold(tmp_path, _records(EVENTS | {"taxonomy": "cameo"}))
    fails(_eval(runner, "events", gold), ExitCode.BAD_INPUT, "gold.jsonl:1: taxonomy", '"cameo"')
    gold = _gold(tmp_path, _records(EVENTS, EVENTS | {"taxonomy": "protest"}))
    fails(
        _eval(runner, "events", gold),
        ExitCode.BAD_INPUT,
        "gold.jsonl:2: records mix taxonomies",
        "on line 1",
    )


def test_records_are_checked_in_the_half_not_scored(runner: CliRunner, tmp_path: Path) -> None:
    gold = _gold(tmp_path, _records(TIMEX, TIMEX | {"dct": "soon"}))
    result = _eval(runner, "timex", gold, "--half", "dev")
    fails(result, ExitCode.BAD_INPUT, "gold.jsonl:2: dct must be a date")


# ----------------------------------------------------------------------------- eval: predictions


@pytest.mark.parametrize("task", ["timex", "copies"])
def test_predictions_folder_must_exist(runner: CliRunner, tmp_path: Path, task: str) -> None:
    gold = _gold(tmp_path, _records(COMMANDS[task][1]))
    out = tmp_path / "missing" / "deeper" / "pred.jsonl"
    result = _eval(runner, task, gold, "--predictions", str(out))
    fails(result, ExitCode.CANNOT_WRITE, str(out), "does not exist")
    assert not (tmp_path / "missing").exists()


def test_predictions_in_a_read_only_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = _gold(tmp_path, _records(TIMEX))
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # permissions do not bind this user (root): say they do
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: real(p, mode) and Path(p) != folder)
    out = folder / "pred.jsonl"
    result = _eval(runner, "timex", gold, "--predictions", str(out))
    fails(result, ExitCode.CANNOT_WRITE, str(out), "read-only")
    folder.chmod(0o700)


def test_predictions_written_when_the_folder_exists(runner: CliRunner, tmp_path: Path) -> None:
    gold = _gold(tmp_path, _records(TIMEX))
    out = tmp_path / "pred.jsonl"
    result = _eval(runner, "timex", gold, "--predictions", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8").splitlines()[0])["id"] == "t1"


# ----------------------------------------------------------------------------- export


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        _write(store, "wire", "reprint", "other", "patch")
    return str(path)


def test_export_help_lists_every_kind(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    described = help_text.split("KIND is one of:", 1)[1]
    for kind in EXPORT_KINDS:
        assert kind in described, kind


def test_export_into_a_missing_folder(runner: CliRunner, tmp_path: Path, db: str) -> None:
    out = tmp_path / "missing" / "articles.jsonl"
    result = runner.invoke(cli, ["export", "articles", "--db", db, "-o", str(out)])
    fails(result, ExitCode.CANNOT_WRITE, str(out), "does not exist")
    assert not out.parent.exists()


def test_export_into_a_read_only_folder(
    runner: CliRunner, tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # permissions do not bind this user (root): say they do
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: real(p, mode) and Path(p) != folder)
    out = folder / "articles.csv"
    result = runner.invoke(cli, ["export", "articles", "--db", db, "-o", str(out)])
    fails(result, ExitCode.CANNOT_WRITE, str(out), "read-only")
    folder.chmod(0o700)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_to_a_full_disk(runner: CliRunner, db: str, fmt: str) -> None:
    args = ["export", "articles", "--db", db, "--format", fmt, "-o", "/dev/full"]
    result = runner.invoke(cli, args)
    fails(result, ExitCode.CANNOT_WRITE, "/dev/full: cannot write", "No space left on device")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_to_a_full_stdout(db: str, fmt: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "eventwire.cli", "export", "articles", "--db", db]
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [*command, "--format", fmt],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    err = proc.stderr.decode()
    assert proc.returncode == ExitCode.CANNOT_WRITE, err
    assert err.splitlines() == ["error: <stdout>: cannot write: No space left on device"], err


def test_export_from_a_store_with_a_missing_table(
    runner: CliRunner, tmp_path: Path, db: str
) -> None:
    with duckdb.connect(db) as con:
        con.execute("DROP TABLE flags")
    for fmt in ("jsonl", "parquet"):
        out = tmp_path / f"flags.{fmt}"
        args = ["export", "flags", "--db", db, "--format", fmt, "-o", str(out)]
        result = runner.invoke(cli, args)
        fails(result, ExitCode.STORE, db, "cannot export flags", "flags does not exist")
    result = runner.invoke(cli, ["export", "articles", "--db", db])  # articles join flags
    fails(result, ExitCode.STORE, "cannot export articles")


def test_export_from_a_database_that_is_not_a_store(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    result = runner.invoke(cli, ["export", "sentences", "--db", str(other)])
    fails(result, ExitCode.STORE, str(other), "cannot export sentences")
    result = runner.invoke(cli, ["stats", "--db", str(other)])
    fails(result, ExitCode.STORE, str(other), "cannot read the store")


def test_export_from_a_missing_or_broken_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "articles", "--db", str(tmp_path / "none.duckdb")])
    fails(result, ExitCode.STORE, "none.duckdb", "no store here yet")
    broken = tmp_path / "broken.duckdb"
    broken.write_text("not a database\n")
    result = runner.invoke(cli, ["export", "articles", "--db", str(broken)])
    fails(result, ExitCode.STORE, "broken.duckdb", "cannot open the store")


# ----------------------------------------------------------------------------- provenance, stories


def test_provenance_unknown_article(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["provenance", "no-such-article", "--db", db])
    fails(result, ExitCode.USAGE, "no article 'no-such-article'", db)


def test_provenance_and_stories_without_provenance_tables(runner: CliRunner, db: str) -> None:
    with duckdb.connect(db) as con:
        con.execute("DROP TABLE article_stories")
        con.execute("DROP TABLE stories")
        article = con.execute("SELECT id FROM articles LIMIT 1").fetchone()
    assert article is not None
    result = runner.invoke(cli, ["stories", "--db", db])
    fails(result, ExitCode.STORE, db, "no provenance tables", "eventwire provenance --update")
    result = runner.invoke(cli, ["provenance", str(article[0]), "--db", db])
    fails(result, ExitCode.STORE, db, "no provenance tables")
    result = runner.invoke(cli, ["provenance", "--update", "--db", db])
    fails(result, ExitCode.STORE, db, "stories does not exist")


def test_provenance_and_stories_on_a_database_that_is_not_a_store(
    runner: CliRunner, tmp_path: Path
) -> None:
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    result = runner.invoke(cli, ["provenance", "x", "--db", str(other)])
    fails(result, ExitCode.STORE, str(other), "articles does not exist")
    result = runner.invoke(cli, ["stories", "--db", str(other)])
    fails(result, ExitCode.STORE, str(other))


def test_provenance_and_stories_on_missing_or_locked_stores(
    runner: CliRunner, tmp_path: Path, db: str
) -> None:
    missing = str(tmp_path / "none.duckdb")
    fails(runner.invoke(cli, ["stories", "--db", missing]), ExitCode.STORE, "none.duckdb")
    fails(runner.invoke(cli, ["provenance", "x", "--db", missing]), ExitCode.STORE, "none.duckdb")
    nowhere = str(tmp_path / "no" / "such" / "folder.duckdb")
    result = runner.invoke(cli, ["provenance", "--update", "--db", nowhere])
    fails(result, ExitCode.STORE, nowhere, "does not exist")
    with duckdb.connect(db):  # held open for writing by another connection
        result = runner.invoke(cli, ["stories", "--db", db])
    fails(result, ExitCode.STORE, db, "cannot open the store")


def test_stories_with_a_huge_limit(runner: CliRunner, db: str) -> None:
    runner.invoke(cli, ["provenance", "--update", "--db", db])
    result = runner.invoke(cli, ["stories", "--db", db, "--limit", str(10**30), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)


def test_provenance_bad_arguments_are_usage_errors(runner: CliRunner, db: str) -> None:
    for args in (["provenance", "--db", db], ["provenance", "x", "--rebuild", "--db", db]):
        result = runner.invoke(cli, args)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


# ----------------------------------------------------------------------------- ingest: URL schemes


def test_url_schemes_are_case_insensitive() -> None:
    for source in ("HTTPS://EXAMPLE.ORG/x", "Http://example.org/x", "https://example.org/x"):
        assert _exists(source), source
    assert not _exists("httpx://example.org/x")


def test_ingest_an_upper_case_url(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = article_page().encode()
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=page, headers={"Content-Type": "text/html"})

    def client(settings: object) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)

    monkeypatch.setattr("eventwire.ingest.sources.make_client", client)
    db = str(tmp_path / "s.duckdb")
    result = runner.invoke(
        cli, ["ingest", "HTTPS://HERALD.EXAMPLE/news", "--db", db, "--no-provenance", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["ingested"] == 1 and summary["rejected"] == 0
    assert seen and seen[0].lower() == "https://herald.example/news"
