"""Provenance: which earlier articles carry each sentence, how articles relate, headline support."""

from __future__ import annotations

from eventwire.provenance.attribution import dateline_agency, sentence_credits
from eventwire.provenance.headline import (
    HeadlineSettings,
    HeadlineSupport,
    headline_flags,
    headline_support,
)
from eventwire.provenance.index import (
    ArticleProvenance,
    ArticleRow,
    BandRow,
    Donor,
    FingerprintStore,
    IndexSettings,
    MemoryFingerprintStore,
    SentenceIndex,
    SentenceProvenance,
    SentenceRow,
    order_key,
    similarity,
)
from eventwire.provenance.normalise import shingles, simple_sentence_spans
from eventwire.provenance.relations import FlagCode, RelationSettings, relate
from eventwire.records import ArticleRelations, Relation, RelationKind
from eventwire.text import ALIASES, normalise_text, tokens

__all__ = [
    "ALIASES",
    "ArticleProvenance",
    "ArticleRelations",
    "ArticleRow",
    "BandRow",
    "Donor",
    "FingerprintStore",
    "FlagCode",
    "HeadlineSettings",
    "HeadlineSupport",
    "IndexSettings",
    "MemoryFingerprintStore",
    "Relation",
    "RelationKind",
    "RelationSettings",
    "SentenceIndex",
    "SentenceProvenance",
    "SentenceRow",
    "dateline_agency",
    "headline_flags",
    "headline_support",
    "normalise_text",
    "order_key",
    "relate",
    "sentence_credits",
    "shingles",
    "similarity",
    "simple_sentence_spans",
    "tokens",
]
