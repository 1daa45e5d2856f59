"""One spaCy pipeline for the whole figures test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.figures import DEFAULT_MODEL


@pytest.fixture(scope="session")
def nlp() -> Language:
    import spacy

    try:
        return spacy.load(DEFAULT_MODEL)
    except OSError:
        pytest.skip(f"spaCy model {DEFAULT_MODEL} is not installed")
