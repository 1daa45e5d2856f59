"""Places: gazetteer, recognition and resolution of place names.

* :func:`load_gazetteer` builds (first use, a few seconds) or loads the cached gazetteer;
* :func:`extract_places` finds and resolves the places of a spaCy ``Doc``;
* :func:`resolve` / :func:`resolve_document` resolve given names, abstaining when unsure;
  streets, buildings and venues go to the town the text puts them in, with the precision code
  ``within-town`` (:mod:`eventwire.places.sites`);
* ``eventwire eval geo`` scores both on a ``geo`` gold file (:mod:`eventwire.evaluate.geo`).
"""

from eventwire.places.gazetteer import (
    Candidate,
    Gazetteer,
    GazetteerEntry,
    Kind,
    build_gazetteer,
    default_cache_dir,
    load_gazetteer,
)
from eventwire.places.locate import EventPlace, event_place
from eventwire.places.recognise import extract_places, find_modifier
from eventwire.places.resolve import Mention, Resolution, haversine_km, resolve, resolve_document

__all__ = [
    "Candidate",
    "EventPlace",
    "Gazetteer",
    "GazetteerEntry",
    "Kind",
    "Mention",
    "Resolution",
    "build_gazetteer",
    "default_cache_dir",
    "event_place",
    "extract_places",
    "find_modifier",
    "haversine_km",
    "load_gazetteer",
    "resolve",
    "resolve_document",
]
