"""Screenshots of the dashboard's main pages, for the documentation.

Ingests ``samples/corpus`` into a temporary store, starts the server (uvicorn, a free local port),
opens each page in Debian's chromium through Playwright and saves PNGs to ``docs/screenshots/``:
``index.png`` (map, timeline, filters, event list), ``event.png``, ``story.png``, ``article.png``.

Usage::

    python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from eventwire.pipeline import run_pipeline
from eventwire.serve.app import create_app
from eventwire.settings import load_settings
from eventwire.store import Store

REPO = Path(__file__).resolve().parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _pages(base: str) -> list[tuple[str, str]]:
    """(file name, URL) of the pages to shoot, ids taken from the API."""
    with httpx.Client(base_url=base, timeout=30) as api:
        top = api.get("/api/events", params={"limit": 1}).json()["items"][0]
        stories = api.get("/api/stories", params={"limit": 1}).json()["items"]
        story_id = stories[0]["story_id"] if stories else top["story_id"]
        story = api.get(f"/api/stories/{story_id}").json()
        reprint = next((a["id"] for a in story["articles"] if a["copies"]), top["first_article_id"])
    return [
        ("index.png", f"{base}/"),
        ("event.png", f"{base}/event?id={top['event_id']}"),
        ("story.png", f"{base}/story?id={story_id}"),
        ("article.png", f"{base}/article?id={reprint}"),
    ]


def shoot(base: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})

        def local_only(route: Any) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", local_only)
        page = context.new_page()
        for name, url in _pages(base):
            page.goto(url)
            page.wait_for_selector("body[data-ready]", state="attached", timeout=30_000)
            path = out / name
            page.screenshot(path=str(path), full_page=False)
            saved.append(path)
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--corpus", type=Path, default=REPO / "samples" / "corpus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.duckdb"
        with Store(db) as store:
            run_pipeline(
                [str(args.corpus)], settings=load_settings(environ={}, cwd=Path(tmp)), store=store
            )
        app = create_app(str(db))
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                sys.stderr.write("the server did not start\n")
                return 1
            time.sleep(0.05)
        try:
            saved = shoot(f"http://127.0.0.1:{port}", args.out, args.chromium)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            app.state.snapshot.close()
    for path in saved:
        sys.stderr.write(f"saved {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
