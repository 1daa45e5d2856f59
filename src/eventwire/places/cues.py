"""Cues in the text around a place name that favour some of its candidates.

* a container named right after it: ``Mosul, Iraq``, ``Paris, Texas``;
* an upper-case dateline (``WASHINGTON (AP) -``, ``(NEW YORK) -``): the name is a town;
* for a name shared by a state and a big city (New York, Washington): state cues (``upstate
  New York``, ``central Washington``, ``New York state``, ``Wash.`` elsewhere in the article)
  and city cues (``Trump's Washington``, ``lives in New York``, ``travel to Washington``);
* a team, treaty or body named after a town (``the Portland Trail Blazers``, ``the Venice
  Commission``; ``data/named_after.tsv``): the name is that town, there and wherever the
  article repeats it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources

from eventwire.places.candidates import CandidateEntry
from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.places.resolution import Mention, group_key
from eventwire.places.weights import BIG_TOWN

__all__ = [
    "container_indexes",
    "in_named_town",
    "is_dateline",
    "named_after",
    "state_or_city_cue",
]

_CONTAINER = re.compile(r"\s*,\s*((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3})")
_AGENCY = re.compile(r"(?:,[ \w.]{2,20})?\s*\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN|PNA)\)")
_DATELINE_AFTER = re.compile(r"\)?\s*(?:,|\(|—|–|-\s)")
_STATE_BEFORE = re.compile(
    r"(?:\b(?:upstate|downstate|central|eastern|western|northern|southern|rural|"
    r"state\s+of)\s+)$",
    re.IGNORECASE,
)
_STATE_AFTER = re.compile(r"\s+state\b(?!\s+(?:university|college|police|park))", re.IGNORECASE)
_NAME_GOES_ON = re.compile(r"\s+[A-Z]")  # "the New York Public Library"
_OWNER_BEFORE = re.compile(r"\b[A-Z][\w-]*(?:'s|’s)\s+$")
_CITY_BEFORE = re.compile(r"\b(?:in|to|from|at|near|around)\s+$")
_STATE_ABBREVIATIONS = {"Washington": re.compile(r"\bWash\.|\bWA\b")}


def container_indexes(gaz: Gazetteer, text: str, end: int | None) -> set[int]:
    """Countries and admin units named right after a mention (``Mosul, Iraq``)."""
    if end is None or not text:
        return set()
    m = _CONTAINER.match(text, end)
    if not m:
        return set()
    words = m.group(1).split()
    out: set[int] = set()
    for n in range(len(words), 0, -1):
        for c in gaz.lookup(" ".join(words[:n])):
            if gaz.kind(c.index) in (Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2):
                out.add(c.index)
        if out:
            break
    return out


def is_dateline(text: str, m: Mention) -> bool:
    """An upper-case name opening a line (or in brackets there) and followed by a comma, an
    agency or a dash."""
    if m.start is None or m.end is None or not text or len(m.text) < 3 or not m.text.isupper():
        return False
    if _AGENCY.match(text, m.end):
        return True
    before = text[max(0, m.start - 1) : m.start]
    if m.start and before not in ("\n", "("):
        return False
    return bool(_DATELINE_AFTER.match(text, m.end))


def state_or_city_cue(
    gaz: Gazetteer, text: str, m: Mention, cands: list[CandidateEntry]
) -> Kind | None:
    """For a name shared by a state and a big city (New York, Washington): ``Kind.ADMIN1``
    where the text points at the state (``upstate New York``, ``central Washington``, ``New
    York state``, the state's abbreviation elsewhere in the article: ``Olympia, Wash.``),
    ``Kind.CITY`` where an owner precedes it (``Trump's Washington``) or a preposition puts
    something there (``lives in New York``, ``travel to Washington``, not ``at New York Public
    Library``), else ``None``."""
    if m.start is None or m.end is None or not text:
        return None
    kinds = {gaz.kind(i) for i, primary, _ in cands if primary}
    if Kind.ADMIN1 not in kinds or not any(
        gaz.kind(i) == Kind.CITY and gaz.population(i) >= BIG_TOWN for i, _, _ in cands
    ):
        return None
    before = text[max(0, m.start - 20) : m.start]
    if _STATE_BEFORE.search(before) or _STATE_AFTER.match(text, m.end):
        return Kind.ADMIN1
    abbr = _STATE_ABBREVIATIONS.get(m.text.strip())
    if abbr is not None and abbr.search(text):
        return Kind.ADMIN1
    if _OWNER_BEFORE.search(before):
        return Kind.CITY  # "Trump's Washington": the capital as the seat of power
    if (
        m.text.strip() in ("New York", "Washington")
        and _CITY_BEFORE.search(before)
        and not _NAME_GOES_ON.match(text, m.end)
    ):
        return Kind.CITY
    return None


@functools.cache
def _named_after_table() -> dict[str, list[tuple[re.Pattern[str], str, str]]]:
    """Town name -> (pattern of the words after it, country, first-level unit or ``""``) from
    ``data/named_after.tsv``."""
    table = resources.files("eventwire.places").joinpath("data", "named_after.tsv")
    out: dict[str, list[tuple[re.Pattern[str], str, str]]] = {}
    for line in table.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("place\t"):
            continue
        place, following, country, admin1 = line.split("\t")
        words = "|".join(re.escape(w) for w in following.split("|"))
        pattern = re.compile(rf"(?:'s|’s)?\s+(?:{words})\b")
        out.setdefault(place.casefold(), []).append((pattern, country, admin1))
    return out


def named_after(text: str, items: Sequence[Mention]) -> list[tuple[str, str] | None]:
    """For each mention, the country and first-level unit (``""`` where the table gives none)
    of the town that a team, treaty or body is named after where the article names one after
    it (``the Portland Trail Blazers``, ``the Venice Commission``; then ``Portland`` alone for
    the team), else ``None``."""
    table = _named_after_table()
    found: dict[str, tuple[str, str]] = {}
    for m in items:
        key = group_key(m.text)
        if m.end is None or not text or key not in table:
            continue
        for pattern, country, admin1 in table[key]:
            if pattern.match(text, m.end):
                found.setdefault(key, (country, admin1))
                break
    return [found.get(group_key(m.text)) for m in items]


def in_named_town(gaz: Gazetteer, index: int, target: tuple[str, str]) -> bool:
    """Whether the entry ``index`` lies in ``target``, a (country, first-level unit or ``""``)
    from :func:`named_after`."""
    country, admin1 = target
    if gaz.country_of(index) != country:
        return False
    return not admin1 or gaz.entry(index).admin1 == admin1
