"""JSON Lines files (``.jsonl``, ``.ndjson``, optionally gzip-compressed: ``.jsonl.gz``).

One JSON object per line, UTF-8 (other encodings are detected line by line). Blank lines are
skipped. Fields, with the other names accepted for each (the first one present wins):

| field | also accepted | value |
|---|---|---|
| ``text`` | ``content``, ``body``, ``maintext`` | the article text (string) |
| ``html`` | ``raw_html`` | an HTML page or fragment, used when there is no text; its main text and metadata are extracted |
| ``url`` | ``link`` | string |
| ``title`` | ``headline`` | string |
| ``published`` | ``date``, ``publish_date``, ``published_at``, ``pubdate``, ``date_publish`` | ISO 8601, RFC 822 or another common date layout; or a Unix timestamp (number) |
| ``outlet`` | ``source``, ``site_name``, ``sitename``, ``publisher`` | string, or an object with a ``name`` |
| ``byline`` | ``author``, ``authors`` | string, or a list of strings / objects with a ``name`` |
| ``language`` | ``lang`` | a language tag (``en-GB``) |

``null`` counts as absent; other fields are ignored. A record with no title whose text opens
with a headline line gets it as its title by the rule of plain-text files
(:mod:`eventwire.ingest.text`: a first line of at most 200 characters, not ending with a full
stop, then a blank line), and the text starts after it. A date that cannot be understood is dropped
with a logged warning and the article is kept. Each bad line is rejected on its own (locator
``line N``) and the rest of the file is read: ``malformed-json`` (not JSON, or not an object),
``missing-field`` (neither text nor html), ``bad-field`` (a field of the wrong type), ``too-large``
(a line over ``ingest.max_record_bytes``), ``no-text`` (text shorter than
``ingest.min_text_chars``). A gzip file that ends early is rejected as ``truncated`` after the
lines before the break.
"""

from __future__ import annotations

import codecs
import json
import logging
import zlib
from collections.abc import Mapping
from typing import Any, Protocol

from eventwire.errors import InputError, Reason
from eventwire.ingest.base import Item, ItemStream, make_document, reject, rejection_from
from eventwire.ingest.dates import parse_datetime
from eventwire.ingest.decode import decode_bytes
from eventwire.ingest.html import extract_html
from eventwire.ingest.text import split_title
from eventwire.settings import Settings

__all__ = ["FIELDS", "read_jsonl", "record_document"]

log = logging.getLogger(__name__)

#: Accepted names of each field, in order of preference.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "maintext"),
    "html": ("html", "raw_html"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "date_publish"),
    "outlet": ("outlet", "source", "site_name", "sitename", "publisher"),
    "byline": ("byline", "author", "authors"),
    "language": ("language", "lang"),
}

_TYPE_NAMES = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
    str: "a string",
}


class _BadField(Exception):
    def __init__(self, name: str, value: object, expected: str) -> None:
        got = _TYPE_NAMES.get(type(value), type(value).__name__)
        super().__init__(f"field '{name}' is {got}, expected {expected}")


def _pick(obj: Mapping[str, Any], field: str) -> tuple[str, Any]:
    for name in FIELDS[field]:
        value = obj.get(name)
        if value is not None:
            return name, value
    return FIELDS[field][0], None


def _string(obj: Mapping[str, Any], field: str) -> str | None:
    name, value = _pick(obj, field)
    if value is None or isinstance(value, str):
        return value
    raise _BadField(name, value, "a string")


def _named(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        name = value.get("name") or value.get("title")
        return name if isinstance(name, str) else None
    return None


def _outlet(obj: Mapping[str, Any]) -> str | None:
    name, value = _pick(obj, "outlet")
    if value is None:
        return None
    outlet = _named(value)
    if outlet is None:
        raise _BadField(name, value, "a string or an object with a name")
    return outlet


def _byline(obj: Mapping[str, Any]) -> str | None:
    name, value = _pick(obj, "byline")
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        names = [_named(v) for v in value]
        if all(n is not None for n in names):
            return ", ".join(n for n in names if n) or None
    raise _BadField(name, value, "a string or a list of names")


def _published(obj: Mapping[str, Any], where: str) -> Any:
    name, value = _pick(obj, "published")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _BadField(name, value, "a date string or a Unix timestamp")
    parsed = parse_datetime(value)
    if parsed is None:
        log.warning(
            "%s: the date %r in field '%s' was not understood; left empty", where, value, name
        )
    return parsed


def record_document(
    obj: object, *, source: str, settings: Settings, locator: str | None = None
) -> Item:
    """A RawDocument from one decoded JSON record, or a Rejection naming the problem."""
    if not isinstance(obj, dict):
        got = _TYPE_NAMES.get(type(obj), "a JSON value")
        return reject(
            source, Reason.MALFORMED_JSON, f"the line holds {got}, not a JSON object", locator
        )
    where = f"{source}:{locator}" if locator else source
    try:
        text = _string(obj, "text")
        page = _string(obj, "html") if text is None else None
        url = _string(obj, "url")
        title = _string(obj, "title")
        language = _string(obj, "language")
        byline = _byline(obj)
        outlet = _outlet(obj)
        published = _published(obj, where)
    except _BadField as e:
        return reject(source, Reason.BAD_FIELD, str(e), locator)
    if text is None and page is None:
        names = ", ".join(f"'{n}'" for n in FIELDS["text"] + FIELDS["html"])
        return reject(
            source,
            Reason.MISSING_FIELD,
            f"the record has no article text (none of the fields {names})",
            locator,
        )
    if text is not None and title is None:
        title, text = split_title(text)
    if text is None and page is not None:
        found = extract_html(page, url=url)
        text = found.text
        url = url or found.url
        title = title or found.title
        byline = byline or found.byline
        published = published or found.published
        outlet = outlet or found.sitename
        language = language or found.language
    return make_document(
        text or "",
        settings=settings,
        source=source,
        source_format="jsonl",
        locator=locator,
        url=url,
        title=title,
        byline=byline,
        published=published,
        outlet=outlet,
        language=language,
    )


class LineReader(Protocol):
    """A binary stream read line by line (a file, a GzipFile, a buffered pipe)."""

    def readline(self, size: int = -1, /) -> bytes: ...


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw)


def _skip_rest_of_line(stream: LineReader) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def read_jsonl(
    stream: LineReader, *, source: str, settings: Settings, first_line: int = 0
) -> ItemStream:
    """Yield one RawDocument or Rejection per non-blank line of a JSON Lines stream.

    ``first_line`` is the number of lines before the stream's start (a part of a file read on
    its own, :func:`eventwire.ingest.sources.read_jsonl_part`): locators count from it.
    """
    cap = settings.ingest.max_record_bytes
    lineno = first_line
    while True:
        try:
            raw = stream.readline(cap + 1)
            if len(raw) > cap and not raw.endswith(b"\n"):
                _skip_rest_of_line(stream)
                lineno += 1
                yield reject(
                    source,
                    Reason.TOO_LARGE,
                    f"the line is over the limit of {cap} bytes (setting ingest.max_record_bytes)",
                    f"line {lineno}",
                )
                continue
        except (EOFError, zlib.error, OSError) as e:
            yield reject(
                source,
                Reason.TRUNCATED,
                f"the compressed file is damaged or ends early after line {lineno} ({e})",
                f"line {lineno + 1}",
            )
            return
        if not raw:
            return
        lineno += 1
        if lineno == 1:
            if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                yield reject(source, Reason.ENCODING, "JSON Lines files must be UTF-8, not UTF-16")
                return
            raw = raw.removeprefix(codecs.BOM_UTF8)
        raw = raw.strip()
        if not raw:
            continue
        locator = f"line {lineno}"
        try:
            obj = json.loads(_decode_line(raw))
        except InputError as e:
            yield rejection_from(e, source, locator)
            continue
        except (json.JSONDecodeError, RecursionError) as e:
            yield reject(
                source, Reason.MALFORMED_JSON, f"the line is not valid JSON ({e})", locator
            )
            continue
        yield record_document(obj, source=source, settings=settings, locator=locator)
