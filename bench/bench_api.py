"""Benchmark: REST API latency on generated stores.

    python bench/bench_api.py [--sizes 10000 100000] [--repeat 40]

For each size N it generates a store of N articles straight into the tables the API reads
(``articles``, ``article_stories``, ``stories``, ``events``, ``event_members``; about one event per
1.6 articles, 2.5 members per event, points scattered over 26 countries, dates over 400 days),
with SQL (no NLP runs: the figures are those of the query layer and the server, not of ingest).
It then starts the application in process (FastAPI's TestClient: the ASGI app, its middleware and
the snapshot, without a socket) and times each request ``--repeat`` times after one warm-up:
median and 95th percentile in milliseconds. The smallest size is the baseline; the last column is
the ratio of each p95 to the baseline's p95 for the same request (1.0: no growth). JSON goes to
``bench/results/api.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from eventwire.serve.app import create_app
from eventwire.store import Store
from eventwire.store.events import EventTables

RESULTS = Path(__file__).parent / "results"

REQUESTS = {
    "events (first page)": "/api/events?limit=50",
    "events, country + min_sources": "/api/events?country=AH&min_sources=2&limit=50",
    "events, since/until + type": "/api/events?since=2026-02-01&until=2026-02-28&type=ASSAULT",
    "events, bbox": "/api/events?bbox=10,10,20,20&limit=50",
    "events, text query": "/api/events?q=convoy&limit=50",  # a word of every event
    "events, text query, 2 words": "/api/events?q=37%20killed&limit=50",  # 1 event in 50
    "events, page 20 (cursor)": None,  # filled in: the cursor of page 20
    "events geojson (500)": "/api/events?format=geojson&limit=500",
    "one event": None,  # filled in: the first event
    "timeline, country": "/api/timeline?country=AH",
    "articles (first page)": "/api/articles?limit=50",
    "one story": None,
}


def generate(path: Path, n_articles: int) -> None:
    n_events = int(n_articles / 1.6)
    n_stories = max(1, n_articles // 8)
    with Store(path) as store:
        con = store.con
        con.execute(
            "INSERT INTO articles (id, content_hash, url, outlet, domain, title, published, "
            "language, text, word_count, source, source_format, ingested_at, updated_at) "
            "SELECT 'a' || i, 'h' || i, 'https://outlet' || (i % 300) || '.example/' || i, "
            "'Outlet ' || (i % 300), 'outlet' || (i % 300) || '.example', "
            "'Title of article ' || i, TIMESTAMP '2026-01-01' + to_minutes(i * 6), 'en', "
            "'Fighters attacked a convoy near the town on Monday, officials said. ' || "
            "'Residents reported ' || (i % 50) || ' people killed in the attack. ' || "
            "'The army said it had sent reinforcements to the area.', 30, 'generated', 'text', "
            "now(), now() FROM range(?) t(i)",
            [n_articles],
        )
        con.execute(
            "INSERT INTO stories SELECT 'story-' || s, 'a' || (s * 8), 8, 3, "
            "TIMESTAMP '2026-01-01' + to_minutes(s * 48), "
            "TIMESTAMP '2026-01-01' + to_minutes(s * 48 + 40), 'Story ' || s FROM range(?) t(s)",
            [n_stories],
        )
        con.execute(
            "INSERT INTO article_stories SELECT 'a' || i, 'story-' || (i // 8), 0.5 "
            "FROM range(?) t(i)",
            [n_articles],
        )
        columns = [r[0] for r in con.execute("DESCRIBE events").fetchall()]
        values = {
            "event_id": "'ev' || lpad(CAST(e AS VARCHAR), 14, '0')",
            "plover_type": "CASE e % 4 WHEN 0 THEN 'ASSAULT' WHEN 1 THEN 'PROTEST' "
            "WHEN 2 THEN 'COERCE' ELSE 'ACCUSE' END",
            "plover_type_agree": "2",
            "status": "'happened'",
            "place_name": "'Town ' || (e % 997)",
            "lat": "-40 + (e * 7919 % 8000) / 100.0",
            "lon": "-60 + (e * 104729 % 12000) / 100.0",
            "place_precision": "'point'",
            "country_iso": "'A' || chr(CAST(65 + e % 26 AS INTEGER))",
            "date_start": "DATE '2026-01-01' + CAST(e % 400 AS INTEGER)",
            "date_end": "DATE '2026-01-01' + CAST(e % 400 AS INTEGER)",
            "date_precision": "'day'",
            "date_source": "'text'",
            "denied": "false",
            "mentions": "2 + e % 3",
            "articles": "1 + e % 5",
            "outlets": "1 + e % 4",
            "independent_sources": "1 + e % 4",
            "first_article_id": "'a' || (e * 16 // 10)",
            "first_outlet": "'Outlet ' || (e % 300)",
            "first_published": "TIMESTAMP '2026-01-01' + to_minutes(e * 10)",
            "story_id": "'story-' || (e * 16 // 80)",
            "killed_best": "CASE WHEN e % 3 = 0 THEN e % 50 END",
            "flags": "''",
        }
        select = ", ".join(values.get(c, "NULL") for c in columns)
        con.execute(f"INSERT INTO events SELECT {select} FROM range(?) t(e)", [n_events])
        member_cols = [r[0] for r in con.execute("DESCRIBE event_members").fetchall()]
        member_values = {
            "event_id": "'ev' || lpad(CAST(m // 5 AS VARCHAR), 14, '0')",
            "article_id": "'a' || ((m // 5) * 16 // 10 + m % 5)",
            "mention_idx": "m % 5",
            "sentence_start": "0",
            "sentence_end": "70",
            "trigger_start": "9",
            "trigger_end": "17",
            "outlet": "'Outlet ' || (m % 300)",
            "published": "TIMESTAMP '2026-01-01' + to_minutes(m * 4)",
            "copied": "m % 5 = 4",
            "source_group": "0",
            "status": "'happened'",
        }
        select = ", ".join(member_values.get(c, "NULL") for c in member_cols)
        con.execute(
            f"INSERT INTO event_members SELECT {select} FROM range(?) t(m) WHERE m % 5 < 3 "
            "OR m % 5 = 4",
            [n_events * 5],
        )
        ids = [r[0] for r in con.execute("SELECT event_id FROM events").fetchall()]
        EventTables(store).index_words(ids)


def measure(path: Path, repeat: int) -> dict[str, Any]:
    app = create_app(path)
    out: dict[str, Any] = {}
    with TestClient(app) as client:
        first = client.get("/api/events?limit=1").json()["items"][0]
        urls = dict(REQUESTS)
        urls["one event"] = f"/api/events/{first['event_id']}"
        cursor = None
        for _ in range(19):
            cursor = client.get(
                "/api/events?limit=50" + (f"&cursor={cursor}" if cursor else "")
            ).json()["next_cursor"]
        urls["events, page 20 (cursor)"] = f"/api/events?limit=50&cursor={cursor}"
        urls["one story"] = f"/api/stories/{first['story_id']}"
        for name, url in urls.items():
            assert url is not None
            status = client.get(url).status_code  # warm-up
            assert status == 200, (name, url, status)
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            out[name] = {
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            }
    app.state.snapshot.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"api-{n}.duckdb"
            start = time.perf_counter()
            generate(path, n)
            built = time.perf_counter() - start
            results[str(n)] = {
                "generate_s": round(built, 1),
                "requests": measure(path, args.repeat),
            }
            print(f"{n} articles: store generated in {built:.1f} s", flush=True)
    base = results[str(args.sizes[0])]["requests"]
    header = "request".ljust(34) + "".join(f"{n:>12} med {n:>8} p95" for n in args.sizes)
    print(header + "  p95 ratio")
    for name in base:
        row = name.ljust(34)
        for n in args.sizes:
            r = results[str(n)]["requests"][name]
            row += f"{r['median_ms']:>16.1f} {r['p95_ms']:>12.1f}"
        last = results[str(args.sizes[-1])]["requests"][name]["p95_ms"]
        row += f"  {last / base[name]['p95_ms']:.2f}"
        print(row)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
