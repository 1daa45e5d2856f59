"""Helpers for the events tests over the session's spaCy pipeline (``nlp`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Span as SpacySpan

from eventwire.events import sentence_mentions
from eventwire.records import EventMention

Mentions = Callable[[str], list[EventMention]]


@pytest.fixture(scope="session")
def mentions(nlp: Language) -> Mentions:
    """Event mentions of a one-sentence text (published in 2024)."""

    def run(text: str) -> list[EventMention]:
        doc = nlp(text)
        found: list[EventMention] = []
        sentence: SpacySpan
        for sentence in doc.sents:
            found.extend(sentence_mentions(sentence, article_id="t", published_year=2024))
        return found

    return run


def trigger_text(text: str, mention: EventMention) -> str:
    return text[mention.trigger.start : mention.trigger.end]
