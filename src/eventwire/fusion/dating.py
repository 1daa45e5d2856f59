"""Copies dated against their donors.

A page that copies a wire sentence ("an army spokesman said on Monday") reports the donor's
Monday, not the Monday before its own publication. :func:`redate` finds the time expression that
gave the copied sentence its date (read against the copier's publication time) and reads it again
against the donor's.
"""

from __future__ import annotations

import functools
from datetime import datetime

from eventwire.dates import extract_times

__all__ = ["redate"]


@functools.lru_cache(maxsize=16384)  # the same copy is loaded each time its event grows
def redate(
    sentence: str,
    value: str | None,
    *,
    published: datetime | None,
    donor_published: datetime | None,
) -> str | None:
    """The date ``value`` of a copied ``sentence`` read against ``donor_published``.

    Returns ``value`` unchanged when there is nothing to move (no donor time, the same day) or
    when no expression of the sentence gave that value.
    """
    if not value or published is None or donor_published is None:
        return value
    if donor_published.date() == published.date():
        return value
    own = extract_times(sentence, published=published)
    donor = {
        (t.span.start, t.span.end): t.value
        for t in extract_times(sentence, published=donor_published)
    }
    for t in own:
        if t.value == value:
            moved = donor.get((t.span.start, t.span.end))
            if moved:
                return moved
    return value
