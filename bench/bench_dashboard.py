"""Benchmark: the dashboard in Chromium, and situation reports for a large story.

    python bench/bench_dashboard.py [--sizes 10000 100000] [--repeat 10] [--report-repeat 5]

**Dashboard.** For each size N it generates a store of N articles with ``generate`` from
``bench/bench_api.py`` (the tables the API reads, written with SQL; no NLP runs), starts the real
server (``create_app`` under uvicorn, in a background thread, on a free local port) and drives
Debian's chromium (``/usr/bin/chromium``, or ``EVENTWIRE_CHROMIUM``) with Playwright, launched
as ``tests/serve/test_browser.py`` launches it. Each repetition uses a fresh browser context (so
a cold HTTP cache) and a fresh page:

- **first load**: from ``page.goto("/")`` until the page has drawn its map markers
  (``#map .marker`` or ``#map .cluster``), its event list (``#events tbody tr``) and set
  ``body[data-ready]`` (the dashboard sets it once the events and the timeline are drawn). The
  dashboard reads up to 20 pages of 500 events (10,000 rows at most), so the larger stores are
  capped there;
- **filter change**: the page is first loaded (not timed), the country field is set to ``AH``
  (1 of the 26 generated countries); the clock runs from the click on the form's submit button
  until the URL holds ``country=AH``, ``body[data-ready]`` is back and the list shows as many
  rows as the API gives for that filter (capped at 10,000 as above).

Each is repeated ``--repeat`` times after one warm-up load; median and 95th percentile in
milliseconds. The smallest size is the baseline: the ratio columns give each figure of the
largest size divided by the baseline's, both measured in the same run.

**Reports.** A store of the smallest size is generated, then one story is added to it: 500 new
articles (copies of generated ones under new ids) in ``article_stories`` for ``story-big``, a
``stories`` row, and the events whose first 500 generated articles report them copied under new
ids with ``story_id = 'story-big'`` together with their ``event_members`` rows, which point at
the new articles (members alternate between two source groups and carry killed figures, so the
report has figures and conflicts to show). ``build_report`` for that story and
``render_report`` in ``md``, ``html`` and ``pdf`` are timed ``--report-repeat`` times each after
one warm-up (median and minimum in milliseconds). A report lists at most 300 events
(``MAX_EVENTS``).

JSON goes to ``bench/results/dashboard.json``. Nothing is asserted about the times.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from eventwire.report import Selection, build_report, render_report
from eventwire.serve.app import create_app
from eventwire.store import Store

HERE = Path(__file__).parent
RESULTS = HERE / "results"
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # as in tests/serve/test_browser.py
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HOST = "127.0.0.1"
COUNTRY = "AH"
MAX_ROWS = 20 * 500  # the dashboard reads at most 20 pages of 500 events
BIG_STORY = "story-big"
STORY_ARTICLES = 500

_spec = importlib.util.spec_from_file_location("bench_api", HERE / "bench_api.py")
assert _spec is not None and _spec.loader is not None
_bench_api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench_api)
generate: Callable[[Path, int], None] = _bench_api.generate

_DRAWN = """() => document.body.hasAttribute('data-ready')
  && document.querySelector('#map .marker, #map .cluster') !== null
  && document.querySelector('#events tbody tr') !== null"""

_FILTERED = """(rows) => document.location.search.includes('country=AH')
  && document.body.hasAttribute('data-ready')
  && document.querySelectorAll('#events tbody tr').length === rows"""


def _stats(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(path: Path) -> Iterator[str]:
    """The real server (uvicorn) over ``create_app(path)`` in a background thread."""
    app = create_app(str(path))
    server = uvicorn.Server(
        uvicorn.Config(app, host=HOST, port=_free_port(), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.snapshot.close()


def _new_page(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    return context, page


def first_load(browser: Any, base_url: str) -> tuple[float, int, int]:
    """Milliseconds from goto to markers and list drawn; the rows and map events shown."""
    context, page = _new_page(browser)
    try:
        start = time.perf_counter()
        page.goto(base_url + "/", wait_until="commit")
        page.wait_for_function(_DRAWN, polling="raf")
        elapsed = (time.perf_counter() - start) * 1000
        rows = page.locator("#events tbody tr").count()
        located = int(page.get_attribute("#map", "data-events") or 0)
        return elapsed, rows, located
    finally:
        context.close()


def filter_change(browser: Any, base_url: str, rows: int) -> float:
    """Milliseconds from the submit click to the narrowed list (``rows`` rows) and URL."""
    context, page = _new_page(browser)
    try:
        page.goto(base_url + "/", wait_until="commit")
        page.wait_for_function(_DRAWN, polling="raf")
        page.fill("#f-country", COUNTRY)
        start = time.perf_counter()
        page.click("#filters button[type=submit]")
        page.wait_for_function(_FILTERED, arg=rows, polling="raf")
        return (time.perf_counter() - start) * 1000
    finally:
        context.close()


def measure_dashboard(browser: Any, path: Path, repeat: int) -> dict[str, Any]:
    with serve(path) as base_url:
        with httpx.Client(base_url=base_url, timeout=60) as api:
            total = api.get("/api/events", params={"limit": 1}).json()["total"]
            narrowed = api.get("/api/events", params={"limit": 1, "country": COUNTRY}).json()[
                "total"
            ]
        expected = min(narrowed, MAX_ROWS)
        first_load(browser, base_url)  # warm-up: the server's first reads, chromium's start
        loads: list[float] = []
        shown = (0, 0)
        for _ in range(repeat):
            ms, rows, located = first_load(browser, base_url)
            loads.append(ms)
            shown = (rows, located)
        filters = [filter_change(browser, base_url, expected) for _ in range(repeat)]
    return {
        "events": total,
        "rows_shown": shown[0],
        "map_events": shown[1],
        "filtered_events": narrowed,
        "filtered_rows": expected,
        "first_load": _stats(loads),
        "filter_change": _stats(filters),
    }


# ---------------------------------------------------------------------- reports
def add_big_story(path: Path) -> int:
    """Add a story of 500 new articles with its events (see the module docstring); returns the
    number of events it has."""
    with Store(path) as store:
        con = store.con
        con.execute(
            "INSERT INTO articles SELECT * REPLACE ('r' || substr(id, 2) AS id, "
            "'r' || content_hash AS content_hash, url || '-r' AS url) FROM articles "
            "WHERE CAST(substr(id, 2) AS INTEGER) < ?",
            [STORY_ARTICLES],
        )
        con.execute(
            "INSERT INTO article_stories SELECT 'r' || i, ?, 0.5 FROM range(?) t(i)",
            [BIG_STORY, STORY_ARTICLES],
        )
        con.execute(
            "INSERT INTO stories VALUES (?, 'r0', ?, 4, TIMESTAMP '2026-01-01', "
            "TIMESTAMP '2026-01-01' + to_minutes(?), 'A story of 500 articles')",
            [BIG_STORY, STORY_ARTICLES, STORY_ARTICLES * 6],
        )
        # The generated events whose members all lie in the first 500 articles.
        con.execute(
            "CREATE TEMP TABLE big_events AS SELECT event_id FROM event_members "
            "GROUP BY event_id HAVING max(CAST(substr(article_id, 2) AS INTEGER)) < ?",
            [STORY_ARTICLES],
        )
        con.execute(
            "INSERT INTO events SELECT * REPLACE ('evr' || substr(event_id, 4) AS event_id, "
            "? AS story_id, 'r' || substr(first_article_id, 2) AS first_article_id) "
            "FROM events WHERE event_id IN (SELECT event_id FROM big_events)",
            [BIG_STORY],
        )
        con.execute(
            "INSERT INTO event_members SELECT * REPLACE ('evr' || substr(event_id, 4) AS event_id, "
            "'r' || substr(article_id, 2) AS article_id, "
            "CAST(mention_idx % 2 AS VARCHAR) AS source_group, "
            "CASE WHEN NOT copied THEN 3 + mention_idx END AS killed_best) "
            "FROM event_members WHERE event_id IN (SELECT event_id FROM big_events)"
        )
        row = con.execute("SELECT count(*) FROM events WHERE story_id = ?", [BIG_STORY]).fetchone()
        assert row is not None
        return int(row[0])


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[dict[str, float], Any]:
    out = fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
    }, out


def measure_reports(path: Path, repeat: int) -> dict[str, Any]:
    events = add_big_story(path)
    out: dict[str, Any] = {"story_articles": STORY_ARTICLES, "story_events": events}
    selection = Selection(story=BIG_STORY)
    with Store(path) as store:
        out["build_report"], report = _timed(lambda: build_report(store, selection), repeat)
        out["report_events"] = len(report.events)
        for fmt in ("md", "html", "pdf"):
            stats, data = _timed(lambda fmt=fmt: render_report(report, fmt), repeat)
            stats["bytes"] = len(data)
            out[f"render_{fmt}"] = stats
            both, _ = _timed(
                lambda fmt=fmt: render_report(build_report(store, selection), fmt), repeat
            )
            out[f"build_and_render_{fmt}"] = both
    return out


# ---------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--report-repeat", type=int, default=5)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium")
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "repeat": args.repeat,
        "dashboard": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["machine"]["chromium"] = browser.version
            for n in args.sizes:
                path = Path(tmp) / f"dash-{n}.duckdb"
                start = time.perf_counter()
                generate(path, n)
                built = time.perf_counter() - start
                print(f"{n} articles: store generated in {built:.1f} s", flush=True)
                figures = measure_dashboard(browser, path, args.repeat)
                results["dashboard"][str(n)] = {"generate_s": round(built, 1), **figures}
                print(
                    f"  first load {figures['first_load']['median_ms']:.0f} ms, "
                    f"filter change {figures['filter_change']['median_ms']:.0f} ms (median)",
                    flush=True,
                )
            browser.close()
        path = Path(tmp) / "report.duckdb"
        generate(path, args.sizes[0])
        results["report"] = {
            "store_articles": args.sizes[0] + STORY_ARTICLES,
            **measure_reports(path, args.report_repeat),
        }

    base = results["dashboard"][str(args.sizes[0])]
    last = results["dashboard"][str(args.sizes[-1])]
    print()
    header = "dashboard (ms)".ljust(16) + "".join(f"{n:>10} med {n:>8} p95" for n in args.sizes)
    print(header + "  med ratio  p95 ratio")
    for name in ("first_load", "filter_change"):
        row = name.replace("_", " ").ljust(16)
        for n in args.sizes:
            r = results["dashboard"][str(n)][name]
            row += f"{r['median_ms']:>14.0f} {r['p95_ms']:>12.0f}"
        row += f"  {last[name]['median_ms'] / base[name]['median_ms']:>9.2f}"
        row += f"  {last[name]['p95_ms'] / base[name]['p95_ms']:>9.2f}"
        print(row)
    for n in args.sizes:
        d = results["dashboard"][str(n)]
        print(
            f"{n} articles: {d['events']} events, {d['rows_shown']} rows and {d['map_events']} "
            f"map events shown; filter country={COUNTRY}: {d['filtered_events']} events, "
            f"{d['filtered_rows']} rows"
        )
    rep = results["report"]
    print()
    print(
        f"report of a story of {rep['story_articles']} articles, {rep['story_events']} events "
        f"({rep['report_events']} listed), store of {rep['store_articles']} articles"
    )
    print("step".ljust(24) + f"{'median ms':>12}{'min ms':>10}{'bytes':>12}")
    print("build_report".ljust(24) + f"{rep['build_report']['median_ms']:>12.1f}", end="")
    print(f"{rep['build_report']['min_ms']:>10.1f}")
    for fmt in ("md", "html", "pdf"):
        r = rep[f"render_{fmt}"]
        print(
            f"render {fmt}".ljust(24) + f"{r['median_ms']:>12.1f}{r['min_ms']:>10.1f}"
            f"{r['bytes']:>12}"
        )
        b = rep[f"build_and_render_{fmt}"]
        print(f"build + render {fmt}".ljust(24) + f"{b['median_ms']:>12.1f}{b['min_ms']:>10.1f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dashboard.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
