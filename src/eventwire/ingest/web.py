"""Fetching URLs over HTTP(S) with httpx.

:func:`fetch_url` sends a clear User-Agent (setting ``fetch.user_agent``), follows redirects,
applies the timeout ``fetch.timeout_s`` to connecting and to each read and the deadline
``fetch.deadline_s`` to the whole URL (a server that sends a byte a second is cut off there), and
stops reading once the
body passes ``fetch.max_bytes`` (checked against ``Content-Length`` first, then while streaming the
decompressed body). Connection errors, timeouts, HTTP 429 and 5xx responses are retried up to
``fetch.retries`` times with exponential backoff (``Retry-After`` is honoured up to 30 s). Other
HTTP errors (404, 403...) are not retried. A failure is returned as a Rejection with reason
``fetch-failed`` or ``too-large`` naming the URL and the cause.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import httpx

from eventwire import __version__
from eventwire.errors import Reason
from eventwire.ingest.base import reject
from eventwire.ingest.decode import charset_from_content_type
from eventwire.records import Rejection
from eventwire.settings import Settings

__all__ = ["Fetched", "fetch_url", "is_url", "make_client"]

log = logging.getLogger(__name__)

MAX_RETRY_AFTER_S = 30.0
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, kw_only=True, slots=True)
class Fetched:
    """A fetched response body with where it came from and what it claims to be."""

    url: str
    final_url: str
    content: bytes
    content_type: str | None
    charset: str | None
    status: int

    @property
    def media_type(self) -> str:
        """The bare media type, lower-cased (``text/html``), or ``""`` when none was sent."""
        return (self.content_type or "").split(";", 1)[0].strip().lower()


def is_url(source: str) -> bool:
    """True for ``http://`` and ``https://`` sources."""
    return source[:8].lower().startswith(("http://", "https://"))


def make_client(settings: Settings) -> httpx.Client:
    """An httpx client set up from ``settings.fetch`` (one per run, reused for every URL)."""
    return httpx.Client(
        timeout=httpx.Timeout(settings.fetch.timeout_s),
        follow_redirects=True,
        max_redirects=10,
        headers={"User-Agent": user_agent(settings)},
    )


def user_agent(settings: Settings) -> str:
    return settings.fetch.user_agent.format(version=__version__)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, min(float(value), MAX_RETRY_AFTER_S))
    except ValueError:
        return None


class _TooLarge(Exception):
    pass


class _PastDeadline(Exception):
    pass


def _read_capped(response: httpx.Response, cap: int, deadline: float = float("inf")) -> bytes:
    length = response.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > cap:
        raise _TooLarge(f"it announces {int(length)} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise _TooLarge(f"the body passed {cap} bytes")
        if time.monotonic() > deadline:
            raise _PastDeadline(f"{size} bytes had come")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(
    url: str,
    *,
    settings: Settings,
    client: httpx.Client | None = None,
    backoff_s: float = 0.5,
) -> Fetched | Rejection:
    """Fetch ``url``; a Fetched on success, a Rejection (``fetch-failed``/``too-large``) if not.

    ``backoff_s`` is the first wait between retries; each later wait doubles it.
    """
    own = client is None
    http = make_client(settings) if client is None else client
    cap = settings.fetch.max_bytes
    attempts = settings.fetch.retries + 1
    problem = "no attempt was made"
    wait = backoff_s
    deadline = time.monotonic() + settings.fetch.deadline_s
    try:
        for attempt in range(attempts):
            if attempt:
                if time.monotonic() + wait > deadline:
                    break
                time.sleep(wait)
            wait = backoff_s * (2**attempt)
            try:
                with http.stream(
                    "GET", url, headers={"User-Agent": user_agent(settings)}, follow_redirects=True
                ) as response:
                    status = response.status_code
                    if status in _RETRY_STATUS:
                        problem = f"the server answered HTTP {status}"
                        after = _retry_after(response)
                        if after is not None and backoff_s > 0:
                            wait = max(wait, after)
                        log.info("fetching %s: %s (attempt %d)", url, problem, attempt + 1)
                        continue
                    if status >= 400:
                        return reject(
                            url,
                            Reason.FETCH_FAILED,
                            f"could not fetch {url}: the server answered HTTP {status}",
                        )
                    try:
                        body = _read_capped(response, cap, deadline)
                    except _PastDeadline as e:
                        return reject(
                            url,
                            Reason.FETCH_FAILED,
                            f"could not fetch {url}: the answer took longer than "
                            f"{settings.fetch.deadline_s:g} s in all ({e}; setting "
                            "fetch.deadline_s)",
                        )
                    except _TooLarge as e:
                        return reject(
                            url,
                            Reason.TOO_LARGE,
                            f"{url} is larger than the limit of {cap} bytes ({e}; "
                            "setting fetch.max_bytes)",
                        )
                    content_type = response.headers.get("content-type")
                    return Fetched(
                        url=url,
                        final_url=str(response.url),
                        content=body,
                        content_type=content_type,
                        charset=charset_from_content_type(content_type),
                        status=status,
                    )
            except httpx.TimeoutException:
                problem = f"no answer within {settings.fetch.timeout_s:g} s (timeout)"
            except httpx.TooManyRedirects:
                return reject(
                    url, Reason.FETCH_FAILED, f"could not fetch {url}: too many redirects"
                )
            except httpx.UnsupportedProtocol as e:
                return reject(url, Reason.FETCH_FAILED, f"could not fetch {url}: {e}")
            except httpx.TransportError as e:
                problem = f"connection failed ({type(e).__name__}: {e})"
            except httpx.InvalidURL as e:
                return reject(url, Reason.FETCH_FAILED, f"could not fetch {url}: invalid URL ({e})")
            log.info("fetching %s: %s (attempt %d)", url, problem, attempt + 1)
    finally:
        if own:
            http.close()
    tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    return reject(url, Reason.FETCH_FAILED, f"could not fetch {url}: {problem} after {tries}")
