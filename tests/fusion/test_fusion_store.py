"""The fusion stage over a real store of the sample corpus: the events a reader counts
(samples/events-expected.json, written before fusion ran), stable ids whatever the arrival order
and batches, aliases that resolve after a merge, and an updated article's events recomputed."""

from __future__ import annotations

import json
import random
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.fusion import run_fusion
from eventwire.fusion.mentions import family_of
from eventwire.fusion.read import event_detail, list_events
from eventwire.pipeline import run_pipeline
from eventwire.settings import load_settings
from eventwire.store import Store
from eventwire.store.events import EVENT_TABLES, EventFilters
from tests.conftest import SAMPLES

MANIFEST = json.loads((SAMPLES / "manifest.json").read_text("utf-8"))
EXPECTED = json.loads((SAMPLES / "events-expected.json").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in MANIFEST["articles"]}
#: The events several outlets report: each must come out whole, with its sources.
MULTI_SOURCE = ("E1", "E3", "E5", "E8")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested with the default pipeline (fusion included)."""
    folder = tmp_path_factory.mktemp("fusion")
    settings = load_settings(environ={}, cwd=folder)
    path = folder / "base.duckdb"
    with Store(path) as store:
        run_pipeline([str(SAMPLES / "corpus")], settings=settings, store=store)
    return path


@pytest.fixture(scope="module")
def labels(base: Path) -> dict[str, str]:
    """Manifest article label -> stored article id (by URL, else title)."""
    with Store(base, read_only=True) as store:
        rows = store.con.execute("SELECT id, url, title FROM articles").fetchall()
    by = {}
    for aid, url, title in rows:
        by[url] = aid
        by[title] = aid
    return {
        a["id"]: by.get(a["url"]) or by[a["title"]]
        for a in MANIFEST["articles"]
        if a["role"] != "duplicate-url" and (a["url"] in by or a["title"] in by)
    }


def _snapshot(path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    with Store(path, read_only=True) as store:
        events = store.con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
        members = store.con.execute(
            "SELECT * FROM event_members ORDER BY article_id, mention_idx"
        ).fetchall()
        blocks = store.con.execute("SELECT * FROM event_blocks ORDER BY ALL").fetchall()
        words = store.con.execute("SELECT * FROM event_words ORDER BY 1, 2").fetchall()
    return events, members, [*blocks, *words]


def _copy(base: Path, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(base, path)
    return path


def _event_articles(store: Store) -> dict[str, tuple[str, set[str]]]:
    out: dict[str, tuple[str, set[str]]] = {}
    members: dict[str, set[str]] = defaultdict(set)
    for eid, aid in store.con.execute("SELECT event_id, article_id FROM event_members").fetchall():
        members[eid].add(aid)
    for eid, ptype in store.con.execute("SELECT event_id, plover_type FROM events").fetchall():
        out[eid] = (ptype, members[eid])
    return out


@pytest.mark.parametrize("expected_id", MULTI_SOURCE)
def test_an_event_many_outlets_report_is_one_event_with_its_sources(
    base: Path, labels: dict[str, str], expected_id: str
) -> None:
    expected = next(e for e in EXPECTED["events"] if e["id"] == expected_id)
    english = {labels[a] for a in expected["articles"] if ARTICLES[a]["language"] == "en"}
    with Store(base, read_only=True) as store:
        events = _event_articles(store)
        family = family_of(expected["plover_type"])
        holding = [
            eid
            for eid, (ptype, arts) in events.items()
            if family_of(ptype) == family and english <= arts
        ]
        assert holding, f"no {expected['plover_type']} event holds all of {expected_id}'s articles"
        detail = event_detail(store, holding[0])
    parsed_sources = sum(1 for s in expected["independent_sources"] if s["parsed"])
    assert detail["independent_sources"] == parsed_sources
    earliest = labels[expected["earliest_report"]["article"]]
    assert detail["first_article_id"] == earliest
    assert detail["date_start"] <= expected["date"]["end"]
    assert detail["date_end"] >= expected["date"]["start"]
    if "conflicting-figures" in expected.get("flags", []):
        assert "conflicting-figures" in detail["flags"]


def test_the_patchwork_page_adds_no_event_and_is_dated_by_its_donors(
    base: Path, labels: dict[str, str]
) -> None:
    patchwork = labels["a13"]
    with Store(base, read_only=True) as store:
        own = store.con.execute(
            "SELECT count(*) FROM event_members m JOIN events e USING (event_id) "
            "WHERE e.first_article_id = ?",
            [patchwork],
        ).fetchone()
        rows = store.con.execute(
            "SELECT copied, date_start, date_end, date_source, status FROM event_members "
            "WHERE article_id = ?",
            [patchwork],
        ).fetchall()
        events = store.con.execute(
            "SELECT DISTINCT event_id FROM event_members WHERE article_id = ?", [patchwork]
        ).fetchall()
        sources = [
            s
            for (eid,) in events
            for s in event_detail(store, eid)["sources"]
            if patchwork in s["articles"]
        ]
    assert own == (0,), "the patchwork page is the earliest report of an event"
    assert rows and all(copied for copied, *_ in rows)
    # the copied wire line about Monday's Old City fighting: the donor's Monday, 9 March
    dates = {(str(start), str(end)) for _, start, end, source, _ in rows if source == "text"}
    assert ("2026-03-09", "2026-03-09") in dates
    assert not any(start >= "2026-03-16" for start, _ in dates)
    # it joins events as an article, never as an independent source
    assert sources and not any(s["independent"] and s["articles"] == [patchwork] for s in sources)


def test_mentions_outnumber_events_and_every_member_is_a_stored_mention(base: Path) -> None:
    with Store(base, read_only=True) as store:
        stats = store.stats()
        orphans = store.con.execute(
            "SELECT count(*) FROM event_members m LEFT JOIN event_mentions e "
            "ON e.article_id = m.article_id AND e.idx = m.mention_idx WHERE e.article_id IS NULL"
        ).fetchone()
        twice = store.con.execute(
            "SELECT count(*) FROM (SELECT article_id, mention_idx FROM event_members "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
    assert orphans == (0,) and twice == (0,)
    assert stats["events"] > 0
    assert stats["mentions_per_event"] > 2
    assert stats["fused_mentions"] <= stats["event_mentions"]


def test_a_second_run_does_nothing_and_a_rebuild_gives_the_same_events(
    base: Path, tmp_path: Path
) -> None:
    path = _copy(base, tmp_path, "again.duckdb")
    with Store(path) as store:
        assert run_fusion(store).processed == 0
        run_fusion(store, rebuild=True)
    assert _snapshot(path) == _snapshot(base)


def _arrive(path: Path, first: list[str]) -> None:
    """Fuse the articles ``first`` before the others: hide the rest from the stage, fuse, then
    let them arrive in small batches."""
    with Store(path) as store:
        con = store.con
        run_fusion(store, rebuild=True)
        con.execute("CREATE TABLE hidden AS SELECT * FROM article_stories")
        con.execute(
            "DELETE FROM article_stories WHERE article_id NOT IN (SELECT unnest(?::VARCHAR[]))",
            [first],
        )
        for table in (*EVENT_TABLES, "event_aliases"):
            con.execute(f"DELETE FROM {table}")
        run_fusion(store, batch_size=1)
        con.execute("DELETE FROM article_stories")
        con.execute("INSERT INTO article_stories SELECT * FROM hidden")
        con.execute("DROP TABLE hidden")
        run_fusion(store, batch_size=3)


def test_ids_do_not_depend_on_arrival_order_or_batches(
    base: Path, tmp_path: Path, labels: dict[str, str]
) -> None:
    ids = sorted(labels.values())
    late = _copy(base, tmp_path, "late.duckdb")
    _arrive(late, ids[len(ids) // 2 :])
    early = _copy(base, tmp_path, "early.duckdb")
    _arrive(early, ids[: len(ids) // 2])
    assert _snapshot(late) == _snapshot(base)
    assert _snapshot(early) == _snapshot(base)


def test_a_merged_id_becomes_an_alias_that_still_resolves(
    base: Path, tmp_path: Path, labels: dict[str, str]
) -> None:
    # Levant Daily's own report of the Old City fighting arrives before the wire story that
    # broke it: its event gets its own id, which merges into the wire story's event later.
    path = _copy(base, tmp_path, "alias.duckdb")
    levant = labels["a04"]
    _arrive(path, [levant])
    with Store(path, read_only=True) as store:
        aliases = store.con.execute("SELECT alias_id, event_id FROM event_aliases").fetchall()
        assert aliases, "no id was merged"
        for alias, survivor in aliases:
            detail = event_detail(store, alias)
            assert detail["event_id"] == survivor and detail["merged_id"] == alias
        dangling = store.con.execute(
            "SELECT count(*) FROM event_aliases WHERE event_id NOT IN (SELECT event_id FROM events)"
        ).fetchone()
    assert dangling == (0,)


def test_an_updated_article_updates_its_events(
    base: Path, tmp_path: Path, labels: dict[str, str]
) -> None:
    # the wire story's mentions change (here: all are gone, as after a re-extraction that
    # finds none): its events are taken apart and the rest fused as a first run would
    path = _copy(base, tmp_path, "update.duckdb")
    wire = labels["a01"]
    with Store(path) as store:
        store.con.execute("DELETE FROM event_mentions WHERE article_id = ?", [wire])
        summary = run_fusion(store)
        assert summary.processed >= 1
        left = store.con.execute(
            "SELECT count(*) FROM event_members WHERE article_id = ?", [wire]
        ).fetchone()
    assert left == (0,)
    rebuilt = _copy(path, tmp_path, "rebuilt.duckdb")
    with Store(rebuilt) as store:
        run_fusion(store, rebuild=True)
    assert _snapshot(path) == _snapshot(rebuilt)


def test_event_lists_filter(base: Path) -> None:
    with Store(base, read_only=True) as store:
        everything = list_events(store)
        iraq = list_events(store, EventFilters(country="iq", min_sources=2))
        protests = list_events(store, EventFilters(plover_type="protest"))
        later = list_events(store, EventFilters(since=date(2026, 3, 14)))
    assert iraq and all(e["country_iso"] == "IQ" and e["independent_sources"] >= 2 for e in iraq)
    assert protests and all(e["plover_type"] == "PROTEST" for e in protests)
    assert later and all(e["date_end"] >= "2026-03-14" for e in later if e["date_end"])
    assert len(iraq) < len(everything)
    # most independent sources first
    sources = [e["independent_sources"] for e in everything]
    assert sources == sorted(sources, reverse=True)


def test_eval_fusion_scores_the_sample_store(base: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventwire.cli.main import cli
    from eventwire.evaluate.fusion import evaluate_fusion

    with Store(base, read_only=True) as store:
        scores = evaluate_fusion(store, SAMPLES / "events-expected.json", SAMPLES / "manifest.json")
    assert scores["n_expected"] == sum(1 for e in EXPECTED["events"] if not e.get("optional"))
    assert scores["whole"] == 1.0
    assert scores["sources_exact"] >= 0.85
    assert scores["mentions_per_event"] > 2
    runner = CliRunner()
    args = ["eval", "fusion", "--manifest", str(SAMPLES / "manifest.json"), "--db", str(base)]
    ok = runner.invoke(cli, [*args, "--expected", str(SAMPLES / "events-expected.json")])
    assert ok.exit_code == 0, ok.output
    assert "mentions_per_event" in ok.output
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": [{"id": "X"', encoding="utf-8")
    bad = runner.invoke(cli, [*args, "--expected", str(broken)])
    assert bad.exit_code == 7 and "cannot read" in bad.output
    other = tmp_path / "other.json"
    other.write_text('{"articles": []}', encoding="utf-8")
    wrong = runner.invoke(cli, [*args, "--expected", str(other)])
    assert wrong.exit_code == 7 and "no 'events' list" in wrong.output


def test_a_run_killed_mid_way_finishes_with_the_same_events(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a fault in the fourth batch's write: the three batches before it stay committed, the
    # fourth is rolled back whole, and the next run finishes the job
    from eventwire.store.events import EventTables

    path = _copy(base, tmp_path, "fault.duckdb")
    with Store(path) as store:
        for table in (*EVENT_TABLES, "event_aliases"):
            store.con.execute(f"DELETE FROM {table}")
    calls = {"n": 0}
    write = EventTables.write

    def failing_write(self: EventTables, *args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full (injected)")
        write(self, *args)

    monkeypatch.setattr(EventTables, "write", failing_write)
    with Store(path) as store, pytest.raises(OSError, match="injected"):
        run_fusion(store, batch_size=5)
    monkeypatch.setattr(EventTables, "write", write)
    with Store(path, read_only=True) as store:
        done = store.con.execute("SELECT count(*) FROM events_processed").fetchone()
    assert done == (15,)  # three whole batches of five articles
    with Store(path) as store:
        summary = run_fusion(store, batch_size=5)
    with Store(path, read_only=True) as store:
        candidates = store.con.execute("SELECT count(*) FROM article_stories").fetchone()
    assert candidates is not None and summary.processed == candidates[0] - 15
    assert _snapshot(path) == _snapshot(base)


TEMPLATED = [
    {
        "url": "https://wire-one.example/a",
        "title": "Checkpoint attack near Mosul",
        "published": "2026-03-04T08:00:00Z",
        "text": "Rebels attacked a checkpoint near Mosul on March 2, killing 12 people, officials"
        " said. Aid agencies said 40 families had fled Mosul since March 2 because of the"
        " fighting.",
    },
    {
        "url": "https://daily-two.example/b",
        "title": "Checkpoint attack near Goma",
        "published": "2026-03-20T08:00:00Z",
        "text": "Rebels attacked a checkpoint near Goma on March 18, killing 7 people, officials"
        " said. Aid agencies said 30 families had fled Goma since March 18 because of the"
        " fighting.",
    },
]


def test_a_templated_sentence_with_another_place_and_day_is_not_a_copy_of_its_incident(
    tmp_path: Path,
) -> None:
    """Provenance links "... had fled Goma since March 18" to "... had fled Mosul since March 2"
    (the same wording); fusion must not join the Goma article to the Mosul event through it."""
    corpus = tmp_path / "templated.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in TEMPLATED) + "\n", "utf-8")
    settings = load_settings(environ={}, cwd=tmp_path)
    with Store(tmp_path / "t.duckdb") as store:
        run_pipeline([str(corpus)], settings=settings, store=store)
        donors = store.con.execute("SELECT count(*) FROM sentence_donors").fetchone()
        rows = store.con.execute(
            "SELECT place_name, date_start, articles, mentions FROM events ORDER BY place_name"
        ).fetchall()
    assert donors is not None and donors[0] >= 1  # the copy link this test is about
    assert [(p, d, a) for p, d, a, _ in rows] == [
        ("Goma", date(2026, 3, 18), 1),
        ("Mosul", date(2026, 3, 2), 1),
    ]
    assert sum(m for *_, m in rows) == 4


def _chained_corpus(path: Path) -> None:
    """30 reports of clashes in three towns on four consecutive days, in one wording: pairs a
    day apart link, so the links chain days (and towns, through their stories) together."""
    rng = random.Random(5)
    lines = []
    for i in range(30):
        town, day, n = rng.choice(["Mosul", "Kirkuk", "Tikrit"]), rng.randrange(2, 6), i + 3
        text = (
            f"Militants attacked a checkpoint near {town} on March {day}, killing {n} soldiers,"
            f" officials said. At least {n} people were injured when militants clashed with the"
            f" army near {town} on March {day}."
        )
        lines.append(
            json.dumps(
                {
                    "url": f"https://outlet{i % 7}.example/{i}",
                    "title": f"Clash near {town}",
                    "published": f"2026-03-06T{8 + i % 10:02d}:00:00Z",
                    "text": text,
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_split_groups_are_the_same_whatever_the_arrival_order_and_batches(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "chained.jsonl"
    _chained_corpus(corpus)
    base = tmp_path / "chained.duckdb"
    with Store(base) as store:
        run_pipeline([str(corpus)], settings=load_settings(environ={}, cwd=tmp_path), store=store)
        ids = [r[0] for r in store.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        events = store.con.execute(
            "SELECT place_name, plover_type, date_start, date_end FROM events"
        ).fetchall()
    # the corpus must make a chain that is split: two events of one kind in one town a day
    # apart, which their links (same wording, same town, a day apart) would join
    assert any(
        a[:2] == b[:2] and a[2] < b[2] and (b[2] - a[3]).days <= 1 for a in events for b in events
    ), "the corpus must make a chain of links that is split"
    # no event spans more than the rules allow (two days: one day apart)
    assert all((end - start).days <= 1 for *_, start, end in events)
    for first in (ids[::2], ids[len(ids) // 2 :]):
        again = _copy(base, tmp_path, "again.duckdb")
        _arrive(again, first)
        assert _snapshot(again) == _snapshot(base)
        again.unlink()


def test_the_word_index_of_a_store_migrated_from_before_it_is_filled(
    base: Path, tmp_path: Path
) -> None:
    """Migration 0011 fills ``event_words`` from the stored evidence, exactly as the fusion stage
    writes it."""
    path = _copy(base, tmp_path, "old.duckdb")
    query = "SELECT word, event_id FROM event_words ORDER BY 1, 2"
    with Store(path) as store:
        written = store.con.execute(query).fetchall()
        store.con.execute("DROP TABLE event_words")
        store.con.execute("DELETE FROM schema_migrations WHERE version = 11")
    assert len(written) > 1000
    with Store(path) as store:
        assert store.con.execute(query).fetchall() == written


#: A wire page (5 January), an original report of a clash near Kassala (9 January) and a page of
#: 8 February whose last sentence the provenance stage reads as a rewrite of the wire page's
#: protest sentence: the copy's mentions are of another family than their donor's, so they do
#: not follow it, and they report the Kassala clash with the original report.
LATE_COPY = [
    {
        "url": "https://wire.example/170",
        "title": "A local militia attacked a checkpoint near Bamako",
        "published": "2026-01-05T08:00:00Z",
        "text": "A local militia attacked a checkpoint near Bamako on March 23, killing 20 people,"
        " officials said. At least 74 people were injured when protesters clashed near Kassala"
        " on February 11. Soldiers said they had arrested 75 suspects in Kidal after the attack"
        " on March 19.",
    },
    {
        "url": "https://outlet-a.example/292",
        "title": "At least 83 people were injured near Kassala",
        "published": "2026-01-09T08:00:00Z",
        "text": "At least 83 people were injured when rebels clashed near Kassala on February 10."
        " Karim Rahimi, a resident of Homs, said 42 houses were destroyed by shelling on January"
        " 21. Aid agencies said 72 families had fled Mekelle since January 11 because of the"
        " fighting.",
    },
    {
        "url": "https://outlet-b.example/1172",
        "title": "At least 45 people were injured near Maiduguri",
        "published": "2026-02-08T08:00:00Z",
        "text": "At least 45 people were injured when militants clashed near Maiduguri on January"
        " 23. Aid agencies said 35 families had fled Kismayo since January 22 because of the"
        " fighting. At least 24 people were injured when militants clashed near Kassala on"
        " February 11.",
    },
]


def _ingest_late_copy(store: Store, tmp_path: Path) -> None:
    corpus = tmp_path / "late.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in LATE_COPY), "utf-8")
    run_pipeline([str(corpus)], settings=load_settings(environ={}, cwd=tmp_path), store=store)


def test_a_copy_that_links_to_no_donor_waits_for_the_reports_that_arrive_after_it(
    tmp_path: Path,
) -> None:
    base = tmp_path / "late.duckdb"
    with Store(base) as store:
        _ingest_late_copy(store, tmp_path)
        copy = store.con.execute(
            "SELECT id FROM articles WHERE url = 'https://outlet-b.example/1172'"
        ).fetchone()
        kassala = store.con.execute(
            "SELECT count(DISTINCT m.article_id), bool_or(m.copied) FROM events e "
            "JOIN event_members m USING (event_id) WHERE e.place_name = 'Kassala' "
            "AND e.plover_type = 'ASSAULT'"
        ).fetchall()
    # the clash near Kassala is one event of the original report and the copy
    assert kassala == [(2, True)]
    assert copy is not None
    wire, original = (a for a in _ids(base) if a != copy[0])  # ids in publication order
    # the copy fused first, then its donor, then the original report: the same events
    again = _copy(base, tmp_path, "again.duckdb")
    _fuse_in_turn(again, [[copy[0]], [wire], [original]])
    assert _snapshot(again) == _snapshot(base)


def _ids(path: Path) -> list[str]:
    with Store(path, read_only=True) as store:
        rows = store.con.execute("SELECT id FROM articles ORDER BY published, id").fetchall()
    return [r[0] for r in rows]


def _fuse_in_turn(path: Path, turns: list[list[str]]) -> None:
    """Fuse the store's articles from scratch, the articles of each turn arriving in turn."""
    with Store(path) as store:
        con = store.con
        con.execute("CREATE TABLE hidden AS SELECT * FROM article_stories")
        con.execute("DELETE FROM article_stories")
        for table in (*EVENT_TABLES, "event_aliases"):
            con.execute(f"DELETE FROM {table}")
        for turn in turns:
            con.execute(
                "INSERT INTO article_stories SELECT * FROM hidden "
                "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [turn],
            )
            run_fusion(store)
        con.execute("DROP TABLE hidden")


def test_an_article_that_is_no_longer_a_candidate_leaves_its_events(tmp_path: Path) -> None:
    path = tmp_path / "gone.duckdb"
    with Store(path) as store:
        _ingest_late_copy(store, tmp_path)
        rows = store.con.execute("SELECT id FROM articles ORDER BY published, id").fetchall()
        original = rows[1][0]

        def members() -> int:
            row = store.con.execute(
                "SELECT count(*) FROM event_members WHERE article_id = ?", [original]
            ).fetchone()
            return row[0] if row else 0

        assert members() > 0
        store.con.execute("DELETE FROM article_stories WHERE article_id = ?", [original])
        summary = run_fusion(store)
        assert summary.removed == 1
        assert members() == 0


def test_a_later_run_reads_the_kept_dates_of_copies_instead_of_parsing_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kept.duckdb"
    with Store(path) as store:
        _ingest_late_copy(store, tmp_path)
        kept = store.con.execute("SELECT donor_id, value FROM fusion_dates").fetchall()
    before = _snapshot(path)
    wire, original = _ids(path)[:2]
    # the copies of the wire's sentences are dated against its 5 January (the page also reuses
    # the second report's template, a look-alike dated by its own article)
    from_wire = [value for donor, value in kept if donor == wire]
    assert len(from_wire) >= 2 and set(from_wire) == {"2025-02-11"}

    def no_parse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a kept date was parsed again")

    monkeypatch.setattr("eventwire.fusion.run.redate", no_parse)
    with Store(path) as store:
        store.con.execute("DELETE FROM events_processed WHERE article_id = ?", [original])
        summary = run_fusion(store)
    assert summary.processed == 1  # the original report, fused again beside the kept copies
    assert _snapshot(path) == before


#: A report (1 January), a page that rewrites its curfew sentence (5 January) and a page that
#: rewrites that page's (18 March): a copy of a copy, which joins the report's event through its
#: donor once that donor has joined it.
COPY_OF_COPY = [
    {
        "url": "https://wire-c.example/956",
        "title": "The governor of Kidal, Leila Tahir, imposed a curfew after 8",
        "published": "2026-01-01T08:00:00Z",
        "text": "The governor of Kidal, Leila Tahir, imposed a curfew after 88 people were "
        "killed on "
        "February 10. Soldiers said they had arrested 23 suspects in Mopti after the attack "
        "on February 24. Amina Okafor, a resident of Bamako, said 53 houses were destroyed by"
        " shelling on Wednesday.",
    },
    {
        "url": "https://outlet-c.example/159",
        "title": "soldiers said they had arrested 47 suspects in Kadugli after",
        "published": "2026-01-05T08:00:00Z",
        "text": "Soldiers said they had arrested 47 suspects in Kadugli after the attack "
        "on February "
        "14. A spokesman for the army denied any role in the explosion in Kadugli on March 7."
        " The governor of Mogadishu, Leila Mensah, imposed a curfew after 68 people were "
        "killed on February 10.",
    },
    {
        "url": "https://outlet-d.example/2462",
        "title": "The governor of Bamako, Leila Diallo, imposed a curfew after",
        "published": "2026-03-18T08:00:00Z",
        "text": "The governor of Bamako, Leila Diallo, imposed a curfew after 25 people "
        "were killed "
        "on March 17. Aid agencies said 8 families had fled Kadugli since January 3 because "
        "of the fighting. The governor of Mogadishu, Nadia Rahimi, imposed a curfew after 13 "
        "people were killed on February 10.",
    },
]


def test_a_copy_of_a_copy_joins_the_event_whatever_the_order_of_arrival(tmp_path: Path) -> None:
    corpus = tmp_path / "chain.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in COPY_OF_COPY), "utf-8")
    base = tmp_path / "chain.duckdb"
    with Store(base) as store:
        run_pipeline([str(corpus)], settings=load_settings(environ={}, cwd=tmp_path), store=store)
        chained = store.con.execute(
            "SELECT count(*) FROM sentence_donors d JOIN sentence_donors e "
            "ON e.article_id = d.donor_id AND e.sentence_index = d.donor_sentence "
            "WHERE d.rank = 0 AND e.rank = 0"
        ).fetchone()
        curfew = store.con.execute(
            "SELECT count(DISTINCT article_id) FROM event_members GROUP BY event_id "
            "ORDER BY 1 DESC LIMIT 1"
        ).fetchone()
    assert chained is not None and chained[0] >= 1  # the copy of a copy this test is about
    assert curfew == (3,)
    report, first_copy, second_copy = _ids(base)
    # the second copy first, then the first copy, then the report: the same events
    again = _copy(base, tmp_path, "again.duckdb")
    _fuse_in_turn(again, [[second_copy], [first_copy], [report]])
    assert _snapshot(again) == _snapshot(base)
