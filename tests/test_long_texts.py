"""Texts longer than spaCy takes at once (nlp.max_length, 1,000,000 characters) are parsed in
parts and joined, and a long article never costs the rest of its run."""

from __future__ import annotations

from pathlib import Path

import spacy
from click.testing import CliRunner

from eventwire.cli.main import cli
from eventwire.nlp import MAX_PART_CHARS, pipe_texts, split_text
from eventwire.store import Store

SENTENCE = "Fighting continued in the old city on Monday, officials said. "


def test_split_text_keeps_every_character_and_cuts_at_sentence_ends() -> None:
    text = SENTENCE * 5000 + "x" * 250_000  # a long run with no break at the end
    parts = split_text(text)
    assert "".join(parts) == text
    assert all(len(p) <= MAX_PART_CHARS for p in parts)
    assert parts[0].endswith(". ")
    assert split_text("short") == ["short"]


def test_a_text_over_spacys_limit_is_parsed_whole_and_in_order() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    long_text = SENTENCE * 17_000  # 1,054,000 characters: spaCy alone refuses it (E088)
    assert len(long_text) > nlp.max_length
    items = [("First short text.", "a"), (long_text, "b"), ("Last short text.", "c")]
    out = list(pipe_texts(items, nlp=nlp))
    assert [ctx for _, ctx in out] == ["a", "b", "c"]
    doc = out[1][0]
    assert doc.text == long_text
    assert len(list(doc.sents)) == 17_000


def test_a_long_article_is_stored_with_its_neighbours(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text(SENTENCE * 2200, encoding="utf-8")  # 136,400 characters
    short = "Police arrested ten people in Nairobi on Tuesday, a spokesman said."
    (folder / "short.txt").write_text(short, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "parsed in parts" in result.output and ": 1 articles" in result.output
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT length(text), (SELECT count(*) FROM sentences s WHERE s.article_id = a.id) "
            "FROM articles a ORDER BY 1"
        ).fetchall()
    assert len(rows) == 2 and rows[0][0] == len(short)
    assert rows[1][0] > MAX_PART_CHARS
    assert rows[1][1] == 2200  # every sentence of the long text, across the parts
