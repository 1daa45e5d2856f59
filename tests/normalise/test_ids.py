"""Article ids and content hashes."""

from __future__ import annotations

import hashlib
import re

from eventwire.normalise.ids import article_id, content_hash
from eventwire.normalise.urls import canonical_url

TEXT = "Two soldiers were killed in clashes near Qaryat al-Nour, an officer said on Monday."


def test_content_hash_is_sha256_of_text() -> None:
    assert content_hash(TEXT) == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert content_hash(TEXT) != content_hash(TEXT + " ")


def test_id_shape_and_stability() -> None:
    first = article_id("https://example.org/a", content_hash(TEXT))
    assert re.fullmatch(r"a[0-9a-f]{15}", first)
    assert first == article_id("https://example.org/a", content_hash(TEXT))


def test_same_page_is_one_article_whatever_its_text() -> None:
    assert article_id("https://example.org/a", content_hash(TEXT)) == article_id(
        "https://example.org/a", content_hash(TEXT + " Updated.")
    )


def test_same_text_at_two_urls_is_two_articles() -> None:
    digest = content_hash(TEXT)
    assert article_id("https://example.org/a", digest) != article_id(
        "https://example.net/a", digest
    )


def test_text_without_url_is_identified_by_content() -> None:
    assert article_id(None, content_hash(TEXT)) == article_id(None, content_hash(TEXT))
    assert article_id(None, content_hash(TEXT)) != article_id(None, content_hash(TEXT + "!"))
    assert article_id(None, content_hash(TEXT)) != article_id(content_hash(TEXT), "")


def test_url_variants_share_an_id() -> None:
    digest = content_hash(TEXT)
    variants = [
        "https://www.example.org/world/story?utm_source=rss",
        "https://www.example.org/world/story/amp",
        "HTTPS://WWW.EXAMPLE.ORG/world/story/#top",
    ]
    assert len({article_id(canonical_url(v), digest) for v in variants}) == 1
