"""Event mentions: what happened, who did it to whom, when, where and how many.

``extract_events(doc, article_id=...)`` types each event mention in PLOVER (with a mode), maps it
to ACLED event and sub-event types, finds its actor and target (normalised through the packaged
actor dictionary), its status (happened, background, planned, threatened, projected, denied),
its date, the figures in its sentence and, given a ``locate`` callable, its place. Taxonomies and
mapping tables are in :mod:`eventwire.events.taxonomy`. :mod:`eventwire.events.document` codes a
whole text from its mentions (its main mention, and its labels in each taxonomy), as
``eventwire eval events`` scores it (:mod:`eventwire.evaluate.events`).
"""

from __future__ import annotations

from eventwire.events.actors import HEAD_TYPES, Actor, actor_dictionary, normalise_actor
from eventwire.events.document import (
    MainPrediction,
    Muc4Slots,
    main_mention,
    main_prediction,
    muc4_slots,
    predict_labels,
    sentence_plover_type,
)
from eventwire.events.extract import (
    EVENT_FIGURE_KINDS,
    Locate,
    extract_events,
    sentence_mentions,
)
from eventwire.events.lexicon import LEXICON, Trigger
from eventwire.events.status import status_of
from eventwire.events.taxonomy import (
    ACLED_EVENT_TYPES,
    ACLED_SUB_EVENTS,
    CASE2021_CODES,
    CASE2021_NON_ACLED,
    PLOVER_05_TO_CURRENT,
    PLOVER_MODES,
    PLOVER_TYPES,
    acled_for,
)

__all__ = [
    "ACLED_EVENT_TYPES",
    "ACLED_SUB_EVENTS",
    "CASE2021_CODES",
    "CASE2021_NON_ACLED",
    "EVENT_FIGURE_KINDS",
    "HEAD_TYPES",
    "LEXICON",
    "PLOVER_05_TO_CURRENT",
    "PLOVER_MODES",
    "PLOVER_TYPES",
    "Actor",
    "Locate",
    "MainPrediction",
    "Muc4Slots",
    "Trigger",
    "acled_for",
    "actor_dictionary",
    "extract_events",
    "main_mention",
    "main_prediction",
    "muc4_slots",
    "normalise_actor",
    "predict_labels",
    "sentence_mentions",
    "sentence_plover_type",
    "status_of",
]
