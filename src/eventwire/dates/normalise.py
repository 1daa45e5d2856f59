"""TIMEX3 values against the publication date: calendar steps, value formats and the past lean.

A :class:`Candidate` is a time expression found by a news rule or by Duckling, with its TIMEX3
type, value, granularity and interval. This module holds what both sources share: formatting a
day at a grain (:func:`format_value`), moving a day by a number of units (:func:`shift`),
duration values (:func:`duration_value`), and the "lean to the past" rule
(:func:`lean_past`): an expression without an explicit year or a future word that resolves after
publication moves back one cycle (a weekday by a week, a month, a day of a month, a quarter or a
season by a year), unless its clause speaks of the future (:func:`future_context`) or it is a day
of a month at most 31 days ahead.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from eventwire.dates.vocabulary import (
    EXPLICIT_YEAR,
    FUTURE_WORD,
    MONTH_WORD,
    QUARTER_WORD,
    SEASON_WORD,
    WEEKDAY_WORD,
)

__all__ = [
    "Candidate",
    "duration_value",
    "format_value",
    "future_context",
    "lean_past",
    "shift",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """A time expression at ``text[start:end]`` with its TIMEX3 reading.

    ``priority`` breaks ties between overlapping candidates of the same length (higher wins).
    """

    start: int
    end: int
    type: str
    value: str | None
    granularity: str | None = None
    interval_start: str | None = None
    interval_end: str | None = None
    priority: int = 1


def format_value(moment: date, grain: str) -> str:
    """The TIMEX3 value of ``moment`` at ``grain`` (day, week, month, quarter, year...)."""
    if grain == "week":
        iso = moment.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if grain == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if grain == "quarter":
        return f"{moment.year:04d}-Q{(moment.month - 1) // 3 + 1}"
    if grain == "year":
        return f"{moment.year:04d}"
    if grain == "decade":
        return f"{moment.year // 10:03d}"
    if grain == "century":
        return f"{moment.year // 100:02d}"
    return moment.isoformat()


def _shift_months(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift(day: date, letter: str, amount: float) -> date:
    """``day`` moved by ``amount`` units of the TIMEX3 ``letter`` (D, W, M, Q, Y; others stay)."""
    n = int(amount)
    if letter == "D":
        return day + timedelta(days=n)
    if letter == "W":
        return day + timedelta(weeks=n)
    if letter == "M":
        return _shift_months(day, n)
    if letter == "Q":
        return _shift_months(day, 3 * n)
    if letter == "Y":
        return _shift_months(day, 12 * n)
    return day


def duration_value(amount: float | None, letter: str) -> str:
    """The TIMEX3 duration ``P2M``/``PT3H``; ``X`` stands for an unknown amount (``PXY``)."""
    if amount is None:
        number = "X"
    elif float(amount).is_integer():
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    if letter.startswith("T"):
        return f"PT{number}{letter[1]}"
    return f"P{number}{letter}"


# --------------------------------------------------------------------------- future clauses

_FUTURE_CONTEXT = re.compile(
    r"\b(?:will|shall|'ll|scheduled|due|set to|expected|expects?|"
    r"upcoming|is to|are to|would|until|hopes?|aims?|intends?|could|may|might|should|"
    r"plans? to|planning to|begins?|starts?|ends|opens|closes|resumes?|expires?|"
    r"takes effect|takes place|runs? until|runs? out)\b",
    re.IGNORECASE,
)
_FUTURE_BEFORE = re.compile(r"\b(?:by|wants? to|want|deadline|before)\s+$", re.IGNORECASE)
_FUTURE_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:deadline|hearing|meeting|vote|election|summit|has been scheduled|"
    r"is scheduled|will)\b",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|announced|told|reported|added|stated|revealed|confirmed)\s+"
    r"(?:(?:on|in|late|early|last|this)\s+)?$",
    re.IGNORECASE,
)


def future_context(text: str, start: int, end: int | None = None) -> bool:
    """Whether the clause around ``text[start:end]`` speaks of the future ("will", "is due to").

    Looks at up to 120 characters to the left and 40 to the right, within the clause.
    """
    end = start if end is None else end
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n;,")
    window = text[max(left + 1, start - 120) : start]
    if _SAID_BEFORE.search(window):
        return False
    if _FUTURE_CONTEXT.search(window) or _FUTURE_BEFORE.search(window):
        return True
    stops = [i for i in (text.find(ch, end) for ch in ".!?\n;,") if i >= 0]
    right = text[end : min([end + 40, *stops])]
    return bool(_FUTURE_AFTER.match(right))


# --------------------------------------------------------------------------- lean to the past

_NEAR_FUTURE_DAYS = 31


def _cycle(body: str) -> tuple[str, int] | None:
    """How far back an underspecified expression moves when it lands after publication."""
    if EXPLICIT_YEAR.search(body) or FUTURE_WORD.search(body):
        return None
    if WEEKDAY_WORD.search(body) and not (MONTH_WORD.search(body) and re.search(r"\d", body)):
        return ("D", 7)
    if MONTH_WORD.search(body) or SEASON_WORD.search(body) or QUARTER_WORD.search(body):
        if re.search(r"\bthis\b", body, re.IGNORECASE) and not MONTH_WORD.search(body):
            return None
        return ("Y", 1)
    return None


def lean_past(
    moment: datetime, grain: str, body: str, pub: date, *, future: bool = False
) -> datetime:
    """``moment`` (read from ``body``) moved back by whole cycles to on or before ``pub``.

    With ``future`` (or a day of a month at most 31 days ahead) it becomes instead the nearest
    occurrence on or after ``pub``. Bodies with an explicit year or a future word stay as read.
    """
    cycle = _cycle(body)
    if cycle is None:
        return moment
    letter, amount = cycle
    if (
        not future
        and grain == "day"
        and letter == "Y"
        and MONTH_WORD.search(body)
        and pub < moment.date() <= pub + timedelta(days=_NEAR_FUTURE_DAYS)
    ):
        # "October 25" in an article of October 15: an announced date, not last year's
        future = True
    if future:
        # the nearest occurrence on or after publication (Duckling skips the current day)
        for _ in range(3):
            earlier = shift(moment.date(), letter, -amount)
            if earlier < pub:
                break
            moment = datetime.combine(earlier, moment.time())
        return moment
    for _ in range(40):  # Duckling may pick a weekday-and-date match years ahead
        if moment.date() <= pub:
            break
        moment = datetime.combine(shift(moment.date(), letter, -amount), moment.time())
    return moment
