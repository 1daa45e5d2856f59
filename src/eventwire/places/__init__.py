"""Places: gazetteer, recognition and resolution of place names, and their evaluation.

* :func:`load_gazetteer` builds (first use, a few seconds) or loads the cached gazetteer;
* :func:`extract_places` finds and resolves the places of a spaCy ``Doc``;
* :func:`resolve` / :func:`resolve_document` resolve given names, abstaining when unsure;
  streets, buildings and venues go to the town the text puts them in, with the precision code
  ``within-town`` (:mod:`eventwire.places.sites`);
* :func:`evaluate_geo` scores both on a ``geo`` gold file.
"""

from eventwire.places.evaluate import evaluate_geo, resolution_scores
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
    "evaluate_geo",
    "event_place",
    "extract_places",
    "find_modifier",
    "haversine_km",
    "load_gazetteer",
    "resolution_scores",
    "resolve",
    "resolve_document",
]
