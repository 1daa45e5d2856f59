"""Provenance and stories persisted in the store: the DuckDB index, the runs, incremental updates.

The first tests write invented articles straight into a store (sentences from the simple
splitter, no model); the last ones ingest the bundled sample corpus with ``run_pipeline`` and check
the results against ``samples/manifest.json``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from eventwire.export import iter_export
from eventwire.pipeline import run_pipeline
from eventwire.provenance import (
    IndexSettings,
    MemoryFingerprintStore,
    SentenceIndex,
    simple_sentence_spans,
)
from eventwire.provenance.read import article_provenance
from eventwire.provenance.run import (
    PROVENANCE_FLAG_CODES,
    PROVENANCE_TABLES,
    ProvenanceSummary,
    run_provenance,
)
from eventwire.records import Article, Sentence, Span
from eventwire.settings import Settings, load_settings
from eventwire.store import Annotations, Store, WriteItem
from eventwire.store.fingerprints import DuckDBFingerprintStore
from eventwire.store.stories import STORY_TABLES
from eventwire.stories import StoriesSummary, list_stories, run_stories
from eventwire.stories.cluster import STATE_VERSION
from eventwire.stories.run import recount_stories
from eventwire.workers import PoolWorkers

from ..conftest import SAMPLES

# ----------------------------------------------------------------------------- invented texts

WIRE = (
    "PORT ALDER, Veloria (HPS) - Floodwaters from the Varna river forced more than 3,000 people "
    "from their homes in the port city of Port Alder on Tuesday, the regional emergency office "
    "said.\n"
    "Rescue teams in rubber boats pulled at least 40 residents from rooftops in the low-lying "
    "Kessel district overnight, emergency office spokesman Tomas Reyvik told HPS.\n"
    "The river rose nearly two metres in 24 hours after three days of heavy rain in the hills "
    "north of the city, according to the national weather service.\n"
    "Schools across the district will stay closed until Friday, and the ferry to Lind Island has "
    "been suspended, the city council said in a statement.\n"
    "Reyvik said shelters set up in two sports halls were already close to capacity and appealed "
    "for blankets and drinking water.\n"
)
REPRINT = WIRE.replace("PORT ALDER, Veloria (HPS) - ", "PORT ALDER, Veloria - ")
OTHER = (
    "KARMEN, Osteria - Striking dock workers blocked the main container terminal in Karmen for a "
    "second day on Wednesday, halting the loading of more than 20 ships, the port authority "
    "said.\n"
    "The union is demanding a 12 percent pay rise and an end to rolling night shifts, its leader "
    "Mira Dussel told a rally outside the terminal gates.\n"
    "Port director Anselm Grau said talks would resume on Thursday and warned that perishable "
    "cargo was already spoiling on the quays.\n"
    "Truck drivers waiting to collect containers said the queue outside the terminal stretched "
    "for nearly six kilometres along the coast road.\n"
)
PATCH_TITLE = "Dock strike ends as Veloria opens emergency shelters"
PATCH = "\n".join(
    [
        WIRE.splitlines()[1].replace("emergency office spokesman Tomas Reyvik told HPS", "he said"),
        OTHER.splitlines()[0],
        WIRE.splitlines()[3],
        OTHER.splitlines()[2],
        "Readers can follow our live coverage of the weather across the region.",
    ]
)


def _article(aid: str, text: str, published: str | None, title: str) -> WriteItem:
    spans = simple_sentence_spans(text)
    article = Article(
        id=aid,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        url=f"https://news.example.org/{aid}",
        outlet=f"Outlet {aid}",
        title=title,
        published=datetime.fromisoformat(published) if published else None,
        language="en",
        source="test",
        source_format="text",
    )
    sentences = tuple(
        Sentence(article_id=aid, index=i, span=Span(start=s, end=e))
        for i, (s, e) in enumerate(spans)
    )
    return WriteItem(
        article=article, annotations=Annotations(sentences=sentences, entities=(), model="test")
    )


ARTICLES = {
    "wire": (
        "2026-05-05T08:00:00+00:00",
        WIRE,
        "Varna floodwaters force 3,000 people from homes in Port Alder",
    ),
    "reprint": (
        "2026-05-05T10:30:00+00:00",
        REPRINT,
        "Floods force thousands from Port Alder homes",
    ),
    "other": ("2026-05-06T09:00:00+00:00", OTHER, "Karmen dock workers block container terminal"),
    "patch": ("2026-05-07T07:00:00+00:00", PATCH, PATCH_TITLE),
}


def _write(store: Store, *names: str) -> None:
    store.write_batch([_article(n, ARTICLES[n][1], ARTICLES[n][0], ARTICLES[n][2]) for n in names])


def update(store: Store, **options: Any) -> ProvenanceSummary:
    """Provenance, then stories, as ``eventwire provenance --update`` runs them; the provenance
    summary."""
    traced = run_provenance(store, **options)
    run_stories(store, **options)
    return traced


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every provenance and story table, and the provenance flags, as sorted rows."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in (*PROVENANCE_TABLES, *STORY_TABLES):
        rows = store.con.execute(f"SELECT * FROM {table}").fetchall()
        out[table] = sorted(rows, key=repr)
    flags = store.con.execute(
        "SELECT * FROM flags WHERE code IN (SELECT unnest(?::VARCHAR[]))",
        [list(PROVENANCE_FLAG_CODES)],
    ).fetchall()
    out["flags"] = sorted(flags, key=repr)
    return out


def _flags(store: Store, aid: str, kind: str = "article") -> set[str]:
    rows = store.con.execute(
        "SELECT code FROM flags WHERE article_id = ? AND target_kind = ?", [aid, kind]
    ).fetchall()
    return {r[0] for r in rows}


# ----------------------------------------------------------------------------- the DuckDB index


def test_duckdb_index_answers_like_the_memory_index() -> None:
    with Store(":memory:") as store:
        duck = SentenceIndex(DuckDBFingerprintStore(store.con))
        memory = SentenceIndex(MemoryFingerprintStore())
        for order, name in enumerate(("wire", "other")):
            published, text, _ = ARTICLES[name]
            when = datetime.fromisoformat(published)
            for index in (duck, memory):
                index.add_article(name, when, text, simple_sentence_spans(text), ingest_order=order)
        for name in ("reprint", "patch"):
            published, text, _ = ARTICLES[name]
            when = datetime.fromisoformat(published)
            spans = simple_sentence_spans(text)
            got = duck.query_article(name, when, text, spans, ingest_order=5)
            want = memory.query_article(name, when, text, spans, ingest_order=5)
            assert got == want
            assert got.n_copied >= 4
        assert duck.store.max_ingest_order() == 1
        duck.store.remove("wire")
        assert duck.store.article("wire") is None
        published, text, _ = ARTICLES["reprint"]
        after = duck.query_article(
            "reprint", None, text, simple_sentence_spans(text), ingest_order=5
        )
        assert after.n_copied == 0


def test_preloaded_batch_answers_like_the_memory_index() -> None:
    """A batch read ahead in one query (``preload``) on a store opened afresh (cold caches, as
    in a new run) finds the indexed donors, and the articles added within the batch too."""
    with Store(":memory:") as store:
        memory = SentenceIndex(MemoryFingerprintStore())
        published, text, _ = ARTICLES["wire"]
        first = DuckDBFingerprintStore(store.con)
        for index in (SentenceIndex(first), memory):
            when = datetime.fromisoformat(published)
            index.add_article("wire", when, text, simple_sentence_spans(text), ingest_order=0)
        first.flush()  # as a run does before it commits
        duck = SentenceIndex(DuckDBFingerprintStore(store.con, warm_rows=0))
        batch = ("other", "reprint", "patch")  # patch copies from other, in the same batch
        duck.preload([(ARTICLES[n][1], simple_sentence_spans(ARTICLES[n][1])) for n in batch])
        found = {}
        for order, name in enumerate(batch, start=1):
            published, text, _ = ARTICLES[name]
            when = datetime.fromisoformat(published)
            spans = simple_sentence_spans(text)
            got = duck.query_article(name, when, text, spans, ingest_order=order)
            assert got == memory.query_article(name, when, text, spans, ingest_order=order)
            found[name] = set(got.donor_articles)
            for index in (duck, memory):
                index.add_article(name, when, text, spans, ingest_order=order)
    assert found == {"other": set(), "reprint": {"wire"}, "patch": {"wire", "other", "reprint"}}


def test_removed_article_leaves_the_sealed_segments_and_can_come_back() -> None:
    """An article removed after its keys were sealed into segments is no donor any more, in
    this process or the next, even when its ingest order is given to another article; put
    back, it is found again."""
    with Store(":memory:") as store:
        duck = SentenceIndex(DuckDBFingerprintStore(store.con, tail_postings=50))
        wire_when = datetime.fromisoformat(ARTICLES["wire"][0])
        wire = ARTICLES["wire"][1]
        other = ARTICLES["other"][1]
        duck.query_article("probe", None, other, simple_sentence_spans(other))  # loads keys
        duck.add_article("wire", wire_when, wire, simple_sentence_spans(wire), ingest_order=0)
        duck.add_article("other", None, other, simple_sentence_spans(other), ingest_order=1)
        duck.store.compact()  # type: ignore[attr-defined]
        sealed = store.con.execute("SELECT count(*) FROM band_postings WHERE segment > 0")
        assert sealed.fetchone()[0] > 0  # type: ignore[index]
        reprint = ARTICLES["reprint"][1]
        spans = simple_sentence_spans(reprint)

        def donors(index: SentenceIndex) -> tuple[str, ...]:
            return index.query_article(
                "reprint", None, reprint, spans, ingest_order=9
            ).donor_articles

        assert donors(duck) == ("wire",)
        duck.store.remove("wire")
        assert donors(duck) == ()
        # another article takes the freed ingest order: none of the old postings are its own
        _, _, notice_bands = duck.add_article(
            "notice", None, other, simple_sentence_spans(other), ingest_order=0
        )
        assert donors(duck) == ()
        duck.store.flush()  # type: ignore[attr-defined]  # as a run does before it commits
        assert donors(SentenceIndex(DuckDBFingerprintStore(store.con))) == ()
        held = store.con.execute("SELECT count(*) FROM band_postings WHERE ref >> 20 = 0")
        assert held.fetchone() == (len(notice_bands),)
        wire_spans = simple_sentence_spans(wire)
        _, _, wire_bands = SentenceIndex().rows_for("wire", None, wire, wire_spans, ingest_order=0)
        wire_only = {b.key for b in wire_bands} - {b.key for b in notice_bands}
        assert wire_only
        assert not duck.store.candidates(wire_only)
        duck.add_article("wire", wire_when, wire, simple_sentence_spans(wire), ingest_order=5)
        assert donors(duck) == ("wire",)
        duck.store.flush()  # type: ignore[attr-defined]
        assert donors(SentenceIndex(DuckDBFingerprintStore(store.con))) == ("wire",)


def test_band_keys_of_a_store_from_before_migration_0007_are_carried_over(
    tmp_path: Path,
) -> None:
    """A store whose band keys sit in the old ``sentence_fingerprints`` table is migrated into
    ``band_postings`` (one sorted segment), and its articles are still found as donors."""
    import duckdb

    from eventwire.store.migrations import available_migrations

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL)"
    )
    for migration in available_migrations():
        if migration.version < 7:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)",
                [migration.version, migration.name],
            )
    published, text, _ = ARTICLES["wire"]
    article, sentences, bands = SentenceIndex().rows_for(
        "wire", datetime.fromisoformat(published), text, simple_sentence_spans(text), ingest_order=3
    )
    con.execute(
        "INSERT INTO provenance_articles (article_id, published, ingest_order, n_sentences) "
        "VALUES ('wire', NULL, 3, ?)",
        [article.n_sentences],
    )
    for r in sentences:
        con.execute(
            "INSERT INTO sentence_signatures VALUES (?, ?, ?, ?, ?, ?, ?)",
            [r.article_id, r.sentence_index, r.start, r.end, r.tokens, r.signature, r.credits],
        )
    con.executemany(
        "INSERT INTO sentence_fingerprints VALUES (?, ?, ?, ?)",
        [(b.article_id, b.sentence_index, b.band, b.key) for b in bands],
    )
    con.close()
    with Store(path) as store:
        rows = store.con.execute("SELECT segment, key, ref FROM band_postings").fetchall()
        assert len(rows) == len(bands) and {r[0] for r in rows} == {1}
        assert rows == sorted(rows)
        assert {r[2] >> 20 for r in rows} == {3}
        index = SentenceIndex(DuckDBFingerprintStore(store.con))
        published, text, _ = ARTICLES["reprint"]
        got = index.query_article("reprint", None, text, simple_sentence_spans(text))
    assert got.donor_articles == ("wire",) and got.n_copied >= 4


def test_boilerplate_line_is_traced_to_its_first_carriers_in_both_indexes() -> None:
    line = "The ministry said it could not independently verify the figures given by either side."
    settings = IndexSettings(max_postings=5)
    with Store(":memory:") as store:
        duck = SentenceIndex(
            # a tail of 7 postings: sealed into segments and merged many times
            DuckDBFingerprintStore(store.con, max_postings=5, cached_rows=10, tail_postings=7),
            settings=settings,
        )
        memory = SentenceIndex(settings=settings)
        duck.query_article("probe", None, line, [(0, len(line))], ingest_order=0)  # loads keys
        for order in range(40):
            text = (
                f"Report number {order} from the northern district came in late on Monday. {line}"
            )
            spans = simple_sentence_spans(text)
            for index in (duck, memory):
                index.add_article(f"a{order:02d}", None, text, spans, ingest_order=order)
            duck.store.compact()  # type: ignore[attr-defined]
        segments = store.con.execute("SELECT count(DISTINCT segment) FROM band_postings").fetchone()
        assert segments is not None and 1 < segments[0] < 8
        got = duck.query_article("late", None, line, [(0, len(line))], ingest_order=99)
        want = memory.query_article("late", None, line, [(0, len(line))], ingest_order=99)
    assert got == want
    donors = [d.article_id for d in got.sentences[0].donors]
    assert donors == ["a00", "a01", "a02", "a03", "a04"]


# ----------------------------------------------------------------------------- the run


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "small.duckdb") as store:
        yield store


def test_run_types_relations_flags_and_stories(small: Store) -> None:
    _write(small, "wire", "reprint", "other", "patch")
    summary = update(small)
    assert summary.processed == 4 and summary.recomputed == 0
    kinds = dict(small.con.execute("SELECT article_id, kind FROM provenance_articles").fetchall())
    assert kinds == {"wire": None, "reprint": "verbatim-copy", "other": None, "patch": "patchwork"}
    assert _flags(small, "reprint") == {"copied", "attribution-stripped"}  # (HPS) dropped
    assert {"patchwork", "attribution-stripped"} <= _flags(small, "patch")
    assert _flags(small, "patch", "sentence") == {"attribution-stripped"}
    assert not _flags(small, "wire") and not _flags(small, "other")
    # the flood story counts the wire and its reprint once
    stories = {s["first_article_id"]: s for s in list_stories(small)}
    assert stories["wire"]["article_ids"][:2] == ["wire", "reprint"]
    assert stories["wire"]["independent_sources"] == 1
    assert "other" not in stories["wire"]["article_ids"]
    report = article_provenance(small, "https://news.example.org/patch")
    assert report["kind"] == "patchwork"
    assert report["earliest_source"]["article_id"] == "wire"
    assert set(report["copied_from"]) >= {"wire", "other"}
    assert report["sentences"][0]["donors"][0]["article_id"] == "wire"
    assert report["sentences"][-1]["status"] == "original"


def test_other_flags_are_left_alone(small: Store) -> None:
    _write(small, "wire", "reprint")
    small.con.execute(
        "INSERT INTO flags VALUES ('reprint', 'quote', 'reprint:0-10', 'unresolved-speaker', "
        "NULL, 0, 10)"
    )
    update(small)
    update(small, rebuild=True)
    assert _flags(small, "reprint", "quote") == {"unresolved-speaker"}
    assert "copied" in _flags(small, "reprint")


def test_second_run_does_nothing(small: Store) -> None:
    _write(small, "wire", "reprint", "other")
    update(small)
    before = snapshot(small)
    again = update(small)
    assert again.processed == 0 and again.recomputed == 0
    assert snapshot(small) == before


def _from_scratch(tmp_path: Path, *names: str) -> dict[str, list[tuple[Any, ...]]]:
    with Store(tmp_path / "scratch.duckdb") as store:
        _write(store, *names)
        update(store)
        return snapshot(store)


def test_later_article_is_added_incrementally(small: Store, tmp_path: Path) -> None:
    _write(small, "wire", "other")
    update(small)
    _write(small, "reprint", "patch")  # reprint is earlier than "other": "other" is recomputed
    summary = update(small)
    assert summary.processed == 3 and summary.recomputed == 1
    assert snapshot(small) == _from_scratch(tmp_path, "wire", "reprint", "other", "patch")


def test_earlier_article_gives_the_from_scratch_result(small: Store, tmp_path: Path) -> None:
    _write(small, "reprint", "other", "patch")
    update(small)
    assert small.con.execute("SELECT count(*) FROM article_relations").fetchone() == (2,)
    _write(small, "wire")  # the original arrives last but was published first
    summary = update(small)
    assert summary.recomputed == 3 and summary.processed == 4
    assert snapshot(small) == _from_scratch(tmp_path, "wire", "reprint", "other", "patch")


def test_changed_title_is_recomputed(small: Store) -> None:
    _write(small, "wire", "reprint", "other", "patch")
    update(small)
    assert "headline-unsupported" in _flags(small, "patch")
    small.con.execute(
        "UPDATE articles SET title = 'Rescue teams pull residents from rooftops in Kessel' "
        "WHERE id = 'patch'"
    )
    summary = update(small)
    assert summary.recomputed == 1
    assert "headline-unsupported" not in _flags(small, "patch")


def test_export_kinds(small: Store) -> None:
    _write(small, "wire", "reprint", "other")
    update(small)
    articles = {r["id"]: r for r in iter_export(small, "articles")}
    assert articles["reprint"]["copied_from"] == ["wire"]
    assert "copied" in articles["reprint"]["flags"]
    assert articles["wire"]["flags"] == [] and articles["wire"]["copied_from"] == []
    assert articles["reprint"]["story_id"] == articles["wire"]["story_id"]
    stories = list(iter_export(small, "stories"))
    assert sorted(len(s["article_ids"]) for s in stories) == [1, 2]
    relations = list(iter_export(small, "relations"))
    assert [(r["article_id"], r["donor_id"], r["kind"]) for r in relations] == [
        ("reprint", "wire", "verbatim-copy")
    ]


# ----------------------------------------------------------------------------- sample corpus

MANIFEST_PATH = SAMPLES / "manifest.json"
CORPUS = SAMPLES / "corpus"
LATE = "corpus/html/newspulse24-2026-03-17-mosul-surrender.html"  # the latest article


def _settings(tmp: Path) -> Settings:
    return load_settings(environ={}, cwd=tmp).replace(
        store={"path": str(tmp / "samples.duckdb")},
        pipeline={"stages": ["ingest", "normalise", "nlp"]},
    )


def _files() -> list[str]:
    return sorted(p.relative_to(SAMPLES).as_posix() for p in CORPUS.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    # part of the repository: a missing manifest fails
    data: dict[str, Any] = json.loads(MANIFEST_PATH.read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def full(
    tmp_path_factory: pytest.TempPathFactory, manifest: dict[str, Any]
) -> Iterator[tuple[Store, ProvenanceSummary]]:
    tmp = tmp_path_factory.mktemp("full")
    settings = _settings(tmp)
    store = Store(settings.store.path)
    run_pipeline([str(CORPUS)], settings=settings, store=store)
    summary = update(store, settings=settings)
    yield store, summary
    store.close()


def _ids(store: Store, manifest: dict[str, Any]) -> dict[str, str]:
    """Manifest id -> stored article id (by URL, else by source file)."""
    rows = store.con.execute("SELECT id, url, source FROM articles").fetchall()
    by_url = {(url or "").rstrip("/"): aid for aid, url, _ in rows if url}
    out = {}
    for entry in manifest["articles"]:
        if entry["url"]:
            found = by_url.get(entry["url"].rstrip("/"))
        else:
            found = next((a for a, _, src in rows if src.endswith(entry["file"])), None)
        if found is not None:
            out[entry["id"]] = found
    return out


def test_sample_corpus_relations_and_flags(
    full: tuple[Store, ProvenanceSummary], manifest: dict[str, Any]
) -> None:
    store, summary = full
    assert summary.processed >= 35
    ids = _ids(store, manifest)
    rows = {r["id"]: r for r in iter_export(store, "articles")}
    kinds = dict(store.con.execute("SELECT article_id, kind FROM provenance_articles").fetchall())
    by_url = {e["url"]: e["id"] for e in manifest["articles"] if e["url"]}
    for entry in manifest["articles"]:
        if entry["language"] != "en" or entry["role"] == "duplicate-url":
            continue
        aid = ids[entry["id"]]
        role = entry["role"]
        if role == "verbatim-reprint":
            assert kinds[aid] == "verbatim-copy", entry["id"]
            assert ids[by_url[entry["copy_of"]]] in rows[aid]["copied_from"], entry["id"]
            assert "copied" in rows[aid]["flags"], entry["id"]
        elif role == "rewrite":
            assert kinds[aid] == "rewrite", entry["id"]
        elif role == "patchwork":
            assert kinds[aid] == "patchwork", entry["id"]
            assert {"patchwork", "headline-unsupported", "attribution-stripped"} <= set(
                rows[aid]["flags"]
            )
        elif role == "original":
            assert kinds[aid] is None, entry["id"]
            assert "copied" not in rows[aid]["flags"], entry["id"]
        if entry.get("credit_stripped"):
            assert "attribution-stripped" in rows[aid]["flags"], entry["id"]


def test_sample_corpus_stories(
    full: tuple[Store, ProvenanceSummary], manifest: dict[str, Any]
) -> None:
    store, _ = full
    ids = _ids(store, manifest)
    story_of = dict(
        store.con.execute("SELECT article_id, story_id FROM article_stories").fetchall()
    )
    entries = [e for e in manifest["articles"] if e["language"] == "en" and e["id"] in ids]
    s1 = {
        story_of[ids[e["id"]]] for e in entries if e["story"] == "S1" and e["role"] != "patchwork"
    }
    s6 = {story_of[ids[e["id"]]] for e in entries if e["story"] == "S6"}
    assert len(s1) == 1 and len(s6) == 1 and not s1 & s6
    stories = {s["story_id"]: s for s in list_stories(store)}
    assert stories[s1.pop()]["independent_sources"] == len(manifest["stories"]["S1"]["originals"])
    exported = {s["story_id"]: s for s in iter_export(store, "stories")}
    assert exported.keys() == stories.keys()
    for story_id, story in exported.items():
        assert story["independent_sources"] == stories[story_id]["independent_sources"]
        assert sorted(story["article_ids"]) == sorted(
            a for a, s in story_of.items() if s == story_id
        )


def test_sample_corpus_rerun_adds_nothing(full: tuple[Store, ProvenanceSummary]) -> None:
    store, _ = full
    before = snapshot(store)
    again = update(store)
    assert again.processed == 0 and again.recomputed == 0
    assert snapshot(store) == before


def test_sample_corpus_in_three_steps_equals_all_at_once(
    full: tuple[Store, ProvenanceSummary], tmp_path: Path
) -> None:
    store, _ = full
    settings = _settings(tmp_path)
    files = [f for f in _files() if f != LATE]
    first = [f for f in files if f.startswith(("corpus/html/", "corpus/text/"))]
    second = [f for f in files if f not in first]
    with Store(settings.store.path) as stepwise:
        steps = []
        for part in (first, second, [LATE]):
            run_pipeline([str(SAMPLES / f) for f in part], settings=settings, store=stepwise)
            steps.append(update(stepwise, settings=settings))
        # the second part holds articles published before processed ones: those are redone
        assert steps[1].recomputed > 0
        # the last article is the latest dated one: only the two undated articles are redone
        assert steps[2].processed == 3 and steps[2].recomputed == 2
        got = snapshot(stepwise)
    want = snapshot(store)
    for table in want:
        assert got[table] == want[table], table


def test_story_rows_kept_per_article_equal_a_recount_from_members(
    full: tuple[Store, ProvenanceSummary],
) -> None:
    store, _ = full
    con = store.con
    before = sorted(con.execute("SELECT * FROM stories").fetchall(), key=repr)
    assert any(row[2] > row[3] for row in before)  # some story holds reprints
    ids = [str(r[0]) for r in con.execute("SELECT story_id FROM stories").fetchall()]
    con.execute("BEGIN TRANSACTION")
    try:
        recount_stories(store, ids)
        recounted = sorted(con.execute("SELECT * FROM stories").fetchall(), key=repr)
    finally:
        con.execute("ROLLBACK")
    assert recounted == before


def test_published_times_are_utc_in_the_index(full: tuple[Store, ProvenanceSummary]) -> None:
    store, _ = full
    row = store.con.execute(
        "SELECT p.published = a.published FROM provenance_articles p "
        "JOIN articles a ON a.id = p.article_id WHERE a.published IS NOT NULL LIMIT 1"
    ).fetchone()
    assert row == (True,)


def test_article_moved_earlier_gives_the_rebuilt_result(small: Store) -> None:
    _write(small, "wire", "reprint", "other", "patch")
    update(small)
    # "other" gets an earlier publication time: it moves before the wire story
    small.con.execute(
        "UPDATE articles SET published = TIMESTAMP '2026-05-04 12:00:00' WHERE id = 'other'"
    )
    summary = update(small)
    assert summary.recomputed == 4
    order = small.con.execute(
        "SELECT article_id FROM provenance_articles ORDER BY ingest_order"
    ).fetchall()
    assert [r[0] for r in order] == ["other", "wire", "reprint", "patch"]
    incremental = snapshot(small)
    update(small, rebuild=True)
    assert snapshot(small) == incremental


def _state(store: Store) -> tuple[int, int] | None:
    row = store.con.execute("SELECT version, n_articles FROM story_clusterer_state").fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def _stories(store: Store) -> StoriesSummary:
    run_provenance(store)
    return run_stories(store)


def test_story_state_is_saved_and_later_runs_do_not_replay(small: Store, tmp_path: Path) -> None:
    _write(small, "wire", "reprint")
    first = _stories(small)
    assert first.replayed == 0 and _state(small) == (STATE_VERSION, 2)
    _write(small, "other", "patch")  # both published after everything processed
    second = _stories(small)
    assert second.processed == 2 and second.recomputed == 0 and second.replayed == 0
    assert _state(small) == (STATE_VERSION, 4)
    assert snapshot(small) == _from_scratch(tmp_path, "wire", "reprint", "other", "patch")


def test_stale_story_state_is_replaced_by_a_replay(small: Store, tmp_path: Path) -> None:
    _write(small, "wire", "reprint")
    _stories(small)
    small.con.execute("UPDATE story_clusterer_state SET version = version + 1")  # older format
    _write(small, "other")
    summary = _stories(small)
    assert summary.replayed == 2 and _state(small) == (STATE_VERSION, 3)
    small.con.execute("UPDATE story_clusterer_state SET state = 'not a state'")
    _write(small, "patch")
    summary = _stories(small)
    assert summary.replayed == 3
    assert snapshot(small) == _from_scratch(tmp_path, "wire", "reprint", "other", "patch")


def test_key_arrays_keep_the_first_refs_of_each_key() -> None:
    import numpy as np

    from eventwire.store.segments import capped as _capped

    rng = np.random.default_rng(3)
    keys = rng.integers(0, 30, size=500).astype(np.int64)
    refs = rng.permutation(500).astype(np.int64)
    got_keys, got_refs = _capped(keys, refs, 5)
    by_key: dict[int, list[int]] = {}
    for key, ref in sorted(zip(keys.tolist(), refs.tolist(), strict=True)):
        by_key.setdefault(key, []).append(ref)
    want = [(k, r) for k in sorted(by_key) for r in by_key[k][:5]]
    assert list(zip(got_keys.tolist(), got_refs.tolist(), strict=True)) == want
    assert len(want) < 500  # some keys were capped


def test_articles_prepared_in_a_pool_of_workers_give_the_same_tables(tmp_path: Path) -> None:
    # one article a batch, so that every article is prepared in a task of its own
    settings = load_settings(environ={}, cwd=tmp_path).replace(store={"batch_size": 1})
    names = ("wire", "reprint", "other", "patch")
    with Store(tmp_path / "pool.duckdb") as store, PoolWorkers(2) as pool:
        _write(store, *names)
        summary = run_provenance(store, settings=settings, workers=pool)
        assert summary.processed == 4 and pool.tasks == 4
        run_stories(store, settings=settings, workers=pool)
        assert pool.tasks == 8  # and each article's story terms
        assert snapshot(store) == _from_scratch(tmp_path, *names)
