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
from eventwire.dates.extract import future_context

__all__ = ["redate"]


def redate(
    sentence: str,
    value: str | None,
    *,
    published: datetime | None,
    donor_published: datetime | None,
    offset: int | None = None,
    end: int | None = None,
) -> str | None:
    """The date ``value`` of a copied ``sentence`` read against ``donor_published``.

    ``offset`` and ``end``: where in the sentence the time expression that gave ``value``
    starts and ends, when the store knows it (else the sentence is read against ``published`` to
    find it). With both, and no future clause around it, only the expression and the word before
    it are read again (a sentence costs Duckling about fifteen times as much); the whole sentence
    is read when that window does not give an expression at the same place. Returns ``value``
    unchanged when there is nothing to move (no donor time, the same day) or when no expression
    of the sentence gave that value.
    """
    if not value or published is None or donor_published is None:
        return value
    if donor_published.date() == published.date():
        return value
    if offset is None:
        offsets = [s for s, _, v in _times(sentence, published) if v == value]
        if not offsets:
            return value
        offset = offsets[0]
    elif end is not None and not future_context(sentence, offset, end):
        lead = _word_before(sentence, offset)
        for start, _, moved in _times(sentence[lead:end], donor_published):
            if start == offset - lead:
                return moved or value
    for start, _, moved in _times(sentence, donor_published):
        if start == offset and moved:
            return moved
    return value


def _word_before(sentence: str, offset: int) -> int:
    """Where the word before ``offset`` starts (a preposition such as "on" or "since")."""
    at = offset
    while at > 0 and sentence[at - 1].isspace():
        at -= 1
    while at > 0 and not sentence[at - 1].isspace():
        at -= 1
    return at


@functools.lru_cache(maxsize=16384)  # every copy of one donor sentence reads it the same
def _times(sentence: str, published: datetime) -> tuple[tuple[int, int, str | None], ...]:
    """The time expressions of ``sentence`` read against ``published``: start, end, value."""
    return tuple(
        (t.span.start, t.span.end, t.value) for t in extract_times(sentence, published=published)
    )
