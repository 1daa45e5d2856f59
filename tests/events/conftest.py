"""One spaCy pipeline for the whole events test session, with paragraph breaks marked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span as SpacySpan

from eventwire.events import PARAGRAPH_BREAKS, sentence_mentions
from eventwire.events.evaluate import DEFAULT_MODEL
from eventwire.records import EventMention


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The model is a declared dependency: a missing one fails the tests, it does not skip them."""
    pipeline = spacy.load(DEFAULT_MODEL)
    pipeline.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return pipeline


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
