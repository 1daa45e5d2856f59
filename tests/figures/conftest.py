"""One spaCy pipeline for the whole figures test session."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from eventwire.figures import DEFAULT_MODEL


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The model is a declared dependency: a missing one fails the tests, it does not skip them."""
    return spacy.load(DEFAULT_MODEL)
