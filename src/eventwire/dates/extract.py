"""Time expressions found in news text and normalised against the publication date.

Approach (all offline, deterministic):

1. **Duckling** finds dates, times, intervals and durations. Duckling resolves toward the future
   ("Monday" read on a Monday is the next one), so its values are corrected by news rules.
2. **News rules** written for this project add what Duckling misses or gets wrong for news:
   bare years ("by 2004"), decades ("the 1980s"), references ("now" PRESENT_REF, "recently"
   PAST_REF, "the future" FUTURE_REF), "over the past two months" as a duration ending at
   publication, year ranges, adjectival durations ("a 12-year contract"), sets ("weekly"),
   seasons and weekends.
3. **Lean to the past**: an expression without an explicit year or a future word ("next",
   "coming") that resolves after the publication date moves back one cycle (a weekday by a week,
   a month name, a day of a month, a quarter or a season by a year). So a bare weekday equal to the
   publication weekday is the publication day, and "in October" read in April 2017 is 2016-10.
   Two exceptions keep the nearest date on or after publication: a clause that speaks of the
   future ("will", "is due to", "scheduled", "by", "deadline"; see :func:`future_context`), and
   a day of a month at most 31 days ahead ("a hearing on April 25" read on April 17).
4. Overlapping candidates are resolved longest first. Leading prepositions ("in", "on", "since")
   are left out of the span, as in TIMEX3; "since X" adds an interval from X to publication.

Values follow TIMEX3: ``2017-04-17`` (day), ``2017-W16`` (week), ``2017-04`` (month),
``2017-Q2`` (quarter), ``2017-SP`` (season), ``2017`` (year), ``201`` (decade),
``2017-04-17T18:00`` (time), ``2017-04-17TMO`` (part of day), ``P2M`` (duration),
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.

The modules: :mod:`~eventwire.dates.rules` (the news rules, in the order they are tried),
:mod:`~eventwire.dates.normalise` (TIMEX3 values, calendar steps and the lean to the past),
:mod:`~eventwire.dates._duckling` (Duckling's entities read as candidates) and
:mod:`~eventwire.dates.vocabulary` (number, unit and calendar words). This module joins them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from eventwire.dates._duckling import duckling_candidates
from eventwire.dates.normalise import Candidate, format_value, future_context
from eventwire.dates.rules import rule_candidates
from eventwire.records import Span, TimeExpression

__all__ = ["extract_times", "format_value", "future_context"]


def extract_times(
    text: str, *, published: date | datetime, article_id: str = ""
) -> list[TimeExpression]:
    """Every time expression in ``text``, normalised against ``published``.

    Returns :class:`~eventwire.records.TimeExpression` records sorted by start offset, with
    spans into ``text`` and TIMEX3 values (see the module docstring).
    """
    pub = published.date() if isinstance(published, datetime) else published
    candidates = rule_candidates(text, pub)
    candidates.extend(duckling_candidates(text, pub))
    candidates = [c for c in candidates if not _is_age(text, c)]
    chosen = _since_intervals(text, _resolve_overlaps(candidates), pub)
    return [
        TimeExpression(
            article_id=article_id,
            span=Span(start=c.start, end=c.end),
            text=text[c.start : c.end],
            type=c.type,
            value=c.value,
            granularity=c.granularity,
            interval_start=c.interval_start,
            interval_end=c.interval_end,
        )
        for c in chosen
    ]


_AGE = re.compile(r"[-\s]old\b", re.IGNORECASE)


def _is_age(text: str, cand: Candidate) -> bool:
    """An age ("a 52-year-old shopkeeper", "the two-year-old truce") is not a time expression."""
    if cand.type != "DURATION":
        return False
    return text[cand.start : cand.end].lower().endswith("-old") or bool(_AGE.match(text, cand.end))


_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_CONCRETE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?|-Q\d|-W\d\d|-[A-Z]{2})?$")


def _since_intervals(text: str, chosen: list[Candidate], pub: date) -> list[Candidate]:
    """Give "since <clause> in October" an interval from October to publication."""
    out: list[Candidate] = []
    previous_end = 0
    for cand in chosen:
        if (
            cand.type == "DATE"
            and cand.value
            and _CONCRETE.match(cand.value)
            and cand.interval_start is None
            and cand.interval_end is None
        ):
            window_start = max(previous_end, cand.start - 100)
            window = text[window_start : cand.start]
            cut = max(window.rfind(ch) for ch in ".;!?\n")
            if _SINCE.search(window[cut + 1 :]):
                cand = replace(cand, interval_start=cand.value, interval_end=pub.isoformat())
        out.append(cand)
        previous_end = cand.end
    return out


def _resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Candidate] = []
    for cand in ordered:
        if cand.end <= cand.start:
            continue
        if any(cand.start < t.end and t.start < cand.end for t in taken):
            continue
        taken.append(cand)
    return sorted(taken, key=lambda c: c.start)
