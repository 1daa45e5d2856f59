"""Stories across languages: the language-neutral terms of a text, and the link step over a
store (idempotent, refreshed when a text changes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli.main import cli
from eventwire.store import Store
from eventwire.stories.languages import language_terms
from tests.conftest import SAMPLES


def test_a_place_named_in_two_languages_gives_one_term() -> None:
    french = language_terms("Les familles ont quitté Mossoul mardi, selon la préfecture.")
    english = language_terms("Families left Mosul on Tuesday, the governor said.")
    shared = {t for t in french & english if t.startswith("p:")}
    assert shared and all(t.startswith("p:") for t in french & english)
    spanish = language_terms("Las delegaciones se reunieron en La Habana el jueves.")
    assert spanish & language_terms("The delegations met in Havana on Thursday.")


@pytest.mark.parametrize("written", ["12 000", "12.000", "12,000", "12\u202f000"])
def test_numbers_read_with_any_group_separator(written: str) -> None:
    assert "n:12000" in language_terms(f"Pres de {written} personnes sont arrivees au camp.")


def test_names_are_mid_sentence_capitals_without_function_words() -> None:
    terms = language_terms("Selon Annika Solberg, le camp de Hammam al-Alil est plein. La pluie.")
    assert {"w:annika", "w:solberg"} <= terms
    assert "w:selon" not in terms and "w:la" not in terms  # sentence starts
    assert not any(t in terms for t in ("w:le", "w:de", "w:camp"))
    assert language_terms("3 people") == set()  # numbers under ten are not kept


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _links(db: Path) -> list[tuple[object, ...]]:
    with Store(db, read_only=True) as store:
        return store.con.execute(
            "SELECT article_id, story_id, score FROM story_links ORDER BY article_id"
        ).fetchall()


def test_links_are_stable_and_follow_a_changed_text(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    for folder in ("html", "text"):
        _run("ingest", str(SAMPLES / "corpus" / folder), "--db", str(db))
    first = _links(db)
    assert len(first) == 2  # the French and the Spanish page
    _run("provenance", "--update", "--db", str(db))
    assert _links(db) == first  # nothing new: nothing changes
    # the French page's text is replaced by one about another city: its link goes
    with Store(db) as store:
        (fr,) = store.con.execute("SELECT id FROM articles WHERE language = 'fr'").fetchone()
        store.con.execute(
            "UPDATE articles SET text = ? WHERE id = ?",
            ["La récolte de 2026 a été bonne à Lyon, selon Marie Dupont, le 3 mars.", fr],
        )
    _run("provenance", "--update", "--db", str(db))
    after = _links(db)
    assert [r[0] for r in after] == [r[0] for r in first if r[0] != fr]
    stories = _run("stories", "--db", str(db))
    assert "other" in stories.splitlines()[0]


def test_the_languages_check_set_groups_as_its_reader_did(tmp_path: Path) -> None:
    """samples/languages-check: three English stories (a quake in Van, a protest in Van the next
    day, floods in Porto Alegre), a French, a German and a Spanish article that belong to them
    and a Portuguese one that belongs to none."""
    import json

    folder = SAMPLES / "languages-check"
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    db = tmp_path / "check.duckdb"
    _run("ingest", str(folder / "articles.jsonl"), "--db", str(db))
    articles = {
        json.loads(line)["url"]: json.loads(line)["story_id"]
        for line in _run("export", "articles", "--db", str(db)).splitlines()
    }
    url = {k: v["url"] for k, v in expected["articles"].items()}
    for members in expected["stories"].values():
        stories = {articles[url[m]] for m in members}
        assert len(stories) == 1, members
    found = [articles[url[m[0]]] for m in expected["stories"].values()]
    assert found.count(None) == 1 and len(set(found)) == 4  # the strike alone, unlinked
