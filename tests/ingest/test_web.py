"""Fetching URLs: a mock transport for the failure modes, a real local server for the whole path."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest

from eventwire import __version__
from eventwire.errors import Reason
from eventwire.ingest import Fetched, fetch_url, read_sources
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings
from tests.ingest.helpers import BODY_1, article_page, split

Handler = Callable[[httpx.Request], httpx.Response]


def counting_client(handler: Handler) -> tuple[httpx.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def wrapped(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return httpx.Client(transport=httpx.MockTransport(wrapped), follow_redirects=True), seen


def test_success_follows_redirects_and_sends_user_agent(settings: Settings) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://herald.example/new"})
        return httpx.Response(
            200, content=b"<html>hi</html>", headers={"Content-Type": "text/html; charset=utf-8"}
        )

    client, seen = counting_client(handler)
    result = fetch_url("https://herald.example/old", settings=settings, client=client)
    assert isinstance(result, Fetched)
    assert result.final_url == "https://herald.example/new"
    assert result.url == "https://herald.example/old"
    assert result.content == b"<html>hi</html>"
    assert (result.media_type, result.charset) == ("text/html", "utf-8")
    assert len(seen) == 2
    agent = seen[0].headers["User-Agent"]
    assert agent.startswith("eventwire/") and __version__ in agent


@pytest.mark.parametrize("status", [503, 429, 500])
def test_retries_then_success(settings: Settings, status: int) -> None:
    answers = iter([status, status, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(answers), text="ok")

    client, seen = counting_client(handler)
    result = fetch_url("https://x.example/", settings=settings, client=client, backoff_s=0)
    assert isinstance(result, Fetched) and result.content == b"ok"
    assert len(seen) == 3


def test_retries_exhausted(settings: Settings) -> None:
    client, seen = counting_client(lambda request: httpx.Response(503))
    result = fetch_url("https://x.example/p", settings=settings, client=client, backoff_s=0)
    assert isinstance(result, Rejection)
    assert result.code == Reason.FETCH_FAILED
    assert result.source == "https://x.example/p"
    assert "503" in result.message and "https://x.example/p" in result.message
    assert len(seen) == settings.fetch.retries + 1


def test_client_error_is_not_retried(settings: Settings) -> None:
    client, seen = counting_client(lambda request: httpx.Response(404))
    result = fetch_url("https://x.example/p", settings=settings, client=client, backoff_s=0)
    assert isinstance(result, Rejection) and result.code == Reason.FETCH_FAILED
    assert "404" in result.message
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("error", "words"),
    [(httpx.ReadTimeout("slow"), "timeout"), (httpx.ConnectError("refused"), "connection")],
)
def test_transport_errors(settings: Settings, error: Exception, words: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    client, seen = counting_client(handler)
    result = fetch_url("https://x.example/", settings=settings, client=client, backoff_s=0)
    assert isinstance(result, Rejection) and result.code == Reason.FETCH_FAILED
    assert words in result.message
    assert len(seen) == settings.fetch.retries + 1


def test_size_cap_from_content_length(settings: Settings) -> None:
    small = settings.replace(fetch={"max_bytes": 1000})
    client, _ = counting_client(lambda request: httpx.Response(200, content=b"x" * 5000))
    result = fetch_url("https://x.example/", settings=small, client=client)
    assert isinstance(result, Rejection) and result.code == Reason.TOO_LARGE
    assert "fetch.max_bytes" in result.message


def test_size_cap_while_streaming(settings: Settings) -> None:
    small = settings.replace(fetch={"max_bytes": 1000})
    pulled: list[int] = []

    def chunks() -> Iterator[bytes]:
        for i in range(100):
            pulled.append(i)
            yield b"y" * 100

    client, _ = counting_client(lambda request: httpx.Response(200, content=chunks()))
    result = fetch_url("https://x.example/", settings=small, client=client)
    assert isinstance(result, Rejection) and result.code == Reason.TOO_LARGE
    assert len(pulled) < 20  # stopped soon after the cap, not after the whole body


def test_read_sources_by_content_type(settings: Settings) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/page":
            return httpx.Response(200, html=article_page())
        if request.url.path == "/plain":
            return httpx.Response(200, text=f"Short headline\n\n{BODY_1}")
        return httpx.Response(200, content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})

    client, _ = counting_client(handler)
    urls = ["https://h.example/page", "https://h.example/plain", "https://h.example/doc.pdf"]
    docs, rejections = split(list(read_sources(urls, settings=settings, client=client)))
    assert [d.source for d in docs] == urls[:2]
    assert all(d.source_format == "url" for d in docs)
    assert docs[0].url == "https://h.example/page"
    assert docs[0].title == "Floods hit Varnos after river bursts banks"
    assert docs[1].title == "Short headline" and docs[1].text == BODY_1
    assert [(r.source, r.code) for r in rejections] == [(urls[2], Reason.UNSUPPORTED)]


class _Pages(BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Pages.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/article":
            body = article_page().encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_real_local_server(settings: Settings, local_server: str) -> None:
    _Pages.agents.clear()
    sources = [f"{local_server}/moved", f"{local_server}/missing"]
    items = list(read_sources(sources, settings=settings.replace(fetch={"retries": 0})))
    doc, rejection = items
    assert isinstance(doc, RawDocument)
    assert doc.source == f"{local_server}/moved"
    assert doc.url == f"{local_server}/article"  # where the redirect led
    assert doc.source_format == "url"
    assert doc.byline == "Mira Kessel"
    assert doc.text.startswith(BODY_1)
    assert isinstance(rejection, Rejection) and rejection.code == Reason.FETCH_FAILED
    assert "404" in rejection.message
    assert all(agent.startswith("eventwire/") for agent in _Pages.agents)


def test_connection_refused(settings: Settings) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    port = server.server_address[1]
    server.server_close()  # nothing listens there now
    fast = settings.replace(fetch={"retries": 1, "timeout_s": 2.0})
    result = fetch_url(f"http://127.0.0.1:{port}/", settings=fast, backoff_s=0)
    assert isinstance(result, Rejection) and result.code == Reason.FETCH_FAILED
    assert "2 attempts" in result.message


class _Trickle(BaseHTTPRequestHandler):
    """Answers with a body sent a few bytes at a time, each within the read timeout."""

    def do_GET(self) -> None:
        import time

        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"<p>a</p>")
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_trickling_its_answer_is_cut_off_at_the_deadline(settings: Settings) -> None:
    import time

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        slow = settings.replace(fetch={"retries": 2, "timeout_s": 1.0, "deadline_s": 1.5})
        started = time.monotonic()
        result = fetch_url(f"http://127.0.0.1:{server.server_address[1]}/", settings=slow)
        took = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert isinstance(result, Rejection) and result.code == Reason.FETCH_FAILED
    assert "longer than 1.5 s" in result.message and "fetch.deadline_s" in result.message
    assert took < 10  # not the 20 s the server would take, nor its retries
