"""Stable identifiers for articles.

The rule:

* an article with a URL is identified by its canonical URL: the same page fetched twice (or
  under a tracking or AMP variant of its URL) is one article, and a later fetch updates it;
* the same text at two different URLs is two articles; provenance links them later;
* an article without a URL is identified by its content: the SHA-256 of its cleaned text.

``article_id`` is ``"a"`` followed by the first 15 hex digits of SHA-256 of ``"url:" + canonical
URL`` or of ``"text:" + content hash``. The prefixes keep the two kinds of key apart.
"""

from __future__ import annotations

import hashlib

__all__ = ["article_id", "content_hash"]

_ID_HEX_DIGITS = 15


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the cleaned text, UTF-8 encoded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(canonical_url: str | None, content_hash: str) -> str:
    """The article's id: from the canonical URL when there is one, else from the content hash."""
    key = f"url:{canonical_url}" if canonical_url else f"text:{content_hash}"
    return "a" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:_ID_HEX_DIGITS]
