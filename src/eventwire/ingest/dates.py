"""Publication dates from the many ways sources write them.

:func:`parse_datetime` tries, in order: ISO 8601 (``2024-03-05``, ``2024-03-05T14:30:00Z``,
``2024-03-05T14:30:00+0200``), RFC 822 as in RSS (``Tue, 05 Mar 2024 14:30:00 +0200``), a few
common layouts (``5 March 2024``, ``March 5, 2024``), then dateparser for absolute dates in other
layouts. Numbers are Unix timestamps (seconds, or milliseconds when too large for seconds).
The result is timezone-aware only when the source gave a zone. Relative expressions ("yesterday")
and years outside 1900-2100 give None.
"""

from __future__ import annotations

import email.utils
import functools
import re
from datetime import UTC, datetime
from typing import Any

__all__ = ["parse_datetime"]

_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S %Z",
    "%d %B %Y %H:%M",
    "%B %d, %Y %H:%M",
    "%B %d, %Y %I:%M %p",
)
_RFC822_HINT = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}")


@functools.cache
def _dateparser() -> Any:
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]

    return DateDataParser(
        languages=["en"],
        settings={
            "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )


def _sane(value: datetime | None) -> datetime | None:
    if value is None or not 1900 <= value.year <= 2100:
        return None
    return value


def _from_number(value: float) -> datetime | None:
    if value > 1e11:  # milliseconds
        value = value / 1000.0
    try:
        return _sane(datetime.fromtimestamp(value, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None


def parse_datetime(value: str | int | float | datetime | None) -> datetime | None:
    """Parse a publication date; None when absent or not understood."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _sane(value)
    if isinstance(value, int | float):
        return _from_number(float(value))
    text = " ".join(value.split())
    if not text:
        return None
    if text.isdigit() and len(text) >= 9:
        return _from_number(float(text))
    try:
        return _sane(datetime.fromisoformat(text))
    except ValueError:
        pass
    if _RFC822_HINT.search(text):
        try:
            return _sane(email.utils.parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    for fmt in _FORMATS:
        try:
            return _sane(datetime.strptime(text, fmt))
        except ValueError:
            continue
    if len(text) > 80 or not any(ch.isdigit() for ch in text):
        return None
    result = _dateparser().get_date_data(text)
    return _sane(result.date_obj)
