"""Which time expression dates a sentence, or whether its date defaults to publication."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from eventwire.records import Span, TimeExpression

__all__ = ["EventDate", "event_date"]

_REFS = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}


@dataclass(frozen=True, kw_only=True, slots=True)
class EventDate:
    """The date of an event mention: a TIMEX3 value, its granularity and where it came from.

    ``source`` is ``"text"`` when a time expression in the sentence gave the date and
    ``"publication"`` when none did and the publication date stands in.
    """

    value: str
    granularity: str | None
    source: str
    expression: TimeExpression | None = None
    interval_start: str | None = None
    interval_end: str | None = None


def _rank(expr: TimeExpression, trigger: Span | None) -> tuple[int, int]:
    # Calendar dates and times first, then durations with a known interval, then the rest;
    # within a rank, the expression closest to the trigger (or the first one).
    if expr.type in {"DATE", "TIME"} and expr.value and expr.value not in _REFS:
        rank = 0
    elif expr.interval_start or expr.interval_end:
        rank = 1
    else:
        rank = 2
    if trigger is None:
        distance = expr.span.start
    else:
        distance = max(expr.span.start - trigger.end, trigger.start - expr.span.end, 0)
    return (rank, distance)


def event_date(
    sentence: Span,
    expressions: Sequence[TimeExpression],
    *,
    published: date | datetime,
    trigger: Span | None = None,
) -> EventDate:
    """The date governing ``sentence``: the best expression inside it, else publication.

    Expressions inside the sentence that name a calendar date or time win, then durations with
    an interval ("over the past two months"); a sentence with only references ("now") or plain
    durations, or with none, takes the publication date (``source="publication"``). With
    ``trigger`` the expression nearest to it wins among equals.
    """
    pub = published.date() if isinstance(published, datetime) else published
    inside = [
        e
        for e in expressions
        if sentence.start <= e.span.start and e.span.end <= sentence.end and e.type != "SET"
    ]
    usable = [e for e in inside if _rank(e, trigger)[0] < 2]
    if not usable:
        return EventDate(value=pub.isoformat(), granularity="day", source="publication")
    best = min(usable, key=lambda e: _rank(e, trigger))
    if best.type in {"DATE", "TIME"} and best.value and best.value not in _REFS:
        return EventDate(
            value=best.value,
            granularity=best.granularity,
            source="text",
            expression=best,
            interval_start=best.interval_start,
            interval_end=best.interval_end,
        )
    # a duration with an interval: the event spans it; its date is the interval's end
    end = best.interval_end or pub.isoformat()
    return EventDate(
        value=end,
        granularity="day" if len(end) == 10 else best.granularity,
        source="text",
        expression=best,
        interval_start=best.interval_start,
        interval_end=best.interval_end,
    )
