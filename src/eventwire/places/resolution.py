"""The records of place resolution and what its steps share.

A :class:`Mention` is a place name in a document; a :class:`Resolution` is the gazetteer entry
that it resolves to, with a confidence. The steps of the resolver
(:mod:`eventwire.places.resolve`) also share the key under which repeated mentions of one name
count as one (:func:`group_key`), the kinds of places that lie at a point, and the
great-circle distance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.records import Precision

__all__ = [
    "POINT_KINDS",
    "Mention",
    "Resolution",
    "bare_name",
    "group_key",
    "haversine_km",
    "to_resolution",
]

# kinds of places that lie at a point rather than cover an area
POINT_KINDS = (Kind.CITY, Kind.DISTRICT, Kind.CAMP, Kind.LANDMARK)

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Resolution:
    """A place name resolved to one gazetteer entry."""

    name: str
    lat: float
    lon: float
    geonameid: int | None
    country: str | None
    admin1: str | None
    admin2: str | None
    kind: Kind
    precision: Precision
    confidence: float
    entry: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """A place name in a document; ``start``/``end`` locate it in the text when known."""

    text: str
    start: int | None = None
    end: int | None = None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def bare_name(name: str) -> str:
    """``name`` without surrounding spaces and a possessive ending (``Iraq's``: ``Iraq``)."""
    return _POSSESSIVE.sub("", name.strip())


def group_key(name: str) -> str:
    """The key under which mentions of one name count as one (``Portland``, ``Portland's``)."""
    return bare_name(name).casefold()


def to_resolution(gaz: Gazetteer, index: int, confidence: float) -> Resolution:
    """The gazetteer entry ``index`` as a resolution with ``confidence`` (rounded)."""
    e = gaz.entry(index)
    return Resolution(
        name=e.name,
        lat=e.lat,
        lon=e.lon,
        geonameid=e.geonameid,
        country=e.country,
        admin1=e.admin1,
        admin2=e.admin2,
        kind=e.kind,
        precision=e.precision,
        confidence=round(confidence, 4),
        entry=index,
    )
