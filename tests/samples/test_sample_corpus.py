"""The bundled sample corpus, ingested end to end, matches its manifest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from eventwire.export import iter_export
from eventwire.pipeline import RunSummary, run_pipeline
from eventwire.settings import Settings, load_settings
from eventwire.store import Store

from ..conftest import SAMPLES

CORPUS = SAMPLES / "corpus"
MANIFEST: dict[str, Any] = json.loads((SAMPLES / "manifest.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunSummary, Store]]:
    tmp = tmp_path_factory.mktemp("samples")
    settings: Settings = load_settings(environ={}, cwd=tmp).replace(
        store={"path": str(tmp / "samples.duckdb")}
    )
    store = Store(settings.store.path)
    summary = run_pipeline([str(CORPUS)], settings=settings, store=store)
    yield summary, store
    store.close()


def _articles(store: Store) -> list[dict[str, Any]]:
    return list(iter_export(store, "articles"))


def test_every_manifest_article_is_stored_once(ingested: tuple[RunSummary, Store]) -> None:
    summary, store = ingested
    urls = {a["url"] for a in MANIFEST["articles"] if a["url"]}
    stored = _articles(store)
    stored_urls = [r["canonical_url"] or r["url"] for r in stored if r["url"]]
    assert len(stored_urls) == len(set(stored_urls)), "an article was stored twice"
    expected = {u.rstrip("/") for u in urls}
    assert {u.rstrip("/") for u in stored_urls} == expected
    without_url = [a for a in MANIFEST["articles"] if not a["url"]]
    assert len(stored) == len(expected) + len(without_url)
    assert summary.already_stored == len(MANIFEST["articles"]) - len(stored)


def test_languages_match_the_manifest(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    by_url = {(r["url"] or "").rstrip("/"): r["language"] for r in _articles(store)}
    for a in MANIFEST["articles"]:
        if a["url"]:
            assert by_url[a["url"].rstrip("/")] == a["language"], a["id"]


def test_published_times_match_the_manifest(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    by_url = {(r["url"] or "").rstrip("/"): r["published"] for r in _articles(store)}
    for a in MANIFEST["articles"]:
        if a["url"] and a["published"]:
            got = by_url[a["url"].rstrip("/")]  # stored as UTC without a zone
            assert got.replace(tzinfo=UTC) == datetime.fromisoformat(a["published"]), a["id"]


def test_each_malformed_file_is_rejected_with_its_reason(
    ingested: tuple[RunSummary, Store],
) -> None:
    summary, _ = ingested
    got = {(Path(r.source).relative_to(SAMPLES).as_posix(), r.code) for r in summary.rejections}
    expected = {(m["file"], m["reason"]) for m in MANIFEST["malformed"]}
    assert got == expected


def test_english_articles_have_sentences_and_entities(
    ingested: tuple[RunSummary, Store],
) -> None:
    _, store = ingested
    for row in _articles(store):
        if row["language"] == "en":
            assert row["sentence_count"] > 3 and row["entity_count"] > 3, row["id"]
        else:
            assert row["sentence_count"] == 0 and row["nlp_model"] is None


def test_sentences_cover_the_text_in_order(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    for article in store.iter_articles():
        sentences = store.sentences(article.id)
        ends = [s.span.end for s in sentences]
        assert ends == sorted(ends)
        assert all(0 <= s.span.start < s.span.end <= len(article.text) for s in sentences)


def test_second_run_adds_nothing(ingested: tuple[RunSummary, Store], tmp_path: Path) -> None:
    summary, store = ingested
    settings = load_settings(environ={}, cwd=tmp_path).replace(store={"path": store.path})
    before = store.stats()
    again = run_pipeline([str(CORPUS)], settings=settings, store=store)
    assert (again.ingested, again.updated) == (0, 0)
    assert again.already_stored == summary.ingested + summary.already_stored
    assert store.stats() == before


def _article_id(store: Store, url_part: str) -> str:
    rows = store.con.execute(
        "SELECT id FROM articles WHERE url LIKE ?", [f"%{url_part}%"]
    ).fetchall()
    assert len(rows) == 1, url_part
    return str(rows[0][0])


def test_wire_story_figures_and_dates(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    aid = _article_id(store, "meridianpress.net/world/middle-east/2026/03/09/")
    figures = store.con.execute(
        "SELECT kind, low, best, about FROM figures WHERE article_id = ?", [aid]
    ).fetchall()
    assert ("killed", 4.0, 4.0, "Iraqi soldiers") in figures  # "At least four Iraqi soldiers"
    assert any(kind == "injured" and best == 11.0 for kind, _, best, _ in figures)
    values = {
        text: value
        for text, value in store.con.execute(
            "SELECT text, value FROM time_expressions WHERE article_id = ?", [aid]
        ).fetchall()
    }
    # Published Monday 2026-03-09: "Monday" is that day, "Sunday" the day before.
    assert values["Monday"] == "2026-03-09"
    assert values["Sunday"] == "2026-03-08"


def test_patchwork_page_quotes_are_flagged(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    patchwork = next(a for a in MANIFEST["articles"] if a["role"].startswith("patchwork"))
    aid = _article_id(store, patchwork["url"].rstrip("/"))
    codes = [
        c
        for (c,) in store.con.execute(
            "SELECT code FROM flags WHERE article_id = ?", [aid]
        ).fetchall()
    ]
    assert "unresolved-speaker" in codes
    assert "speaker-not-introduced" in codes
    original = _article_id(store, "meridianpress.net/world/middle-east/2026/03/09/")
    flagged = store.con.execute(
        "SELECT count(*) FROM flags WHERE article_id = ? AND code = 'speaker-not-introduced'",
        [original],
    ).fetchone()
    assert flagged == (0,)


def test_claim_offsets_point_into_the_text(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    rows = store.con.execute(
        'SELECT a.text, f.start, f."end", f.text FROM figures f '
        "JOIN articles a ON a.id = f.article_id"
    ).fetchall()
    assert rows
    assert all(text[start:end] == shown for text, start, end, shown in rows)
    rows = store.con.execute(
        'SELECT a.text, t.start, t."end", t.text FROM time_expressions t '
        "JOIN articles a ON a.id = t.article_id"
    ).fetchall()
    assert rows and all(text[start:end] == shown for text, start, end, shown in rows)


def test_places_are_resolved_with_modifiers(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    aid = _article_id(store, "meridianpress.net/world/middle-east/2026/03/09/")
    rows = store.con.execute(
        "SELECT name, geonameid, country, admin1, precision, modifier FROM places "
        "WHERE article_id = ?",
        [aid],
    ).fetchall()
    assert ("Mosul", 99072, "IQ", "Nineveh", "point", "western") in rows
    assert all(name != "West Bank" for name, *_ in rows)  # "the west bank of the Tigris"


def test_wire_story_event_mention(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    aid = _article_id(store, "meridianpress.net/world/middle-east/2026/03/09/")
    rows = [
        r
        for r in iter_export(store, "event-mentions")
        if r["article_id"] == aid
        and r["trigger"] == "killed"
        and r["sentence"].startswith("At least four Iraqi soldiers were killed")
    ]
    assert rows, "the lead sentence's killing is not an event mention"
    lead = rows[0]
    assert (lead["plover_type"], lead["acled_event_type"]) == ("ASSAULT", "Battles")
    assert lead["status"] == "happened"
    assert lead["killed"]["low"] == 4.0
    assert lead["place"]["country"] == "IQ"
    assert lead["date"] == "2026-03-09"


def test_statuses_keep_projections_apart(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    statuses = {r["status"] for r in iter_export(store, "event-mentions")}
    assert "happened" in statuses and statuses & {"projected", "planned", "background"}
    for r in iter_export(store, "event-mentions"):
        if r["status"] in {"planned", "threatened", "projected"}:
            assert (r["killed"], r["injured"], r["displaced"]) == (None, None, None), r


def test_articles_count_their_flagged_quotes(ingested: tuple[RunSummary, Store]) -> None:
    _, store = ingested
    counts = {r["url"]: r["flagged_quotes"] for r in iter_export(store, "articles") if r["url"]}
    patchwork = next(a for a in MANIFEST["articles"] if a["role"].startswith("patchwork"))
    original = "meridianpress.net/world/middle-east/2026/03/09/"
    patchwork_count = next(v for u, v in counts.items() if patchwork["url"].rstrip("/") in u)
    original_count = next(v for u, v in counts.items() if original in u)
    assert patchwork_count >= 3
    assert patchwork_count > original_count


def test_articles_of_other_languages_join_their_story(ingested: tuple[RunSummary, Store]) -> None:
    """The French and the Spanish article of the manifest are linked to the story their
    English story-mates are in (through place names, numbers and names), and to no other."""
    _, store = ingested
    story_of = {(r["url"] or "").rstrip("/"): r["story_id"] for r in _articles(store)}
    manifest = {a["id"]: a for a in MANIFEST["articles"] if a["url"]}
    checked = 0
    for article in manifest.values():
        if article["language"] == "en" or not article["story"]:
            continue
        mates = {
            story_of[m["url"].rstrip("/")]
            for m in manifest.values()
            if m["story"] == article["story"] and m["language"] == "en"
        }
        assert len(mates) == 1, article["story"]
        assert story_of[article["url"].rstrip("/")] == mates.pop(), article["id"]
        checked += 1
    assert checked == 2
    linked = [s for s in iter_export(store, "stories") if s["linked_article_ids"]]
    assert len(linked) == 2 and all(len(s["linked_article_ids"]) == 1 for s in linked)
    assert all(s["n_articles"] == len(s["article_ids"]) for s in linked)  # counts unchanged
