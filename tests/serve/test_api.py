"""The REST API through FastAPI's TestClient, over the sample corpus ingested into a real store."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.pipeline import run_pipeline
from eventwire.query import MAX_PAGE
from eventwire.serve.app import CSP, create_app
from eventwire.settings import load_settings
from eventwire.store import Store
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    path = folder / "sample.duckdb"
    with Store(path) as store:
        run_pipeline(
            [str(SAMPLES / "corpus")], settings=load_settings(environ={}, cwd=folder), store=store
        )
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(db)
    with TestClient(app) as c:
        yield c
    app.state.snapshot.close()


def _events_in_store(db: Path, where: str = "TRUE", params: list[Any] | None = None) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(f"SELECT event_id FROM events WHERE {where}", params or []).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def _all(client: TestClient, url: str, limit: int = 7) -> list[dict[str, Any]]:
    """Every item of a list, page by page."""
    items: list[dict[str, Any]] = []
    cursor = None
    sep = "&" if "?" in url else "?"
    for _ in range(1000):
        page = client.get(f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            assert len(items) == body["total"]
            return items
    raise AssertionError("pagination did not end")


def test_event_pages_cover_the_store_once_in_a_stable_order(client: TestClient, db: Path) -> None:
    items = _all(client, "/api/events")
    ids = [e["event_id"] for e in items]
    assert len(ids) == len(set(ids))
    assert set(ids) == _events_in_store(db)
    keys = [(-e["independent_sources"], -e["articles"]) for e in items]
    assert keys == sorted(keys)
    assert ids == [e["event_id"] for e in _all(client, "/api/events", limit=13)]


def test_filters_narrow_the_events_as_the_store_says(client: TestClient, db: Path) -> None:
    cases = [
        ("min_sources=2", "independent_sources >= 2", []),
        ("country=iq", "upper(country_iso) = 'IQ'", []),
        ("type=PROTEST", "plover_type = 'PROTEST'", []),
        ("status=planned", "status = 'planned'", []),
        ("bbox=42,35,45,37.5", "lat BETWEEN 35 AND 37.5 AND lon BETWEEN 42 AND 45", []),
        (
            "since=2026-03-10",
            "coalesce(date_end, CAST(first_published AS DATE)) >= '2026-03-10'",
            [],
        ),
    ]
    everything = _events_in_store(db)
    for query, where, params in cases:
        expected = _events_in_store(db, where, params)
        got = {e["event_id"] for e in _all(client, f"/api/events?{query}", limit=50)}
        assert got == expected, query
        assert 0 < len(got) < len(everything), query


def _events_with_words(db: Path, words: set[str]) -> set[str]:
    """Events whose evidence sentences hold every one of ``words`` (read here with Python's
    own regular expressions, not the store's index)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT m.event_id, substr(a.text, m.sentence_start + 1, "
            "m.sentence_end - m.sentence_start) FROM event_members m "
            "JOIN articles a ON a.id = m.article_id"
        ).fetchall()
    finally:
        con.close()
    held: dict[str, set[str]] = {}
    for event_id, sentence in rows:
        held.setdefault(event_id, set()).update(re.findall(r"[^\W_]+", sentence.lower()))
    return {e for e, w in held.items() if words <= w}


def test_full_text_query_finds_words_of_the_evidence(client: TestClient, db: Path) -> None:
    found = {e["event_id"] for e in _all(client, "/api/events?q=Old%20City", limit=50)}
    assert found and found == _events_with_words(db, {"old", "city"})
    # any case, any order, punctuation between words ignored
    again = _all(client, "/api/events?q=city,%20OLD", limit=50)
    assert {e["event_id"] for e in again} == found
    narrower = {e["event_id"] for e in _all(client, "/api/events?q=Old%20City%20sniper", limit=50)}
    assert narrower == _events_with_words(db, {"old", "city", "sniper"}) and narrower < found
    assert client.get("/api/events?q=zzqqxx-nothing").json()["total"] == 0
    # no word at all ("%%%"): nothing matches, and "%" is never a wildcard
    assert client.get("/api/events?q=%25%25%25").json()["total"] == 0


def test_one_event_with_its_evidence_and_sources(client: TestClient) -> None:
    top = client.get("/api/events?limit=1").json()["items"][0]
    detail = client.get(f"/api/events/{top['event_id']}").json()
    assert detail["event_id"] == top["event_id"]
    assert sum(s["independent"] for s in detail["sources"]) == top["independent_sources"]
    assert len(detail["evidence"]) == top["mentions"]
    assert all(m["sentence"] for m in detail["evidence"])


def _span_texts(evidence: list[dict[str, Any]], key: str) -> set[str]:
    out = set()
    for m in evidence:
        spans = [f["span"] for f in m[key]] if key == "figure_spans" else [m[key]]
        start, end = m["sentence_span"]
        for span in spans:
            if span is not None:
                assert start <= span[0] < span[1] <= end, (key, span, m["sentence_span"])
                out.add(m["sentence"][span[0] - start : span[1] - start])
    return out


def test_evidence_locates_the_claims_each_mention_was_read_from(client: TestClient) -> None:
    # the sample's top event: the Old City fighting in Mosul, reported on Monday 9 March with
    # "at least four" soldiers killed (samples/events-expected.json, E1)
    top = client.get("/api/events?limit=1").json()["items"][0]
    evidence = client.get(f"/api/events/{top['event_id']}").json()["evidence"]
    assert "Old City" in _span_texts(evidence, "place_span")
    assert "Monday" in _span_texts(evidence, "date_span")
    assert "At least four" in _span_texts(evidence, "figure_spans")
    actors = _span_texts(evidence, "actor_span") | _span_texts(evidence, "target_span")
    assert "Islamic State" in actors


def test_geojson_and_csv(client: TestClient) -> None:
    geo = client.get("/api/events?format=geojson&limit=500")
    assert geo.headers["content-type"].startswith("application/geo+json")
    body = geo.json()
    assert body["type"] == "FeatureCollection"
    located = [
        e for e in client.get("/api/events?limit=500").json()["items"] if e["lat"] is not None
    ]
    assert len(body["features"]) == len(located) > 0
    lon, lat = body["features"][0]["geometry"]["coordinates"]
    assert (lat, lon) == (located[0]["lat"], located[0]["lon"])
    text = client.get("/api/events?format=csv&limit=5").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    assert rows[0]["event_id"].startswith("ev")


def test_articles_stories_quotes_places(client: TestClient, db: Path) -> None:
    articles = _all(client, "/api/articles", limit=10)
    con = duckdb.connect(str(db), read_only=True)
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    assert len(articles) == n_articles
    stamps = [a["published"] for a in articles if a["published"]]
    assert stamps == sorted(stamps)
    one = client.get(f"/api/articles/{articles[0]['id']}").json()
    assert one["article_id"] == articles[0]["id"]
    assert {"sentences", "quotes", "places", "event_mentions"} <= set(one)
    stories = client.get("/api/stories").json()
    biggest = stories["items"][0]
    story = client.get(f"/api/stories/{biggest['story_id']}").json()
    assert len(story["articles"]) == biggest["n_articles"]
    assert any(a["copies"] for a in story["articles"])  # the reprints and their donors
    times = [a["published"] for a in story["articles"] if a["published"]]
    assert times == sorted(times)
    in_story = client.get(f"/api/articles?story={biggest['story_id']}&limit=500").json()
    assert in_story["total"] == biggest["n_articles"]
    quotes = client.get("/api/quotes?limit=3").json()
    assert quotes["total"] > 0 and len(quotes["items"]) == 3
    places = client.get("/api/places?format=geojson&limit=5").json()
    assert (
        places["features"][0]["properties"]["mentions"]
        >= places["features"][-1]["properties"]["mentions"]
    )


def test_timeline_counts_the_filtered_events(client: TestClient) -> None:
    line = client.get("/api/timeline?country=IQ").json()
    total = client.get("/api/events?country=IQ").json()["total"]
    dated = sum(day["count"] for day in line["events"])
    assert 0 < dated <= total
    assert line["articles"]


@pytest.mark.parametrize(
    "url, status, code",
    [
        ("/api/events/ev-none", 404, "not-found"),
        ("/api/articles/nope", 404, "not-found"),
        ("/api/stories/story-none", 404, "not-found"),
        ("/api/events?limit=0", 422, "invalid-parameter"),
        (f"/api/events?limit={MAX_PAGE + 1}", 422, "invalid-parameter"),
        ("/api/events?since=yesterday", 422, "invalid-parameter"),
        ("/api/events?bbox=1,2", 400, "bad-query"),
        ("/api/events?bbox=0,50,10,40", 400, "bad-query"),
        ("/api/events?country=IRQ", 422, "invalid-parameter"),
        ("/api/events?cursor=bm90LWEtY3Vyc29y", 400, "bad-query"),
        ("/api/events?format=xml", 422, "invalid-parameter"),
        ("/api/nothing-here", 404, "not-found"),
    ],
)
def test_errors_have_one_shape(client: TestClient, url: str, status: int, code: str) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.json()["error"]["status"] == status
    assert r.json()["error"]["code"] == code
    assert "eventwire-serve-" not in r.json()["error"]["message"]  # no private path


def test_a_cursor_is_refused_with_other_filters(client: TestClient) -> None:
    cursor = client.get("/api/events?limit=2").json()["next_cursor"]
    r = client.get(f"/api/events?limit=2&country=IQ&cursor={cursor}")
    assert r.status_code == 400
    assert "other filters" in r.json()["error"]["message"]


def test_read_only_and_headers(client: TestClient) -> None:
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/events")
        assert r.status_code == 405
        assert r.json()["error"]["code"] == "method-not-allowed"
    r = client.get("/api/stats")
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.json()["events"] > 0


def test_report_of_a_story_in_three_formats(client: TestClient) -> None:
    story = client.get("/api/stories").json()["items"][0]
    html = client.get(f"/api/report?story={story['story_id']}")
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in html.headers["content-security-policy"]
    assert "<script" not in html.text.lower()
    events = client.get(f"/api/events?story={story['story_id']}&limit=500").json()["items"]
    assert events and events[0]["event_id"] in html.text
    md = client.get(f"/api/report?story={story['story_id']}&format=md")
    assert md.text.startswith("# ")
    pdf = client.get(f"/api/report?story={story['story_id']}&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/api/report?story=story-none").status_code == 404
    assert client.get("/api/report").json()["error"]["code"] == "bad-query"


def test_openapi_and_local_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}"} <= set(
        schema["paths"]
    )
    assert set(schema["paths"]) == {p for p in schema["paths"] if p.startswith("/api/")}
    docs = client.get("/docs").text
    assert "http" not in docs.replace("http-equiv", "")  # every asset is local
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert "SwaggerUIBundle" in client.get("/docs/init.js").text


_TEXT = st.one_of(
    st.none(), st.text(max_size=30), st.sampled_from(["IQ", "%", "_", "'", "\\", "ev"])
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    country=_TEXT,
    q=_TEXT,
    actor=_TEXT,
    place=_TEXT,
    since=st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)),
    limit=st.one_of(st.none(), st.integers(-5, MAX_PAGE + 5)),
    bbox=st.one_of(
        st.none(),
        st.text(max_size=20),
        st.lists(st.floats(-200, 200), min_size=4, max_size=4).map(lambda v: ",".join(map(str, v))),
    ),
    cursor=st.one_of(st.none(), st.text(max_size=40)),
)
def test_no_query_string_makes_a_server_error(client: TestClient, **params: Any) -> None:
    query = {k: v for k, v in params.items() if v is not None}
    for path in ("/api/events", "/api/timeline", "/api/articles", "/api/quotes", "/api/places"):
        r = client.get(path, params=query)
        assert r.status_code < 500, (path, query, r.text)
        if r.status_code >= 400:
            assert set(r.json()["error"]) == {"status", "code", "message"}


def test_serve_keeps_answering_while_an_ingest_writes(db: Path, tmp_path: Path) -> None:
    """The server reads a snapshot: an ingest into the same store runs to the end while the
    server answers, and the next refresh shows what it stored."""
    store = tmp_path / "live.duckdb"
    store.write_bytes(db.read_bytes())
    app = create_app(store, refresh_s=0.5)
    extra = tmp_path / "new"
    extra.mkdir()
    (extra / "new.txt").write_text(
        "Police said on Tuesday that a protest by farmers blocked the main road into Vasterby, "
        "a town that had seen no unrest before. Organisers said 2,000 people took part.\n",
        "utf-8",
    )
    with TestClient(app) as c:
        before = c.get("/api/stats").json()["articles"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "eventwire.cli", "ingest", str(extra), "--db", str(store)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        answered = 0
        while proc.poll() is None:
            assert c.get("/api/events?limit=5").status_code == 200
            answered += 1
            time.sleep(0.05)
        out = proc.stdout.read().decode() if proc.stdout else ""
        assert proc.returncode == 0, out
        assert answered > 0
        time.sleep(0.6)
        after = c.get("/api/stats").json()["articles"]
    app.state.snapshot.close()
    assert after == before + 1


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventwire.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 4
    assert "no store here yet" in result.output
