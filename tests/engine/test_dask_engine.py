"""The Dask engine gives the store the local engine gives: on a LocalCluster of two worker
processes (reading, normalising, parsing and extracting there, and tracing provenance as a join),
with the provenance join turned off, and when one of them is killed in the middle of the run or
of the join."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventwire.engine import open_engine
from eventwire.pipeline import run_pipeline
from eventwire.settings import load_settings
from eventwire.store import Store
from tests.conftest import SAMPLES

#: Columns that say when a run happened, not what it found.
RUN_TIMES = {"first_seen", "last_seen"}


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (sorted), without the columns that record the time of the run."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        for (table,) in sorted(tables):
            columns = [
                r[0]
                for r in con.execute(f"DESCRIBE {table}").fetchall()
                if not r[0].endswith("_at") and r[0] not in RUN_TIMES
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            out[table] = sorted(con.execute(f"SELECT {select} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def local_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("local")
    with Store(folder / "local.duckdb") as store:
        run_pipeline(
            [str(SAMPLES / "corpus")], settings=load_settings(environ={}, cwd=folder), store=store
        )
    return folder / "local.duckdb"


@pytest.fixture(scope="module")
def local(local_store: Path) -> dict[str, list[tuple[Any, ...]]]:
    return _dump(local_store)


def _cluster_run(
    path: Path, on_document: Any = None, batch_size: int = 64, **engine: Any
) -> tuple[int, int, int]:
    settings = load_settings(environ={}, cwd=path.parent).replace(
        engine={"name": "dask", "workers": 2, **engine}, store={"batch_size": batch_size}
    )
    with Store(path) as store, open_engine(settings) as run_engine:
        assert run_engine is not None
        hook = on_document(run_engine) if on_document else None
        run_pipeline(
            [str(SAMPLES / "corpus")],
            settings=settings,
            store=store,
            engine=run_engine,
            on_document=hook,
        )
        return run_engine.partitions, run_engine.read_tasks, run_engine.store_tasks


def test_a_two_worker_cluster_gives_the_same_store(
    local: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    path = tmp_path / "cluster.duckdb"
    # small read units: files one or two to a task, the 20 kB JSONL file cut into parts; store
    # batches of 8, so that the provenance join has two partitions of 32 articles
    partitions, read_tasks, store_tasks = _cluster_run(
        path, partition_size=4, read_part_bytes=3000, batch_size=8
    )
    assert partitions >= 9  # 37 articles parsed, 4 to a partition
    assert read_tasks >= 20  # 24 files: most alone, the 20 kB JSONL file in five parts
    assert store_tasks >= 8  # the provenance join's tasks and the story terms' batches
    got = _dump(path)
    assert got.keys() == local.keys()
    for table in local:
        assert got[table] == local[table], table
    assert len(got["events"]) > 50 and len(got["articles"]) == 39


def test_a_cluster_run_without_the_provenance_join_gives_the_same_store(
    local: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    """``engine.provenance_join = false``: provenance prepares its articles on the workers and
    does the rest in the command's process, with the same tables."""
    path = tmp_path / "prepare-only.duckdb"
    _, _, store_tasks = _cluster_run(path, batch_size=8, provenance_join=False)
    assert store_tasks >= 8
    got = _dump(path)
    for table in local:
        assert got[table] == local[table], table


def test_a_worker_killed_mid_run_changes_nothing(
    local: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    killed: list[int] = []

    def killer(run_engine: Any) -> Any:
        seen = {"n": 0}

        def on_document() -> None:
            seen["n"] += 1
            if seen["n"] == 6 and not killed:
                # the first results are written; later partitions are on the workers
                pids = run_engine.client.run(os.getpid)
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        return on_document

    path = tmp_path / "killed.duckdb"
    _cluster_run(path, on_document=killer, partition_size=2, in_flight=4)
    assert killed
    got = _dump(path)
    for table in local:
        assert got[table] == local[table], table


def test_the_cli_runs_on_a_local_cluster_and_says_where_its_dashboard_is(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "cli.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "ingest", str(SAMPLES / "corpus" / "feeds"),
         "--engine", "dask", "--workers", "1", "--db", str(db)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "dask: 1 worker, dashboard http" in done.stderr
    assert "new articles" in done.stdout
    with Store(db, read_only=True) as store:
        row = store.con.execute("SELECT count(*) FROM sentences").fetchone()
    assert row is not None and row[0] > 0


class _KillingTasks:
    """The Dask engine's tasks, with one worker killed when the ``at``-th result is taken."""

    def __init__(self, engine: Any, at: int) -> None:
        self.engine, self.at, self.taken, self.killed = engine, at, 0, False

    @property
    def width(self) -> int:
        return int(self.engine.width)

    def submit(self, fn: Any, *args: Any) -> Any:
        return self.engine.submit(fn, *args)

    def result(self, handle: Any) -> Any:
        self.taken += 1
        if self.taken == self.at:
            pids = self.engine.client.run(os.getpid)
            os.kill(sorted(pids.values())[0], signal.SIGKILL)
            self.killed = True
        return self.engine.result(handle)


def test_the_provenance_join_survives_a_worker_killed_mid_run(tmp_path: Path) -> None:
    """Provenance traced as a join on two Dask workers, one of them killed when the first
    partitions' results are taken (the intermediate results it held are lost and made again),
    writes what the sequential pass writes."""
    from eventwire.provenance.run import run_provenance
    from tests.provenance.test_join import _corpus, _item, _tables

    articles = _corpus(23, 48)
    with Store(":memory:") as store:
        store.write_batch([_item(*a) for a in articles])
        run_provenance(store)
        want = _tables(store)
    settings = load_settings(environ={}, cwd=tmp_path).replace(
        engine={"name": "dask", "workers": 2}
    )
    with Store(":memory:") as store, open_engine(settings) as run_engine:
        assert run_engine is not None
        store.write_batch([_item(*a) for a in articles])
        tasks = _KillingTasks(run_engine, at=8)  # the attach steps' targets, 6 partitions
        summary = run_provenance(store, workers=tasks, partition_articles=8)
        got = _tables(store)
    assert tasks.killed and summary.processed == len(articles)
    assert len(want["sentence_donors"]) > 50
    for table in want:
        assert got[table] == want[table], table


def test_workers_write_the_parquet_dataset_of_a_store(local_store: Path, tmp_path: Path) -> None:
    """``export dataset --engine dask``: two workers write the day partitions, each opening the
    store file read-only; the dataset holds the rows of one written in this process."""
    from click.testing import CliRunner

    from eventwire.cli.main import cli
    from eventwire.store.dataset import open_dataset, write_dataset

    here = tmp_path / "here"
    with Store(local_store, read_only=True) as store:
        write_dataset(store.con, here)
    there = tmp_path / "there"
    export = ["export", "dataset", "--db", str(local_store), "-o", str(there)]
    done = CliRunner().invoke(cli, [*export, "--engine", "dask", "--workers", "2"])
    assert done.exit_code == 0, done.output
    assert "dask: 2 workers" in done.output
    assert not list(tmp_path.glob(".there*"))  # no staging folder left
    expected, got = open_dataset(here), open_dataset(there)
    tables = [r[0] for r in expected.execute("SHOW TABLES").fetchall()]
    assert len(tables) > 20
    for table in tables:
        rows = sorted(expected.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
        assert sorted(got.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) == rows
    days = {p.name for p in (there / "sentences").iterdir()}
    assert days == {p.name for p in (here / "sentences").iterdir()} and len(days) > 3
