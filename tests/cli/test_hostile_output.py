"""Text read from inputs cannot fake lines or terminal escapes in the human output, and titles
are capped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli.main import cli
from eventwire.errors import printable
from eventwire.normalise import MAX_TITLE_CHARS, normalise_document
from eventwire.records import RawDocument
from eventwire.settings import load_settings


def test_printable_escapes_control_and_format_characters() -> None:
    assert printable("plain text, café") == "plain text, café"
    assert printable("a\nb") == "a\\x0ab"
    assert printable("\x1b[31mred") == "\\x1b[31mred"
    assert printable("abc\u202edef") == "abc\\u202edef"


def test_a_file_name_with_a_line_break_stays_on_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\nfake: ok.txt").write_bytes(b"")  # empty: rejected, its name printed
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "s.duckdb")])
    lines = result.output.splitlines()
    assert any("evil\\x0afake: ok.txt" in line and "empty" in line for line in lines)
    assert not any(line.startswith("fake: ok.txt") for line in lines)


def test_titles_are_capped(tmp_path: Path) -> None:
    settings = load_settings(environ={}, cwd=tmp_path)
    raw = RawDocument(
        source="t.html",
        text="Police arrested ten people in Nairobi on Tuesday, a spokesman said.",
        title="word " * 1000,
        published=datetime(2026, 3, 9, tzinfo=UTC),
        source_format="html",
    )
    article = normalise_document(raw, settings=settings)
    assert article.title is not None
    assert len(article.title) <= MAX_TITLE_CHARS and article.title.endswith("…")
