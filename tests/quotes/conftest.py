"""Fixtures for the quote tests, over the session's spaCy pipeline (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from eventwire.quotes import extract_attributions
from eventwire.quotes.extract import QuoteExtraction


@pytest.fixture(scope="session")
def extract(nlp: Language) -> Callable[[str], QuoteExtraction]:
    def run(text: str) -> QuoteExtraction:
        return extract_attributions(nlp(text), article_id="t1")

    return run
