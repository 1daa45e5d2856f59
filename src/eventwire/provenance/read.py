"""The reads behind ``eventwire provenance ARTICLE``: an article's stored provenance as plain
data (sentences with their donors, relations, flags, story)."""

from __future__ import annotations

from typing import Any

from eventwire.errors import EventwireError
from eventwire.store import Store
from eventwire.store.provenance import ProvenanceTables
from eventwire.store.sql import iso_utc

__all__ = ["article_provenance", "find_article"]


def find_article(store: Store, ref: str) -> str:
    """The id of the article ``ref`` names: an article id, a URL or a canonical URL."""
    found = ProvenanceTables(store).find_article(ref)
    if found is None:
        raise EventwireError(f"no article {ref!r} in {store.path} (give an article id or a URL)")
    return found


def article_provenance(store: Store, ref: str) -> dict[str, Any]:
    """An article's provenance as plain data: sentences with donors, relations, flags, story."""
    article_id = find_article(store, ref)
    detail = ProvenanceTables(store).article_detail(article_id)
    head = detail.head
    donors: dict[int, list[dict[str, Any]]] = {}
    for d in detail.donors:
        donors.setdefault(d.sentence_index, []).append(
            {
                "article_id": d.donor_id,
                "sentence_index": d.donor_sentence,
                "similarity": d.similarity,
                "outlet": d.outlet,
                "published": iso_utc(d.published),
            }
        )
    flags = [
        {"target_kind": f.target_kind, "target_id": f.target_id, "code": f.code, "detail": f.detail}
        for f in detail.flags
    ]
    sentences: list[dict[str, Any]] = []
    for s in detail.sentences:
        found = donors.get(s.index, [])
        status = "copied" if found else "original" if s.index in detail.matchable else "short"
        target = f"{article_id}:{s.index}"
        sentences.append(
            {
                "index": s.index,
                "start": s.span.start,
                "end": s.span.end,
                "text": detail.text[s.span.start : s.span.end],
                "status": status,
                "donors": found,
                "flags": [
                    f["code"]
                    for f in flags
                    if f["target_kind"] == "sentence" and f["target_id"] == target
                ],
            }
        )
    relations = [
        {
            "donor_id": r.donor_id,
            "kind": r.kind,
            "score": r.score,
            "similarity": r.similarity,
            "outlet": r.outlet,
            "published": iso_utc(r.published),
        }
        for r in detail.relations
    ]
    earliest: dict[str, Any] | None = None
    for sentence in sentences:
        for donor in sentence["donors"][:1]:
            key = (donor["published"] is None, donor["published"] or "")
            if earliest is None or key < (
                earliest["published"] is None,
                earliest["published"] or "",
            ):
                earliest = donor
    return {
        "article_id": head.article_id,
        "url": head.url,
        "outlet": head.outlet,
        "title": head.title,
        "published": iso_utc(head.published),
        "processed": head.processed,
        "kind": head.kind,
        "copied_share": head.copied_share,
        "matchable": head.matchable,
        "headline_supported": head.headline_supported,
        "story_id": head.story_id,
        "earliest_source": (
            {k: earliest[k] for k in ("article_id", "outlet", "published")} if earliest else None
        ),
        "copied_from": [r["donor_id"] for r in relations],
        "relations": relations,
        "flags": flags,
        "sentences": sentences,
    }
