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
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from eventwire.dates._duckling import duckling_parse
from eventwire.numbers import UNIT_WORDS
from eventwire.records import Span, TimeExpression

__all__ = ["extract_times", "format_value", "future_context"]

# --------------------------------------------------------------------------- vocabulary

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

_UNITS: dict[str, tuple[str, float]] = {
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
_GRANULARITY = {
    "TS": "second",
    "TM": "minute",
    "TH": "hour",
    "D": "day",
    "W": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
}

_NUM_RE = (
    r"(?:\d+(?:\.\d+)?|a couple of|couple of|a few|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if " " not in w), key=len, reverse=True))
    + r"|several|few|many)"
)
_UNIT_RE = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"

_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAY_WORD = re.compile(rf"\b(?:{_WEEKDAYS})\b", re.IGNORECASE)
_MONTH_WORD = re.compile(rf"\b(?:{_MONTHS})\b\.?", re.IGNORECASE)
_SEASON_WORD = re.compile(r"\b(?:spring|summer|autumn|fall|winter)\b", re.IGNORECASE)
_QUARTER_WORD = re.compile(r"\bquarter\b|\bhalf\b", re.IGNORECASE)
_EXPLICIT_YEAR = re.compile(r"\b\d{4}\b|'\d\d\b|/\d\d\b")
_FUTURE_WORD = re.compile(
    r"\b(?:next|coming|upcoming|following|tomorrow|later|from now|ahead|within)\b|^in \d",
    re.IGNORECASE,
)
_RELATIVE_WORD = re.compile(r"\b(?:this|last|past|previous|ago|yesterday|today)\b", re.IGNORECASE)

_LEADING_PREPOSITION = re.compile(
    r"^(?:in|on|at|since|by|from|during|until|till|through|throughout|for|of|before|after|"
    r"around|as of|as early as|as late as|starting|beginning|within)\s+",
    re.IGNORECASE,
)
_JUNK_BODY = re.compile(
    r"^(?:the\s+)?(?:days|weeks|months|years|hours|minutes|seconds|day|week|month|year)$",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"\d:\d\d|\d\s*(?:a\.?m\.?|p\.?m\.?)\b|o'clock|noon|midnight|\b\d{4}\s*(?:utc|gmt)|"
    r"morning|afternoon|evening|night|tonight",
    re.IGNORECASE,
)
_PART_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "tonight": "NI",
    "night": "NI",
}

_SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9)}
_SEASONS["winter"] = ("WI", 12)


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True, kw_only=True, slots=True)
class _Candidate:
    start: int
    end: int
    type: str
    value: str | None
    granularity: str | None = None
    interval_start: str | None = None
    interval_end: str | None = None
    priority: int = 1


def extract_times(
    text: str, *, published: date | datetime, article_id: str = ""
) -> list[TimeExpression]:
    """Every time expression in ``text``, normalised against ``published``.

    Returns :class:`~eventwire.records.TimeExpression` records sorted by start offset, with
    spans into ``text`` and TIMEX3 values (see the module docstring).
    """
    pub = published.date() if isinstance(published, datetime) else published
    candidates = _rule_candidates(text, pub)
    candidates.extend(_duckling_candidates(text, pub))
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


def _is_age(text: str, cand: _Candidate) -> bool:
    """An age ("a 52-year-old shopkeeper", "the two-year-old truce") is not a time expression."""
    if cand.type != "DURATION":
        return False
    return text[cand.start : cand.end].lower().endswith("-old") or bool(_AGE.match(text, cand.end))


_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_CONCRETE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?|-Q\d|-W\d\d|-[A-Z]{2})?$")


def _since_intervals(text: str, chosen: list[_Candidate], pub: date) -> list[_Candidate]:
    """Give "since <clause> in October" an interval from October to publication."""
    out: list[_Candidate] = []
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


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[_Candidate] = []
    for cand in ordered:
        if cand.end <= cand.start:
            continue
        if any(cand.start < t.end and t.start < cand.end for t in taken):
            continue
        taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


# --------------------------------------------------------------------------- formatting


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


def _shift(day: date, letter: str, amount: float) -> date:
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


def _duration_value(amount: float | None, letter: str) -> str:
    if amount is None:
        number = "X"
    elif float(amount).is_integer():
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    if letter.startswith("T"):
        return f"PT{number}{letter[1]}"
    return f"P{number}{letter}"


def _parse_number(words: str) -> float | None:
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


def _unit(word: str) -> tuple[str, float]:
    word = word.lower()
    if word.startswith("centur"):
        return _UNITS["century"]
    return _UNITS[word.rstrip("s")]


# --------------------------------------------------------------------------- news rules

_REF_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:right now|just now|now)\b", "PRESENT_REF"),
    (r"\b(?:currently|presently|nowadays|at present|these days|at the moment)\b", "PRESENT_REF"),
    (r"\b(?:current|ongoing|the time being|the present)\b", "PRESENT_REF"),
    (r"\b(?:more recently|recently|lately|formerly|in the past|the past|recent)\b", "PAST_REF"),
    (r"\b(?:the (?:near |distant |foreseeable )?future|soon)\b", "FUTURE_REF"),
    (r"\bthe (?:long|short|near) term\b", "FUTURE_REF"),
    (r"\bthe coming (?:days|weeks|months|years)\b", "FUTURE_REF"),
    (r"\b(?:in )?recent (?:days|weeks|months|years)\b", "PAST_REF"),
)
_REF_RES = tuple((re.compile(p, re.IGNORECASE), v) for p, v in _REF_PATTERNS)

_PAST_N = re.compile(
    rf"\b(?:over |in |during |for |throughout )?(?:the )?(?P<dir>past|last|previous|next|coming)"
    rf" (?P<num>{_NUM_RE}) (?:(?:trading|business|working|straight|consecutive|full) )?"
    rf"(?P<unit>{_UNIT_RE})\b",
    re.IGNORECASE,
)
_N_STRAIGHT = re.compile(
    rf"\b(?P<num>{_NUM_RE}) (?:straight|consecutive|successive|full|trading|business|working) "
    rf"(?P<unit>{_UNIT_RE})\b",
    re.IGNORECASE,
)
_BARE_PLURAL = re.compile(
    r"\b(?:in|for|over|within) (?:(?:recent|many|several|the last few|the past few) )?"
    r"(?P<unit>years|months|weeks|days|hours|minutes|decades)\b|\b(?P<adj>decades|years)-long\b",
    re.IGNORECASE,
)
_PAST_DECADE = re.compile(
    r"\b(?:over |in |during |for )?(?:the )?(?P<dir>past|last|previous|next|coming)"
    r" (?P<unit>decade|century)\b",
    re.IGNORECASE,
)
_FOR_N = re.compile(
    rf"\b(?:over|for|about|nearly|almost|some|around|more than|less than|just over|"
    rf"just under)? ?(?P<num>{_NUM_RE}) (?P<unit>{_UNIT_RE})(?! ago\b| later\b| earlier\b)\b",
    re.IGNORECASE,
)
_ADJ_DURATION = re.compile(
    rf"\b(?P<num>{_NUM_RE})-(?P<unit>second|minute|hour|day|week|month|year|decade)"
    r"(?:-(?:old|long))?\b",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"(?<![\d$£€¥#/.,:-])(?P<year>1[89]\d\d|20\d\d)(?![\d%/:]|,\d|\.\d|-\d|\s?(?:bn|m)\b)"
)
_QUANTITY_AFTER = re.compile(
    r"\s+(?:people|persons|troops|soldiers|civilians|residents|families|refugees|jobs|units|"
    r"employees|workers|homes|houses|km|kilometres|kilometers|miles|metres|meters|tons|tonnes|"
    r"dollars|euros|pounds|barrels|cars|vehicles|aircraft|planes|points|shares|feet|hectares|"
    r"square|acres|deaths|cases|votes|seats|members|students|children|women|men)\b",
    re.IGNORECASE,
)
_EDGE_YEAR = re.compile(
    r"\b(?P<edge>early|mid|late|the end of|the start of|the beginning of)[- ]"
    r"(?P<year>1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
_DECADE = re.compile(
    r"(?:\b(?P<full>1[89]\d0|20\d0)s\b|(?:(?<=the )|(?<=early )|(?<=late )|(?<=mid-)|(?<=and )"
    r"|(?<![\w$])')(?P<short>[0-9]0)s\b)",
    re.IGNORECASE,
)
_SHORT_YEAR = re.compile(r"(?<![\w$])['’](?P<yy>\d\d)\b(?!s)")
_YEAR_RANGE = re.compile(
    r"\b(?:from|between) (?P<a>1[89]\d\d|20\d\d) (?:to|and|until|through) "
    r"(?P<b>1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
_SET = re.compile(
    r"\b(?P<word>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|"
    r"every (?:single )?(?:day|week|month|year|morning|night)|"
    r"each (?:day|week|month|year)|per (?:day|week|month|year)|twice a (?:day|week|month|year))\b",
    re.IGNORECASE,
)
_ANNUAL = re.compile(r"\b(?:annual|year-long|yearlong)\b", re.IGNORECASE)
_A_YEAR = re.compile(r"(?<=\d )a (?P<unit>day|week|month|year)\b", re.IGNORECASE)
_SEASON = re.compile(
    r"\b(?:(?P<mod>this|last|next|the) )?(?P<season>spring|summer|autumn|winter|fall)"
    r"(?: of (?P<y1>\d{4})| (?P<y2>\d{4}))?\b",
    re.IGNORECASE,
)
_WEEKEND = re.compile(r"\b(?P<mod>this|last|next|the) weekend\b", re.IGNORECASE)
_EARLIER_THIS = re.compile(
    r"\b(?P<edge>earlier|later|early|late) (?:this|last|next) (?:year|month|week)\b", re.IGNORECASE
)

_SET_UNITS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "quarterly": "P1Q",
    "hourly": "PT1H",
}


def _rule_candidates(text: str, pub: date) -> list[_Candidate]:
    out: list[_Candidate] = []
    pub_iso = pub.isoformat()
    for regex, ref in _REF_RES:
        for m in regex.finditer(text):
            start = m.start()
            body = m.group(0)
            if body.lower().startswith("in ") and not body.lower().startswith("in recent"):
                start += 3
            if ref == "PAST_REF" and re.match(r"(?i)in recent|recent \w", body):
                letter = {"years": "Y", "days": "D", "weeks": "W"}.get(
                    body.lower().split()[-1], "M"
                )
                out.append(
                    _Candidate(
                        start=start,
                        end=m.end(),
                        type="DURATION",
                        value=_duration_value(None, letter),
                        priority=2,
                    )
                )
                continue
            out.append(_Candidate(start=start, end=m.end(), type="DATE", value=ref, priority=2))
    for m in _PAST_N.finditer(text):
        amount = _parse_number(m.group("num"))
        letter, mult = _unit(m.group("unit"))
        amount = None if amount is None else amount * mult
        start = m.start()
        if m.group(0).lower().split(" ")[0] in {"in", "during", "for", "throughout"}:
            start += len(m.group(0).split(" ")[0]) + 1
        forward = m.group("dir").lower() in {"next", "coming"}
        i_start: str | None = pub_iso
        i_end: str | None = None
        if amount is not None and not letter.startswith("T"):
            moved = _shift(pub, letter, amount if forward else -amount)
            i_start, i_end = (
                (pub_iso, moved.isoformat()) if forward else (moved.isoformat(), pub_iso)
            )
        elif not forward:
            i_start, i_end = None, pub_iso
        out.append(
            _Candidate(
                start=start,
                end=m.end(),
                type="DURATION",
                value=_duration_value(amount, letter),
                granularity=_GRANULARITY.get(letter),
                interval_start=i_start,
                interval_end=i_end,
                priority=3,
            )
        )
    for m in _N_STRAIGHT.finditer(text):
        amount = _parse_number(m.group("num"))
        letter, mult = _unit(m.group("unit"))
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DURATION",
                value=_duration_value(None if amount is None else amount * mult, letter),
                granularity=_GRANULARITY.get(letter),
                priority=2,
            )
        )
    for m in _BARE_PLURAL.finditer(text):
        word = (m.group("unit") or m.group("adj")).lower()
        letter = "DE" if word == "decades" else _UNITS[word.rstrip("s")][0]
        start = m.start() if m.group("adj") else m.start() + m.group(0).index(" ") + 1
        out.append(
            _Candidate(
                start=start,
                end=m.end(),
                type="DURATION",
                value=_duration_value(None, letter),
                granularity="decade" if letter == "DE" else _GRANULARITY.get(letter),
                priority=0,
            )
        )
    for m in _PAST_DECADE.finditer(text):
        letter, mult = _unit(m.group("unit"))
        start = m.start()
        if m.group(0).lower().split(" ")[0] in {"in", "during", "for"}:
            start += len(m.group(0).split(" ")[0]) + 1
        forward = m.group("dir").lower() in {"next", "coming"}
        moved = _shift(pub, letter, mult if forward else -mult)
        out.append(
            _Candidate(
                start=start,
                end=m.end(),
                type="DURATION",
                value=_duration_value(mult, letter),
                granularity=m.group("unit").lower(),
                interval_start=pub_iso if forward else moved.isoformat(),
                interval_end=moved.isoformat() if forward else pub_iso,
                priority=3,
            )
        )
    for m in _ADJ_DURATION.finditer(text):
        amount = _parse_number(m.group("num"))
        letter, mult = _unit(m.group("unit"))
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DURATION",
                value=_duration_value(None if amount is None else amount * mult, letter),
                granularity=_GRANULARITY.get(letter),
                priority=2,
            )
        )
    for m in _FOR_N.finditer(text):
        # vague durations Duckling leaves out ("several years", "a few weeks")
        amount = _parse_number(m.group("num"))
        if m.group("unit").lower() == "second" and m.group("num").lower() in {"a", "an"}:
            continue  # "a second time" is an ordinal
        letter, mult = _unit(m.group("unit"))
        start = m.start("num")
        out.append(
            _Candidate(
                start=start,
                end=m.end(),
                type="DURATION",
                value=_duration_value(None if amount is None else amount * mult, letter),
                granularity=_GRANULARITY.get(letter),
                priority=0,
            )
        )
    for m in _YEAR.finditer(text):
        if _QUANTITY_AFTER.match(text, m.end()):
            continue
        year = m.group("year")
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DATE",
                value=year,
                granularity="year",
                priority=0,
            )
        )
    for m in _EDGE_YEAR.finditer(text):
        year = m.group("year")
        edge = m.group("edge").lower()
        value = f"{year}-06" if edge == "mid" else year
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DATE",
                value=value,
                granularity="year",
                priority=2,
            )
        )
    for m in _DECADE.finditer(text):
        if m.group("full"):
            value = m.group("full")[:3]
        else:
            short = int(m.group("short"))
            century = 20 if 2000 + short <= pub.year else 19  # "the 10s" in 2017, "the 70s"
            value = f"{century}{m.group('short')[0]}"
        start = m.start()
        if text[start] == "'":
            start += 1
        out.append(
            _Candidate(
                start=start, end=m.end(), type="DATE", value=value, granularity="decade", priority=2
            )
        )
    for m in _SHORT_YEAR.finditer(text):
        yy = int(m.group("yy"))
        full = 2000 + yy if 2000 + yy <= pub.year else 1900 + yy
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DATE",
                value=str(full),
                granularity="year",
                priority=1,
            )
        )
    for m in _YEAR_RANGE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if b <= a:
            continue
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DURATION",
                value=f"P{b - a}Y",
                granularity="year",
                interval_start=str(a),
                interval_end=str(b),
                priority=3,
            )
        )
    for m in _SET.finditer(text):
        word = m.group("word").lower()
        value = _SET_UNITS.get(word)
        if value is None:
            unit = word.split(" ")[-1]
            value = "P1D" if unit in {"morning", "night"} else _duration_value(1, _UNITS[unit][0])
        out.append(_Candidate(start=m.start(), end=m.end(), type="SET", value=value, priority=2))
    for m in _ANNUAL.finditer(text):
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DURATION",
                value="P1Y",
                granularity="year",
                priority=2,
            )
        )
    for m in _A_YEAR.finditer(text):
        letter = _UNITS[m.group("unit").lower()][0]
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="SET",
                value=_duration_value(1, letter),
                priority=2,
            )
        )
    for m in _SEASON.finditer(text):
        out.extend(_season(m, pub))
    for m in _WEEKEND.finditer(text):
        mod = m.group("mod").lower()
        day = pub + timedelta(weeks={"last": -1, "next": 1}.get(mod, 0))
        iso = day.isocalendar()
        out.append(
            _Candidate(
                start=m.start(),
                end=m.end(),
                type="DATE",
                value=f"{iso.year:04d}-W{iso.week:02d}-WE",
                granularity="week",
                priority=2,
            )
        )
    for m in _QUARTER.finditer(text):
        out.append(_quarter(text, m, pub))
    for m in _EARLIER_THIS.finditer(text):
        out.extend(_earlier_this(m, pub))
    return out


_QUARTER = re.compile(
    r"\b(?:the )?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ]quarter"
    r"(?: of (?P<year>\d{4}|this year|last year|next year)| (?P<y2>\d{4}))?\b",
    re.IGNORECASE,
)
_ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINAL_QUARTER.update({"fourth": 4, "4th": 4, "final": 4})


def _quarter(text: str, m: re.Match[str], pub: date) -> _Candidate:
    word = m.group("ord").lower()
    year_text = (m.group("year") or m.group("y2") or "").strip().lower()
    current = (pub.month - 1) // 3 + 1
    if word == "last" and not year_text:
        quarter, year = (current - 1, pub.year) if current > 1 else (4, pub.year - 1)
    else:
        quarter = _ORDINAL_QUARTER.get(word, 4)
        if year_text.isdigit():
            year = int(year_text)
        elif year_text:
            year = pub.year + {"this year": 0, "last year": -1, "next year": 1}[year_text]
        elif quarter <= current or future_context(text, m.start(), m.end()):
            year = pub.year
        else:
            year = pub.year - 1
    return _Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=f"{year:04d}-Q{quarter}",
        granularity="quarter",
        priority=2,
    )


def _season(m: re.Match[str], pub: date) -> list[_Candidate]:
    mod = (m.group("mod") or "").lower()
    word = m.group("season").lower()
    year_text = m.group("y1") or m.group("y2")
    if word == "fall" and not (mod in {"this", "last", "next"} or year_text):
        return []
    code, first_month = _SEASONS[word]
    if year_text:
        year = int(year_text)
    elif mod == "next":
        year = pub.year + 1 if first_month <= pub.month else pub.year
    elif mod == "last":
        year = pub.year - 1
    else:
        year = pub.year if first_month <= pub.month else pub.year - 1
    start = m.start()
    if mod in {"the"}:
        start = m.start("season")
    return [
        _Candidate(
            start=start,
            end=m.end(),
            type="DATE",
            value=f"{year:04d}-{code}",
            granularity="season",
            priority=2,
        )
    ]


def _earlier_this(m: re.Match[str], pub: date) -> list[_Candidate]:
    words = m.group(0).lower().split()
    edge, which, unit = words[0], words[1], words[2]
    offset = {"this": 0, "last": -1, "next": 1}[which]
    letter = {"year": "Y", "month": "M", "week": "W"}[unit]
    anchor = _shift(pub, letter, offset)
    value = format_value(anchor, unit)
    i_start = i_end = None
    if edge == "earlier" and which == "this":
        i_end = pub.isoformat()
    elif edge == "later" and which == "this":
        i_start = pub.isoformat()
    return [
        _Candidate(
            start=m.start(),
            end=m.end(),
            type="DATE",
            value=value,
            granularity=unit,
            interval_start=i_start,
            interval_end=i_end,
            priority=2,
        )
    ]


# --------------------------------------------------------------------------- Duckling


def _duckling_candidates(text: str, pub: date) -> list[_Candidate]:
    reference = datetime(pub.year, pub.month, pub.day, 12, 0)
    out: list[_Candidate] = []
    for entity in _duckling_entities(text, reference, 0):
        cand = _from_duckling(text, entity, pub)
        if cand is not None:
            out.append(cand)
    return out


_LIST_COMMA = re.compile(r",\s+(?!\d{4}\b)")
_WEEKDAY_END = re.compile(rf"\b(?:{_WEEKDAYS})$", re.IGNORECASE)
_DATE_START = re.compile(rf"(?:{_MONTHS})\b|\d", re.IGNORECASE)


def _list_commas(body: str) -> list[int]:
    """Offsets of commas that separate list items ("May, June"), not a date's parts
    ("June 13, 2005", "Sunday, March 15")."""
    cuts = []
    for m in _LIST_COMMA.finditer(body):
        if _WEEKDAY_END.search(body, 0, m.start()) and _DATE_START.match(body, m.end()):
            continue
        cuts.append(m.start())
    return cuts


def _duckling_entities(text: str, reference: datetime, offset: int) -> list[dict[str, Any]]:
    """Duckling's entities, re-parsing bodies that Duckling glued across list commas."""
    out: list[dict[str, Any]] = []
    for entity in duckling_parse(text, reference):
        body: str = entity["body"]
        start: int = entity["start"]
        pieces = _split_body(body)
        if pieces is not None:
            for at, piece in pieces:
                out.extend(_duckling_entities(piece, reference, offset + start + at))
            continue
        cuts = _list_commas(body)
        if cuts:
            edges = [0, *cuts, len(body)]
            for left, right in pairwise(edges):
                piece = body[left:right].lstrip(", ")
                at = right - len(piece)
                if piece.strip():
                    out.extend(_duckling_entities(piece, reference, offset + start + at))
            continue
        entity = dict(entity)
        entity["start"] = start + offset
        entity["end"] = entity["end"] + offset
        out.append(entity)
    return out


_TAIL_ORDINAL = re.compile(
    r"\s+(?:for\s+)?the\s+(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))"
    r"(?:\s+time)?$",
    re.IGNORECASE,
)
_REPARSE_LEAD = re.compile(r"^(?:by|until|till|before|fall|falls|fell)\s+", re.IGNORECASE)
_LEAD_NUMBER = re.compile(
    r"^\d[\d,.]*\s+(?!(?:a\.?m\.?|p\.?m\.?|utc|gmt|" + _MONTHS + r"|" + _UNIT_RE + r")\b)(?=\D)",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    r"^(?P<p>between|from)\s+(?P<a>.+?)\s+(?:and|to|until|through)\s+(?P<b>.+)$",
    re.IGNORECASE,
)


def _split_body(body: str) -> list[tuple[int, str]] | None:
    """Pieces of a Duckling body to parse again, or ``None`` to keep the body whole."""
    lead_word = _REPARSE_LEAD.match(body)
    if lead_word:
        return [(lead_word.end(), body[lead_word.end() :])]
    tail = _TAIL_ORDINAL.search(body)
    if tail:
        return [(0, body[: tail.start()])] if tail.start() > 0 else []
    lead = _LEAD_NUMBER.match(body)
    if lead:
        return [(lead.end(), body[lead.end() :])]
    pair = _BETWEEN.match(body)
    if pair and not (
        _EXPLICIT_YEAR.fullmatch(pair.group("a")) and _EXPLICIT_YEAR.fullmatch(pair.group("b"))
    ):
        return [(pair.start("a"), pair.group("a")), (pair.start("b"), pair.group("b"))]
    return None


_TIME_WORD = re.compile(
    rf"\d|\b(?:{_WEEKDAYS}|{_MONTHS}|today|tonight|yesterday|tomorrow|now|year|years|month|"
    r"months|week|weeks|weekend|day|days|quarter|spring|summer|autumn|fall|winter|morning|"
    r"afternoon|evening|night|noon|midnight|hour|hours|minute|minutes|second|seconds|decade|"
    r"decades|century|centuries|christmas|easter|new year|fortnight)\b",
    re.IGNORECASE,
)
_BAD_DURATION = re.compile(r"\d[mhdsy]\b|^(?:a|an|the) second$|^an? \S+[- ]", re.IGNORECASE)
_CLOCK_TEXT = re.compile(
    r"\b(?P<h>\d{1,2})(?::?(?P<m>\d\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?", re.IGNORECASE
)


def _written_clock(body: str, moment: datetime) -> datetime:
    """Use the hour as written ("08:30", "0800 UTC") rather than Duckling's afternoon guess."""
    m = _CLOCK_TEXT.search(body)
    if not m or (m.group("m") is None and m.group("ampm") is None):
        return moment
    hour = int(m.group("h"))
    minute = int(m.group("m") or 0)
    ampm = (m.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return moment
    return moment.replace(hour=hour, minute=minute)


def _parse_moment(raw: dict[str, Any]) -> tuple[datetime, str]:
    return datetime.fromisoformat(raw["value"]).replace(tzinfo=None), str(raw["grain"])


def _cycle(body: str) -> tuple[str, int] | None:
    """How far back an underspecified expression moves when it lands after publication."""
    if _EXPLICIT_YEAR.search(body) or _FUTURE_WORD.search(body):
        return None
    if _WEEKDAY_WORD.search(body) and not (_MONTH_WORD.search(body) and re.search(r"\d", body)):
        return ("D", 7)
    if _MONTH_WORD.search(body) or _SEASON_WORD.search(body) or _QUARTER_WORD.search(body):
        if re.search(r"\bthis\b", body, re.IGNORECASE) and not _MONTH_WORD.search(body):
            return None
        return ("Y", 1)
    return None


_FUTURE_CONTEXT = re.compile(
    r"\b(?:will|shall|'ll|scheduled|due|set to|expected|expects?|"
    r"upcoming|is to|are to|would|until|hopes?|aims?|intends?|could|may|might|should|"
    r"plans? to|planning to)\b",
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


_NEAR_FUTURE_DAYS = 31


def _lean_past(
    moment: datetime, grain: str, body: str, pub: date, *, future: bool = False
) -> datetime:
    cycle = _cycle(body)
    if cycle is None:
        return moment
    letter, amount = cycle
    if (
        not future
        and grain == "day"
        and letter == "Y"
        and _MONTH_WORD.search(body)
        and pub < moment.date() <= pub + timedelta(days=_NEAR_FUTURE_DAYS)
    ):
        # "October 25" in an article of October 15: an announced date, not last year's
        future = True
    if future:
        # the nearest occurrence on or after publication (Duckling skips the current day)
        for _ in range(3):
            earlier = _shift(moment.date(), letter, -amount)
            if earlier < pub:
                break
            moment = datetime.combine(earlier, moment.time())
        return moment
    for _ in range(40):  # Duckling may pick a weekday-and-date match years ahead
        if moment.date() <= pub:
            break
        moment = datetime.combine(_shift(moment.date(), letter, -amount), moment.time())
    return moment


def _from_duckling(text: str, entity: dict[str, Any], pub: date) -> _Candidate | None:
    start: int = entity["start"]
    end: int = entity["end"]
    body = text[start:end]
    prep = _LEADING_PREPOSITION.match(body)
    preposition = ""
    if prep:
        preposition = prep.group(0).strip().lower()
        start += prep.end()
        body = text[start:end]
    body = body.rstrip(" ,;:")
    end = start + len(body)
    if _JUNK_BODY.match(body) or not _TIME_WORD.search(body):
        return None
    future = future_context(text, start, end)
    value: dict[str, Any] = entity["value"]
    if entity["dim"] == "duration":
        unit = str(value.get("unit", ""))
        if unit not in _UNITS or _BAD_DURATION.search(body):
            return None
        letter, mult = _UNITS[unit]
        return _Candidate(
            start=start,
            end=end,
            type="DURATION",
            value=_duration_value(float(value["value"]) * mult, letter),
            granularity=_GRANULARITY.get(letter),
        )
    if value.get("type") == "interval":
        return _from_interval(start, end, body, value, preposition, pub, future=future)
    moment, grain = _parse_moment(value)
    if grain in {"hour", "minute", "second"}:
        if grain == "second" and re.fullmatch(r"(?i)(right )?now", body):
            return _Candidate(start=start, end=end, type="DATE", value="PRESENT_REF")
        if not _CLOCK.search(body):
            return None
        moment = _lean_past(moment, "day", body, pub, future=future)
        moment = _written_clock(body, moment)
        zone = "Z" if re.search(r"\b(?:UTC|GMT)\b", body) else ""
        return _Candidate(
            start=start,
            end=end,
            type="TIME",
            value=moment.strftime("%Y-%m-%dT%H:%M") + zone,
            granularity=grain,
            priority=1,
        )
    moment = _lean_past(moment, grain, body, pub, future=future)
    if body.lower().endswith(" ago"):
        unit_match = re.search(_UNIT_RE + r" ago$", body, re.IGNORECASE)
        if unit_match:
            grain = unit_match.group(0).split()[0].lower().rstrip("s")
            grain = grain if grain in {"month", "year"} else "day"
    value_text = format_value(moment.date(), grain)
    i_start = i_end = None
    if preposition == "since":
        i_start, i_end = value_text, pub.isoformat()
    elif preposition in {"until", "till", "by"}:
        i_end = value_text
    return _Candidate(
        start=start,
        end=end,
        type="DATE",
        value=value_text,
        granularity=grain,
        interval_start=i_start,
        interval_end=i_end,
    )


def _from_interval(
    start: int,
    end: int,
    body: str,
    value: dict[str, Any],
    preposition: str,
    pub: date,
    *,
    future: bool = False,
) -> _Candidate | None:
    lower = body.lower()
    if preposition in {"after", "within", "for", "over"} and re.fullmatch(
        rf"(?:{_NUM_RE}) {_UNIT_RE}", body, re.IGNORECASE
    ):
        return None
    first = value.get("from")
    last = value.get("to")
    if first is None and last is None:
        return None
    part = next((code for word, code in _PART_OF_DAY.items() if word in lower), None)
    if part is not None and first is not None:
        moment, _grain = _parse_moment(first)
        moment = _lean_past(moment, "day", body, pub, future=future)
        if moment.date() > pub and not _WEEKDAY_WORD.search(body) and not _FUTURE_WORD.search(body):
            moment = datetime.combine(pub, moment.time())
        return _Candidate(
            start=start,
            end=end,
            type="TIME",
            value=f"{moment.date().isoformat()}T{part}",
            granularity="part-of-day",
        )
    if first is not None and last is not None:
        a, grain_a = _parse_moment(first)
        b, _grain_b = _parse_moment(last)
        if grain_a in {"hour", "minute", "second"} and not _CLOCK.search(body):
            return None
        b_incl = (b - timedelta(seconds=1)).date()
        a = _lean_past(a, grain_a, body, pub, future=future)
        b_incl = _lean_past(
            datetime.combine(b_incl, datetime.min.time()), grain_a, body, pub, future=future
        ).date()
        a_day = a.date()
        if a_day == b_incl:
            grain = "day"
        elif (a_day.year, a_day.month) == (b_incl.year, b_incl.month):
            grain = "month"
        elif a_day.year == b_incl.year:
            grain = "year"
        else:
            grain = grain_a if grain_a in {"day", "week", "month", "quarter", "year"} else "day"
        return _Candidate(
            start=start,
            end=end,
            type="DATE",
            value=format_value(a_day, grain),
            granularity=grain,
            interval_start=format_value(a_day, grain_a if grain_a != "hour" else "day"),
            interval_end=format_value(b_incl, grain_a if grain_a != "hour" else "day"),
        )
    if first is not None:
        a, grain_a = _parse_moment(first)
        if grain_a in {"hour", "minute", "second"} and not _CLOCK.search(body):
            return None
        a = _lean_past(a, grain_a, body, pub, future=future)
        text_value = format_value(a.date(), grain_a)
        open_end = pub.isoformat() if "since" in lower or preposition == "since" else None
        return _Candidate(
            start=start + (len("since ") if lower.startswith("since ") else 0),
            end=end,
            type="DATE",
            value=text_value,
            granularity=grain_a,
            interval_start=text_value,
            interval_end=open_end,
        )
    if last is None:  # pragma: no cover - both None returned above
        return None
    b, grain_b = _parse_moment(last)
    if grain_b in {"hour", "minute", "second"} and not _CLOCK.search(body):
        return None
    b = _lean_past(b, grain_b, body, pub, future=future)
    text_value = format_value(b.date(), grain_b)
    skip = re.match(r"(?i)(?:until|till|by|before|up to|through) ", body)
    return _Candidate(
        start=start + (skip.end() if skip else 0),
        end=end,
        type="DATE",
        value=text_value,
        granularity=grain_b,
        interval_end=text_value,
    )
