"""Numbers as news writes them: digits, words, vague quantities, bounds and ranges.

Shared by the stages that read numbers (figures, time expressions); it depends on nothing but
the standard library.

:func:`find_numbers` returns every number expression in a text with its character span and a
low/best/high reading. Bounds and vague words follow these conventions:

==========================================  =====  =====  =====  ===================================
expression                                  low    best   high   source of the convention
==========================================  =====  =====  =====  ===================================
"30", "two", "one million", "a dozen"       n      n      n      exact count
"at least 30", "more than 40", "over 40"    n      n      --     lower bound (ACLED: conservative)
"nearly 330,000", "almost", "close to"      --     n      n      upper bound, best is the figure
"up to one million", "as many as", "less
than", "fewer than", "under", "at most"     --     n      n      upper bound
"around 30", "about", "some", "roughly",
"approximately", "an estimated"             --     n      --     approximate
"between 20 and 30", "20 to 30", "20-30",
"two or three"                              20     20     30     range; best is the lower figure
                                                                 (ACLED codes the most
                                                                 conservative report)
"a few", "a handful", "several"             --     3      --     ACLED notes code "several" as 3
"many", "numerous", unspecified plural      --     10     --     ACLED default for an unknown number
"tens"                                      --     10     --     ACLED convention
"dozens"                                    --     12     --     ACLED convention
"scores"                                    --     20     --     project convention: one score
"hundreds"                                  --     100    --     ACLED convention
"thousands"                                 --     1000   --     project convention, as "hundreds"
"tens of thousands"                         --     10000  --     project convention
"hundreds of thousands"                     --     100000 --     project convention
"millions"                                  --     1e6    --     project convention
"several hundred", "dozens of thousands"    --     300,   --     multiplier x unit
                                                   12000
==========================================  =====  =====  =====  ===================================

A vague quantity is a floor reading ("hundreds" is at least 100), so ``low`` is set to the same
value for vague words from "tens" upward; ``high`` stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["UNIT_WORDS", "NumberMention", "find_numbers", "parse_number_words"]

#: Number words below a hundred ("zero" ... "ninety"), shared with the time-expression rules.
UNIT_WORDS: dict[str, int] = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "k": 1000,
}
_VAGUE: dict[str, tuple[float, bool]] = {
    # word -> (value, is a floor)
    "a few": (3, False),
    "few": (3, False),
    "a handful of": (3, False),
    "a handful": (3, False),
    "several": (3, False),
    "many": (10, False),
    "numerous": (10, False),
    "tens": (10, True),
    "dozens": (12, True),
    "scores": (20, True),
    "hundreds": (100, True),
    "thousands": (1000, True),
    "tens of thousands": (10_000, True),
    "dozens of thousands": (12_000, True),
    "hundreds of thousands": (100_000, True),
    "millions": (1_000_000, True),
}

_NUM_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion)"
)
_WORD_NUM = (
    rf"(?:(?:a|an|half a)\s+(?=(?:hundred|thousand|million|billion)\b))?"
    rf"(?:{_NUM_WORD}(?:[\s-]+|\s+and\s+)(?={_NUM_WORD}\b))*{_NUM_WORD}\b"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGIT_NUM = rf"(?:{_DIGITS})(?:\s*(?:hundred|thousand|million|billion|bn|mn|m|k)\b)?"
_DOZEN = rf"(?:half a dozen|a dozen|(?:{_DIGITS}|{_WORD_NUM})\s+dozen)"
_VAGUE_RE = (
    r"(?:tens of thousands|dozens of thousands|hundreds of thousands|a handful of|a handful|"
    r"a few|several (?:hundred|thousand|dozen)|several|many|numerous|tens|dozens|scores|"
    r"hundreds|thousands|millions)"
)
_NUMBER = rf"(?:{_DOZEN}|{_DIGIT_NUM}|{_WORD_NUM}|{_VAGUE_RE})"

_QUALIFIERS: dict[str, str] = {
    "at least": "low",
    "no fewer than": "low",
    "no less than": "low",
    "not less than": "low",
    "more than": "low",
    "over": "low",
    "upwards of": "low",
    "in excess of": "low",
    "a minimum of": "low",
    "nearly": "high",
    "almost": "high",
    "close to": "high",
    "just under": "high",
    "up to": "high",
    "as many as": "high",
    "as much as": "high",
    "at most": "high",
    "no more than": "high",
    "not more than": "high",
    "less than": "high",
    "fewer than": "high",
    "under": "high",
    "a maximum of": "high",
    "around": "approx",
    "about": "approx",
    "some": "approx",
    "roughly": "approx",
    "approximately": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "an approximate": "approx",
    "circa": "approx",
    "approx.": "approx",
    "just over": "low",
}
_QUAL_RE = "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))

_MENTION = re.compile(
    rf"(?<![\w$£€.,-])(?:(?P<qual>{_QUAL_RE})\s+)?"
    rf"(?:(?P<between>between|from)\s+)?"
    rf"(?P<a>{_NUMBER})"
    rf"(?:\s*(?P<sep>-|–|to|and|or)\s*(?P<b>{_NUMBER}))?"
    rf"(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class NumberMention:
    """A number expression: its span, the span of the bare number and its reading."""

    start: int
    end: int
    number_start: int
    number_end: int
    low: float | None
    best: float | None
    high: float | None
    vague: bool = False


def _scale_of(token: str) -> int | None:
    return _SCALES.get(token.lower())


def parse_number_words(text: str) -> float | None:
    """The value of ``text``: digits ("330,000", "1.5 million"), words ("one million",
    "twenty-five", "a dozen") or a vague quantity ("dozens"). ``None`` when it is not a number.
    """
    words = text.lower().strip()
    if words in _VAGUE:
        return _VAGUE[words][0]
    m = re.fullmatch(r"several (hundred|thousand|dozen)", words)
    if m:
        return 3 * (12 if m.group(1) == "dozen" else _SCALES[m.group(1)])
    m = re.fullmatch(rf"(half a|a|{_DIGITS}|{_WORD_NUM})\s*dozen", words)
    if m:
        head = m.group(1)
        factor = 0.5 if head == "half a" else 1.0 if head == "a" else parse_number_words(head)
        return None if factor is None else factor * 12
    m = re.fullmatch(rf"({_DIGITS})\s*(hundred|thousand|million|billion|bn|mn|m|k)?", words)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = _scale_of(m.group(2)) if m.group(2) else 1
        return value * (scale or 1)
    return _parse_words(words)


def _parse_words(words: str) -> float | None:
    if words.startswith("half a "):
        rest = _parse_words(words[len("half a ") :])
        return None if rest is None else rest / 2
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for token in tokens:
        if token in {"a", "an"}:
            current = max(current, 1)
            continue
        if token in UNIT_WORDS:
            current += UNIT_WORDS[token]
            seen = True
        elif token in {"hundred"}:
            current = max(current, 1) * 100
            seen = True
        elif token in {"thousand", "million", "billion"}:
            total += max(current, 1) * _SCALES[token]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def find_numbers(text: str) -> list[NumberMention]:
    """Every number expression in ``text`` with its low/best/high reading (module table)."""
    out: list[NumberMention] = []
    for m in _MENTION.finditer(text):
        a_text = m.group("a")
        a = parse_number_words(a_text)
        if a is None:
            continue
        lowered = a_text.lower().strip()
        vague = lowered in _VAGUE or lowered.startswith("several ")
        floor = _VAGUE.get(lowered, (0, lowered.startswith("several ")))[1]
        b = parse_number_words(m.group("b")) if m.group("b") else None
        if (m.group("sep") or "").lower() == "and" and not m.group("between"):
            b = None
        qual = _QUALIFIERS.get((m.group("qual") or "").lower())
        low: float | None
        best: float | None
        high: float | None
        if b is not None and b > a:
            low, best, high = a, a, b
        elif m.group("between") and b is None:
            continue
        elif qual == "low":
            low, best, high = a, a, None
        elif qual == "high":
            low, best, high = None, a, a
        elif qual == "approx" or vague:
            low, best, high = (a if floor else None), a, None
        else:
            low, best, high = a, a, a
        end = m.end("b") if b is not None and b > a else m.end("a")
        start = m.start()
        if m.group("between") and not (b is not None and b > a):
            start = m.start("a")
        out.append(
            NumberMention(
                start=start,
                end=end,
                number_start=m.start("a"),
                number_end=end,
                low=low,
                best=best,
                high=high,
                vague=vague,
            )
        )
    return out
