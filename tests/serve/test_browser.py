"""The dashboard in a real browser: Debian's chromium driven by Playwright, against the real server
(uvicorn on a free local port) over the sample corpus plus one planted hostile article.

These tests fail, never skip, when chromium is missing: CI installs it (see ``.ci/run``).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn

from eventwire.pipeline import run_pipeline
from eventwire.serve.app import create_app
from eventwire.settings import load_settings
from eventwire.store import Store
from tests.conftest import SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HOST = "127.0.0.1"
LONG_TOKEN = "W" * 5000
RLO = "\u202e"  # right-to-left override
HOSTILE_TITLE = f"{RLO}Riot <script>alert(1)</script> in Nairobi <img src=x onerror=alert(1)>"
HOSTILE = {
    "url": "javascript:alert(1)",
    "title": HOSTILE_TITLE,
    "outlet": "<b onmouseover=alert(1)>Hostile Herald</b>",
    "published": "2026-03-12T09:00:00Z",
    "text": (
        "NAIROBI, Kenya — Police killed three protesters in Nairobi on Wednesday "
        "<script>alert(1)</script>, witnesses said.\n\n"
        "<img src=x onerror=alert(1)> A police spokesman said: “We fired <svg onload=alert(1)> "
        "only in self-defence.”\n\n"
        "Details were posted at javascript:alert(document.cookie) and "
        '<a href="javascript:alert(1)">here</a>.\n\n'
        f"\u202bمرحبا بالعالم\u202c {RLO}desrever{LONG_TOKEN}.\n\n"
        "Protesters in Mombasa said they would march again on Friday."
    ),
}


# ---------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile"
    hostile.mkdir()
    (hostile / "hostile.jsonl").write_text(
        json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    path = folder / "store.duckdb"
    with Store(path) as store:
        run_pipeline(
            [str(SAMPLES / "corpus"), str(hostile)],
            settings=load_settings(environ={}, cwd=folder),
            store=store,
        )
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    """The real server (uvicorn) serving ``create_app(db)`` on a free local port."""
    app = create_app(str(db))
    server = uvicorn.Server(
        uvicorn.Config(app, host=HOST, port=_free_port(), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://{HOST}:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.snapshot.close()


@pytest.fixture(scope="module")
def api(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium "
            "(apt-get update && apt-get install -y chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did: requests (local and blocked), dialogs, script errors, CSP violations."""

    def __init__(self) -> None:
        self.local: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []


_RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[tuple[Any, Watch]]:
    """A fresh page whose every request is recorded; anything not for the local server is
    aborted and recorded as blocked."""
    watch = Watch()
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r: Any) -> None:
        url = r.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname == HOST:
            watch.local.append(url)
            r.continue_()
        else:
            watch.blocked.append(url)
            r.abort()

    context.route("**/*", route)
    context.add_init_script(_RECORD_CSP)
    pg = context.new_page()
    pg.set_default_timeout(20_000)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda error: watch.errors.append(str(error)))
    yield pg, watch
    context.close()
    assert watch.blocked == [], f"requests left {HOST}: {watch.blocked}"
    assert watch.dialogs == []
    assert watch.errors == []


def _open(pg: Any, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("body[data-ready]", state="attached")
    assert pg.evaluate("window.__cspViolations") == []


def _all_events(api: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    body = api.get("/api/events", params={"limit": 500, **params}).json()
    assert body["next_cursor"] is None
    items: list[dict[str, Any]] = body["items"]
    return items


# ---------------------------------------------------------------------- tests
def test_map_draws_a_marker_for_every_located_event(page: Any, base_url: str, api: httpx.Client):
    pg, watch = page
    geo = api.get("/api/events", params={"format": "geojson", "limit": 500}).json()
    located = len(geo["features"])
    assert located > 0
    _open(pg, base_url + "/")
    pg.wait_for_selector("#map path.country", state="attached")
    assert pg.locator("#map path.country").count() > 100
    counts = pg.eval_on_selector_all(
        "#map .marker, #map .cluster", "nodes => nodes.map(n => Number(n.dataset.count))"
    )
    assert len(counts) > 0
    assert sum(counts) == located
    assert pg.get_attribute("#map", "data-events") == str(located)
    assert pg.locator("#events tbody tr").count() == len(_all_events(api))
    assert any(url.endswith("/static/countries.geojson") for url in watch.local)


def test_zooming_into_a_cluster_keeps_every_marker(page: Any, base_url: str):
    pg, _ = page
    _open(pg, base_url + "/")
    before = sum(
        pg.eval_on_selector_all(
            "#map .marker, #map .cluster", "ns => ns.map(n => +n.dataset.count)"
        )
    )
    pg.click("#zoom-in")
    pg.click("#zoom-world")
    after = sum(
        pg.eval_on_selector_all(
            "#map .marker, #map .cluster", "ns => ns.map(n => +n.dataset.count)"
        )
    )
    assert after == before
    assert pg.locator("#map .cluster").count() >= 1  # the whole world crowds them together


def test_a_filter_narrows_the_list_and_is_kept_in_the_url(
    page: Any, base_url: str, api: httpx.Client
):
    pg, _ = page
    _open(pg, base_url + "/")
    everything = pg.locator("#events tbody tr").count()
    protests = _all_events(api, type="PROTEST")
    assert 0 < len(protests) < everything

    pg.select_option("#f-type", "PROTEST")
    pg.click("#filters button[type=submit]")
    pg.wait_for_function("document.location.search.includes('type=PROTEST')")
    pg.wait_for_selector("body[data-ready]", state="attached")
    assert pg.locator("#events tbody tr").count() == len(protests)
    shown = set(
        pg.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.event)")
    )
    assert shown == {e["event_id"] for e in protests}

    # Reloading the shared URL restores the form and the view.
    pg.reload()
    pg.wait_for_selector("body[data-ready]", state="attached")
    assert pg.input_value("#f-type") == "PROTEST"
    assert pg.locator("#events tbody tr").count() == len(protests)

    # Back to everything.
    pg.go_back()
    pg.wait_for_function("!document.location.search.includes('type=')")
    pg.wait_for_selector("body[data-ready]", state="attached")
    assert pg.locator("#events tbody tr").count() == everything


def test_a_country_or_place_view_links_to_its_situation_report(
    page: Any, base_url: str, api: httpx.Client
):
    pg, _ = page
    _open(pg, base_url + "/")
    assert pg.locator("#report-links").is_hidden()  # no country or place filtered on
    _open(pg, base_url + "/?country=IQ&since=2026-03-01")
    assert pg.locator("#report-links").is_visible()
    href = pg.get_attribute("#report-links a.report-html", "href")
    assert href is not None and "country=IQ" in href and "since=2026-03-01" in href
    report = api.get(href)
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "Iraq" in report.text or "IQ" in report.text
    # a place beats the country, and hostile text in it stays text
    _open(pg, base_url + "/?country=IQ&place=" + "Mosul%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert "<img" in (pg.text_content("#report-links") or "")
    assert pg.locator("#report-links img").count() == 0
    href = pg.get_attribute("#report-links a.report-md", "href")
    assert href is not None and "place=Mosul" in href and "country" not in href


def test_the_timeline_brush_sets_since_and_until(page: Any, base_url: str):
    pg, _ = page
    _open(pg, base_url + "/")
    box = pg.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    pg.mouse.move(box["x"] + box["width"] * 0.5, y)
    pg.mouse.down()
    pg.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    pg.mouse.up()
    pg.wait_for_function(
        "document.location.search.includes('since=') && document.location.search.includes('until=')"
    )
    pg.wait_for_selector("body[data-ready]", state="attached")
    since = pg.input_value("#f-since")
    until = pg.input_value("#f-until")
    assert since and until and since <= until
    assert pg.locator("#timeline .selected").count() == 1


def test_the_event_page_highlights_the_evidence_trigger(
    page: Any, base_url: str, api: httpx.Client
):
    pg, _ = page
    top = _all_events(api)[0]
    detail = api.get(f"/api/events/{top['event_id']}").json()
    evidence = detail.get("evidence") or detail.get("members")
    triggers = {m["trigger"] for m in evidence}
    _open(pg, f"{base_url}/event?id={top['event_id']}")
    marks = pg.eval_on_selector_all("#evidence mark.trigger", "ms => ms.map(m => m.textContent)")
    assert marks, "no trigger highlighted"
    assert set(marks) <= triggers
    # the claims the API locates (place, date, figures) are highlighted where it says
    for cls, key in (("date", "date_span"), ("place", "place_span")):
        located = set()
        for m in evidence:
            if m.get(key):
                start = m["sentence_span"][0]
                located.add(m["sentence"][m[key][0] - start : m[key][1] - start])
        shown = pg.eval_on_selector_all(f"#evidence mark.{cls}", "ms => ms.map(m => m.textContent)")
        assert located and located & set(shown), cls
    assert pg.locator("#evidence li.earliest").count() >= 1
    copies = [m for m in evidence if m["copied"]]
    if copies:
        assert pg.locator("#evidence li.copy").count() >= 1
        donor_links = pg.eval_on_selector_all(
            "#evidence li.copy .reprint-of a", "as => as.map(a => a.getAttribute('href'))"
        )
        assert any(href.startswith("/article?id=") for href in donor_links)
    assert pg.locator(f"a.json-twin[href='/api/events/{top['event_id']}']").count() == 1
    assert pg.locator("#sources th").count() == 1 + len(detail["sources"])


def test_the_story_page_shows_its_reprints(page: Any, base_url: str, api: httpx.Client):
    pg, _ = page
    stories = api.get("/api/stories", params={"limit": 500}).json()["items"]
    story = None
    for item in stories:
        candidate = api.get(f"/api/stories/{item['story_id']}").json()
        if any(a["copies"] for a in candidate["articles"]):
            story = candidate
            break
    assert story is not None, "the sample corpus has a story with reprints"
    _open(pg, f"{base_url}/story?id={story['story_id']}")
    rows = pg.eval_on_selector_all(
        "#story-articles tbody tr", "rs => rs.map(r => [r.dataset.article, r.className])"
    )
    assert [r[0] for r in rows] == [a["id"] for a in story["articles"]]  # time order
    reprints = {a["id"] for a in story["articles"] if a["copies"]}
    assert {r[0] for r in rows if r[1] == "copy"} == reprints
    assert pg.locator("#story-articles .reprint-of a").count() >= len(reprints)
    assert pg.locator("#originals li").count() == len(story["articles"]) - len(reprints)
    assert pg.locator(f"a.json-twin[href='/api/stories/{story['story_id']}']").count() == 1
    # the situation report of the story, from its page
    report = pg.locator(".report-links a").first.get_attribute("href")
    assert report == f"/api/report?story={story['story_id']}&format=html"
    pg.goto(f"{base_url}{report}")
    assert pg.locator("h1").first.inner_text().startswith("Situation report")


def test_the_stories_page_lists_every_story_largest_first(
    page: Any, base_url: str, api: httpx.Client
):
    pg, _ = page
    stories = api.get("/api/stories", params={"limit": 500}).json()["items"]
    _open(pg, f"{base_url}/stories")
    rows = pg.eval_on_selector_all("#stories tbody tr", "rs => rs.map(r => r.dataset.story)")
    assert rows == [s["story_id"] for s in stories]
    pg.locator("#stories tbody tr a").first.click()
    pg.wait_for_selector("body[data-ready]", state="attached")
    assert pg.url.endswith(f"/story?id={stories[0]['story_id']}")


def _hostile_article(api: httpx.Client) -> dict[str, Any]:
    items = api.get("/api/articles", params={"q": "Hostile Herald", "limit": 10}).json()["items"]
    if not items:
        items = api.get("/api/articles", params={"q": "onerror", "limit": 10}).json()["items"]
    assert len(items) == 1, "the hostile article was ingested"
    found: dict[str, Any] = items[0]
    return found


_NOTHING_RAN = """() => ({
  scripts: [...document.scripts].map(s => s.getAttribute('src')),
  images: document.images.length,
  svgInjected: document.querySelectorAll(
    'main svg:not(#map):not(#timeline), main b, main iframe, main object').length,
  jsLinks: [...document.querySelectorAll('a[href]')]
    .filter(a => !/^(https?:|\\/)/.test(a.getAttribute('href'))).length,
  onAttrs: [...document.querySelectorAll('*')]
    .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
  overflow: document.documentElement.scrollWidth - window.innerWidth,
})"""


def _assert_inert(pg: Any, watch: Watch) -> None:
    state = pg.evaluate(_NOTHING_RAN)
    assert all(src and src.startswith("/static/") for src in state["scripts"]), state
    assert state["images"] == 0
    assert state["svgInjected"] == 0
    assert state["jsLinks"] == 0
    assert state["onAttrs"] == 0
    assert state["overflow"] <= 2, "a long token widened the page"
    assert watch.dialogs == []
    assert not any(urlsplit(u).path == "/x" for u in watch.local)  # the <img src=x> never loaded


def test_the_hostile_article_shows_as_text_and_runs_nothing(
    page: Any, base_url: str, api: httpx.Client
):
    pg, watch = page
    article = _hostile_article(api)
    _open(pg, f"{base_url}/article?id={article['id']}")
    title = pg.text_content("h1")
    assert title is not None and "<script>alert(1)</script>" in title
    assert "<img src=x onerror=alert(1)>" in title
    assert title == article["title"]  # exactly the stored text (bidi controls as stored)
    body = pg.text_content("#sentences") or ""
    assert "<svg onload=alert(1)>" in body
    assert LONG_TOKEN in body
    assert pg.locator("a[href^='javascript']").count() == 0
    _assert_inert(pg, watch)

    # Its events, its story and the list and map with it in them.
    detail = api.get(f"/api/articles/{article['id']}").json()
    event_ids = {m["event_id"] for m in detail["event_mentions"] if m.get("event_id")}
    assert event_ids, "the hostile article's killing became an event"
    evidence = ""
    for event_id in sorted(event_ids):
        _open(pg, f"{base_url}/event?id={event_id}")
        _assert_inert(pg, watch)
        evidence += pg.text_content("#evidence") or ""
    assert "<script>alert(1)</script>" in evidence  # the evidence sentence, shown as text
    _open(pg, f"{base_url}/story?id={detail['story_id']}")
    assert pg.locator(f"#story-articles tr[data-article='{article['id']}']").count() == 1
    _assert_inert(pg, watch)
    _open(pg, f"{base_url}/?q=alert")
    _assert_inert(pg, watch)
    _open(pg, f"{base_url}/article?id={article['id']}%3Cscript%3E")
    assert pg.locator(".error").count() == 1
    _assert_inert(pg, watch)


def test_no_request_leaves_the_local_server(page: Any, base_url: str, api: httpx.Client):
    pg, watch = page
    top = _all_events(api)[0]
    for url in (
        "/",
        f"/event?id={top['event_id']}",
        f"/story?id={top['story_id']}",
        f"/article?id={top['first_article_id']}",
    ):
        _open(pg, base_url + url)
    assert watch.local, "requests were recorded"
    assert all(urlsplit(u).hostname == HOST for u in watch.local)
    assert watch.blocked == []
