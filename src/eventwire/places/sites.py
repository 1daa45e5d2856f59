"""Sites inside a town: streets, buildings, venues and facilities that no gazetteer holds.

A name such as ``Royal Street``, ``Altnagelvin Hospital`` or ``the 400 block of Elm Avenue``
names a site; the gazetteer cannot place the site itself, but the text usually says which town
it is in. :func:`site_containers` finds that town among the document's resolved places, best
cue first:

1. an explicit cue right after the name: ``Bambino Hospital in Rome``, ``the Farmers Centre,
   in Goodlands``, ``the Convention Centre, Dublin, with``;
2. a possessive right before it: ``Derry's Altnagelvin Hospital``, ``Cairo's suburb of X``;
3. for sites only (the resolver also passes names that the gazetteer does not know): the
   resolved town nearest to it in the same sentence, else the last one earlier in the
   paragraph, else the first one later in it, else the article's focus town (the town it names
   most often; the first town it names when none is named more often than the others).

The resolver reports such a place with the precision code ``within-town``: the name, id and
coordinates are the town's; the site lies somewhere in or next to it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["SiteCue", "called_site", "is_site", "is_street", "named_street", "site_containers"]

_SITE_WORDS = (
    r"street|road|avenue|boulevard|lane|drive|terrace|crescent|highway|"
    r"square|plaza|bridge|estate|church|chapel|cathedral|mosque|temple|synagogue|shrine|"
    r"hospital|clinic|infirmary|school|academy|college|university|campus|institute|stadium|"
    r"arena|ground|racecourse|centre|center|hall|court|courthouse|library|museum|gallery|theatre|"
    r"theater|cinema|hotel|inn|restaurant|market|mall|airport|station|terminal|prison|jail|"
    r"penitentiary|detention|embassy|consulate|building|tower|castle|palace|club|cemetery|"
    r"factory|plant|mill|refinery|headquarters|office|offices|house|cottage|park|garden|"
    r"gardens|fields|port|harbour|harbor|pier|wharf|canal|plantation|barracks|base|rue|faubourg"
)
_SITE = re.compile(rf"\b(?:{_SITE_WORDS})\b\.?", re.IGNORECASE)
_ADDRESS = re.compile(
    r"^\d[\d\s-]*\s+|\bblock of\b|\s(?:St|Rd|Ave|Blvd|Dr)\.?$"  # "Victoria St."
    r"|\s(?:Place|Way|Close|Elementary|Middle|High|Primary)$"  # "Patriot High"
)
_AFTER_CUE = re.compile(
    r"^(?:\s*,\s*(?:in\s+|at\s+|near\s+)?|\s+(?:in|at|near|outside|on)\s+)(?:the\s+)?"
    r"(?:(?:city|town|village|suburb|district|area|capital)\s+of\s+)?$",
    re.IGNORECASE,
)
_CLOSE = re.compile(
    r"\s*(?:[,.;:)\]]|$|\s(?:and|on|in|at|for|to|with|where|which|is|was|has|had)\b)"
)
_BEFORE_CUE = re.compile(r"^(?:'s|’s|')\s+(?:[a-z][\w-]*\s+){0,3}(?:of\s+)?$")


_SITE_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z][\w'’.-]*|\s*/\s*[A-Z][\w'’.-]*)?\s+"
    r"(?:streets|avenues|roads|boulevards|intersection)\b"
)


def is_site(name: str, text: str = "", end: int | None = None) -> bool:
    """Whether ``name`` names a street, building, venue or facility (``Press Street``,
    ``Alder Hey Children's Hospital``, ``2231 Royal``); with the ``text`` and the name's
    ``end``, also a name that the next words call one (``Bourbon and Dauphine streets``)."""
    return bool(_SITE.search(name) or _ADDRESS.search(name)) or called_site(text, end)


_STREET = re.compile(
    r"\b(?:street|road|avenue|boulevard|lane|drive|terrace|crescent|highway|square|plaza|"
    r"block of)\b|\s(?:St|Rd|Ave|Blvd|Dr)\.?$|\s(?:Place|Way|Close)$",
    re.IGNORECASE,
)


def is_street(name: str) -> bool:
    """Whether ``name`` names a street or square (``Hampton Avenue``, ``Victoria St.``): its
    other words name whatever the street was named after, not where it is."""
    return bool(_STREET.search(name))


def called_site(text: str, end: int | None) -> bool:
    """Whether the words after a name call it a street or building (``Hubbard streets``,
    ``the Chartres/Franklin intersection``)."""
    return bool(text and end is not None and _SITE_AFTER.match(text, end))


_NAMED_STREET = re.compile(
    r"\b(?:street|road|avenue|boulevard|lane|square)\b[^.;:!?]{0,40}"
    r"\b(?:called|named|renamed|known\s+as)\s+"
    r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*,?\s+(?:and\s+)?(?:then\s+|later\s+|finally\s+)?"
    r"(?:(?:called|named|renamed)\s+)?)?$",
    re.IGNORECASE,
)


def named_street(text: str, start: int | None) -> bool:
    """Whether the words before a name say that a street bears it (``the street was later
    called Lafayette``, ``the avenue, renamed Franklin``)."""
    if not text or start is None:
        return False
    return bool(_NAMED_STREET.search(text[max(0, start - 120) : start]))


@dataclass(frozen=True, kw_only=True, slots=True)
class SiteCue:
    """The mention naming the town that contains a site; ``explicit`` when the text says so
    right next to the name (``comma`` when only by a comma: ``the Convention Centre, Dublin``)."""

    container: int
    explicit: bool
    comma: bool = False


def site_containers(
    text: str,
    spans: Sequence[tuple[int | None, int | None]],
    towns: Sequence[int | None],
    sites: Sequence[bool],
) -> list[SiteCue | None]:
    """For each mention, the mention naming the town that contains it, or ``None``.

    ``spans`` are the mentions' character offsets, ``towns`` the gazetteer entry of each
    mention that is a possible container (resolved to a town or district) and ``None`` for
    the others, ``sites`` whether each mention is site-like (only sites fall back to the
    sentence, the paragraph and the focus town).
    """
    n = len(spans)
    order = sorted(
        (i for i in range(n) if spans[i][0] is not None and towns[i] is not None),
        key=lambda i: spans[i][0] or 0,
    )
    focus = _focus_town(towns, order)
    out: list[SiteCue | None] = []
    for k in range(n):
        start, end = spans[k]
        if start is None or end is None:
            out.append(None)
            continue
        cue = _explicit(text, start, end, spans, order)
        if cue is not None:
            out.append(SiteCue(container=cue[0], explicit=True, comma=cue[1]))
            continue
        if not sites[k]:
            out.append(None)
            continue
        near = _nearby(text, start, spans, order)
        if near is None:
            near = focus
        out.append(None if near is None else SiteCue(container=near, explicit=False))
    return out


def _explicit(
    text: str,
    start: int,
    end: int,
    spans: Sequence[tuple[int | None, int | None]],
    order: list[int],
) -> tuple[int, bool] | None:
    """The town named right after (``in X``, ``, X``) or right before (``X's``) a mention,
    and whether the cue is a bare comma."""
    for i in order:
        s, e = spans[i]
        if s is None or e is None:
            continue
        if end <= s <= end + 40 and _AFTER_CUE.match(text[end:s]):
            between = text[end:s]
            comma = "," in between and not re.search(r"\b(?:in|at|near)\b", between)
            if not comma or _CLOSE.match(text, e):
                return i, comma
        if start - 40 <= e <= start and _BEFORE_CUE.match(text[e:start]):
            return i, False
    return None


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, len(text) if hi < 0 else hi


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]*[A-Z])")


def _sentence(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.start() + 1
    return start, hi


def _nearby(
    text: str, start: int, spans: Sequence[tuple[int | None, int | None]], order: list[int]
) -> int | None:
    lo, hi = _paragraph(text, start)
    s_lo, s_hi = _sentence(text, start, lo, hi)
    inside = [i for i in order if s_lo <= (spans[i][0] or 0) < s_hi]
    if inside:
        return min(inside, key=lambda i: abs((spans[i][0] or 0) - start))
    before = [i for i in order if lo <= (spans[i][0] or 0) < start]
    if before:
        return before[-1]
    after = [i for i in order if start < (spans[i][0] or 0) < hi]
    return after[0] if after else None


def _focus_town(towns: Sequence[int | None], order: list[int]) -> int | None:
    """The first mention of the town the article names most often (at least twice, or the
    only town it names); where none is named more often than the others, the first town."""
    counts = Counter(towns[i] for i in order)
    if not counts:
        return None
    entry, count = counts.most_common(1)[0]
    if count < 2 and len(counts) > 1:
        return order[0]  # no town stands out: the first one it names
    return next(i for i in order if towns[i] == entry)
