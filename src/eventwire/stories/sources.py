"""Independent sources of a story: a wire story and all its reprints count once.

Each article of a story is linked to its strongest donor inside the story when that donor carries
at least ``derived_share`` of its sentences
(:class:`~eventwire.records.ArticleRelations`); donors are earlier articles, so the
links form trees, one per origin. A tree counts when its root is an article of its own (less
than ``derived_share`` copied), or a copy whose donors are all outside the story (reprints of a
wire story that is not in the store still stand for that one source). A patchwork page copied
from several members of the story, with no dominant donor, is a root that does not count.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence

from eventwire.records import ArticleRelations

__all__ = ["counts_as_source", "independent_sources"]


def counts_as_source(
    relations: ArticleRelations | None,
    inside: Container[str],
    *,
    derived_share: float = 0.5,
) -> bool:
    """Whether one article is an independent origin of the story whose members are ``inside``.

    Only the article's own relations (to earlier articles) decide, so a story's count grows by
    this article's answer when it joins, and later members never change it.
    """
    if relations is None:
        return True
    donors = [
        r.score
        for r in relations.relations
        if r.donor_id in inside and r.donor_id != relations.article_id
    ]
    if not donors:
        return True  # nothing copied from inside the story
    # A dominant donor inside: counted with it. A copy of several members: a patchwork root.
    return max(donors) < derived_share and relations.copied_share < derived_share


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
    return sum(
        counts_as_source(relations.get(a), inside, derived_share=derived_share) for a in members
    )
