"""``eval coref``: cross-document event coreference scored against a gold ``coref`` file.

Gold format (``data/FORMATS.md`` § coref): one document per line with its ``mentions``, each with
a ``chain``. Event mentions only; singletons included; the whole file is one collection: the
documents are grouped by the system itself (no gold topics or clusters are read).

Two linkers can be scored (``linker``):

* ``model`` (the default): the lexical linker of :mod:`eventwire.fusion.lexical` with the
  packaged model (or one given): documents grouped by their term vectors (each group split
  where the documents' names part two similar incidents), pairs of mentions in a group scored
  by a learned logistic regression over lemma, sentence, argument and document features, and
  average-link clusters cut at the model's threshold. The stories of the story
  clusterer (:func:`~eventwire.stories.cluster.cluster_articles`, as ``eventwire ingest`` groups
  them) are one of its features.
* ``lemma``: the baseline: inside one story, event mentions whose head word has the same lemma
  are one event.

:func:`train_coref` learns the model from a gold file with topics (``eventwire train coref``).

With ``given_mentions`` the gold mention spans are the input and only the linking is scored.
Without it, the mentions are the trigger spans of the ``events`` stage (the ingest run's stages
up to it), kept inside the sentences the gold file annotates (``extra.validated_sentences`` when
the record has it); a predicted mention that overlaps a gold one of the same document takes its
place (one to one, the first overlap), the others are extra mentions. Scores: MUC, B-cubed,
CEAF-e and the CoNLL F1 (:mod:`eventwire.evaluate.coref_metrics`), mention detection, and the
B-cubed of the document grouping against the gold ``cluster``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from eventwire.errors import GoldError, Reason
from eventwire.evaluate.clusters import bcubed
from eventwire.evaluate.common import (
    annotate_records,
    prf_scores,
    processor_for,
    write_jsonl,
)
from eventwire.evaluate.coref_metrics import conll_scores
from eventwire.fusion.lexical import (
    document_vectors,
    group_documents,
    link_mentions,
    name_vectors,
    prepare,
)
from eventwire.fusion.model import DOC_THRESHOLD, PairModel, default_model, train_pair_model
from eventwire.gold import COREF, read_gold
from eventwire.nlp import load_nlp
from eventwire.settings import Settings, load_settings
from eventwire.stories.cluster import StoryInput, cluster_articles

__all__ = ["LEMMA", "LINKERS", "MODEL", "evaluate_coref", "head_lemma", "story_of", "train_coref"]

#: The linkers ``eval coref`` can score: the learned lexical linker and the same-lemma baseline.
MODEL = "model"
LEMMA = "lemma"
LINKERS = (MODEL, LEMMA)

#: A mention: document id, start and end offsets.
MentionKey = tuple[str, int, int]


def story_of(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The story the story clusterer puts each document in, by document id."""
    inputs = []
    for record in records:
        published = record.get("published")
        inputs.append(
            StoryInput(
                article_id=str(record["id"]),
                published=datetime.fromisoformat(published) if published else None,
                text=str(record["text"]),
            )
        )
    assignments, _ = cluster_articles(inputs)
    return {a.article_id: a.story_id for a in assignments}


def head_lemma(doc: Doc, start: int, end: int) -> str:
    """The lowercased lemma of the syntactic head of the characters ``start:end`` of ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return doc.text[start:end].strip().lower()
    return span.root.lemma_.lower()


def _inside(start: int, end: int, ranges: list[tuple[int, int]] | None) -> bool:
    return ranges is None or any(a <= start and end <= b for a, b in ranges)


def _validated(record: dict[str, Any]) -> list[tuple[int, int]] | None:
    extra = record.get("extra")
    ranges = extra.get("validated_sentences") if isinstance(extra, dict) else None
    if not isinstance(ranges, list):
        return None
    return [(int(r[0]), int(r[1])) for r in ranges]


Spans = list[tuple[int, int]]


def _predicted_mentions(
    records: list[dict[str, Any]], settings: Settings
) -> tuple[list[Doc], list[Spans]]:
    """Each document's parse and its trigger spans from the ``events`` stage."""
    docs: list[Doc] = []
    spans: list[Spans] = []
    for item in annotate_records(processor_for("events", settings), records):
        ranges = _validated(item.record)
        docs.append(item.doc)
        spans.append(
            sorted(
                {
                    (m.trigger.start, m.trigger.end)
                    for m in item.annotations.claims.events
                    if _inside(m.trigger.start, m.trigger.end, ranges)
                }
            )
        )
    return docs, spans


def _given_mentions(
    records: list[dict[str, Any]], settings: Settings
) -> tuple[list[Doc], list[Spans]]:
    """Each document's parse and its gold event mention spans."""
    nlp = load_nlp(settings)
    docs = list(nlp.pipe(str(r["text"]) for r in records))
    spans = [
        [(int(m["start"]), int(m["end"])) for m in r["mentions"] if m["kind"] == "event"]
        for r in records
    ]
    return docs, spans


def _link(
    docs: list[Doc],
    spans: list[Spans],
    doc_stories: list[str],
    linker: str,
    model: PairModel | None,
) -> tuple[list[list[str]], list[str]]:
    """An event label for each span of each document, and each document's group (its story for
    the lemma baseline, the linker's document group for the model)."""
    if linker == LEMMA:
        labels = [
            [f"{story}:{head_lemma(doc, s, e)}" for s, e in doc_spans]
            for doc, doc_spans, story in zip(docs, spans, doc_stories, strict=True)
        ]
        return labels, list(doc_stories)
    model = model or default_model()
    vectors = document_vectors(docs)
    groups = group_documents(vectors, name_vectors(docs), model.doc_threshold)
    contexts = prepare(
        docs, spans, doc_stories, model.doc_threshold, groups=groups, vectors=vectors
    )
    flat = iter(link_mentions(contexts, model))
    return [[f"event-{next(flat)}" for _ in doc_spans] for doc_spans in spans], [
        f"group-{g}" for g in groups
    ]


def _match(gold: list[MentionKey], predicted: list[MentionKey]) -> dict[MentionKey, MentionKey]:
    """Predicted mentions that overlap a gold mention of the same document, mapped to it (one to
    one, in order); the others map to themselves."""
    by_doc: dict[str, list[MentionKey]] = defaultdict(list)
    for key in gold:
        by_doc[key[0]].append(key)
    taken: set[MentionKey] = set()
    out: dict[MentionKey, MentionKey] = {}
    for key in predicted:
        doc_id, start, end = key
        match = next(
            (g for g in by_doc[doc_id] if g not in taken and g[1] < end and start < g[2]), None
        )
        if match is not None:
            taken.add(match)
        out[key] = match or key
    return out


def evaluate_coref(
    gold_path: Path,
    *,
    given_mentions: bool = False,
    predictions_out: Path | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    linker: str = MODEL,
    model: PairModel | None = None,
) -> dict[str, Any]:
    """Link the event mentions of ``gold_path`` across its documents and score the chains.

    ``linker`` is :data:`MODEL` (the lexical linker, :mod:`eventwire.fusion.lexical`, with
    ``model`` or the packaged one) or :data:`LEMMA` (same head lemma in one story).
    ``predictions_out`` receives the records with their predicted event mentions, each with its
    predicted ``chain``.
    """
    if linker not in LINKERS:
        raise ValueError(f"unknown linker {linker!r}: use one of {', '.join(LINKERS)}")
    settings = settings or load_settings()
    started = time.perf_counter()
    records = list(read_gold(gold_path, COREF, limit=limit))
    stories = story_of(records)
    ids = [str(r["id"]) for r in records]
    key_chains: dict[str, list[MentionKey]] = defaultdict(list)
    for record in records:
        for m in record["mentions"]:
            if m["kind"] == "event":
                key_chains[str(m["chain"])].append((str(record["id"]), m["start"], m["end"]))
    docs, spans = (_given_mentions if given_mentions else _predicted_mentions)(records, settings)
    labels, doc_groups = _link(docs, spans, [stories[i] for i in ids], linker, model)
    group_of = dict(zip(ids, doc_groups, strict=True))
    predicted_keys = [
        (doc_id, s, e) for doc_id, doc_spans in zip(ids, spans, strict=True) for s, e in doc_spans
    ]
    gold_keys = [k for chain in key_chains.values() for k in chain]
    matched = _match(gold_keys, predicted_keys)
    response: dict[str, list[MentionKey]] = defaultdict(list)
    for doc_id, doc_spans, doc_labels in zip(ids, spans, labels, strict=True):
        for (start, end), label in zip(doc_spans, doc_labels, strict=True):
            response[label].append(matched[(doc_id, start, end)])
    if predictions_out is not None:
        write_jsonl(
            predictions_out,
            (
                {
                    **{k: v for k, v in record.items() if k != "mentions"},
                    "mentions": [
                        {"start": s, "end": e, "kind": "event", "chain": label, "type": None}
                        for (s, e), label in zip(doc_spans, doc_labels, strict=True)
                    ],
                }
                for record, doc_spans, doc_labels in zip(records, spans, labels, strict=True)
            ),
        )
    gold_set = set(gold_keys)
    found = sum(1 for k in predicted_keys if matched[k] in gold_set)
    gold_clusters = {
        str(r["id"]): str(r["cluster"]) for r in records if r.get("cluster") is not None
    }
    return {
        "documents": len(records),
        "mode": "given_mentions" if given_mentions else "predicted_mentions",
        "linker": linker,
        "gold_mentions": len(gold_keys),
        "gold_chains": len(key_chains),
        "predicted_mentions": len(predicted_keys),
        "predicted_chains": len(response),
        "mentions": prf_scores(found, len(predicted_keys), len(gold_keys)),
        **conll_scores(list(key_chains.values()), list(response.values())),
        "documents_bcubed": bcubed(
            gold_clusters, {doc_id: stories[doc_id] for doc_id in gold_clusters}
        ),
        "linker_documents_bcubed": bcubed(
            gold_clusters, {doc_id: group_of[doc_id] for doc_id in gold_clusters}
        ),
        "stories": len(set(stories.values())),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }


def _conll_f1(key: list[list[int]], response: list[list[int]]) -> float:
    f1 = conll_scores(key, response)["conll_f1"]
    assert isinstance(f1, float)
    return f1


def train_coref(
    gold_path: Path, out: Path, *, limit: int | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Train the lexical linker on the gold event mentions of ``gold_path`` (a ``coref`` file
    with ``topic`` and ``cluster``, e.g. ECB+ train) and write the model to ``out``."""
    settings = settings or load_settings()
    started = time.perf_counter()
    records = list(read_gold(gold_path, COREF, limit=limit))
    missing = [str(r["id"]) for r in records if r.get("topic") is None or r.get("cluster") is None]
    if missing:
        raise GoldError(
            Reason.MISSING_FIELD,
            f"{gold_path}: training needs a topic and a cluster on every document; "
            f"{len(missing)} lack them (first: {missing[0]})",
        )
    stories = story_of(records)
    docs, spans = _given_mentions(records, settings)
    contexts = prepare(docs, spans, [stories[str(r["id"])] for r in records], DOC_THRESHOLD)
    chains, topics, clusters = [], [], []
    for record in records:
        for m in record["mentions"]:
            if m["kind"] == "event":
                chains.append(str(m["chain"]))
                topics.append(str(record["topic"]))
                clusters.append(str(record["cluster"]))
    model, report = train_pair_model(
        contexts, chains, topics, clusters, _conll_f1, trained_on=gold_path.name
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    return {
        "gold": str(gold_path),
        "documents": len(records),
        **report,
        "out": str(out),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
