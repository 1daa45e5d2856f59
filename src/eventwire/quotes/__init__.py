"""Quotes and attributions: who said what, with speakers resolved inside the article or flagged.

``extract_quotes(doc, article_id=...)`` returns :class:`~eventwire.records.Quote` records whose
spans are character offsets into ``doc.text``; ``quote_flags`` turns the unresolved ones into
``unresolved-speaker`` / ``speaker-not-introduced`` flags, and ``extract_attributions`` returns
both with the per-article counts. ``eventwire eval quotes`` scores the extractor on a ``quotes``
gold file (:mod:`eventwire.evaluate.quotes`).
"""

from __future__ import annotations

from eventwire.quotes.extract import (
    SPEAKER_NOT_INTRODUCED,
    UNRESOLVED_SPEAKER,
    QuoteExtraction,
    extract_attributions,
    extract_many,
    extract_quotes,
    flag_counts,
    quote_flags,
    quote_key,
)
from eventwire.quotes.lexicon import CUE_LEXICON

__all__ = [
    "CUE_LEXICON",
    "SPEAKER_NOT_INTRODUCED",
    "UNRESOLVED_SPEAKER",
    "QuoteExtraction",
    "extract_attributions",
    "extract_many",
    "extract_quotes",
    "flag_counts",
    "quote_flags",
    "quote_key",
]
