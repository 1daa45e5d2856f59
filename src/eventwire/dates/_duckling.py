"""Duckling (``pyduckling-native-phihos``): its entities in a text, read as TIMEX3 candidates.

Duckling parses English time and duration expressions against a reference time. It starts a
Haskell runtime when imported, so the import happens on first use (:func:`duckling_parse`, a
thin, cached wrapper). The time-zone database is read from the system ``zoneinfo`` folder or,
failing that, from the ``tzdata`` package.

:func:`duckling_candidates` parses again the bodies Duckling glues across list commas or around
a lead word, then turns each entity into a :class:`~eventwire.dates.normalise.Candidate`: the
leading preposition is left out of the span, bodies without a time word are dropped, and dates
lean to the past (:func:`~eventwire.dates.normalise.lean_past`), since Duckling resolves toward
the future.
"""

from __future__ import annotations

import functools
import logging
import re
import signal
import threading
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from eventwire.dates.normalise import (
    Candidate,
    duration_value,
    format_value,
    future_context,
    lean_past,
)
from eventwire.dates.vocabulary import (
    EXPLICIT_YEAR,
    FUTURE_WORD,
    GRANULARITY,
    MONTHS,
    NUM_RE,
    PART_OF_DAY,
    UNIT_RE,
    UNITS,
    WEEKDAY_WORD,
    WEEKDAYS,
)

__all__ = ["duckling_candidates", "duckling_parse"]

logger = logging.getLogger(__name__)


def _zoneinfo_dir() -> str:
    for folder in zoneinfo.TZPATH:
        if (Path(folder) / "UTC").exists():
            return folder
    try:
        import tzdata  # type: ignore[import-untyped,import-not-found,unused-ignore]

        return str(Path(tzdata.__file__).parent / "zoneinfo")
    except ImportError:  # pragma: no cover - depends on the system
        return "/usr/share/zoneinfo"


@functools.lru_cache(maxsize=1)
def _runtime() -> tuple[Any, Any, Any]:
    import duckling  # type: ignore[import-untyped,unused-ignore]

    # Duckling's Haskell runtime starts with its own Ctrl-C handler, which ends the process with
    # "wparseText: interrupted" and exit code 1. Python's handler is put back, so that Ctrl-C
    # raises KeyboardInterrupt (exit code 130, committed batches kept) once the parse returns.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else None
    tz_db = duckling.load_time_zones(_zoneinfo_dir())
    locale = duckling.default_locale_lang(duckling.parse_lang("EN"))
    dims = duckling.parse_dimensions(["time", "duration"])
    duckling.parse(
        "today", duckling.Context(duckling.parse_ref_time(tz_db, "UTC", 0), locale), dims, False
    )
    if main:
        signal.signal(
            signal.SIGINT, previous if previous is not None else signal.default_int_handler
        )
    logger.debug("duckling runtime ready")
    return tz_db, locale, dims


def duckling_parse(text: str, reference: datetime) -> list[dict[str, Any]]:
    """Duckling's time and duration entities in ``text``, resolved against ``reference``.

    ``reference`` is read as UTC when naive. Each entity is Duckling's JSON object
    (``body``, ``start``, ``end``, ``dim``, ``value``).
    """
    import duckling

    tz_db, locale, dims = _runtime()
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    ref = duckling.parse_ref_time(tz_db, "UTC", int(reference.timestamp()))
    context = duckling.Context(ref, locale)
    # a NUL byte makes Duckling's binding panic (found by tests/fuzz); a space keeps the offsets
    result: list[dict[str, Any]] = duckling.parse(text.replace("\x00", " "), context, dims, False)
    return result


#: Duckling's time grows faster than the length of its input (0.16 s for 3,000 characters, 1.2 s
#: for 10,000, 4 s for 20,000): a text longer than ``_WHOLE_CHARS`` is parsed in pieces of at most
#: ``_PIECE_CHARS``, cut at paragraph or sentence ends.
_WHOLE_CHARS = 5_000
_PIECE_CHARS = 3_000


def duckling_candidates(text: str, pub: date) -> list[Candidate]:
    """Duckling's time expressions in ``text``, normalised against the publication day ``pub``."""
    from eventwire.nlp import split_text

    reference = datetime(pub.year, pub.month, pub.day, 12, 0)
    pieces = [text] if len(text) <= _WHOLE_CHARS else split_text(text, _PIECE_CHARS)
    out: list[Candidate] = []
    at = 0
    for piece in pieces:
        for entity in _duckling_entities(piece, reference, at):
            cand = _from_entity(text, entity, pub)
            if cand is not None:
                out.append(cand)
        at += len(piece)
    return out


# --------------------------------------------------------------------------- re-parsed bodies

_LIST_COMMA = re.compile(r",\s+(?!\d{4}\b)")
_WEEKDAY_END = re.compile(rf"\b(?:{WEEKDAYS})$", re.IGNORECASE)
_DATE_START = re.compile(rf"(?:{MONTHS})\b|\d", re.IGNORECASE)


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
    r"^\d[\d,.]*\s+(?!(?:a\.?m\.?|p\.?m\.?|utc|gmt|" + MONTHS + r"|" + UNIT_RE + r")\b)(?=\D)",
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
        EXPLICIT_YEAR.fullmatch(pair.group("a")) and EXPLICIT_YEAR.fullmatch(pair.group("b"))
    ):
        return [(pair.start("a"), pair.group("a")), (pair.start("b"), pair.group("b"))]
    return None


# --------------------------------------------------------------------------- entities as TIMEX3

_LEADING_PREPOSITION = re.compile(
    r"^(?:in|on|at|since|by|from|during|until|till|through|throughout|for|of|before|after|"
    r"around|as of|as early as|as late as|starting|beginning|within)\s+",
    re.IGNORECASE,
)
_JUNK_BODY = re.compile(
    r"^(?:the\s+)?(?:days|weeks|months|years|hours|minutes|seconds|day|week|month|year)$",
    re.IGNORECASE,
)
_TIME_WORD = re.compile(
    rf"\d|\b(?:{WEEKDAYS}|{MONTHS}|today|tonight|yesterday|tomorrow|now|year|years|month|"
    r"months|week|weeks|weekend|day|days|quarter|spring|summer|autumn|fall|winter|morning|"
    r"afternoon|evening|night|noon|midnight|hour|hours|minute|minutes|second|seconds|decade|"
    r"decades|century|centuries|christmas|easter|new year|fortnight)\b",
    re.IGNORECASE,
)
_BAD_DURATION = re.compile(r"\d[mhdsy]\b|^(?:a|an|the) second$|^an? \S+[- ]", re.IGNORECASE)
_CLOCK = re.compile(
    r"\d:\d\d|\d\s*(?:a\.?m\.?|p\.?m\.?)\b|o'clock|noon|midnight|\b\d{4}\s*(?:utc|gmt)|"
    r"morning|afternoon|evening|night|tonight",
    re.IGNORECASE,
)
_CLOCK_TEXT = re.compile(
    r"\b(?P<h>\d{1,2})(?::?(?P<m>\d\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?", re.IGNORECASE
)
_CLOCK_GRAINS = {"hour", "minute", "second"}
_NAMED_DAY = re.compile(
    rf"\b(?:{WEEKDAYS}|{MONTHS}|tomorrow|yesterday|next|last|following)\b|\d+/\d+",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Body:
    """An entity's body at ``start:end`` in the text, without its leading preposition."""

    start: int
    end: int
    text: str
    preposition: str
    pub: date
    future: bool  # the clause speaks of the future

    def lean(self, moment: datetime, grain: str) -> datetime:
        """``moment`` leaning to the past (see :func:`~eventwire.dates.normalise.lean_past`)."""
        return lean_past(moment, grain, self.text, self.pub, future=self.future)


def _body(text: str, entity: dict[str, Any], pub: date) -> _Body | None:
    """The entity's body, or ``None`` when it holds no time word ("the days")."""
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
    return _Body(start=start, end=end, text=body, preposition=preposition, pub=pub, future=future)


def _from_entity(text: str, entity: dict[str, Any], pub: date) -> Candidate | None:
    body = _body(text, entity, pub)
    if body is None:
        return None
    value: dict[str, Any] = entity["value"]
    if _BARE_NUMBER.fullmatch(body.text) and _grain(value) not in _CLOCK_GRAINS:
        return None  # "after 25 people were killed" is not the year 2025
    if _BARE_ORDINAL.fullmatch(body.text):
        return None  # "the 7th Armoured Brigade"; a day alone is a news rule's ("on the 7th,")
    if entity["dim"] == "duration":
        return _duration(body, value)
    if value.get("type") == "interval":
        return _from_interval(body, value)
    moment, grain = _parse_moment(value)
    if grain in _CLOCK_GRAINS:
        clock = _clock_time(body, moment, grain)
        if clock is not None or not body.text.lower().endswith(" ago"):
            return clock
        grain = "day"  # "three days ago": Duckling's grain is its reference time's hour
    return _date(body, moment, grain)


#: A number of one to three digits alone: Duckling reads it as a year ("after 63" -> 1963).
_BARE_NUMBER = re.compile(r"\d{1,3}")
#: An ordinal alone: Duckling reads "the 7th" as a day of the month wherever it stands.
_BARE_ORDINAL = re.compile(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)", re.IGNORECASE)


def _grain(value: dict[str, Any]) -> str:
    """The grain of a Duckling value, or of the first end of an interval."""
    for part in (value, value.get("from") or {}, value.get("to") or {}):
        if isinstance(part, dict) and part.get("grain"):
            return str(part["grain"])
    return ""


def _parse_moment(raw: dict[str, Any]) -> tuple[datetime, str]:
    return datetime.fromisoformat(raw["value"]).replace(tzinfo=None), str(raw["grain"])


def _duration(body: _Body, value: dict[str, Any]) -> Candidate | None:
    unit = str(value.get("unit", ""))
    if unit not in UNITS or _BAD_DURATION.search(body.text):
        return None
    letter, mult = UNITS[unit]
    return Candidate(
        start=body.start,
        end=body.end,
        type="DURATION",
        value=duration_value(float(value["value"]) * mult, letter),
        granularity=GRANULARITY.get(letter),
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


def _clock_time(body: _Body, moment: datetime, grain: str) -> Candidate | None:
    """A time of day ("at 8:30 a.m. on Monday"); Duckling's "now" is PRESENT_REF."""
    if grain == "second" and re.fullmatch(r"(?i)(right )?now", body.text):
        return Candidate(start=body.start, end=body.end, type="DATE", value="PRESENT_REF")
    if not _CLOCK.search(body.text):
        return None
    moment = body.lean(moment, "day")
    moment = _written_clock(body.text, moment)
    if moment.date() > body.pub and not _NAMED_DAY.search(body.text):
        # a bare clock time ("at 10.45 a.m.") is on the publication day, not the next one
        moment = datetime.combine(body.pub, moment.time())
    zone = "Z" if re.search(r"\b(?:UTC|GMT)\b", body.text) else ""
    return Candidate(
        start=body.start,
        end=body.end,
        type="TIME",
        value=moment.strftime("%Y-%m-%dT%H:%M") + zone,
        granularity=grain,
        priority=1,
    )


def _date(body: _Body, moment: datetime, grain: str) -> Candidate:
    """A date; "three years ago" is read at its unit; "since", "until" and "by" add an interval."""
    moment = body.lean(moment, grain)
    if body.text.lower().endswith(" ago"):
        unit_match = re.search(UNIT_RE + r" ago$", body.text, re.IGNORECASE)
        if unit_match:
            grain = unit_match.group(0).split()[0].lower().rstrip("s")
            grain = grain if grain in {"month", "year"} else "day"
    value_text = format_value(moment.date(), grain)
    i_start = i_end = None
    if body.preposition == "since":
        i_start, i_end = value_text, body.pub.isoformat()
    elif body.preposition in {"until", "till", "by"}:
        i_end = value_text
    return Candidate(
        start=body.start,
        end=body.end,
        type="DATE",
        value=value_text,
        granularity=grain,
        interval_start=i_start,
        interval_end=i_end,
    )


# --------------------------------------------------------------------------- intervals


def _from_interval(body: _Body, value: dict[str, Any]) -> Candidate | None:
    if body.preposition in {"after", "within", "for", "over"} and re.fullmatch(
        rf"(?:{NUM_RE}) {UNIT_RE}", body.text, re.IGNORECASE
    ):
        return None
    first = value.get("from")
    last = value.get("to")
    if first is None and last is None:
        return None
    lower = body.text.lower()
    part = next((code for word, code in PART_OF_DAY.items() if word in lower), None)
    if part is not None and first is not None:
        return _part_of_day(body, first, part)
    if first is not None and last is not None:
        return _closed_interval(body, first, last)
    if first is not None:
        return _open_end(body, first)
    if last is None:  # pragma: no cover - both None returned above
        return None
    return _open_start(body, last)


def _part_of_day(body: _Body, first: dict[str, Any], part: str) -> Candidate:
    """Part of a day ("Monday morning"); without a weekday or future word, not after publication."""
    moment, _grain = _parse_moment(first)
    moment = body.lean(moment, "day")
    text = body.text
    if moment.date() > body.pub and not WEEKDAY_WORD.search(text) and not FUTURE_WORD.search(text):
        moment = datetime.combine(body.pub, moment.time())
    return Candidate(
        start=body.start,
        end=body.end,
        type="TIME",
        value=f"{moment.date().isoformat()}T{part}",
        granularity="part-of-day",
    )


def _closed_interval(body: _Body, first: dict[str, Any], last: dict[str, Any]) -> Candidate | None:
    """A closed interval ("from March to May"): a DATE at the grain both ends share."""
    a, grain_a = _parse_moment(first)
    b, _grain_b = _parse_moment(last)
    if grain_a in _CLOCK_GRAINS and not _CLOCK.search(body.text):
        return None
    b_incl = (b - timedelta(seconds=1)).date()
    a = body.lean(a, grain_a)
    b_incl = body.lean(datetime.combine(b_incl, datetime.min.time()), grain_a).date()
    a_day = a.date()
    if a_day == b_incl:
        grain = "day"
    elif (a_day.year, a_day.month) == (b_incl.year, b_incl.month):
        grain = "month"
    elif a_day.year == b_incl.year:
        grain = "year"
    else:
        grain = grain_a if grain_a in {"day", "week", "month", "quarter", "year"} else "day"
    end_grain = grain_a if grain_a != "hour" else "day"
    return Candidate(
        start=body.start,
        end=body.end,
        type="DATE",
        value=format_value(a_day, grain),
        granularity=grain,
        interval_start=format_value(a_day, end_grain),
        interval_end=format_value(b_incl, end_grain),
    )


def _open_end(body: _Body, first: dict[str, Any]) -> Candidate | None:
    """An interval with only a start ("after May"); "since May" runs to publication."""
    a, grain_a = _parse_moment(first)
    if grain_a in _CLOCK_GRAINS and not _CLOCK.search(body.text):
        return None
    a = body.lean(a, grain_a)
    text_value = format_value(a.date(), grain_a)
    lower = body.text.lower()
    open_end = body.pub.isoformat() if "since" in lower or body.preposition == "since" else None
    return Candidate(
        start=body.start + (len("since ") if lower.startswith("since ") else 0),
        end=body.end,
        type="DATE",
        value=text_value,
        granularity=grain_a,
        interval_start=text_value,
        interval_end=open_end,
    )


def _open_start(body: _Body, last: dict[str, Any]) -> Candidate | None:
    """An interval with only an end ("until May", "by Friday")."""
    b, grain_b = _parse_moment(last)
    if grain_b in _CLOCK_GRAINS and not _CLOCK.search(body.text):
        return None
    b = body.lean(b, grain_b)
    text_value = format_value(b.date(), grain_b)
    skip = re.match(r"(?i)(?:until|till|by|before|up to|through) ", body.text)
    return Candidate(
        start=body.start + (skip.end() if skip else 0),
        end=body.end,
        type="DATE",
        value=text_value,
        granularity=grain_b,
        interval_end=text_value,
    )
