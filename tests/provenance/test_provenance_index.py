"""Sentence index: light edits matched, unrelated text not, earliest-source order, rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from eventwire.provenance.index import (
    ArticleRow,
    BandRow,
    IndexSettings,
    MemoryFingerprintStore,
    SentenceIndex,
    SentenceRow,
    order_key,
    similarity,
)
from eventwire.provenance.normalise import simple_sentence_spans
from eventwire.text import tokens

WIRE = (
    "Daesh fighters shelled the eastern bank of the river on Tuesday, forcing hundreds of "
    "families to leave their homes, local officials said. "
    "The U.S.-led coalition carried out three air strikes near the old bridge overnight, "
    "according to a statement from the coalition. "
    "Provincial council member Samir Haddawi said food and medicine were running low in the "
    "districts still held by the militants. "
    "Aid agencies have set up two new camps south of the city to receive the displaced."
)

UNRELATED = [
    "The central bank left its benchmark interest rate unchanged for the fourth month in a row.",
    "Heavy snow closed the mountain pass between the two provinces for most of the weekend.",
    "The home side scored twice in the final ten minutes to win the cup final in front of "
    "a crowd of 40,000.",
    "Shares in the shipping group fell sharply after it cut its profit forecast for the year.",
]

T0 = datetime(2017, 4, 10, 8, 0, tzinfo=UTC)


def spans(text: str) -> list[tuple[int, int]]:
    return simple_sentence_spans(text)


def wire_index() -> SentenceIndex:
    index = SentenceIndex()
    index.add_article("wire", T0, WIRE, spans(WIRE))
    return index


def sentence(n: int) -> str:
    text = WIRE
    a, b = spans(text)[n]
    return text[a:b]


EDITS: dict[str, tuple[int, Callable[[str], str]]] = {
    "alias Daesh->ISIS": (0, lambda s: s.replace("Daesh", "ISIS")),
    "alias U.S.->USA": (1, lambda s: s.replace("U.S.", "USA")),
    "punctuation": (0, lambda s: s.replace(",", " -").rstrip(".")),
    "curly quotes and dash": (2, lambda s: s.replace("said", "said \u2014")),
    "word added": (3, lambda s: s.replace("have set", "have already set")),
    "word dropped": (2, lambda s: s.replace("food and medicine", "food medicine")),
    "name swap": (2, lambda s: s.replace("Samir Haddawi", "Samir al-Haddawi")),
    "number spelled": (1, lambda s: s.replace("three", "3")),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_each_light_edit_is_traced_to_the_donor(edit: str) -> None:
    number, change = EDITS[edit]
    original = sentence(number)
    edited = change(original)
    assert edited != original
    copy = UNRELATED[0] + " " + edited
    prov = wire_index().query_article("copy", T0 + timedelta(hours=3), copy, spans(copy))
    statuses = [s.status for s in prov.sentences]
    assert statuses == ["original", "copied"]
    donor = prov.sentences[1].earliest
    assert donor is not None
    assert (donor.article_id, donor.sentence_index) == ("wire", number)
    assert 0.8 <= donor.similarity <= 1.0


def test_sentence_reorder_still_traces_every_sentence() -> None:
    parts = [sentence(i) for i in (3, 1, 0, 2)]
    copy = " ".join(parts)
    prov = wire_index().query_article("copy", T0 + timedelta(days=1), copy, spans(copy))
    assert [s.earliest.sentence_index for s in prov.sentences if s.earliest] == [3, 1, 0, 2]
    assert prov.copied_share == 1.0
    assert prov.earliest_source == "wire"


def test_unrelated_and_same_topic_sentences_are_not_matched() -> None:
    same_topic = (
        "Daesh fighters shelled the western bank of the river on Friday, killing four "
        "civilians, a hospital director said."
    )
    text = " ".join([*UNRELATED, same_topic])
    prov = wire_index().query_article("other", T0 + timedelta(days=2), text, spans(text))
    assert all(s.status == "original" for s in prov.sentences)
    assert prov.donor_articles == ()
    assert prov.earliest_source == "other"


def test_short_sentences_are_not_compared() -> None:
    index = SentenceIndex()
    index.add_article("a", T0, "He said. Fighting continued.", [(0, 8), (9, 28)])
    prov = index.query_article("b", T0 + timedelta(1), "He said. Fighting continued.", [(0, 8)])
    assert [s.status for s in prov.sentences] == ["short"]
    assert prov.matchable == 0
    assert prov.copied_share == 0.0


def test_earliest_source_by_published_then_ingest_order() -> None:
    index = SentenceIndex()
    # Ingested first but published later: not the earliest source.
    index.add_article("late", T0 + timedelta(hours=5), WIRE, spans(WIRE), ingest_order=0)
    index.add_article("early", T0, WIRE, spans(WIRE), ingest_order=1)
    # Same published time as "early" but ingested after it.
    index.add_article("tie", T0, WIRE, spans(WIRE), ingest_order=2)
    index.add_article("undated", None, WIRE, spans(WIRE), ingest_order=3)
    prov = index.query_article("query", T0 + timedelta(days=1), WIRE, spans(WIRE))
    assert prov.donor_articles == ("early", "tie", "late")
    first = prov.sentences[0]
    assert [d.article_id for d in first.donors] == ["early", "tie", "late"]
    assert prov.earliest_source == "early"
    # An undated article comes after every dated one, so all four are its donors.
    undated = index.query_article("undated-2", None, WIRE, spans(WIRE), ingest_order=9)
    assert undated.donor_articles == ("early", "tie", "late", "undated")


def test_later_articles_are_not_donors_unless_asked() -> None:
    index = SentenceIndex()
    index.add_article("later", T0 + timedelta(days=3), WIRE, spans(WIRE))
    prov = index.query_article("now", T0, WIRE, spans(WIRE))
    assert prov.n_copied == 0
    both = index.query_article("now", T0, WIRE, spans(WIRE), only_earlier=False)
    assert both.donor_articles == ("later",)


def test_naive_times_are_read_as_utc() -> None:
    naive = datetime(2017, 4, 10, 8, 0)
    assert order_key(naive, 0) == order_key(T0, 0)
    assert order_key(None, 0) > order_key(T0 + timedelta(days=900), 5)


def test_rows_rebuild_an_equivalent_index() -> None:
    index = wire_index()
    article, sentences, bands = index.rows_for("wire", T0, WIRE, spans(WIRE), ingest_order=0)
    assert article.n_sentences == 4
    assert len(sentences) == 4
    assert len(bands) == 4 * index.settings.bands
    assert all(len(s.signature) == 4 * index.settings.num_perm for s in sentences)
    assert all(-(2**63) <= b.key < 2**63 for b in bands)
    assert sentences[2].credits == "samir haddawi"
    restored = SentenceIndex(MemoryFingerprintStore())
    restored.store.put(article, sentences, bands)
    copy = sentence(2).replace("Samir Haddawi", "he")
    prov = restored.query_article("copy", T0 + timedelta(1), copy, spans(copy))
    assert prov.sentences[0].earliest is not None
    assert prov.sentences[0].earliest.credits == ("samir haddawi",)


def test_re_adding_an_article_replaces_it() -> None:
    index = wire_index()
    other = " ".join(UNRELATED)
    index.add_article("wire", T0, other, spans(other))
    prov = index.query_article("copy", T0 + timedelta(1), WIRE, spans(WIRE))
    assert prov.n_copied == 0
    store = index.store
    assert isinstance(store, MemoryFingerprintStore)
    assert len(store) == len(UNRELATED)


def test_similarity_scores() -> None:
    a = tokens("Aid agencies have set up two new camps south of the city")
    assert similarity(a, a) == 1.0
    # A long sentence wholly contained in another scores its containment ...
    dropped = [t for t in a if t != "new"]
    assert similarity(a, dropped) == 1.0
    # ... a short one the ratio of matching tokens.
    short = tokens("Aid agencies set up two camps south of town")
    assert similarity(short, short[:4] + short[5:]) == pytest.approx(2 * 8 / 17, abs=1e-6)
    assert similarity(a, tokens(UNRELATED[1])) < 0.5
    assert similarity([], a) == 0.0


def test_index_pickles_with_its_state() -> None:
    import pickle

    index = pickle.loads(pickle.dumps(wire_index()))
    copy = sentence(0).replace("Daesh", "ISIS")
    prov = index.query_article("copy", T0 + timedelta(1), copy, spans(copy))
    assert prov.donor_articles == ("wire",)


@hyp_settings(max_examples=80, deadline=None)
@given(
    postings=st.lists(
        st.tuples(st.integers(0, 11), st.integers(0, 7), st.integers(0, 3)), max_size=120
    ),
    query=st.lists(st.integers(0, 11), max_size=32),
    need=st.integers(1, 4),
)
def test_shared_candidates_are_the_sentences_sharing_enough_keys(
    postings: list[tuple[int, int, int]], query: list[int], need: int
) -> None:
    store = MemoryFingerprintStore()
    by_article: dict[str, list[tuple[int, int]]] = {}
    for key, article, sentence in postings:
        by_article.setdefault(f"a{article}", []).append((sentence, key))
    for order, (aid, bands) in enumerate(sorted(by_article.items())):
        sentences = sorted({s for s, _ in bands})
        store.put(
            ArticleRow(article_id=aid, published=None, ingest_order=order, n_sentences=4),
            [
                SentenceRow(
                    article_id=aid, sentence_index=s, start=0, end=1, tokens="t", signature=b""
                )
                for s in sentences
            ],
            [
                BandRow(article_id=aid, sentence_index=s, band=i, key=k)
                for i, (s, k) in enumerate(bands)
            ],
        )
    index = SentenceIndex(store, settings=IndexSettings(min_shared_bands=need))
    counts: Counter[tuple[str, int]] = Counter()
    for key in query:
        counts.update(store.candidates((key,)))
    assert index._shared_candidates(query) == sorted(r for r, n in counts.items() if n >= need)
