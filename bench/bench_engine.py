"""Engine benchmark: one corpus packed as WARC files, ingested locally and on a Dask LocalCluster.

    python bench/bench_engine.py [--articles 10000] [--per-warc 500] [--workers 1 2]

It generates ``--articles`` news-style HTML pages (the sentences of ``bench_load.py``, with a
headline and a publication time in the page's metadata), packs them as gzipped WARC files of
``--per-warc`` response records, and runs the real ``eventwire -v ingest WARC_FOLDER`` with the
default pipeline into a new store for each configuration, in this order and in the same run:

* ``local, 1 process``: ``--engine local --n-process 1``;
* ``local, n_process 2``: ``--engine local --n-process 2``;
* ``dask, N workers``: ``--engine dask --workers N`` for each ``--workers`` value.

For each it reports the wall time, articles per second, CPU seconds of the whole process tree,
the peak RSS of the command's process and of its largest child process (a spaCy worker or a
Dask worker; sampled with psutil every half second), the time before the store stages start
(read, parse and extract) and in each store stage (from the command's ``-v`` log), and the ratio
of its articles per second to the ``local, 1 process`` run's, measured in the same run. JSON goes
to ``bench/results/engine.json``.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench_load import records, run_ingest

RESULTS = Path(__file__).parent / "results"


def page(record: dict[str, str]) -> bytes:
    """An article page for the HTML reader: headline, publication time, paragraphs."""
    paragraphs = "".join(f"<p>{html.escape(s)}.</p>" for s in record["text"].split(". ") if s)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(record['title'])}</title>"
        f"<meta property='article:published_time' content='{record['published']}'>"
        f"</head><body><article><h1>{html.escape(record['title'])}</h1>{paragraphs}"
        "</article></body></html>"
    ).encode()


def pack(folder: Path, n_articles: int, per_warc: int) -> None:
    items = records(n_articles, 40)
    for start in range(0, len(items), per_warc):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        for record in items[start : start + per_warc]:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    record["url"], "response", payload=io.BytesIO(page(record)), http_headers=http
                )
            )
        (folder / f"news-{start // per_warc:05d}.warc.gz").write_bytes(buffer.getvalue())


def _sample(proc: psutil.Process, peaks: dict[str, float], done: threading.Event) -> None:
    """Peak RSS of the command's process and of its largest child, and the CPU seconds of every
    process of the tree (the last reading of each)."""
    cpu: dict[int, float] = {}
    while not done.is_set():
        try:
            tree = [proc, *proc.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                rss = p.memory_info().rss / 1e6
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
            except psutil.Error:
                continue
            role = "main" if p.pid == proc.pid else "child"
            peaks[role] = max(peaks.get(role, 0.0), rss)
        peaks["cpu_s"] = sum(cpu.values())
        time.sleep(0.5)


def run(folder: Path, db: Path, args: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "eventwire.cli", "-v", "ingest", str(folder), "--db", str(db)]
    peaks: dict[str, float] = {}
    done = threading.Event()
    samplers: list[threading.Thread] = []

    def sample(proc: subprocess.Popen[str]) -> None:
        thread = threading.Thread(target=_sample, args=(psutil.Process(proc.pid), peaks, done))
        thread.start()
        samplers.append(thread)

    result = run_ingest([*cmd, *args], on_start=sample)
    done.set()
    for sampler in samplers:
        sampler.join()
    return {
        "exit_code": result["exit_code"],
        "wall_s": result["wall_s"],
        "cpu_s": round(peaks.get("cpu_s", 0.0), 1),
        "peak_rss_mb_main": round(peaks.get("main", 0.0)),
        # the largest other process: a spaCy worker (n_process 2) or a Dask worker
        "peak_rss_mb_child": round(peaks["child"]) if "child" in peaks else None,
        "phases_s": result["phases_s"],
        "summary": result["stdout"].strip().splitlines()[:1],
        "stderr_tail": result["stderr_tail"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-warc", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    configs = [
        ("local, 1 process", ["--engine", "local", "--n-process", "1"]),
        ("local, n_process 2", ["--engine", "local", "--n-process", "2"]),
        *((f"dask, {n} workers", ["--engine", "dask", "--workers", str(n)]) for n in args.workers),
    ]
    out: dict[str, Any] = {"articles": args.articles, "per_warc": args.per_warc, "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "warc"
        folder.mkdir()
        pack(folder, args.articles, args.per_warc)
        for i, (name, flags) in enumerate(configs):
            result = run(folder, Path(tmp) / f"store-{i}.duckdb", flags)
            parse = result["phases_s"]["read, parse and extract"]
            result["articles_per_s"] = round(args.articles / result["wall_s"], 1)
            result["articles_per_s_parse"] = round(args.articles / parse, 1) if parse else None
            result["store_stage_share"] = round(1 - parse / result["wall_s"], 3)
            out["runs"][name] = result
            print(name, json.dumps(result), file=sys.stderr, flush=True)
    base = out["runs"]["local, 1 process"]
    for result in out["runs"].values():
        result["speedup"] = round(result["articles_per_s"] / base["articles_per_s"], 2)
        if result["articles_per_s_parse"] and base["articles_per_s_parse"]:
            result["speedup_parse"] = round(
                result["articles_per_s_parse"] / base["articles_per_s_parse"], 2
            )
    print(json.dumps(out, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "engine.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
