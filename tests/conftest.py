"""Shared fixtures: settings isolated from the environment, in-memory or tmp stores, and the
spaCy pipeline the ingest run uses (loaded once; a missing model fails the tests that need it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from eventwire.nlp import load_nlp
from eventwire.settings import Settings, load_settings
from eventwire.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Packaged defaults only (no user file, no EVENTWIRE_* variables), store in tmp_path."""
    base = load_settings(environ={}, cwd=tmp_path)
    return base.replace(store={"path": str(tmp_path / "test.duckdb")})


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pipeline of the packaged ``nlp.model`` setting, as ``ingest`` and ``eval`` load it."""
    return load_nlp(load_settings(environ={}))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store(settings.store.path) as s:
        yield s


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
