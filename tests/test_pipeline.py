"""The ingest run end to end: real readers, real spaCy, a real DuckDB file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from eventwire.export import iter_export
from eventwire.pipeline import RunSummary, run_pipeline
from eventwire.settings import Settings
from eventwire.store import Store

EN_1 = (
    "Two soldiers were killed in clashes with militants on the western edge of Kirkuk on Monday, "
    "a police officer said. The fighting lasted several hours before reinforcements arrived."
)
EN_2 = (
    "Aid agencies said on Tuesday that nearly 4,000 families had fled villages south of Gao since "
    "the start of the month. Convoys carrying food were stopped at a checkpoint."
)
FR_1 = (
    "Deux soldats ont été tués lundi lors d'affrontements avec des militants à la périphérie de "
    "Kirkouk, a déclaré un officier de police. Les combats ont duré plusieurs heures."
)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def ingest(paths: list[Path], settings: Settings) -> tuple[RunSummary, dict[str, Any]]:
    with Store(settings.store.path) as store:
        summary = run_pipeline([str(p) for p in paths], settings=settings, store=store)
        return summary, store.stats()


def test_ingest_parses_english_and_skips_other_languages(
    tmp_path: Path, settings: Settings
) -> None:
    src = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"url": "https://news.example.com/a", "title": "A", "text": EN_1},
            {"url": "https://news.example.com/b", "title": "B", "text": EN_2},
            {"url": "https://journal.example.fr/c", "title": "C", "text": FR_1},
        ],
    )
    summary, stats = ingest([src], settings)
    assert summary.ingested == 3
    assert summary.parsed == 2
    assert dict(summary.skipped_language) == {"fr": 1}
    assert stats["languages"] == {"en": 2, "fr": 1}
    assert stats["articles_with_nlp"] == 2
    assert stats["sentences"] >= 4
    with Store(settings.store.path) as store:
        (fr_id,) = [
            r[0]
            for r in store.con.execute("SELECT id FROM articles WHERE language='fr'").fetchall()
        ]
        assert store.sentences(fr_id) == []


def test_second_ingest_adds_nothing(tmp_path: Path, settings: Settings) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [{"url": "https://x.example.com/1", "text": EN_1}])
    ingest([src], settings)
    with Store(settings.store.path) as store:
        before = store.con.execute("SELECT * FROM sentences ORDER BY idx").fetchall()
    summary, stats = ingest([src], settings)
    assert (summary.ingested, summary.already_stored) == (0, 1)
    assert stats["articles"] == 1
    with Store(settings.store.path) as store:
        assert store.con.execute("SELECT * FROM sentences ORDER BY idx").fetchall() == before


def test_duplicate_url_with_richer_metadata_updates_one_article(
    tmp_path: Path, settings: Settings
) -> None:
    src = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"url": "https://x.example.com/story?utm_source=feed", "text": EN_1},
            {
                "url": "https://x.example.com/story",
                "text": EN_1,
                "byline": "By Lena Hart",
                "title": "Clashes",
            },
        ],
    )
    summary, stats = ingest([src], settings)
    assert stats["articles"] == 1
    assert summary.ingested + summary.updated >= 1
    with Store(settings.store.path) as store:
        row = store.con.execute("SELECT byline, title FROM articles").fetchone()
    assert row == ("Lena Hart", "Clashes")


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_longer_text_wins_whatever_the_order(
    tmp_path: Path, settings: Settings, order: tuple[int, int]
) -> None:
    versions = [
        {"url": "https://x.example.com/live", "text": EN_1},
        {"url": "https://x.example.com/live", "text": EN_1 + " " + EN_2},
    ]
    for i in order:
        write_jsonl(tmp_path / f"v{i}.jsonl", [versions[i]])
        ingest([tmp_path / f"v{i}.jsonl"], settings)
    with Store(settings.store.path) as store:
        rows = store.con.execute("SELECT text, id FROM articles").fetchall()
        assert len(rows) == 1 and rows[0][0].endswith("were stopped at a checkpoint.")
        last = store.sentences(rows[0][1])[-1]
        assert last.span.end == len(rows[0][0])


def test_folder_with_good_and_bad_files(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(EN_1, "utf-8")
    (folder / "sub" / "good.html").write_text(
        f"<html><head><title>Aid convoys stopped</title></head><body><article><h1>Aid convoys "
        f"stopped</h1><p>{EN_2}</p><p>{EN_1}</p></article></body></html>",
        "utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write_jsonl(folder / "dump.jsonl", [{"url": "https://y.example.com/1", "text": EN_2}])
    with (folder / "dump.jsonl").open("a") as fh:
        fh.write('{"url": "https://y.example.com/2", "text": \n')
    summary, stats = ingest([folder], settings)
    assert stats["articles"] == 3
    reasons = {(Path(r.source).name, r.code) for r in summary.rejections}
    assert ("empty.txt", "empty") in reasons
    assert ("image.html", "binary") in reasons
    assert ("dump.jsonl", "malformed-json") in reasons
    assert len(summary.rejections) == 3
    bad_line = next(r for r in summary.rejections if r.code == "malformed-json")
    assert "2" in (bad_line.locator or "")
    # A second run loses and duplicates nothing, and records each rejection once.
    summary2, stats2 = ingest([folder], settings)
    assert stats2["articles"] == 3 and stats2["rejections"] == 3
    assert summary2.ingested == 0


def _store_rows(path: str) -> dict[str, list[tuple[object, ...]]]:
    with Store(path) as store:
        return {
            table: store.con.execute(
                f"SELECT * {f'EXCLUDE ({drop})' if drop else ''} FROM {table} ORDER BY ALL"
            ).fetchall()
            for table, drop in (
                ("articles", "ingested_at, updated_at, source"),
                ("sentences", "idx"),
                ("entities", "idx"),
                # the store stages: in the pool of the second run, the articles' fingerprints,
                # headline checks and story terms are made in the worker processes
                ("provenance_articles", ""),
                ("sentence_donors", ""),
                ("stories", ""),
            )
        }


@pytest.mark.slow
def test_two_worker_processes_give_the_same_store(tmp_path: Path, settings: Settings) -> None:
    records = [
        {"url": f"https://w.example.com/{i}", "text": f"Dispatch {i}. {(EN_1, EN_2, FR_1)[i % 3]}"}
        for i in range(24)
    ]
    src = write_jsonl(tmp_path / "w.jsonl", records)
    one = settings.replace(store={"path": str(tmp_path / "one.duckdb")}, nlp={"batch_size": 4})
    two = one.replace(store={"path": str(tmp_path / "two.duckdb")}, nlp={"n_process": 2})
    for s in (one, two):
        with Store(s.store.path) as store:
            summary = run_pipeline([str(src)], settings=s, store=store)
        assert (summary.ingested, summary.parsed) == (24, 16)
    assert _store_rows(one.store.path) == _store_rows(two.store.path)


def test_three_sightings_across_batches_merge_all_metadata(
    tmp_path: Path, settings: Settings
) -> None:
    url = "https://x.example.com/triple"
    src = write_jsonl(
        tmp_path / "t.jsonl",
        [
            {"url": url, "text": EN_1},
            {"url": url, "text": EN_1, "title": "Clashes on the edge of Kirkuk"},
            {"url": url, "text": EN_1, "byline": "Omar Said"},
        ],
    )
    small = settings.replace(store={"batch_size": 1})
    summary, stats = ingest([src], small)
    assert summary.ingested + summary.updated == 3
    assert stats["articles"] == 1
    with Store(settings.store.path) as store:
        row = store.con.execute("SELECT title, byline FROM articles").fetchone()
    assert row == ("Clashes on the edge of Kirkuk", "Omar Said")


@pytest.mark.slow
def test_the_article_processor_runs_the_same_in_another_process(settings: Settings) -> None:
    """The per-article stages pickle by name and give the same claims in a fresh process."""
    import multiprocessing
    import pickle

    from eventwire.normalise import normalise_document
    from eventwire.pipeline import ArticleProcessor
    from eventwire.records import RawDocument

    article = normalise_document(
        RawDocument(source="t.txt", source_format="text", text=EN_1 + "\n\n" + EN_2),
        settings=settings,
    )
    processor = ArticleProcessor.from_settings(settings)
    here = processor(article)
    assert here.claims.events and here.claims.figures and here.claims.places
    assert pickle.loads(pickle.dumps(processor)) == processor
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        there = pool.apply(processor, (article,))
    assert there == here


def test_file_names_that_are_not_utf8_are_stored(tmp_path: Path, settings: Settings) -> None:
    """A file name with bytes that are not UTF-8 (old archives) is stored with those bytes
    written as \\xNN, its article and the rejection of its empty neighbour both kept."""
    folder = tmp_path / "archive"
    folder.mkdir()
    good = os.path.join(os.fsencode(folder), b"caf\xe9-report.txt")
    with open(good, "wb") as handle:
        handle.write(EN_1.encode())
    with open(os.path.join(os.fsencode(folder), b"\xff-empty.txt"), "wb"):
        pass
    summary, _ = ingest([folder], settings)
    assert summary.ingested == 1
    assert [r.source for r in summary.rejections] == [f"{folder}/\\xff-empty.txt"]
    with Store(settings.store.path) as store:
        (article,) = list(store.iter_articles())
        assert article.source == f"{folder}/caf\\xe9-report.txt"
        assert [r["source"] for r in iter_export(store, "rejections")] == [
            f"{folder}/\\xff-empty.txt"
        ]
