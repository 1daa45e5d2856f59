"""RSS and Atom feeds, read with feedparser.

Each item becomes one document (locator ``item N``, counting from 1):

* text: the item's full content (``content:encoded``, Atom ``content``), else its ``summary`` /
  ``description``, with HTML reduced to plain paragraphs;
* url: the item's ``link``; title: the item's title; byline: its ``author`` / ``dc:creator``;
* published: ``pubDate`` / ``published`` / ``updated`` / ``dc:date`` as written (RFC 822 or ISO
  8601, keeping its zone);
* outlet: the feed's title; language: the item's or the feed's stated language.

With ``fetch=True`` each item's link is fetched and the page's main text used instead, with the
page's metadata where the item lacks it. If fetching fails, the item's own content is used and a
warning is logged; if that is too short too, the item is rejected with ``fetch-failed``.

The whole feed is parsed at once, so feeds larger than ``ingest.max_feed_bytes`` are rejected. A
feed that does not parse and yields no items is rejected as ``malformed-xml``; an item that cannot
be read is rejected alone.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import feedparser
import httpx

from eventwire.errors import InputError, Reason
from eventwire.ingest.base import Item, ItemStream, make_document, reject
from eventwire.ingest.dates import parse_datetime
from eventwire.ingest.decode import declared_html_charset, decode_bytes
from eventwire.ingest.html import extract_html, html_to_text
from eventwire.ingest.web import Fetched, fetch_url, make_client
from eventwire.records import RawDocument
from eventwire.settings import Settings

__all__ = ["read_feed"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _text_of(detail: Any) -> str:
    value = detail.get("value") if hasattr(detail, "get") else None
    if not isinstance(value, str):
        return ""
    kind = str(detail.get("type") or "text/html").lower()
    if kind in _HTML_TYPES or "<" in value:
        return html_to_text(value)
    return value.strip()


def _item_text(entry: Any) -> str:
    best = ""
    for detail in entry.get("content") or ():
        text = _text_of(detail)
        if len(text) > len(best):
            best = text
    if not best:
        summary = entry.get("summary_detail") or (
            {"value": entry.get("summary"), "type": "text/html"} if entry.get("summary") else None
        )
        if summary:
            best = _text_of(summary)
    return best


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _entry_language(entry: Any, feed_language: str | None) -> str | None:
    for detail in entry.get("content") or ():
        if hasattr(detail, "get") and _str(detail.get("language")):
            return str(detail.get("language"))
    detail = entry.get("summary_detail")
    if detail is not None and _str(detail.get("language")):
        return str(detail.get("language"))
    return feed_language


def _published(entry: Any) -> Any:
    for key in ("published", "updated", "created"):
        if (value := _str(entry.get(key))) is not None and (parsed := parse_datetime(value)):
            return parsed
    return None


def _from_page(
    fetched: Fetched, doc: Item, *, settings: Settings, locator: str, source: str
) -> Item | None:
    if "html" not in fetched.media_type and fetched.media_type not in ("", "text/plain"):
        return None
    try:
        page = decode_bytes(
            fetched.content, declared=fetched.charset or declared_html_charset(fetched.content)
        )
    except InputError:
        return None
    found = extract_html(page, url=fetched.final_url)
    if len(found.text.strip()) < max(settings.ingest.min_text_chars, 1):
        return None
    item = doc if isinstance(doc, RawDocument) else None
    return make_document(
        found.text,
        settings=settings,
        source=source,
        source_format="feed",
        locator=locator,
        url=fetched.final_url,
        title=(item.title if item else None) or found.title,
        byline=(item.byline if item else None) or found.byline,
        published=(item.published if item else None) or found.published,
        outlet=found.sitename or (item.outlet if item else None),
        language=found.language or (item.language if item else None),
    )


def _entry_document(
    entry: Any,
    index: int,
    *,
    source: str,
    settings: Settings,
    outlet: str | None,
    feed_language: str | None,
    fetch: bool,
    client: httpx.Client | None,
) -> Item:
    locator = f"item {index}"
    link = _str(entry.get("link"))
    doc = make_document(
        _item_text(entry),
        settings=settings,
        source=source,
        source_format="feed",
        locator=locator,
        url=link,
        title=_str(entry.get("title")),
        byline=_str(entry.get("author")),
        published=_published(entry),
        outlet=outlet,
        language=_entry_language(entry, feed_language),
    )
    if not fetch or link is None:
        return doc
    fetched = fetch_url(link, settings=settings, client=client)
    if isinstance(fetched, Fetched):
        page_doc = _from_page(fetched, doc, settings=settings, locator=locator, source=source)
        if page_doc is not None:
            return page_doc
        why = f"no article text was found at {link}"
    else:
        why = fetched.message
    if isinstance(doc, RawDocument):
        log.warning("%s:%s: %s; using the item's own content", source, locator, why)
        return doc
    return reject(
        source, Reason.FETCH_FAILED, f"{why}, and the item has no text of its own", locator
    )


# A character reference to a surrogate, to NUL or past U+10FFFF ("&#xD800;") makes feedparser's
# HTML sanitiser raise; such a reference names no character, so it becomes U+FFFD.
_BAD_CHAR_REF = re.compile(
    rb"&#(?:[xX]0*(?:[dD][89a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{6,}|0+|11[0-9a-fA-F]{4})"
    rb"|0*(?:5529[6-9]|55[3-9][0-9]{2}|56[0-9]{3}|57[0-2][0-9]{2}|573[0-3][0-9]|5734[0-3]"
    rb"|[0-9]{8,}|0+|111[4-9][0-9]{3}|11[2-9][0-9]{4}|1[2-9][0-9]{5}|[2-9][0-9]{6}));"
)


def _no_bad_char_refs(data: bytes) -> bytes:
    return _BAD_CHAR_REF.sub(b"&#xFFFD;", data)


def read_feed(
    data: bytes,
    *,
    source: str,
    settings: Settings,
    fetch: bool = False,
    client: httpx.Client | None = None,
) -> ItemStream:
    """Yield one RawDocument or Rejection per item of an RSS/Atom feed given as bytes."""
    if len(data) > settings.ingest.max_feed_bytes:
        yield reject(
            source,
            Reason.TOO_LARGE,
            f"the feed is {len(data)} bytes, over the limit of {settings.ingest.max_feed_bytes} "
            "(setting ingest.max_feed_bytes)",
        )
        return
    try:
        parsed = feedparser.parse(_no_bad_char_refs(data))
    except Exception as e:
        yield reject(
            source,
            Reason.MALFORMED_XML,
            f"the feed cannot be parsed ({type(e).__name__}: {e})",
        )
        return
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        problem = parsed.get("bozo_exception")
        yield reject(
            source,
            Reason.MALFORMED_XML,
            f"the feed is not valid RSS/Atom XML ({problem})"
            if problem
            else "the feed is not valid RSS/Atom XML",
        )
        return
    if not entries and not parsed.get("version"):
        yield reject(source, Reason.MALFORMED_XML, "the XML is not an RSS or Atom feed")
        return
    if parsed.get("bozo"):
        log.warning(
            "%s: the feed has XML errors (%s); reading its items anyway",
            source,
            parsed.get("bozo_exception"),
        )
    meta = parsed.get("feed") or {}
    outlet = _str(meta.get("title"))
    feed_language = _str(meta.get("language"))
    own = make_client(settings) if fetch and client is None else None
    try:
        yield from _entries(
            entries,
            source=source,
            settings=settings,
            outlet=outlet,
            feed_language=feed_language,
            fetch=fetch,
            client=client or own,
        )
    finally:
        if own is not None:
            own.close()


def _entries(
    entries: list[Any],
    *,
    source: str,
    settings: Settings,
    outlet: str | None,
    feed_language: str | None,
    fetch: bool,
    client: httpx.Client | None,
) -> ItemStream:
    for index, entry in enumerate(entries, start=1):
        try:
            yield _entry_document(
                entry,
                index,
                source=source,
                settings=settings,
                outlet=outlet,
                feed_language=feed_language,
                fetch=fetch,
                client=client,
            )
        except (AttributeError, KeyError, TypeError, ValueError) as e:
            yield reject(
                source,
                Reason.MALFORMED_XML,
                f"the feed item could not be read ({type(e).__name__}: {e})",
                f"item {index}",
            )
