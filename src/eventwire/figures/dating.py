"""Dates for figures: the time expression governing each figure's sentence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from eventwire.dates import EventDate, event_date
from eventwire.records import Figure, Span, TimeExpression

__all__ = ["date_figures"]


def date_figures(
    figures: Sequence[Figure],
    expressions: Sequence[TimeExpression],
    *,
    sentences: Sequence[Span],
    published: date | datetime,
) -> list[tuple[Figure, EventDate]]:
    """Pair each figure with the date of its sentence (see :func:`eventwire.dates.event_date`).

    "Nearly 330,000 people have fled since ... October" gets the interval from October to the
    publication date; a figure in a sentence without a usable time expression gets the
    publication date with ``source="publication"``.
    """
    out: list[tuple[Figure, EventDate]] = []
    for figure in figures:
        sentence = next(
            (s for s in sentences if s.start <= figure.span.start < s.end),
            Span(start=figure.span.start, end=figure.span.end),
        )
        out.append(
            (figure, event_date(sentence, expressions, published=published, trigger=figure.span))
        )
    return out
