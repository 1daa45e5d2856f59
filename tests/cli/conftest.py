"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner in an empty working folder, with no ``EVENTWIRE_*`` settings."""
    for name in list(os.environ):
        if name.startswith("EVENTWIRE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return CliRunner()
