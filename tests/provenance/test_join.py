"""Provenance as a join (``eventwire.provenance.join``) writes what the sequential pass writes.

Generated stores of articles that copy, rewrite and stitch sentences from a pool (with dated,
undated and equally dated articles, and a boilerplate line every article carries) are traced
once by the sequential pass and once by the join, here (``InlineTasks``) in partitions of a few
articles, and the provenance tables and flags are compared row for row: with the index's own
settings, with a cap of a few postings per key, with one and three shared bands, and for a run
that adds articles to a store already traced.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from eventwire.provenance import IndexSettings, simple_sentence_spans
from eventwire.provenance.join import Layout, pair
from eventwire.provenance.run import PROVENANCE_TABLES, run_provenance
from eventwire.records import Article, Sentence, Span
from eventwire.stages import InlineTasks
from eventwire.store import Annotations, Store, WriteItem
from eventwire.store.fingerprints import DuckDBFingerprintStore
from eventwire.store.provenance import PROVENANCE_FLAG_CODES

WORDS = [
    "river",
    "city",
    "council",
    "police",
    "army",
    "rebels",
    "village",
    "minister",
    "port",
    "talks",
    "strike",
    "storm",
    "shelter",
    "bridge",
    "market",
    "convoy",
    "border",
    "election",
    "protest",
    "rescue",
    "hospital",
    "airport",
    "ferry",
    "school",
    "fuel",
    "drought",
    "harvest",
    "court",
    "ruling",
    "charges",
    "ceasefire",
    "mortar",
    "clinic",
    "aid",
    "water",
    "power",
    "outage",
]
BOILERPLATE = "Follow our live coverage of the region for the latest updates and pictures."


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + f" {rng.randint(2, 900)} people said."


def _edited(rng: random.Random, sentence: str) -> str:
    words = sentence.split()
    if len(words) > 8 and rng.random() < 0.5:
        del words[rng.randrange(1, len(words) - 1)]
    if rng.random() < 0.3:
        words.insert(rng.randrange(1, len(words)), rng.choice(WORDS))
    return " ".join(words)


def _corpus(seed: int, n: int) -> list[tuple[str, str, datetime | None]]:
    rng = random.Random(seed)
    pool = [_sentence(rng) for _ in range(40)]
    start = datetime(2026, 3, 1, 6, 0)
    out = []
    for number in range(n):
        sentences = []
        for _ in range(rng.randint(3, 7)):
            roll = rng.random()
            if roll < 0.45:
                sentences.append(rng.choice(pool))
            elif roll < 0.7:
                sentences.append(_edited(rng, rng.choice(pool)))
            else:
                sentences.append(_sentence(rng))
        if rng.random() < 0.6:
            sentences.append(BOILERPLATE)
        if rng.random() < 0.2:
            sentences.insert(0, "Short one.")
        roll = rng.random()
        published = (
            None
            if roll < 0.1
            else start  # several articles at the same time
            if roll < 0.2
            else start + timedelta(hours=rng.randint(0, 24 * 6))
        )
        out.append((f"a{seed}-{number:03d}", " ".join(sentences), published))
    return out


def _item(aid: str, text: str, published: datetime | None) -> WriteItem:
    spans = simple_sentence_spans(text)
    return WriteItem(
        article=Article(
            id=aid,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            url=f"https://news.example.org/{aid}",
            outlet=f"Outlet {aid[-1]}",
            title=text.split(".")[0][:60],
            published=published,
            language="en",
            source="test",
            source_format="text",
        ),
        annotations=Annotations(
            sentences=tuple(
                Sentence(article_id=aid, index=i, span=Span(start=s, end=e))
                for i, (s, e) in enumerate(spans)
            ),
            entities=(),
            model="test",
        ),
    )


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in PROVENANCE_TABLES:
        out[table] = sorted(store.con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    out["flags"] = sorted(
        store.con.execute(
            "SELECT * FROM flags WHERE code IN (SELECT unnest(?::VARCHAR[]))",
            [list(PROVENANCE_FLAG_CODES)],
        ).fetchall(),
        key=repr,
    )
    return out


def _run(
    articles: list[tuple[str, str, datetime | None]],
    *,
    join: bool,
    split: int | None = None,
    partition: int = 4,
    **index: Any,
) -> dict[str, list[tuple[Any, ...]]]:
    """The provenance tables after tracing ``articles`` (the first ``split`` in a first run,
    sequentially, the rest in a second), by the join or sequentially."""
    settings = IndexSettings(**index)
    with Store(":memory:") as store:
        first = articles if split is None else articles[:split]
        store.write_batch([_item(*a) for a in first])
        if split is not None:
            run_provenance(store, index_settings=settings)
            store.write_batch([_item(*a) for a in articles[split:]])
        run_provenance(
            store,
            index_settings=settings,
            workers=InlineTasks() if join else None,
            partition_articles=partition,
        )
        return _tables(store)


def _copied(tables: dict[str, list[tuple[Any, ...]]]) -> int:
    return len(tables["sentence_donors"])


@pytest.mark.parametrize(
    "index",
    [
        {},
        {"max_postings": 3},
        {"min_shared_bands": 1, "max_postings": 5},
        {"min_shared_bands": 3},
        # loose thresholds, so that the pairs sharing one or two bands are found as donors
        {"min_shared_bands": 3, "threshold": 0.3, "prefilter_jaccard": 0.0},
    ],
    ids=["defaults", "cap-3", "one-band", "three-bands", "three-bands-loose"],
)
def test_the_join_writes_what_the_sequential_pass_writes(index: dict[str, Any]) -> None:
    articles = _corpus(7, 60)
    want = _run(articles, join=False, **index)
    got = _run(articles, join=True, **index)
    assert _copied(want) > 100  # the corpus copies: the comparison is not between empty tables
    assert {r[2] for r in want["article_relations"]} >= {"copy", "rewrite"} or len(
        want["article_relations"]
    ) > 20
    for table in want:
        assert got[table] == want[table], table


@pytest.mark.parametrize("index", [{}, {"max_postings": 3}], ids=["defaults", "cap-3"])
def test_a_join_over_a_store_already_traced_adds_what_a_first_run_would(
    index: dict[str, Any],
) -> None:
    """The stored articles enter the join through the keys the new articles have (only those
    keys' held postings and their sentences are read from the store)."""
    articles = _corpus(11, 50)
    want = _run(articles, join=False, **index)
    got = _run(articles, join=True, split=30, partition=3, **index)
    for table in want:
        assert got[table] == want[table], table


def test_a_sequential_run_after_a_join_finds_the_join_s_index() -> None:
    articles = _corpus(13, 40)
    want = _run(articles, join=False)
    with Store(":memory:") as store:
        store.write_batch([_item(*a) for a in articles[:25]])
        run_provenance(store, workers=InlineTasks(), partition_articles=5)
        store.write_batch([_item(*a) for a in articles[25:]])
        run_provenance(store)
        got = _tables(store)
    for table in want:
        assert got[table] == want[table], table


def test_pairs_follow_the_cap_and_the_order() -> None:
    """A key held by five postings with a cap of two: a new sentence is paired with the held
    postings of articles before its own, never with its own article's or a later one's."""
    layout = Layout(starts=(0, 3), first_new=3, buckets=1)
    ref = lambda order, index: (order << 20) | index  # noqa: E731
    keys = np.full(5, 42, dtype=np.int64)
    refs = np.asarray([ref(4, 0), ref(1, 2), ref(3, 1), ref(3, 0), ref(0, 5)], dtype=np.int64)
    got = pair(layout, 2, (keys, refs))
    pairs = sorted(zip(got.later.tolist(), got.earlier.tolist(), strict=True))
    held = [ref(0, 5), ref(1, 2)]  # the first two in ingest order
    want = sorted((q, t) for q in (ref(3, 0), ref(3, 1), ref(4, 0)) for t in held)
    assert pairs == want


def test_sealing_the_tail_keeps_what_lookups_find() -> None:
    articles = _corpus(17, 30)
    with Store(":memory:") as store:
        store.write_batch([_item(*a) for a in articles])
        run_provenance(store, workers=InlineTasks(), partition_articles=7)
        index = DuckDBFingerprintStore(store.con, tail_postings=1, max_postings=4)
        keys = [
            int(k)
            for (k,) in store.con.execute("SELECT DISTINCT key FROM band_postings").fetchall()
        ]
        before = [index.candidates([k]) for k in keys]
        assert store.con.execute("SELECT DISTINCT segment FROM band_postings").fetchall() == [(0,)]
        assert index.seal_all()
        assert store.con.execute("SELECT DISTINCT segment FROM band_postings").fetchall() == [(1,)]
        after = DuckDBFingerprintStore(store.con, max_postings=4)
        assert [after.candidates([k]) for k in keys] == before


def test_the_shared_bands_matter_in_the_loose_setting() -> None:
    """In the loose setting above, one shared band finds donors that three do not, so the
    comparison there depends on the join counting the bands a pair shares."""
    articles = _corpus(7, 60)
    loose = {"threshold": 0.3, "prefilter_jaccard": 0.0}
    three = _run(articles, join=False, min_shared_bands=3, **loose)
    one = _run(articles, join=False, min_shared_bands=1, **loose)
    assert _copied(one) > _copied(three)


def test_staged_inputs_read_back_as_written(tmp_path: Path) -> None:
    """A partition's articles written for the map tasks (naive, aware and missing times, a
    missing title, no sentences, non-ASCII text) read back equal."""
    from eventwire.provenance.join import read_inputs, write_inputs
    from eventwire.provenance.prepare import ArticleInput
    from eventwire.store.incremental import ArticleText

    inputs = [
        ArticleInput(
            article_id="a",
            published=datetime(2026, 3, 1, 6, 0),
            text=ArticleText(
                text="Une crue à Porto Alegre. Deux ponts.", title=None, spans=((0, 24), (25, 36))
            ),
        ),
        ArticleInput(
            article_id="b",
            published=datetime.fromisoformat("2026-03-01T06:00:00+03:00"),
            text=ArticleText(text="Nothing here", title="A title", spans=()),
        ),
        ArticleInput(article_id="c", published=None, text=ArticleText(text="", title="", spans=())),
    ]
    path = tmp_path / "part-000000.parquet"
    write_inputs(path, inputs)
    assert read_inputs(str(path)) == inputs
    assert not list(tmp_path.glob("*.partial"))


def test_a_join_on_a_store_file_stages_its_texts_and_cleans_up(tmp_path: Path) -> None:
    """With a store file and workers that read files, the map tasks get paths to the texts, in
    a folder beside the store that is gone after the run; the tables are the sequential ones."""
    from eventwire.provenance import join
    from eventwire.settings import load_settings

    articles = _corpus(19, 30)
    want = _run(articles, join=False)
    seen: list[str] = []

    class Recording(InlineTasks):
        def submit(self, fn: Any, *args: Any) -> Any:
            if fn is join.map_new:
                seen.append(args[-1])
            return super().submit(fn, *args)

    db = tmp_path / "news.duckdb"
    settings = load_settings(environ={}, cwd=tmp_path)
    with Store(db) as store:
        store.write_batch([_item(*a) for a in articles])
        run_provenance(store, settings=settings, workers=Recording(), partition_articles=8)
        got = _tables(store)
    assert len(seen) == 4 and all(isinstance(p, str) and p.endswith(".parquet") for p in seen)
    assert not (tmp_path / ".news.duckdb.provenance-join").exists()
    for table in want:
        assert got[table] == want[table], table
