"""The store as a Parquet dataset: every table written, partitioned by publication date, read
back by the reading commands, pandas and the server as the DuckDB file is."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from eventwire.cli.main import cli
from eventwire.errors import StoreError
from eventwire.serve.app import create_app
from eventwire.stages import InlineTasks
from eventwire.store import Store
from eventwire.store.dataset import MANIFEST, day_groups, open_dataset, write_dataset
from tests.conftest import SAMPLES


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store of two sample folders (articles of several days, events, provenance) and its
    dataset."""
    folder = tmp_path_factory.mktemp("dataset")
    db, out = folder / "store.duckdb", folder / "ds"
    for source in ("html", "text"):
        done = _run("ingest", str(SAMPLES / "corpus" / source), "--db", str(db))
        assert done.exit_code == 0, done.output
    done = _run("export", "dataset", "--db", str(db), "-o", str(out))
    assert done.exit_code == 0, done.output
    assert "as a Parquet dataset in" in done.output
    return db, out


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    return sorted(con.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def test_every_table_reads_back_row_for_row(stores: tuple[Path, Path]) -> None:
    db, out = stores
    original = duckdb.connect(str(db), read_only=True)
    copy = open_dataset(out)
    try:
        tables = [
            r[0]
            for r in original.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        assert {"articles", "sentences", "events", "event_members", "stories"} <= set(tables)
        for table in tables:
            assert _rows(copy, table) == _rows(original, table), table
            columns = [r[0] for r in original.execute(f'DESCRIBE "{table}"').fetchall()]
            assert [r[0] for r in copy.execute(f'DESCRIBE "{table}"').fetchall()] == columns
        # articles and their rows are in one folder per publication day
        days = {p.name for p in (out / "sentences").iterdir()}
        assert len(days) >= 5 and all(d.startswith("published_date=") for d in days)
        assert (out / "events" / "data.parquet").is_file()
    finally:
        original.close()
        copy.close()


@pytest.mark.parametrize(
    "command",
    [
        ["stats", "--json"],
        ["events", "--json"],
        ["events", "--json", "--min-sources", "2"],
        ["export", "events", "--format", "csv", "--schema", "acled"],
        ["export", "articles"],
    ],
)
def test_reading_commands_give_the_same_answer(
    stores: tuple[Path, Path], command: list[str]
) -> None:
    db, out = stores
    from_file = _run(*command, "--db", str(db))
    from_dataset = _run(*command, "--db", str(out))
    assert from_file.exit_code == 0 == from_dataset.exit_code, from_dataset.output
    assert from_dataset.output == from_file.output and len(from_file.output) > 100


def test_one_event_and_the_api_read_the_dataset(stores: tuple[Path, Path]) -> None:
    db, out = stores
    events = json.loads(_run("events", "--json", "--db", str(out)).output)
    event_id = events[0]["event_id"]
    shown = _run("event", event_id, "--db", str(out))
    assert shown.exit_code == 0 and shown.output == _run("event", event_id, "--db", str(db)).output
    app = create_app(out)
    with TestClient(app) as client:
        page = client.get("/api/events?limit=500")
        assert page.status_code == 200, page.text
        assert {e["event_id"] for e in page.json()["items"]} == {e["event_id"] for e in events}
        assert client.get(f"/api/events/{event_id}").status_code == 200
    app.state.snapshot.close()


def test_pyarrow_reads_one_day_by_its_folder(stores: tuple[Path, Path]) -> None:
    db, out = stores
    con = duckdb.connect(str(db), read_only=True)
    try:
        day, expected = con.execute(
            "SELECT strftime(a.published, '%Y-%m-%d') AS d, count(*) FROM sentences s "
            "JOIN articles a ON a.id = s.article_id WHERE a.published IS NOT NULL "
            "GROUP BY d ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    table = pq.read_table(
        out / "sentences", partitioning="hive", filters=[("published_date", "=", day)]
    )
    assert table.num_rows == expected > 0


def test_writing_again_replaces_the_dataset_and_other_folders_are_refused(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    db, out = stores
    before = _rows(open_dataset(out), "sentences")
    again = _run("export", "dataset", "--db", str(db), "-o", str(out))
    assert again.exit_code == 0, again.output
    assert _rows(open_dataset(out), "sentences") == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".ds.")]  # no leftovers
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", "utf-8")
    refused = _run("export", "dataset", "--db", str(db), "-o", str(mine))
    assert refused.exit_code != 0 and "exists and is not one" in refused.output
    assert (mine / "notes.txt").read_text("utf-8") == "keep me"
    assert _run("export", "dataset", "--db", str(db), "--format", "csv", "-o", "x").exit_code == 2


def test_a_dataset_is_read_only_and_a_damaged_one_is_named(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    _, out = stores
    ingest = _run("ingest", str(SAMPLES / "corpus" / "text"), "--db", str(out))
    assert ingest.exit_code != 0 and "a Parquet dataset is read-only" in ingest.output
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / MANIFEST).write_text('{"format": "something else"}', "utf-8")
    with pytest.raises(StoreError, match="not an eventwire dataset"):
        Store(damaged, read_only=True)
    stats = _run("stats", "--db", str(damaged))
    assert stats.exit_code != 0 and "not an eventwire dataset" in stats.output
    escape = tmp_path / "escape"
    escape.mkdir()
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    manifest["tables"] = {"articles": {"rows": 1, "path": "../../elsewhere.parquet"}}
    (escape / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(StoreError, match="outside the dataset"):
        open_dataset(escape)


class _Tasks(InlineTasks):
    """Tasks run here, one at a time, as if there were three workers."""

    width = 3

    def __init__(self) -> None:
        self.submitted: list[tuple[str, str]] = []

    def submit(self, fn: Any, *args: Any) -> Any:
        self.submitted.append((args[2], args[3]))
        return fn(*args)


def test_tasks_write_the_day_partitions_with_the_same_rows(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    db, out = stores
    tasks = _Tasks()
    with Store(db, read_only=True) as store:
        manifest = write_dataset(store.con, tmp_path / "ds", source=str(db), tasks=tasks)
    assert len(tasks.submitted) > 1  # the days were cut into groups, a task each
    assert manifest["tables"] == json.loads((out / MANIFEST).read_text())["tables"]
    assert not list(tmp_path.glob(".ds*")) and not (tmp_path / "ds" / ".parts").exists()
    expected, got = open_dataset(out), open_dataset(tmp_path / "ds")
    for (table,) in expected.execute("SHOW TABLES").fetchall():
        assert _rows(got, table) == _rows(expected, table), table
    for table in ("articles", "sentences", "event_mentions"):
        assert {p.name for p in (tmp_path / "ds" / table).iterdir()} == {
            p.name for p in (out / table).iterdir()
        }


def test_day_groups_are_contiguous_cover_every_day_and_end_with_the_undated() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE articles (id VARCHAR, published TIMESTAMP)")
    days = [f"2026-03-{d:02d}" for d in range(1, 11)]
    rows = [(f"a{i}-{d}", f"{d} 12:00:00") for d in days for i in range(days.index(d) + 1)]
    con.executemany("INSERT INTO articles VALUES (?, ?)", [*rows, ("u", None)])
    order = [*days, "undated"]
    for n in (1, 2, 3, 4, 20):
        groups = day_groups(con, n)
        assert 1 <= len(groups) <= n
        assert groups[0][0] == "2026-03-01" and groups[-1][1] == "undated"
        for first, last in groups:
            assert order.index(first) <= order.index(last)
        for (_, last), (first, _) in itertools.pairwise(groups):
            assert order.index(first) == order.index(last) + 1  # no gap, no overlap
    # about equal numbers of articles: the later days hold more, so their groups are shorter
    first, second = day_groups(con, 2)
    assert first == ("2026-03-01", "2026-03-07") and second[0] == "2026-03-08"
    con.execute("DELETE FROM articles")
    assert day_groups(con, 4) == [("undated", "undated")]
