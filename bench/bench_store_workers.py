"""Benchmark: the provenance stage here, with its preparing in a pool, and on Dask.

    python bench/bench_store_workers.py STORE.duckdb [--workers 2] [--batch 64] [--kinds ...]

``STORE`` is a store whose articles have sentences (for example one kept by
``bench/bench_provenance.py --one 5000 --keep STORE``). For each configuration, on a fresh copy
of it, the provenance stage runs again from scratch (``rebuild``): the fingerprints and headline
checks of each batch (:mod:`eventwire.provenance.prepare`) made in this process (``inline``), in
a pool of ``--workers`` processes (``pool``, as ``nlp.n_process`` does), on a Dask
``LocalCluster`` of ``--workers`` processes with the rest of the pass here (``dask-prepare``),
and the whole stage as a join on that cluster (``dask``, :mod:`eventwire.provenance.join`, what
``--engine dask`` runs). It prints the wall time, this process's CPU time, the articles a
second, the speed-up against ``inline`` measured in the same run and the Dask workers' peak
RSS, and checks that every configuration wrote the same provenance tables and flags (the band
postings as the lookups see them). ``--new N`` measures an update instead: on each copy the
results of the last ``N`` articles are removed first, and the stage traces them against the
others already traced.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventwire.provenance.run import run_provenance
from eventwire.settings import load_settings
from eventwire.stages import Tasks, WorkersOnly
from eventwire.store import Store
from eventwire.store.fingerprints import DEFAULT_MAX_POSTINGS
from eventwire.store.provenance import PROVENANCE_FLAG_CODES, PROVENANCE_TABLES, ProvenanceTables
from eventwire.workers import InlineWorkers, PoolWorkers, Workers


def _worker_peak_mb(workers: Workers | Tasks) -> list[int]:
    """The peak RSS of each Dask worker process, in MB (none for the other kinds)."""
    client = getattr(workers, "client", None)
    if client is None:
        engine = getattr(workers, "engine", None)
        client = getattr(engine, "client", None)
    if client is None:
        return []
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    return sorted(int(v) for v in peaks.values())


#: The band postings as lookups see them: each key's first postings, whatever the segments.
_HELD_POSTINGS = (
    "SELECT key, ref FROM (SELECT key, ref, row_number() OVER (PARTITION BY key ORDER BY ref)"
    " AS n FROM (SELECT DISTINCT key, ref FROM band_postings)) WHERE n <= ?"
)


def _digest(store: Store) -> str:
    """One hash of the provenance tables and flags, rows sorted; the band postings as the
    lookups see them (how they are cut into sorted segments depends on the batches)."""
    h = hashlib.sha256()
    for table in PROVENANCE_TABLES:
        if table == "band_postings":
            rows = store.con.execute(_HELD_POSTINGS, [DEFAULT_MAX_POSTINGS]).fetchall()
        else:
            rows = store.con.execute(f"SELECT * FROM {table}").fetchall()
        for row in sorted(rows, key=repr):
            h.update(repr(row).encode())
    flags = store.con.execute(
        "SELECT * FROM flags WHERE code IN (SELECT unnest(?::VARCHAR[]))",
        [list(PROVENANCE_FLAG_CODES)],
    ).fetchall()
    for row in sorted(flags, key=repr):
        h.update(repr(row).encode())
    return h.hexdigest()[:16]


def _forget_last(store: Store, n: int) -> None:
    """Remove the provenance results of the last ``n`` processed articles, as a run removes
    what it redoes: the next run traces them against the others."""
    tables = ProvenanceTables(store)
    last = list(tables.processed())[-n:]
    with store.transaction("cannot remove provenance results"):
        tables.remove(last)


@contextmanager
def _workers(kind: str, n: int) -> Iterator[tuple[Workers | Tasks, str]]:
    if kind == "inline":
        yield InlineWorkers(), "inline"
    elif kind == "pool":
        with PoolWorkers(n) as pool:
            yield pool, f"pool of {n}"
    else:
        from distributed import Client, LocalCluster

        from eventwire.engine.cluster import DaskEngine

        with (
            LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,
        ):
            engine = DaskEngine(client)
            if kind == "dask-prepare":
                yield WorkersOnly(engine), f"dask, {n} workers, preparing only"
            else:
                yield engine, f"dask, {n} workers, join"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument(
        "--new",
        type=int,
        default=0,
        help="Trace only the last N articles, against the rest as already traced (an update).",
    )
    parser.add_argument(
        "--kinds",
        nargs="+",
        default=["inline", "pool", "dask-prepare", "dask"],
        choices=["inline", "pool", "dask-prepare", "dask"],
    )
    args = parser.parse_args()
    settings = load_settings(environ={}).replace(store={"batch_size": args.batch})
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=args.store.parent) as tmp:
        for kind in args.kinds:
            copy = Path(tmp) / f"{kind}.duckdb"
            shutil.copy(args.store, copy)
            with Store(copy) as store, _workers(kind, args.workers) as (workers, label):
                if args.new:
                    _forget_last(store, args.new)
                wall, cpu = time.perf_counter(), time.process_time()
                summary = run_provenance(
                    store, settings=settings, rebuild=not args.new, workers=workers
                )
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                rows.append(
                    {
                        "configuration": label,
                        "articles": summary.processed,
                        "wall_s": round(wall, 1),
                        "cpu_s_here": round(cpu, 1),
                        "articles_per_s": round(summary.processed / wall, 1),
                        "worker_peak_rss_mb": _worker_peak_mb(workers),
                        "tables": _digest(store),
                    }
                )
            copy.unlink()
    base = rows[0]["wall_s"]
    for row in rows:
        row["speed_up"] = round(base / row["wall_s"], 2)
        print(json.dumps(row))
    same = len({row["tables"] for row in rows}) == 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"same_tables": same, "peak_rss_mb_here": peak}))


if __name__ == "__main__":
    main()
