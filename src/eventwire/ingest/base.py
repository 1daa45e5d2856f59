"""Helpers shared by the readers: the item type, rejections, text checks, language tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from eventwire.errors import InputError, Reason
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings

__all__ = [
    "FORMATS",
    "Item",
    "ItemStream",
    "language_tag",
    "make_document",
    "reject",
    "rejection_from",
]

#: Values of ``RawDocument.source_format``.
FORMATS = ("text", "html", "jsonl", "feed", "warc", "url")

Item = RawDocument | Rejection
ItemStream = Iterator[RawDocument | Rejection]

_LANG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


def reject(source: str, code: Reason, message: str, locator: str | None = None) -> Rejection:
    """A Rejection with a stable code and a message a user understands."""
    return Rejection(source=source, locator=locator, code=str(code), message=message)


def rejection_from(error: InputError, source: str, locator: str | None = None) -> Rejection:
    """Turn an InputError raised inside a reader into a Rejection."""
    return reject(source, error.reason, error.message, error.locator or locator)


def language_tag(value: object) -> str | None:
    """The primary subtag of a language tag, lower-cased: ``en-US`` -> ``en``; else None."""
    if not isinstance(value, str):
        return None
    m = _LANG.match(value)
    return m.group(1).lower() if m else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def make_document(
    text: str,
    *,
    settings: Settings,
    source: str,
    source_format: str,
    locator: str | None = None,
    url: str | None = None,
    title: str | None = None,
    byline: str | None = None,
    published: datetime | None = None,
    outlet: str | None = None,
    language: str | None = None,
) -> Item:
    """A RawDocument, or a ``no-text`` Rejection when the text is shorter than the minimum."""
    text = text.strip()
    if not text:
        return reject(source, Reason.NO_TEXT, "no article text was found", locator)
    minimum = settings.ingest.min_text_chars
    if len(text) < minimum:
        return reject(
            source,
            Reason.NO_TEXT,
            f"the article text is {len(text)} characters long, shorter than the minimum of "
            f"{minimum} (setting ingest.min_text_chars)",
            locator,
        )
    return RawDocument(
        source=source,
        locator=locator,
        source_format=source_format,
        text=text,
        url=_clean(url),
        title=_clean(title),
        byline=_clean(byline),
        published=published,
        outlet=_clean(outlet),
        language=language_tag(language),
    )
