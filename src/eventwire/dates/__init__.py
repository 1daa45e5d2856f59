"""Time expressions: find them in news text and normalise them against the publication date."""

from __future__ import annotations

from eventwire.dates.evaluate import TimexMention, evaluate_timex, score_timex
from eventwire.dates.extract import extract_times, format_value
from eventwire.dates.governing import EventDate, event_date

__all__ = [
    "EventDate",
    "TimexMention",
    "evaluate_timex",
    "event_date",
    "extract_times",
    "format_value",
    "score_timex",
]
