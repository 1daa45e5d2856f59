"""Normalisation: turn a RawDocument into an Article.

Cleans the text (:mod:`.text`), finds the dateline (:mod:`.dateline`), the canonical URL and
outlet (:mod:`.urls`), the language (:mod:`.language`) and the ids (:mod:`.ids`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

from eventwire.errors import InputError, Reason
from eventwire.normalise.dateline import AGENCIES, normalise_agency, parse_dateline
from eventwire.normalise.ids import article_id, content_hash
from eventwire.normalise.language import detect_language, normalise_language_code
from eventwire.normalise.text import clean_line, clean_text, is_boilerplate
from eventwire.normalise.urls import (
    canonical_url,
    is_web_url,
    outlet_from_url,
    registrable_domain,
)
from eventwire.records import Article, RawDocument, Rejection
from eventwire.settings import Settings

__all__ = [
    "AGENCIES",
    "MAX_TITLE_CHARS",
    "STAGE_NAME",
    "article_id",
    "canonical_url",
    "clean_byline",
    "clean_line",
    "clean_outlet",
    "clean_text",
    "content_hash",
    "detect_language",
    "is_boilerplate",
    "normalise",
    "normalise_agency",
    "normalise_document",
    "normalise_language_code",
    "outlet_from_url",
    "parse_dateline",
    "registrable_domain",
]

#: Versioned name of this stage; bump the version when its output changes for the same input.
STAGE_NAME = "normalise.v1"

logger = logging.getLogger(__name__)

_BY_RE = re.compile(r"^(?:(?:written|reported|words|story|text)\s+)?by\b[:\s]*", re.IGNORECASE)


def clean_byline(byline: str | None) -> str | None:
    """A byline without its ``By`` (``"By  Jane Roe "`` -> ``"Jane Roe"``), or None if empty."""
    if not byline:
        return None
    cleaned = _BY_RE.sub("", clean_line(byline)).strip(" ,;|-–—")
    return cleaned or None


_OUTLET_SECTION = re.compile(r"\s+[—–|:]\s+.*$")


def clean_outlet(outlet: str | None) -> str | None:
    """An outlet name without a section suffix (``"Coastal Courier — News"`` -> ``"Coastal
    Courier"``), as feed titles and site names often carry one."""
    if not outlet:
        return None
    cleaned = _OUTLET_SECTION.sub("", clean_line(outlet)).strip()
    return cleaned or None


#: The longest title and byline kept; a longer one (a page that puts its whole text, or an
#: attack, in its title) is cut at a word and ends with "…".
MAX_TITLE_CHARS = 500


def _clean_optional(value: str | None, limit: int = MAX_TITLE_CHARS) -> str | None:
    if not value:
        return None
    text = clean_line(value)
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"
    return text or None


def normalise_document(raw: RawDocument, *, settings: Settings) -> Article:
    """Clean one document and fill the article's metadata.

    The language is the source's own tag when it is a valid code (its confidence then None),
    else detected when ``language.detect`` is on. The outlet is the source's name for it, else
    the registrable domain of the URL. The dateline's span points into the cleaned text.

    Raises :class:`~eventwire.errors.InputError` (``no-text``) when the cleaned text is empty or
    shorter than ``ingest.min_text_chars``.
    """
    text = clean_text(raw.text)
    minimum = settings.ingest.min_text_chars
    if not text or len(text) < minimum:
        raise InputError(
            Reason.NO_TEXT,
            f"{len(text)} characters of text left after cleaning, fewer than "
            f"ingest.min_text_chars = {minimum}; lower that setting to keep short texts",
            locator=raw.locator,
        )
    url = raw.url.strip() if raw.url and raw.url.strip() else None
    if url is not None and not is_web_url(url):
        # javascript:, data:, file: ... would be shown to readers of the store as a link
        logger.info("%s: URL %.80r is not http(s); not stored", raw.where(), url)
        url = None
    canonical = canonical_url(url) if url else None
    domain, outlet = outlet_from_url(canonical or url, clean_outlet(raw.outlet))

    # Detection first: page templates often declare one language for every article; the
    # declared tag is the fallback when the text is too short or unclear to identify.
    declared = normalise_language_code(raw.language)
    if raw.language and declared is None:
        logger.debug("%s: ignoring unknown language tag %r", raw.where(), raw.language)
    language: str | None = None
    confidence: float | None = None
    if settings.language.detect:
        language, confidence = detect_language(text, sample_chars=settings.language.sample_chars)
    if language is None:
        language, confidence = declared, None

    digest = content_hash(text)
    return Article(
        id=article_id(canonical, digest),
        content_hash=digest,
        text=text,
        url=url,
        canonical_url=canonical,
        outlet=outlet,
        domain=domain,
        title=_clean_optional(raw.title),
        byline=clean_byline(raw.byline),
        published=raw.published,
        language=language,
        language_confidence=confidence,
        dateline=parse_dateline(text),
        source=raw.source,
        locator=raw.locator,
        source_format=raw.source_format,
    )


def normalise(
    docs: Iterable[RawDocument | Rejection], *, settings: Settings
) -> Iterator[Article | Rejection]:
    """Normalise a stream of documents; rejections pass through, unusable documents become one."""
    for doc in docs:
        if isinstance(doc, Rejection):
            yield doc
            continue
        try:
            yield normalise_document(doc, settings=settings)
        except InputError as e:
            yield Rejection(
                source=doc.source,
                locator=e.locator or doc.locator,
                code=str(e.reason.value),
                message=e.message,
            )
