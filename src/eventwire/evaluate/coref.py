"""``eval coref``: cross-document event coreference scored against a gold ``coref`` file.

Gold format (``data/FORMATS.md`` § coref): one document per line with its ``mentions``, each with
a ``chain``. Event mentions only; singletons included; the whole file is one collection: the
documents are grouped by the system itself (no gold topics or clusters are read).

The linker scored here is the baseline the event level starts from:

1. documents are grouped into stories by the story clusterer
   (:func:`~eventwire.stories.cluster.cluster_articles`, as ``eventwire ingest`` groups them);
2. inside one story, event mentions whose head word has the same lemma are one event.

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

from eventwire.evaluate.clusters import bcubed
from eventwire.evaluate.common import (
    annotate_records,
    prf_scores,
    processor_for,
    write_jsonl,
)
from eventwire.evaluate.coref_metrics import conll_scores
from eventwire.gold import COREF, read_gold
from eventwire.nlp import load_nlp
from eventwire.settings import Settings, load_settings
from eventwire.stories.cluster import StoryInput, cluster_articles

__all__ = ["evaluate_coref", "head_lemma", "story_of"]

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


def _predicted_mentions(
    records: list[dict[str, Any]], settings: Settings
) -> dict[str, list[tuple[int, int, str]]]:
    """Each document's trigger spans from the ``events`` stage, with their head lemma."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for item in annotate_records(processor_for("events", settings), records):
        ranges = _validated(item.record)
        spans = sorted(
            {
                (m.trigger.start, m.trigger.end)
                for m in item.annotations.claims.events
                if _inside(m.trigger.start, m.trigger.end, ranges)
            }
        )
        out[str(item.record["id"])] = [(s, e, head_lemma(item.doc, s, e)) for s, e in spans]
    return out


def _given_mentions(
    records: list[dict[str, Any]], settings: Settings
) -> dict[str, list[tuple[int, int, str]]]:
    """Each document's gold event mention spans, with their head lemma."""
    nlp = load_nlp(settings)
    out: dict[str, list[tuple[int, int, str]]] = {}
    texts = (str(r["text"]) for r in records)
    for record, doc in zip(records, nlp.pipe(texts), strict=True):
        out[str(record["id"])] = [
            (m["start"], m["end"], head_lemma(doc, m["start"], m["end"]))
            for m in record["mentions"]
            if m["kind"] == "event"
        ]
    return out


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
) -> dict[str, Any]:
    """Link the event mentions of ``gold_path`` across its documents and score the chains.

    ``predictions_out`` receives the records with their predicted event mentions, each with its
    predicted ``chain``.
    """
    settings = settings or load_settings()
    started = time.perf_counter()
    records = list(read_gold(gold_path, COREF, limit=limit))
    stories = story_of(records)
    key_chains: dict[str, list[MentionKey]] = defaultdict(list)
    for record in records:
        for m in record["mentions"]:
            if m["kind"] == "event":
                key_chains[str(m["chain"])].append((str(record["id"]), m["start"], m["end"]))
    mentions = (_given_mentions if given_mentions else _predicted_mentions)(records, settings)
    predicted_keys = [(doc_id, s, e) for doc_id, spans in mentions.items() for s, e, _ in spans]
    gold_keys = [k for chain in key_chains.values() for k in chain]
    matched = _match(gold_keys, predicted_keys)
    response: dict[tuple[str, str], list[MentionKey]] = defaultdict(list)
    for doc_id, spans in mentions.items():
        for start, end, lemma in spans:
            response[(stories[doc_id], lemma)].append(matched[(doc_id, start, end)])
    chain_of = {
        key: f"{story}:{lemma}" for (story, lemma), keys in response.items() for key in keys
    }
    if predictions_out is not None:
        write_jsonl(
            predictions_out,
            (
                {
                    **{k: v for k, v in record.items() if k != "mentions"},
                    "mentions": [
                        {
                            "start": s,
                            "end": e,
                            "kind": "event",
                            "chain": chain_of[matched[(str(record["id"]), s, e)]],
                            "type": None,
                        }
                        for s, e, _ in mentions[str(record["id"])]
                    ],
                }
                for record in records
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
        "gold_mentions": len(gold_keys),
        "gold_chains": len(key_chains),
        "predicted_mentions": len(predicted_keys),
        "predicted_chains": len(response),
        "mentions": prf_scores(found, len(predicted_keys), len(gold_keys)),
        **conll_scores(list(key_chains.values()), list(response.values())),
        "documents_bcubed": bcubed(
            gold_clusters, {doc_id: stories[doc_id] for doc_id in gold_clusters}
        ),
        "stories": len(set(stories.values())),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
