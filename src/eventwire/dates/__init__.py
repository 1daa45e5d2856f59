"""Time expressions: find them in news text and normalise them against the publication date."""

from __future__ import annotations

from eventwire.dates.extract import extract_times, format_value
from eventwire.dates.governing import EventDate, event_date

__all__ = [
    "EventDate",
    "event_date",
    "extract_times",
    "format_value",
]
