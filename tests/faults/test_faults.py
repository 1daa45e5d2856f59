"""Fault injection: a full disk, a store that cannot be written, a checkpoint that cannot be
written and a parsing worker that dies, each in a real ``eventwire ingest`` process.

In each case the run stops with a one-line message and its documented exit code, nothing
committed is lost, and running the same command again gives the store of an uninterrupted run.
(A SIGKILL of the whole run is ``tests/cli/test_cli.py::test_sigkill_mid_run_then_rerun_...``;
a failed COMMIT inside the process is ``tests/store/test_store.py``.)

The full disk is the kernel's file size limit (``RLIMIT_FSIZE``): a write past it fails with
``EFBIG`` ("File too large") exactly where a full disk fails with ``ENOSPC``, without a mount.
The store that cannot be written is made immutable (``chattr +i``), which even root cannot
write.
"""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
import psutil
import pytest

from tests.cli.test_cli import _dump
from tests.test_pipeline import EN_1, EN_2, write_jsonl

pytestmark = pytest.mark.slow

ENV = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}


def _corpus(folder: Path, n: int) -> Path:
    texts = [EN_1, EN_2]
    records = [
        {
            "url": f"https://f.example.com/{i}",
            "title": f"T{i}",
            "text": f"Report {i}. {texts[i % 2]}",
        }
        for i in range(n)
    ]
    return write_jsonl(folder / "corpus.jsonl", records)


def _ingest(
    corpus: Path, db: Path, *extra: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "ingest", str(corpus), "--db", str(db), *extra],
        env=ENV,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=600,
    )


def _file_limit(size: int) -> Callable[[], None]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _articles(db: Path) -> int:
    con = duckdb.connect(str(db))  # read-write: replays a write-ahead log left behind
    try:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("faults")
    corpus = _corpus(folder, 60)
    db = folder / "reference.duckdb"
    done = _ingest(corpus, db, "--batch-size", "4")
    assert done.returncode == 0, done.stderr
    return corpus, db


def test_a_full_disk_stops_the_run_and_the_rerun_finishes(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, ref = reference
    db = tmp_path / "full.duckdb"
    failed = _ingest(corpus, db, "--batch-size", "4", preexec=_file_limit(3_000_000))
    assert failed.returncode == 4, failed.stderr
    message = failed.stderr.strip().splitlines()[-1]
    assert message.startswith(f"error: {db}")
    assert "File too large" in message
    assert "Traceback" not in failed.stderr
    kept = _articles(db)
    assert 0 < kept <= 60
    again = _ingest(corpus, db, "--batch-size", "4")
    assert again.returncode == 0, again.stderr
    assert _dump(db) == _dump(ref)


def test_a_checkpoint_that_cannot_be_written_is_reported_and_nothing_is_lost(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, ref = reference
    db = tmp_path / "checkpoint.duckdb"
    # room for every commit (the write-ahead log) but not for the store file's last checkpoint
    limit = ref.stat().st_size - 150_000
    failed = _ingest(corpus, db, "--batch-size", "4", preexec=_file_limit(limit))
    assert failed.returncode == 4, failed.stderr
    message = failed.stderr.strip().splitlines()[-1]
    assert "cannot write the store's checkpoint" in message
    assert f"{db}.wal" in message
    assert _dump(db) == _dump(ref)  # every commit is read back from the log


def test_a_store_that_cannot_be_written_is_refused_and_kept(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, ref = reference
    first = write_jsonl(
        tmp_path / "first.jsonl",
        [{"url": "https://f.example.com/0", "title": "T0", "text": f"Report 0. {EN_1}"}],
    )
    db = tmp_path / "locked.duckdb"
    assert _ingest(first, db).returncode == 0
    before = _dump(db)
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot mark a file immutable (chattr +i)")
    try:
        refused = _ingest(corpus, db, "--batch-size", "4")
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    assert refused.returncode == 4, refused.stderr
    message = refused.stderr.strip().splitlines()[-1]
    assert message.startswith(f"error: {db}: cannot open the store")
    assert "Operation not permitted" in message
    assert _dump(db) == before
    again = _ingest(corpus, db, "--batch-size", "4")
    assert again.returncode == 0, again.stderr
    assert _dump(db) == _dump(ref)


def test_a_parsing_worker_that_dies_stops_the_run_and_the_rerun_finishes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 300)
    whole = tmp_path / "whole.duckdb"
    assert _ingest(corpus, whole, "--batch-size", "4", "--n-process", "2").returncode == 0
    db = tmp_path / "worker.duckdb"
    cmd = [sys.executable, "-m", "eventwire.cli", "-v", "ingest", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(
        [*cmd, "--batch-size", "4", "--n-process", "2"],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    hang = threading.Timer(300, proc.kill)  # a run that waits for the dead worker forever
    hang.start()
    lines = []
    killed = None
    try:
        for line in io.TextIOWrapper(proc.stderr, encoding="utf-8"):
            lines.append(line)
            if killed is None and "committed" in line:
                workers = [
                    child
                    for child in psutil.Process(proc.pid).children()
                    if "spawn_main" in " ".join(child.cmdline())
                ]
                assert len(workers) == 2, psutil.Process(proc.pid).children()
                killed = workers[0].pid
                os.kill(killed, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        hang.cancel()
    assert proc.returncode == 9, "".join(lines[-5:])
    assert lines[-1].startswith(f"error: a parsing worker (pid {killed}) died (signal 9)")
    assert "run the same command again" in lines[-1]
    kept = _articles(db)
    assert 0 < kept < 300
    again = _ingest(corpus, db, "--batch-size", "4", "--n-process", "2")
    assert again.returncode == 0, again.stderr
    assert _dump(db) == _dump(whole)
