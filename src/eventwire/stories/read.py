"""The reads behind ``eventwire stories``: the stored stories as plain data."""

from __future__ import annotations

from typing import Any

from eventwire.store import Store
from eventwire.store.sql import iso_utc
from eventwire.store.stories import StoryTables

__all__ = ["list_stories"]


def list_stories(
    store: Store, *, limit: int | None = None, offset: int = 0, story_id: str | None = None
) -> list[dict[str, Any]]:
    """Stories, largest first: counts, first and last published time, title, articles and the
    articles of other languages linked to them (``limit`` from ``offset``, or the one
    ``story_id``)."""
    return [
        {
            "story_id": s.story_id,
            "n_articles": s.n_articles,
            "independent_sources": s.independent_sources,
            "first_published": iso_utc(s.first_published),
            "last_published": iso_utc(s.last_published),
            "title": s.title,
            "first_article_id": s.first_article_id,
            "article_ids": list(s.article_ids),
            "linked_article_ids": list(s.linked_article_ids),
        }
        for s in StoryTables(store).listing(limit=limit, offset=offset, story_id=story_id)
    ]
