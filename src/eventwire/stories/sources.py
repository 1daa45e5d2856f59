"""Independent sources of a story: a wire story and all its reprints count once.

Each article of a story is linked to its strongest donor inside the story when that donor carries
at least ``derived_share`` of its sentences
(:class:`~eventwire.provenance.relations.ArticleRelations`); donors are earlier articles, so the
links form trees, one per origin. A tree counts when its root is an article of its own (less
than ``derived_share`` copied), or a copy whose donors are all outside the story (reprints of a
wire story that is not in the store still stand for that one source). A patchwork page copied
from several members of the story, with no dominant donor, is a root that does not count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eventwire.provenance.relations import ArticleRelations

__all__ = ["independent_sources"]


def independent_sources(
    article_ids: Sequence[str],
    relations: Mapping[str, ArticleRelations],
    *,
    derived_share: float = 0.5,
) -> int:
    """The number of independent origins among ``article_ids``.

    Articles without an entry in ``relations`` count as original.
    """
    members = list(dict.fromkeys(article_ids))
    inside = set(members)
    parent: dict[str, str] = {}
    derived: set[str] = set()
    copied_inside: set[str] = set()
    for article_id in members:
        rel = relations.get(article_id)
        if rel is None:
            continue
        if rel.copied_share >= derived_share:
            derived.add(article_id)
        donors = [r for r in rel.relations if r.donor_id in inside and r.donor_id != article_id]
        if donors:
            copied_inside.add(article_id)
            top = max(donors, key=lambda r: r.score)
            if top.score >= derived_share:
                parent[article_id] = top.donor_id
    count = 0
    for article_id in members:
        if article_id in parent:
            continue  # counted with the article it was copied from
        if article_id not in derived or article_id not in copied_inside:
            count += 1
    return count
