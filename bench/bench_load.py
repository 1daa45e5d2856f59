"""Load benchmark: one ``eventwire ingest`` of many short JSONL records, end to end.

    python bench/bench_load.py [--records 100000] [--words 40] [--n-process 2] [--workdir DIR]
                               [--recent-dates] [--days 90]

It writes ``--records`` short news-style records (a headline and about ``--words`` words from
varied templates with random names, places and numbers; one in ten a verbatim reprint of an
earlier one) to one JSONL file, then runs the real command, ``eventwire ingest FILE --db STORE``
with the default pipeline (normalise, spaCy, every extractor, provenance, stories, fusion) in a
subprocess, and reports its wall time, records per second, the peak memory of the process tree
(``ru_maxrss`` of the children: the largest single process), the time spent in each phase (read,
parse and extract; then each store stage, from the command's ``-v`` log lines as they arrive)
and the command's closing summary. JSON goes to ``bench/results/load.json``.

The records are published over ``--days`` days (90). Their sentences name weekdays and dates
anywhere in January to March, whatever their publication date (every incident can be reported
at any time: the worst case for blocking by day); with ``--recent-dates``, dates of the week
before publication, as news does.

With ``--workdir`` the corpus and the store are kept in that folder instead of a temporary one; a
second run with the same folder and record count resumes an interrupted load (the command skips
the stored articles and each store stage takes up where it stopped), and its JSON says so
(``"resumed": true``): its times are those of the second run only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"

PLACES = [
    "Mosul", "Kirkuk", "El Fasher", "Goma", "Bamako", "Kherson", "Idlib", "Marib", "Kassala",
    "Gao", "Mopti", "Bunia", "Beni", "Kidal", "Aden", "Taiz", "Raqqa", "Deir ez-Zor", "Homs",
    "Nyala", "Kadugli", "Maiduguri", "Zaria", "Mogadishu", "Kismayo", "Baidoa", "Mekelle",
]  # fmt: skip
NAMES = ["Karim", "Amina", "Yusuf", "Leila", "Omar", "Fatima", "Ibrahim", "Nadia", "Hassan"]
SURNAMES = ["Haddad", "Okafor", "Mensah", "Diallo", "Rahimi", "Kovalenko", "Nour", "Tahir"]
ACTORS = ["the army", "police", "rebels", "militants", "protesters", "a local militia", "soldiers"]
TEMPLATES = [
    "{actor} attacked a checkpoint near {place} on {day}, killing {n} people, officials said.",
    "At least {n} people were injured when {actor} clashed near {place} on {day}.",
    "Hundreds of {who} marched through {place} on {day} to demand the release of {n} detainees.",
    "{actor} said they had arrested {n} suspects in {place} after the attack on {day}.",
    "Aid agencies said {n} families had fled {place} since {day} because of the fighting.",
    "A spokesman for {actor} denied any role in the explosion in {place} on {day}.",
    "{name}, a resident of {place}, said {n} houses were destroyed by shelling on {day}.",
    "The governor of {place}, {name}, imposed a curfew after {n} people were killed on {day}.",
]
STAGE_LINE = re.compile(r"running (\w+)(?:@\d+)? over the store")
PROGRESS_LINE = re.compile(r"fusion: \d+ of \d+ articles")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAYS += [f"{month} {d}" for month in ("January", "February", "March") for d in range(1, 29)]


def records(
    n: int, words: int, seed: int = 7, *, recent: bool = False, days: int = 90
) -> list[dict[str, str]]:
    """``n`` records published over ``days`` days; with ``recent``, the dates their sentences
    name fall in the week before publication (as in news), else anywhere in January to March."""
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    start = date(2026, 1, 1)
    for i in range(n):
        when = start + timedelta(days=i * days // n)
        recent_days = [*DAYS[:7], *(_spoken(when - timedelta(days=k)) for k in range(1, 8))]
        if i > 10 and rng.random() < 0.1:
            copy = dict(rng.choice(out[-200:]))
            copy["url"] = f"https://reprint{rng.randrange(50)}.example/{i}"
            out.append(copy)
            continue
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < words:
            sentences.append(
                rng.choice(TEMPLATES).format(
                    actor=rng.choice(ACTORS),
                    place=rng.choice(PLACES),
                    day=rng.choice(recent_days if recent else DAYS),
                    n=rng.randrange(2, 90),
                    who=rng.choice(["students", "farmers", "workers", "residents"]),
                    name=f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                )
            )
        text = " ".join(s[0].upper() + s[1:] for s in sentences)
        if recent or days != 90:
            published = f"{when.isoformat()}T08:00:00Z"
        else:  # the dates of the first runs, kept so that their stores can be resumed
            day = 1 + i * 90 // n
            published = f"2026-{1 + (day - 1) // 30:02d}-{1 + (day - 1) % 28:02d}T08:00:00Z"
        out.append(
            {
                "url": f"https://outlet{rng.randrange(300)}.example/{i}",
                "title": sentences[0][:80],
                "published": published,
                "text": text,
            }
        )
    return out


def _spoken(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}"


def run_ingest(
    cmd: list[str], on_start: Callable[[subprocess.Popen[str]], None] | None = None
) -> dict[str, Any]:
    """Run an ``eventwire -v ingest`` command line: its exit code, wall time, standard output,
    the seconds of each phase (read, parse and extract, then each store stage, from its ``-v``
    log lines as they arrive, each also printed on stderr) and the last lines of its stderr
    other than the log. ``on_start`` is called with the process once it has started."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if on_start is not None:
        on_start(proc)
    marks: list[tuple[str, float]] = [("read, parse and extract", 0.0)]
    tail: list[str] = []

    def watch() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            found = STAGE_LINE.search(line)
            if found:
                marks.append((found.group(1), time.perf_counter() - start))
                print(f"{marks[-1][1]:.0f} s: {found.group(1)}", file=sys.stderr, flush=True)
            elif progress := PROGRESS_LINE.search(line):
                now = time.perf_counter() - start
                print(f"{now:.0f} s: {progress.group(0)}", file=sys.stderr, flush=True)
            tail[:] = [*tail[-4:], line.rstrip()]

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stdout = proc.stdout.read() if proc.stdout is not None else ""
    code = proc.wait()
    watcher.join()
    wall = time.perf_counter() - start
    return {
        "exit_code": code,
        "wall_s": round(wall, 1),
        "stdout": stdout,
        "phases_s": {
            name: round((marks[i + 1][1] if i + 1 < len(marks) else wall) - at, 1)
            for i, (name, at) in enumerate(marks)
        },
        "stderr_tail": [line for line in tail if not line.startswith("INFO ")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=40)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--workdir", type=Path, help="keep the corpus and store here (resumable)")
    parser.add_argument("--days", type=int, default=90, help="days the records are published over")
    parser.add_argument(
        "--recent-dates",
        action="store_true",
        help="sentences name dates of the week before publication (default: any in Jan-Mar)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.workdir or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        name = f"load-{args.records}-{args.words}"
        if args.recent_dates or args.days != 90:
            name += f"-{args.days}d" + ("-recent" if args.recent_dates else "")
        corpus = tmp / f"{name}.jsonl"
        if not corpus.exists():
            with corpus.open("w", encoding="utf-8") as fh:
                for record in records(
                    args.records, args.words, recent=args.recent_dates, days=args.days
                ):
                    fh.write(json.dumps(record) + "\n")
        db = tmp / f"{name}.duckdb"
        resumed = db.exists()
        cmd = [sys.executable, "-m", "eventwire.cli", "-v", "ingest", str(corpus), "--db", str(db)]
        run = run_ingest([*cmd, "--n-process", str(args.n_process)])
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = db.stat().st_size / 1e6 if db.exists() else 0.0
    result = {
        "records": args.records,
        "words_per_record": args.words,
        "n_process": args.n_process,
        "resumed": resumed,
        "exit_code": run["exit_code"],
        "wall_s": run["wall_s"],
        "records_per_s": round(args.records / run["wall_s"], 1),
        "peak_rss_mb": round(peak_mb),
        "store_mb": round(size_mb),
        "phases_s": run["phases_s"],
        "summary": run["stdout"].strip().splitlines(),
        "stderr_tail": run["stderr_tail"],
    }
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
