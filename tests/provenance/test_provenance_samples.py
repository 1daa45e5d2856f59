"""Provenance and stories on the sample corpus, checked against its manifest.

The corpus is read with the project's ingest readers; sentences come from the simple splitter so
that no model is needed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from eventwire.evaluate import bcubed, evaluate_copies
from eventwire.ingest import read_path
from eventwire.provenance import (
    ArticleRelations,
    RelationKind,
    SentenceIndex,
    headline_support,
    order_key,
    relate,
    simple_sentence_spans,
)
from eventwire.records import RawDocument
from eventwire.settings import load_settings
from eventwire.stories import StoryInput, cluster_articles, independent_sources

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

Corpus = dict[str, tuple[dict[str, Any], RawDocument]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    # The sample corpus is part of the repository: anything missing from it is a failure.
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    settings = load_settings(environ={}, cwd=tmp_path_factory.mktemp("cwd"))
    docs: Corpus = {}
    english = [entry for entry in manifest["articles"] if entry.get("language") == "en"]
    for entry in english:
        for item in read_path(SAMPLES / entry["file"], settings=settings):
            if not isinstance(item, RawDocument):
                continue
            if entry.get("url") and item.url and item.url != entry["url"]:
                continue
            docs[entry["id"]] = (entry, item)
            break
    unread = [entry["id"] for entry in english if entry["id"] not in docs]
    assert not unread, f"the readers found no article for these manifest entries: {unread}"
    return docs


@pytest.fixture(scope="module")
def relations(corpus: Corpus) -> dict[str, ArticleRelations]:
    index = SentenceIndex()
    out = {}
    order = sorted(corpus, key=lambda i: (order_key(corpus[i][1].published, 0), i))
    for article_id in order:
        _, doc = corpus[article_id]
        spans = simple_sentence_spans(doc.text)
        prov = index.query_article(article_id, doc.published, doc.text, spans, doc.title)
        out[article_id] = relate(prov)
        index.add_article(article_id, doc.published, doc.text, spans)
    return out


def by_url(corpus: Corpus) -> dict[str, str]:
    return {entry["url"]: article_id for article_id, (entry, _) in corpus.items()}


def test_reprints_rewrites_and_patchwork(
    corpus: Corpus, relations: dict[str, ArticleRelations]
) -> None:
    urls = by_url(corpus)
    for article_id, (entry, _) in corpus.items():
        result = relations[article_id]
        role = entry["role"]
        if role == "original":
            assert result.kind is None, article_id
        elif role == "verbatim-reprint":
            assert result.kind is RelationKind.VERBATIM_COPY, article_id
            assert urls[entry["copy_of"]] in result.copied_from, article_id
        elif role == "rewrite":
            assert result.kind is RelationKind.REWRITE, article_id
        elif role == "patchwork":
            assert result.kind is RelationKind.PATCHWORK, article_id
        stripped = "attribution-stripped" in result.flag_codes
        if entry.get("credit_stripped") or role == "patchwork":
            assert stripped, article_id
        elif role == "verbatim-reprint":
            assert not stripped, article_id


def test_patchwork_headline_is_unsupported(corpus: Corpus) -> None:
    flagged = set()
    for article_id, (_, doc) in corpus.items():
        spans = simple_sentence_spans(doc.text)
        support = headline_support(article_id, doc.published, doc.text, spans, doc.title)
        if support.supported is False:
            flagged.add(article_id)
    patchwork = {i for i, (entry, _) in corpus.items() if entry["role"] == "patchwork"}
    assert patchwork and patchwork <= flagged
    assert len(flagged - patchwork) <= 2  # headlines that summarise more than they say


def test_stories_and_independent_sources(
    corpus: Corpus, relations: dict[str, ArticleRelations]
) -> None:
    inputs = [
        StoryInput(article_id=i, published=d.published, text=d.text, title=d.title)
        for i, (_, d) in corpus.items()
    ]
    assignments, _ = cluster_articles(inputs)
    predicted = {a.article_id: a.story_id for a in assignments}
    gold = {i: entry["story"] for i, (entry, _) in corpus.items()}
    assert bcubed(gold, predicted)["f1"] >= 0.9
    # The near miss: a car bomb in eastern Mosul a week after the Old City fighting.
    s1 = {predicted[i] for i, g in gold.items() if g == "S1" and corpus[i][0]["role"] == "original"}
    s6 = {predicted[i] for i, g in gold.items() if g == "S6"}
    assert not s1 & s6
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story_id in predicted.items():
        members[story_id].append(article_id)
    for story_id, ids in members.items():
        originals = sum(1 for i in ids if corpus[i][0]["role"] == "original")
        assert independent_sources(ids, relations) == originals, story_id


def test_copy_detection_on_sample_texts(corpus: Corpus) -> None:
    articles = [(article_id, corpus[article_id][1].text) for article_id in sorted(corpus)]
    report = evaluate_copies(articles=articles, seed=0)
    assert report["copied_sentences"] >= 200
    assert report["negative_sentences"] >= 50
    assert report["precision"] >= 0.98
    assert report["recall"] >= 0.95
