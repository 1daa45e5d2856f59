"""Resolution of place names to gazetteer entries, with a confidence, or abstention.

:func:`resolve_document` resolves the place names of one document together:

1. candidates (:mod:`eventwire.places.candidates`): the gazetteer entries that each name may
   mean, through looser readings of the name where it has no match as written (``northern
   Iraq``, ``Arizona State University``), demonyms (``Iraqi``, ``Texan``) and acronyms that the
   article spells out;
2. ranking (:mod:`eventwire.places.scoring`; its weights and thresholds are in
   :mod:`eventwire.places.weights`): a score for each candidate from a prior by kind and
   population, namesake penalties, cues in the text (:mod:`eventwire.places.cues`: ``Paris,
   Texas``, datelines, ``upstate New York``, ``the Portland Trail Blazers``), the focus country
   and dateline, and the support of the document's other place names;
3. the answer: the best candidate, with its softmax share of the scores as the confidence
   (``Rome`` the city and ``Roma`` the province count as one answer), or ``None`` below
   ``min_confidence``;
4. rules (:mod:`eventwire.places.rules`): bare county names, ``the Republic``, and streets,
   buildings, venues and unknown names put in the town that the text places them in, with the
   precision code ``within-town`` (:mod:`eventwire.places.sites`).

The records, :class:`Mention` and :class:`Resolution`, are defined in
:mod:`eventwire.places.resolution`.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.places.candidates import read_mentions
from eventwire.places.gazetteer import Gazetteer, load_gazetteer
from eventwire.places.resolution import Mention, Resolution, haversine_km
from eventwire.places.rules import apply_rules
from eventwire.places.scoring import best_answer, rank

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "Mention",
    "Resolution",
    "haversine_km",
    "resolve",
    "resolve_document",
]

DEFAULT_MIN_CONFIDENCE = 0.35


def resolve_document(
    mentions: Sequence[Mention | str],
    *,
    text: str = "",
    focus_country: str | None = None,
    dateline: str | None = None,
    gazetteer: Gazetteer | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    allow_demonym: bool = False,
    allow_partial: bool = False,
    sites: bool = True,
    iterations: int = 3,
) -> list[Resolution | None]:
    """Resolves all place names of one document together; ``None`` where it abstains.

    ``allow_demonym`` lets adjectives such as ``Iraqi`` resolve to their place and
    ``allow_partial`` lets an unknown name resolve through its head (``Arizona State
    University`` -> Arizona) at a lower score; both serve scoring given spans. Recognition
    never passes demonyms as places.

    With ``sites`` (and the ``text``), streets, buildings and venues are put in the town that
    the text places them in (``Royal Street`` ... ``in Harwick``; see
    :mod:`eventwire.places.sites`): the answer is the town with the precision code
    ``within-town`` and a lower confidence. A name that the next words call a street
    (``State and Hubbard streets``) is never read as the town of that name.
    """
    gaz = gazetteer or load_gazetteer()
    items = [m if isinstance(m, Mention) else Mention(text=m) for m in mentions]
    found = read_mentions(
        gaz, items, text, allow_demonym=allow_demonym, allow_partial=allow_partial
    )
    cands, probs = rank(
        gaz,
        items,
        found,
        text=text,
        focus_country=focus_country,
        dateline=dateline,
        iterations=iterations,
    )
    out = [best_answer(gaz, cs, ps, min_confidence) for cs, ps in zip(cands, probs, strict=True)]
    return apply_rules(gaz, text, items, out, found, sites=sites)


def resolve(
    name: str,
    *,
    text: str = "",
    start: int | None = None,
    end: int | None = None,
    context: Sequence[str] = (),
    focus_country: str | None = None,
    dateline: str | None = None,
    gazetteer: Gazetteer | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    allow_demonym: bool = False,
    allow_partial: bool = False,
) -> Resolution | None:
    """Resolves one place name; ``context`` lists the document's other place names."""
    mentions = [Mention(text=name, start=start, end=end), *(Mention(text=c) for c in context)]
    return resolve_document(
        mentions,
        text=text,
        focus_country=focus_country,
        dateline=dateline,
        gazetteer=gazetteer,
        min_confidence=min_confidence,
        allow_demonym=allow_demonym,
        allow_partial=allow_partial,
    )[0]
