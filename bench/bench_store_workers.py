"""Benchmark: the provenance stage with its per-article preparing here, in a pool, on Dask.

    python bench/bench_store_workers.py STORE.duckdb [--workers 2] [--batch 64]

``STORE`` is a store whose articles have sentences (for example one kept by
``bench/bench_provenance.py --one 5000 --keep STORE``). For each configuration, on a fresh copy
of it, the provenance stage runs again from scratch (``rebuild``): the fingerprints and headline
checks of each batch (:mod:`eventwire.provenance.prepare`) made in this process (``inline``), in
a pool of ``--workers`` processes (``pool``, as ``nlp.n_process`` does), and on a Dask
``LocalCluster`` of ``--workers`` processes (``dask``). It prints the wall time, this process's
CPU time, the articles a second and the speed-up against ``inline`` measured in the same run,
and checks that every configuration wrote the same provenance tables and flags.
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
from eventwire.store import Store
from eventwire.store.provenance import PROVENANCE_FLAG_CODES, PROVENANCE_TABLES
from eventwire.workers import InlineWorkers, PoolWorkers, Workers


def _digest(store: Store) -> str:
    """One hash of the provenance tables and flags, rows sorted."""
    h = hashlib.sha256()
    for table in PROVENANCE_TABLES:
        for row in sorted(store.con.execute(f"SELECT * FROM {table}").fetchall(), key=repr):
            h.update(repr(row).encode())
    flags = store.con.execute(
        "SELECT * FROM flags WHERE code IN (SELECT unnest(?::VARCHAR[]))",
        [list(PROVENANCE_FLAG_CODES)],
    ).fetchall()
    for row in sorted(flags, key=repr):
        h.update(repr(row).encode())
    return h.hexdigest()[:16]


@contextmanager
def _workers(kind: str, n: int) -> Iterator[tuple[Workers, str]]:
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
            yield DaskEngine(client), f"dask, {n} workers"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--kinds", nargs="+", default=["inline", "pool", "dask"])
    args = parser.parse_args()
    settings = load_settings(environ={}).replace(store={"batch_size": args.batch})
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=args.store.parent) as tmp:
        for kind in args.kinds:
            copy = Path(tmp) / f"{kind}.duckdb"
            shutil.copy(args.store, copy)
            with Store(copy) as store, _workers(kind, args.workers) as (workers, label):
                wall, cpu = time.perf_counter(), time.process_time()
                summary = run_provenance(store, settings=settings, rebuild=True, workers=workers)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                rows.append(
                    {
                        "configuration": label,
                        "articles": summary.processed,
                        "wall_s": round(wall, 1),
                        "cpu_s_here": round(cpu, 1),
                        "articles_per_s": round(summary.processed / wall, 1),
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
