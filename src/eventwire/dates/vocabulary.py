"""The words of time expressions: numbers, units, weekdays, months and seasons.

Holds the tables and the regular-expression pieces shared by the news rules
(:mod:`eventwire.dates.rules`) and the normalisation of Duckling's values
(:mod:`eventwire.dates.normalise`), and reads a written number or unit word.
"""

from __future__ import annotations

import re

from eventwire.numbers import UNIT_WORDS

__all__ = [
    "EXPLICIT_YEAR",
    "FUTURE_WORD",
    "GRANULARITY",
    "MONTHS",
    "MONTH_WORD",
    "NUM_RE",
    "PART_OF_DAY",
    "QUARTER_ORDINALS",
    "QUARTER_WORD",
    "SEASONS",
    "SEASON_WORD",
    "SET_PERIODS",
    "UNITS",
    "UNIT_RE",
    "WEEKDAYS",
    "WEEKDAY_WORD",
    "parse_number",
    "parse_unit",
]

_NUMBER_WORDS: dict[str, float] = {
    **{word: value for word, value in UNIT_WORDS.items() if value > 0},
    "a": 1,
    "an": 1,
    "single": 1,
    "couple of": 2,
    "a couple of": 2,
    "hundred": 100,
}
_VAGUE_WORDS = {"several", "few", "a few", "many", "some"}

UNITS: dict[str, tuple[str, float]] = {
    # unit word -> (TIMEX3 letter, multiplier)
    "second": ("TS", 1),
    "minute": ("TM", 1),
    "hour": ("TH", 1),
    "day": ("D", 1),
    "week": ("W", 1),
    "fortnight": ("W", 2),
    "month": ("M", 1),
    "quarter": ("Q", 1),
    "year": ("Y", 1),
    "decade": ("Y", 10),
    "century": ("Y", 100),
}
GRANULARITY = {
    "TS": "second",
    "TM": "minute",
    "TH": "hour",
    "D": "day",
    "W": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
}

NUM_RE = (
    r"(?:\d+(?:\.\d+)?|a couple of|couple of|a few|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if " " not in w), key=len, reverse=True))
    + r"|several|few|many)"
)
UNIT_RE = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"

WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
)
MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
WEEKDAY_WORD = re.compile(rf"\b(?:{WEEKDAYS})\b", re.IGNORECASE)
MONTH_WORD = re.compile(rf"\b(?:{MONTHS})\b\.?", re.IGNORECASE)
SEASON_WORD = re.compile(r"\b(?:spring|summer|autumn|fall|winter)\b", re.IGNORECASE)
QUARTER_WORD = re.compile(r"\bquarter\b|\bhalf\b", re.IGNORECASE)
EXPLICIT_YEAR = re.compile(r"\b\d{4}\b|'\d\d\b|/\d\d\b")
FUTURE_WORD = re.compile(
    r"\b(?:next|coming|upcoming|following|tomorrow|later|from now|ahead|within)\b|^in \d",
    re.IGNORECASE,
)

PART_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "tonight": "NI",
    "night": "NI",
}

SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9)}
SEASONS["winter"] = ("WI", 12)

QUARTER_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
QUARTER_ORDINALS.update({"fourth": 4, "4th": 4, "final": 4})

SET_PERIODS = {
    # a set word -> its period
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "quarterly": "P1Q",
    "hourly": "PT1H",
}


def parse_number(words: str) -> float | None:
    """The value of a written count ("3", "two", "twenty-one"), ``None`` when vague or unknown."""
    words = words.lower().strip()
    if words in _VAGUE_WORDS:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    if words in _NUMBER_WORDS:
        return _NUMBER_WORDS[words]
    parts = re.split(r"[- ]", words)
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return None


def parse_unit(word: str) -> tuple[str, float]:
    """The TIMEX3 letter and multiplier of a unit word, singular or plural ("centuries")."""
    word = word.lower()
    if word.startswith("centur"):
        return UNITS["century"]
    return UNITS[word.rstrip("s")]
