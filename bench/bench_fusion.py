"""Benchmark: the event fusion of a whole store, fused again from scratch.

    python bench/bench_fusion.py STORE [--batch-size N]

Copies ``STORE`` (a DuckDB file written by ``eventwire ingest``, for example the one that
``bench/bench_load.py --workdir DIR`` leaves) to a temporary folder, so that the store itself is
not changed, and runs ``run_fusion(rebuild=True)`` on the copy in a fresh process: every article
is fused again, in publication order, in batches of ``--batch-size`` articles (the stage's default
when not given). A rebuild empties every table of the events level first, the copies' kept dates
(``fusion_dates``) included, so every copied date is read again.

It prints, as JSON, the CPU and wall time of the fusion, the CPU seconds of each batch (from the
stage's ``fusion: N of M articles`` log lines), the peak RSS of the process, and the stage's
summary (articles processed, pair comparisons, events and members). Run two versions of
the code on the same store one after the other and compare the figures: the ratio is the result.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROGRESS = re.compile(r"fusion: (\d+) of \d+ articles")


class _Batches(logging.Handler):
    """The CPU seconds of each batch, read from the stage's progress lines as they come."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.last = time.process_time()
        self.batches: list[dict[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = PROGRESS.search(record.getMessage())
        if found:
            now = time.process_time()
            self.batches.append(
                {"articles": int(found.group(1)), "cpu_s": round(now - self.last, 2)}
            )
            self.last = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store written by eventwire ingest")
    parser.add_argument("--batch-size", type=int, default=None, help="articles a batch")
    args = parser.parse_args()
    if not args.store.is_file():
        sys.exit(f"{args.store}: no such store")

    from eventwire.fusion.run import run_fusion
    from eventwire.settings import load_settings
    from eventwire.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / args.store.name
        shutil.copyfile(args.store, copy)
        wal = args.store.with_name(args.store.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
        batches = _Batches()
        stage_log = logging.getLogger("eventwire.fusion.run")
        stage_log.addHandler(batches)
        stage_log.setLevel(logging.INFO)
        with Store(copy) as store:
            cpu, wall = time.process_time(), time.perf_counter()
            batches.last = cpu
            summary = run_fusion(
                store, settings=load_settings(), rebuild=True, batch_size=args.batch_size
            )
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    result = {
        "store": str(args.store),
        "batch_size": args.batch_size,
        "cpu_s": round(cpu, 1),
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        **summary.as_dict(),
        "batches": batches.batches,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
