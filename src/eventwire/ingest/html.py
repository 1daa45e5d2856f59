"""HTML pages reduced to their main text and metadata with trafilatura.

:func:`extract_html` returns an :class:`HtmlExtract`: the main text (paragraphs separated by
``\\n``, the headline left out when it opens the text), title, byline, publication time
(timezone-aware when the page gives a zone, e.g. ``article:published_time``), site name, the
canonical URL when the page declares one (``<link rel=canonical>``, ``og:url``), and the language
the page states (``<html lang>``, ``Content-Language``, ``og:locale``), reduced to its primary
subtag. Comments are not part of the text. A fragment without ``<html>``/``<body>`` that
trafilatura finds too short is read as plain paragraphs instead.
"""

from __future__ import annotations

import copy
import html as html_lib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
import trafilatura
from trafilatura.settings import Document, Extractor

from eventwire.errors import InputError, Reason
from eventwire.ingest.base import Item, language_tag, make_document, reject, rejection_from
from eventwire.ingest.dates import parse_datetime
from eventwire.ingest.decode import declared_html_charset, decode_bytes
from eventwire.settings import Settings

__all__ = ["HtmlExtract", "extract_html", "html_to_text", "read_html"]

log = logging.getLogger(__name__)

_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
# Built once: making trafilatura's options per page costs about a tenth of an extraction.
_OPTIONS = Extractor(
    output_format="python", comments=False, with_metadata=True, date_params=_DATE_PARAMS
)
_LANG_PATTERNS = (
    re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""", re.I),
    re.compile(
        r"""<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]+content\s*=\s*["']?"""
        r"""([A-Za-z]{2,3})""",
        re.I,
    ),
    re.compile(
        r"""<meta[^>]+property\s*=\s*["']?og:locale["']?[^>]+content\s*=\s*["']?([A-Za-z]{2,3})""",
        re.I,
    ),
)
_FULL_PAGE = re.compile(r"<(?:html|body)[\s>]", re.I)
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
    | {"article", "pre", "ul", "ol", "table", "hr", "dd", "dt", "figure", "figcaption", "header"}
    | {"footer", "aside", "main"}
)
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "svg")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BREAKS = re.compile(r"\s*\n\s*")


@dataclass(frozen=True, kw_only=True, slots=True)
class HtmlExtract:
    """What :func:`extract_html` finds in a page; ``text`` is empty when nothing was found."""

    text: str
    title: str | None = None
    byline: str | None = None
    published: datetime | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


def html_to_text(fragment: str) -> str:
    """All visible text of an HTML fragment, one line per block (``<p>``, ``<li>``, ``<br>``...)."""
    if "<" not in fragment:
        return _normalise(html_lib.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return ""
    lxml.etree.strip_elements(root, *_DROP, with_tail=False)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    return _normalise(str(root.text_content()))


def _normalise(text: str) -> str:
    text = _SPACES.sub(" ", text)
    return _BREAKS.sub("\n", text).strip()


def _page_language(page: str) -> str | None:
    head = page[:8192]
    for pattern in _LANG_PATTERNS:
        m = pattern.search(head)
        if m and (tag := language_tag(m.group(1))):
            return tag
    return None


_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_META_PUBLISHED = re.compile(
    r"""(?:property|name|itemprop)\s*=\s*["']?"""
    r"""(?:article:published_time|og:article:published_time|datePublished|publish[-_]?date)["'\s>]""",
    re.I,
)
_META_CONTENT = re.compile(r"""\bcontent\s*=\s*["']([^"']+)["']""", re.I)
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def _declared_published(page: str) -> str | None:
    """The publication time a page declares in its metadata, which keeps the time of day.

    trafilatura's date search may prefer a date in the URL, which has no time; a page's own
    ``article:published_time`` (or ``datePublished``) is more precise when present.
    """
    head = page[:65536]
    for tag in _META_TAG.findall(head):
        if _META_PUBLISHED.search(tag) and (content := _META_CONTENT.search(tag)):
            return content.group(1).strip()
    match = _JSONLD_PUBLISHED.search(head)
    return match.group(1).strip() if match else None


def _drop_leading_title(text: str, title: str | None) -> str:
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if sep and " ".join(first.split()) == " ".join(title.split()):
        return rest.lstrip("\n")
    return text


#: libxml2 gives up on elements nested deeper than 256 levels (the page then has "no text"):
#: elements past this depth are unwrapped (their tags dropped, their content kept).
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def flatten_deep(page: str, limit: int = MAX_DEPTH) -> str:
    """``page`` with the tags of elements nested deeper than ``limit`` removed (their text
    kept); a page that is not that deep comes back unchanged."""
    depth = 0
    deepest = 0
    for m in _TAG.finditer(page):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        depth += -1 if m.group(1) else 1
        deepest = max(deepest, depth)
    if deepest <= limit:
        return page
    out: list[str] = []
    at = 0
    depth = 0
    dropped: dict[str, int] = {}
    for m in _TAG.finditer(page):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        keep = True
        if m.group(1):  # a closing tag
            if dropped.get(name):
                dropped[name] -= 1
                keep = False
            else:
                depth = max(0, depth - 1)
        elif depth >= limit:
            dropped[name] = dropped.get(name, 0) + 1
            keep = False
        else:
            depth += 1
        if not keep:
            out.append(page[at : m.start()])
            at = m.end()
    out.append(page[at:])
    return "".join(out)


def extract_html(page: str, *, url: str | None = None) -> HtmlExtract:
    """Main text and metadata of an HTML page (see the module docstring). A page from which no
    text comes is tried once more with its too-deep elements unwrapped (:func:`flatten_deep`)."""
    found = _extract(page, url=url)
    if not found.text:
        flat = flatten_deep(page)
        if flat is not page:
            return _extract(flat, url=url)
    return found


def _extract(page: str, *, url: str | None) -> HtmlExtract:
    try:
        options = copy.copy(_OPTIONS)
        options.url = options.source = url
        doc = trafilatura.bare_extraction(page, options=options)
    except (lxml.etree.LxmlError, ValueError) as e:
        log.debug("trafilatura failed on %s: %s", url or "a page", e)
        doc = None
    fields: dict[str, Any] = doc.as_dict() if isinstance(doc, Document) else {}
    title = fields.get("title") or None
    text = (fields.get("text") or "").strip()
    if not text and not _FULL_PAGE.search(page[:8192]):
        text = html_to_text(page)
    text = _drop_leading_title(text, title)
    published = _declared_published(page) or fields.get("date")
    return HtmlExtract(
        text=text,
        title=title,
        byline=fields.get("author") or None,
        published=parse_datetime(published) if isinstance(published, str) else None,
        sitename=fields.get("sitename") or None,
        url=fields.get("url") or url,
        language=_page_language(page),
    )


def read_html(
    data: bytes,
    *,
    source: str,
    settings: Settings,
    locator: str | None = None,
    source_format: str = "html",
    declared_charset: str | None = None,
    url: str | None = None,
) -> Item:
    """Read one HTML page from its bytes (charset: BOM, UTF-8, declared, ``<meta>``, guessed)."""
    try:
        page = decode_bytes(data, declared=declared_charset or declared_html_charset(data))
    except InputError as e:
        return rejection_from(e, source, locator)
    return document_from_html(
        page,
        source=source,
        settings=settings,
        locator=locator,
        source_format=source_format,
        url=url,
    )


def document_from_html(
    page: str,
    *,
    source: str,
    settings: Settings,
    locator: str | None = None,
    source_format: str = "html",
    url: str | None = None,
) -> Item:
    """A RawDocument from an HTML page, or a Rejection when it holds no article text."""
    if not page.strip():
        return reject(source, Reason.EMPTY, "the page is empty", locator)
    found = extract_html(page, url=url)
    if not found.text:
        if "<" not in page:
            return reject(source, Reason.MALFORMED_HTML, "the HTML holds no markup", locator)
        return reject(
            source, Reason.NO_TEXT, "no article text could be extracted from the HTML", locator
        )
    return make_document(
        found.text,
        settings=settings,
        source=source,
        source_format=source_format,
        locator=locator,
        url=url or found.url,
        title=found.title,
        byline=found.byline,
        published=found.published,
        outlet=found.sitename,
        language=found.language,
    )
