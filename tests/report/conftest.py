"""Stores the report tests read: the sample corpus, and two articles carrying hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli.main import cli
from tests.conftest import SAMPLES

#: Two reports of one bombing; the first carries markup and script in its title, text, outlet
#: and URL.
HOSTILE = [
    {
        "title": "<script>alert('title')</script> Car bomb kills seven in Baghdad market",
        "url": "javascript:alert(3)",
        "outlet": "Evil <b onmouseover=alert(5)>Wire</b>",
        "published": "2026-03-20T10:00:00Z",
        "text": (
            "BAGHDAD (Evil Wire) - At least seven people were killed and 12 wounded when a car "
            "bomb exploded in a crowded market in Baghdad on Monday <script>alert(1)</script>, "
            'police said. "We heard a huge blast and then screaming everywhere <img src=x '
            'onerror=alert(2)> [click](javascript:alert(4))," said Ali Hassan, a shopkeeper at '
            "the market. Police spokesman Saad Maan said security forces had sealed off the area "
            "and were searching for suspects. The attack was the deadliest in the capital this "
            "year, officials said."
        ),
    },
    {
        "title": "Seven killed in Baghdad market bombing",
        "url": "https://example.org/baghdad",
        "outlet": "Other Outlet",
        "published": "2026-03-20T12:00:00Z",
        "text": (
            "BAGHDAD - A car bomb killed nine people and wounded 15 at a busy market in Baghdad "
            'on Monday, hospital officials said. "It was a massacre of innocent people," said '
            "Saad Maan, a police spokesman, adding that an investigation was under way."
        ),
    },
]


def _ingest(source: Path, db: Path) -> str:
    result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return str(db)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus ingested with the command line."""
    return _ingest(SAMPLES / "corpus", tmp_path_factory.mktemp("report") / "sample.duckdb")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE), "utf-8")
    return _ingest(source, folder / "hostile.duckdb")
