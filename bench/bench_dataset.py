"""Benchmark: a store written as a Parquet dataset here, and by the workers of a Dask cluster.

    python bench/bench_dataset.py STORE.duckdb [--workers 1 2] [--repeat 2]

``STORE`` is any store file (for example one kept by ``bench/bench_provenance.py --one 5000
--keep STORE``, or one that ``eventwire ingest`` wrote). The dataset is written ``--repeat``
times in this process (``local``: DuckDB's partitioned writer, every table here) and as
``eventwire export dataset --engine dask`` writes it: the store-wide tables here, the day
partitions by a ``LocalCluster`` of each ``--workers`` size, each task opening the store file
read-only. It prints, as JSON, the wall time of each write (the best of the repeats; the
cluster's start is timed apart), the speed-up against ``local`` measured in the same run, the
rows and bytes written, and a digest of every table's rows, which must be the same for every
configuration.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from eventwire.settings import load_settings
from eventwire.stages import Tasks
from eventwire.store.dataset import open_dataset, write_dataset


def _digest(folder: Path) -> str:
    """A digest of every table's rows, in a fixed order."""
    con = open_dataset(folder)
    h = hashlib.sha256()
    for (table,) in sorted(con.execute("SHOW TABLES").fetchall()):
        rows = sorted(repr(r) for r in con.execute(f'SELECT * FROM "{table}"').fetchall())
        h.update(table.encode())
        for row in rows:
            h.update(row.encode())
    con.close()
    return h.hexdigest()[:16]


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.parquet"))


def _write(store: Path, out: Path, tasks: Tasks | None, repeat: int) -> dict[str, Any]:
    best = float("inf")
    manifest: dict[str, Any] = {}
    for _ in range(repeat):
        con = duckdb.connect(str(store), read_only=True)
        started = time.perf_counter()
        manifest = write_dataset(con, out, source=str(store), tasks=tasks)
        best = min(best, time.perf_counter() - started)
        con.close()
    return {
        "wall_s": round(best, 2),
        "rows": sum(t["rows"] for t in manifest["tables"].values()),
        "parquet_mb": round(_size(out) / 1e6, 1),
        "digest": _digest(out),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from eventwire.engine import open_engine

    results: dict[str, Any] = {"store": str(args.store)}
    with tempfile.TemporaryDirectory(prefix="bench-dataset-") as tmp:
        results["local"] = _write(args.store, Path(tmp) / "local", None, args.repeat)
        for n in args.workers:
            settings = load_settings(environ={}, cwd=Path(tmp)).replace(
                engine={"name": "dask", "workers": n}
            )
            started = time.perf_counter()
            with open_engine(settings) as engine:
                assert engine is not None
                engine.client.wait_for_workers(n)
                start_s = time.perf_counter() - started
                out = Path(tmp) / f"dask-{n}"
                result = _write(args.store, out, engine, args.repeat)
            result["cluster_start_s"] = round(start_s, 2)
            result["speed_up"] = round(results["local"]["wall_s"] / result["wall_s"], 2)
            results[f"dask-{n}"] = result
            shutil.rmtree(out)
    digests = {v["digest"] for k, v in results.items() if isinstance(v, dict)}
    results["same_rows"] = len(digests) == 1
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
