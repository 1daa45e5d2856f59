"""Fixtures for the quote tests: one spaCy pipeline per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language

from eventwire.quotes import extract_attributions
from eventwire.quotes.extract import QuoteExtraction
from eventwire.settings import load_settings


@pytest.fixture(scope="session")
def nlp() -> Language:
    return spacy.load(load_settings(environ={}).nlp.model)


@pytest.fixture(scope="session")
def extract(nlp: Language) -> Callable[[str], QuoteExtraction]:
    def run(text: str) -> QuoteExtraction:
        return extract_attributions(nlp(text), article_id="t1")

    return run
