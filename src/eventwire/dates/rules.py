"""News rules: time expressions that Duckling misses or reads wrongly in news text.

Each rule is a named pattern with a handler that turns one match into a :class:`Candidate`
(or nothing). :data:`RULES` lists them in the order they are tried; :func:`rule_candidates`
applies each in turn over the whole text. The rules cover references ("now" PRESENT_REF,
"recently" PAST_REF, "the future" FUTURE_REF), durations ("over the past two months" ending at
publication, "three straight years", "a 12-year contract", "for several weeks"), bare years,
decades and year ranges, sets ("weekly"), seasons, weekends, quarters and "earlier this year".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.dates.normalise import (
    Candidate,
    duration_value,
    format_value,
    future_context,
    shift,
)
from eventwire.dates.vocabulary import (
    GRANULARITY,
    NUM_RE,
    QUARTER_ORDINALS,
    SEASONS,
    SET_PERIODS,
    UNIT_RE,
    UNITS,
    parse_number,
    parse_unit,
)

__all__ = ["RULES", "Rule", "rule_candidates"]

Handler = Callable[[str, re.Match[str], date], Candidate | None]


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """A news rule: every match of ``pattern`` in a text goes to ``handle``."""

    name: str
    pattern: re.Pattern[str]
    handle: Handler


def rule_candidates(text: str, pub: date) -> list[Candidate]:
    """The candidates of every rule in :data:`RULES`, rule by rule, each in text order."""
    out: list[Candidate] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            cand = rule.handle(text, m, pub)
            if cand is not None:
                out.append(cand)
    return out


# --------------------------------------------------------------------------- references


def _reference(m: re.Match[str], ref: str) -> Candidate:
    start = m.start()
    body = m.group(0)
    if body.lower().startswith("in ") and not body.lower().startswith("in recent"):
        start += 3
    if ref == "PAST_REF" and re.match(r"(?i)in recent|recent \w", body):
        letter = {"years": "Y", "days": "D", "weeks": "W"}.get(body.lower().split()[-1], "M")
        return Candidate(
            start=start,
            end=m.end(),
            type="DURATION",
            value=duration_value(None, letter),
            priority=2,
        )
    return Candidate(start=start, end=m.end(), type="DATE", value=ref, priority=2)


def _present_ref(text: str, m: re.Match[str], pub: date) -> Candidate:
    return _reference(m, "PRESENT_REF")


def _past_ref(text: str, m: re.Match[str], pub: date) -> Candidate:
    """PAST_REF, or an open duration for "in recent weeks"."""
    return _reference(m, "PAST_REF")


def _future_ref(text: str, m: re.Match[str], pub: date) -> Candidate:
    return _reference(m, "FUTURE_REF")


# --------------------------------------------------------------------------- durations

_LEFT_OUT = {"in", "during", "for", "throughout"}  # prepositions left out of the span
_FORWARD = {"next", "coming"}


def _after_preposition(m: re.Match[str]) -> int:
    """Where the match starts once a leading "in", "during" ... is left out."""
    first = m.group(0).split(" ")[0]
    return m.start() + len(first) + 1 if first.lower() in _LEFT_OUT else m.start()


def _past_n(text: str, m: re.Match[str], pub: date) -> Candidate:
    """Durations like "the past two months" (or "the past week", one unit): ending (or with
    "next", starting) at publication."""
    num = m.groupdict().get("num")
    amount = parse_number(num) if num else 1
    letter, mult = parse_unit(m.group("unit"))
    amount = None if amount is None else amount * mult
    forward = m.group("dir").lower() in _FORWARD
    pub_iso = pub.isoformat()
    i_start: str | None = pub_iso
    i_end: str | None = None
    if amount is not None and not letter.startswith("T"):
        moved = shift(pub, letter, amount if forward else -amount)
        i_start, i_end = (pub_iso, moved.isoformat()) if forward else (moved.isoformat(), pub_iso)
    elif not forward:
        i_start, i_end = None, pub_iso
    return Candidate(
        start=_after_preposition(m),
        end=m.end(),
        type="DURATION",
        value=duration_value(amount, letter),
        granularity=GRANULARITY.get(letter),
        interval_start=i_start,
        interval_end=i_end,
        priority=3,
    )


def _past_decade(text: str, m: re.Match[str], pub: date) -> Candidate:
    """Durations like "the past decade": ending (or with "next", starting) at publication."""
    letter, mult = parse_unit(m.group("unit"))
    forward = m.group("dir").lower() in _FORWARD
    moved = shift(pub, letter, mult if forward else -mult)
    pub_iso = pub.isoformat()
    return Candidate(
        start=_after_preposition(m),
        end=m.end(),
        type="DURATION",
        value=duration_value(mult, letter),
        granularity=m.group("unit").lower(),
        interval_start=pub_iso if forward else moved.isoformat(),
        interval_end=moved.isoformat() if forward else pub_iso,
        priority=3,
    )


def _counted_duration(m: re.Match[str], *, start: int, priority: int) -> Candidate:
    amount = parse_number(m.group("num"))
    letter, mult = parse_unit(m.group("unit"))
    return Candidate(
        start=start,
        end=m.end(),
        type="DURATION",
        value=duration_value(None if amount is None else amount * mult, letter),
        granularity=GRANULARITY.get(letter),
        priority=priority,
    )


def _counted(text: str, m: re.Match[str], pub: date) -> Candidate:
    """Counted durations: "three straight years", "a 12-year contract"."""
    return _counted_duration(m, start=m.start(), priority=2)


def _vague_count(text: str, m: re.Match[str], pub: date) -> Candidate | None:
    """Vague durations Duckling leaves out ("several years", "a few weeks")."""
    if m.group("unit").lower() == "second" and m.group("num").lower() in {"a", "an"}:
        return None  # "a second time" is an ordinal
    return _counted_duration(m, start=m.start("num"), priority=0)


def _bare_plural(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A duration of unknown length: "for years", "in recent months", "decades-long"."""
    word = (m.group("unit") or m.group("adj")).lower()
    letter = "DE" if word == "decades" else UNITS[word.rstrip("s")][0]
    start = m.start() if m.group("adj") else m.start() + m.group(0).index(" ") + 1
    return Candidate(
        start=start,
        end=m.end(),
        type="DURATION",
        value=duration_value(None, letter),
        granularity="decade" if letter == "DE" else GRANULARITY.get(letter),
        priority=0,
    )


def _annual(text: str, m: re.Match[str], pub: date) -> Candidate:
    return Candidate(
        start=m.start(), end=m.end(), type="DURATION", value="P1Y", granularity="year", priority=2
    )


# --------------------------------------------------------------------------- years

_QUANTITY_AFTER = re.compile(
    r"\s+(?:people|persons|troops|soldiers|civilians|residents|families|refugees|jobs|units|"
    r"employees|workers|homes|houses|km|kilometres|kilometers|miles|metres|meters|tons|tonnes|"
    r"dollars|euros|pounds|barrels|cars|vehicles|aircraft|planes|points|shares|feet|hectares|"
    r"square|acres|deaths|cases|votes|seats|members|students|children|women|men)\b",
    re.IGNORECASE,
)


def _year(text: str, m: re.Match[str], pub: date) -> Candidate | None:
    """A bare year ("by 2004"), unless a count of things follows ("2000 troops")."""
    if _QUANTITY_AFTER.match(text, m.end()):
        return None
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=m.group("year"),
        granularity="year",
        priority=0,
    )


def _edge_year(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A year with an edge: "early 2004" is the year, "mid-2004" its June."""
    year = m.group("year")
    value = f"{year}-06" if m.group("edge").lower() == "mid" else year
    return Candidate(
        start=m.start(), end=m.end(), type="DATE", value=value, granularity="year", priority=2
    )


def _decade(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A decade, "the 1980s" or "the '70s"; a short one is the latest not after publication."""
    if m.group("full"):
        value = m.group("full")[:3]
    else:
        short = int(m.group("short"))
        century = 20 if 2000 + short <= pub.year else 19  # "the 10s" in 2017, "the 70s"
        value = f"{century}{m.group('short')[0]}"
    start = m.start()
    if text[start] == "'":
        start += 1
    return Candidate(
        start=start, end=m.end(), type="DATE", value=value, granularity="decade", priority=2
    )


def _short_year(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A short year ("'98"): the latest such year not after publication."""
    yy = int(m.group("yy"))
    full = 2000 + yy if 2000 + yy <= pub.year else 1900 + yy
    return Candidate(
        start=m.start(), end=m.end(), type="DATE", value=str(full), granularity="year", priority=1
    )


def _year_range(text: str, m: re.Match[str], pub: date) -> Candidate | None:
    """A year range ("from 2004 to 2009"): a duration in years with its interval."""
    a, b = int(m.group("a")), int(m.group("b"))
    if b <= a:
        return None
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DURATION",
        value=f"P{b - a}Y",
        granularity="year",
        interval_start=str(a),
        interval_end=str(b),
        priority=3,
    )


# --------------------------------------------------------------------------- sets


def _set(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A SET ("weekly", "every day", "twice a month") with the period as its value."""
    word = m.group("word").lower()
    value = SET_PERIODS.get(word)
    if value is None:
        unit = word.split(" ")[-1]
        value = "P1D" if unit in {"morning", "night"} else duration_value(1, UNITS[unit][0])
    return Candidate(start=m.start(), end=m.end(), type="SET", value=value, priority=2)


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _every_weekday(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A weekday that recurs ("every Friday", "each Sunday"): ``XXXX-WXX-5``."""
    number = _WEEKDAY_NAMES.index(m.group("day").lower().rstrip("s")) + 1
    return Candidate(
        start=m.start(), end=m.end(), type="SET", value=f"XXXX-WXX-{number}", priority=3
    )


def _every_n(text: str, m: re.Match[str], pub: date) -> Candidate | None:
    """A period of several units ("every three months", "every other day"): ``P3M``, ``P2D``."""
    letter, mult = parse_unit(m.group("unit"))
    if m.group("other"):
        amount: float | None = 2.0
    else:
        amount = parse_number(m.group("num"))
    if amount is None:
        return None
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="SET",
        value=duration_value(amount * mult, letter),
        priority=3,
    )


def _times_a(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A frequency per unit ("once a week", "three times a year"): a SET of one unit."""
    letter, mult = parse_unit(m.group("unit"))
    return Candidate(
        start=m.start(), end=m.end(), type="SET", value=duration_value(mult, letter), priority=3
    )


def _a_unit(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A rate after a number ("$5 a day"): a SET of one unit."""
    letter = UNITS[m.group("unit").lower()][0]
    return Candidate(
        start=m.start(), end=m.end(), type="SET", value=duration_value(1, letter), priority=2
    )


# --------------------------------------------------------------------------- calendar parts


def _season(text: str, m: re.Match[str], pub: date) -> Candidate | None:
    """A season ("last summer", "the winter of 2009"); bare, the latest begun by publication."""
    mod = (m.group("mod") or "").lower()
    word = m.group("season").lower()
    year_text = m.group("y1") or m.group("y2")
    if word == "fall" and not (mod in {"this", "last", "next"} or year_text):
        return None
    code, first_month = SEASONS[word]
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
    return Candidate(
        start=start,
        end=m.end(),
        type="DATE",
        value=f"{year:04d}-{code}",
        granularity="season",
        priority=2,
    )


def _weekend(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A weekend ("this weekend", "last weekend"): the weekend of that ISO week."""
    mod = m.group("mod").lower()
    day = pub + timedelta(weeks={"last": -1, "next": 1}.get(mod, 0))
    if mod == "the" and pub.weekday() < 5 and not future_context(text, m.start(), m.end()):
        day -= timedelta(weeks=1)  # "died over the weekend" read on a Friday: the one past
    iso = day.isocalendar()
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=f"{iso.year:04d}-W{iso.week:02d}-WE",
        granularity="week",
        priority=2,
    )


def _quarter(text: str, m: re.Match[str], pub: date) -> Candidate:
    """A quarter ("the third quarter of 2016"); without a year, the latest unless future."""
    word = m.group("ord").lower()
    year_text = (m.group("year") or m.group("y2") or "").strip().lower()
    current = (pub.month - 1) // 3 + 1
    if word == "last" and not year_text:
        quarter, year = (current - 1, pub.year) if current > 1 else (4, pub.year - 1)
    else:
        quarter = QUARTER_ORDINALS.get(word, 4)
        if year_text.isdigit():
            year = int(year_text)
        elif year_text:
            year = pub.year + {"this year": 0, "last year": -1, "next year": 1}[year_text]
        elif quarter <= current or future_context(text, m.start(), m.end()):
            year = pub.year
        else:
            year = pub.year - 1
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=f"{year:04d}-Q{quarter}",
        granularity="quarter",
        priority=2,
    )


def _day_of_month(text: str, m: re.Match[str], pub: date) -> Candidate | None:
    """A day of the month alone ("on the 7th,"): the latest such day on or before publication,
    or the next one on or after it in a future clause ("talks will resume on the 21st")."""
    day = int(m.group("day"))
    step = 1 if future_context(text, m.start(), m.end()) else -1
    year, month = pub.year, pub.month
    for _ in range(3):
        if day <= calendar.monthrange(year, month)[1]:
            moment = date(year, month, day)
            if moment == pub or (moment < pub) == (step < 0):
                break
        month += step
        if not 1 <= month <= 12:
            year, month = year + step, 1 if step > 0 else 12
    else:
        return None
    return Candidate(
        start=m.start("the"),
        end=m.end(),
        type="DATE",
        value=moment.isoformat(),
        granularity="day",
        priority=1,
    )


def _period_edge(text: str, m: re.Match[str], pub: date) -> Candidate:
    """The start, middle or end of a year, month or week named by its place ("since the start
    of the year", "at the end of last month"): that period, at its own granularity."""
    step = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(
        (m.group("mod") or "").lower(), 0
    )
    unit = m.group("unit").lower()
    if unit == "year":
        value, grain = str(pub.year + step), "year"
    elif unit == "month":
        value, grain = format_value(shift(pub.replace(day=1), "M", step), "month"), "month"
    else:
        value, grain = format_value(pub + timedelta(weeks=step), "week"), "week"
    return Candidate(
        start=m.start(), end=m.end(), type="DATE", value=value, granularity=grain, priority=2
    )


def _earlier_this(text: str, m: re.Match[str], pub: date) -> Candidate:
    """Part of a period: "earlier this year" runs up to publication, "later this month" from it."""
    words = m.group(0).lower().split()
    edge, which, unit = words[0], words[1], words[2]
    offset = {"this": 0, "last": -1, "next": 1}[which]
    letter = {"year": "Y", "month": "M", "week": "W"}[unit]
    anchor = shift(pub, letter, offset)
    value = format_value(anchor, unit)
    i_start = i_end = None
    if edge == "earlier" and which == "this":
        i_end = pub.isoformat()
    elif edge == "later" and which == "this":
        i_start = pub.isoformat()
    return Candidate(
        start=m.start(),
        end=m.end(),
        type="DATE",
        value=value,
        granularity=unit,
        interval_start=i_start,
        interval_end=i_end,
        priority=2,
    )


# --------------------------------------------------------------------------- the rules


def _rule(name: str, pattern: str, handle: Handler) -> Rule:
    return Rule(name=name, pattern=re.compile(pattern, re.IGNORECASE), handle=handle)


RULES: tuple[Rule, ...] = (
    _rule("now", r"\b(?:right now|just now|now)\b", _present_ref),
    _rule(
        "currently",
        r"\b(?:currently|presently|nowadays|at present|these days|at the moment)\b",
        _present_ref,
    ),
    _rule("current", r"\b(?:current|ongoing|the time being|the present)\b", _present_ref),
    _rule(
        "recently",
        r"\b(?:more recently|recently|lately|formerly|in the past|the past|recent)\b",
        _past_ref,
    ),
    _rule("future", r"\b(?:the (?:near |distant |foreseeable )?future|soon)\b", _future_ref),
    _rule("term", r"\bthe (?:long|short|near) term\b", _future_ref),
    _rule("coming-units", r"\bthe coming (?:days|weeks|months|years)\b", _future_ref),
    _rule("recent-units", r"\b(?:in )?recent (?:days|weeks|months|years)\b", _past_ref),
    _rule(
        "past-n",
        rf"\b(?:over |in |during |for |throughout )?(?:the )?(?P<dir>past|last|previous|next|"
        rf"coming) (?P<num>{NUM_RE}) (?:(?:trading|business|working|straight|consecutive|full) )?"
        rf"(?P<unit>{UNIT_RE})\b",
        _past_n,
    ),
    _rule(
        # "over the past week": the week ending at publication (DURATION P1W); "last week", "the
        # last year" and "the previous year" are calendar units (DATE), as MEANTIME annotates
        # them, and "the past week's" or "the past year of" are left to the date rules
        "past-unit",
        r"\b(?:over |in |during |for |throughout )?the (?P<dir>past) "
        r"(?P<unit>day|week|fortnight|month|year)\b(?! of\b)(?!['’]s\b)",
        _past_n,
    ),
    _rule(
        "n-straight",
        rf"\b(?P<num>{NUM_RE}) (?:straight|consecutive|successive|full|trading|business|working) "
        rf"(?P<unit>{UNIT_RE})\b",
        _counted,
    ),
    _rule(
        "bare-plural",
        r"\b(?:in|for|over|within) (?:(?:recent|many|several|the last few|the past few) )?"
        r"(?P<unit>years|months|weeks|days|hours|minutes|decades)\b"
        r"|\b(?P<adj>decades|years)-long\b",
        _bare_plural,
    ),
    _rule(
        "past-decade",
        r"\b(?:over |in |during |for )?(?:the )?(?P<dir>past|last|previous|next|coming)"
        r" (?P<unit>decade|century)\b",
        _past_decade,
    ),
    _rule(
        "adjectival-duration",
        rf"\b(?P<num>{NUM_RE})-(?P<unit>second|minute|hour|day|week|month|year|decade)"
        r"(?:-(?:old|long))?\b",
        _counted,
    ),
    _rule(
        "for-n",
        rf"\b(?:over|for|about|nearly|almost|some|around|more than|less than|just over|"
        rf"just under)? ?(?P<num>{NUM_RE}) (?P<unit>{UNIT_RE})(?! ago\b| later\b| earlier\b)\b",
        _vague_count,
    ),
    Rule(
        name="year",
        pattern=re.compile(
            r"(?<![\d$£€¥#/.,:-])(?P<year>1[89]\d\d|20\d\d)(?![\d%/:]|,\d|\.\d|-\d|\s?(?:bn|m)\b)"
        ),
        handle=_year,
    ),
    _rule(
        "edge-year",
        r"\b(?P<edge>early|mid|late|the end of|the start of|the beginning of)[- ]"
        r"(?P<year>1[89]\d\d|20\d\d)\b",
        _edge_year,
    ),
    _rule(
        "decade",
        r"(?:\b(?P<full>1[89]\d0|20\d0)s\b|(?:(?<=the )|(?<=early )|(?<=late )|(?<=mid-)|(?<=and )"
        r"|(?<![\w$])')(?P<short>[0-9]0)s\b)",
        _decade,
    ),
    Rule(
        name="short-year",
        pattern=re.compile(r"(?<![\w$])['’](?P<yy>\d\d)\b(?!s)"),
        handle=_short_year,
    ),
    _rule(
        "year-range",
        r"\b(?:from|between) (?P<a>1[89]\d\d|20\d\d) (?:to|and|until|through) "
        r"(?P<b>1[89]\d\d|20\d\d)\b",
        _year_range,
    ),
    _rule(
        "set",
        r"\b(?P<word>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|"
        r"every (?:single )?(?:day|week|month|year|morning|night)|"
        r"each (?:day|week|month|year)|per (?:day|week|month|year))\b",
        _set,
    ),
    _rule(
        "every-weekday",
        r"\b(?:every|each) (?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b",
        _every_weekday,
    ),
    _rule(
        "every-n",
        rf"\b(?:every|each) (?:(?P<other>other|second) |(?P<num>{NUM_RE}) )"
        r"(?P<unit>day|week|month|year|hour)s?\b",
        _every_n,
    ),
    _rule(
        "times-a",
        rf"\b(?:once|twice|thrice|(?:{NUM_RE}) times) (?:a|an|per|each|every) "
        r"(?P<unit>day|week|month|year|hour|fortnight)\b",
        _times_a,
    ),
    _rule("annual", r"\b(?:annual|year-long|yearlong)\b", _annual),
    _rule("a-unit", r"(?<=\d )a (?P<unit>day|week|month|year)\b", _a_unit),
    _rule(
        "season",
        r"\b(?:(?P<mod>this|last|next|the) )?(?P<season>spring|summer|autumn|winter|fall)"
        r"(?: of (?P<y1>\d{4})| (?P<y2>\d{4}))?\b",
        _season,
    ),
    _rule("weekend", r"\b(?P<mod>this|last|next|the) weekend\b", _weekend),
    _rule(
        "period-edge",
        r"\bthe (?:start|beginning|end|middle) of (?:the |this |(?P<mod>last|previous|past|next"
        r"|coming) )(?P<unit>year|month|week)\b",
        _period_edge,
    ),
    _rule(
        "day-of-month",
        r"\b(?:on|since|until|by|before|after) (?P<the>the) (?P<day>[1-9]|[12]\d|3[01])"
        r"(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)]|$)|\s+(?:and|when|after|before|but|at|as|while|"
        r"in the|to|with|or)\b)",
        _day_of_month,
    ),
    _rule(
        "quarter",
        r"\b(?:the )?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ]quarter"
        r"(?: of (?P<year>\d{4}|this year|last year|next year)| (?P<y2>\d{4}))?\b",
        _quarter,
    ),
    _rule(
        "earlier-this",
        r"\b(?P<edge>earlier|later|early|late) (?:this|last|next) (?:year|month|week)\b",
        _earlier_this,
    ),
)
"""The news rules in the order they are tried (the order breaks ties between equal spans)."""
