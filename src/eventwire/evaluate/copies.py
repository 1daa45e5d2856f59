"""``eval copies``: copy detection scored on a syndication set made from source articles with
known edits.

:func:`build_syndication_set` takes source articles, indexes them, and writes for each of them a
"copy" that carries most of its sentences with one light edit each (an alias swapped such as
Daesh -> ISIS or U.S. -> USA, punctuation changed, a word added, a word dropped, or none), in a
shuffled order, mixed with sentences taken from other articles that are not in the index
(negatives). :func:`evaluate_copies` queries every copy and scores the copied-sentence decisions.

Negatives are checked against every indexed sentence with a measure independent of the index (word
bigram containment); a negative that already shares half of its bigrams with an indexed sentence is
not used, because it would be a true copy, not a negative.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from eventwire.evaluate.common import write_jsonl
from eventwire.gold import TEXTS, read_gold
from eventwire.provenance.index import IndexSettings, SentenceIndex
from eventwire.provenance.normalise import simple_sentence_spans
from eventwire.settings import Settings
from eventwire.text import ALIASES, tokens

__all__ = [
    "EDIT_TYPES",
    "CopyCase",
    "SyndicationSet",
    "apply_edit",
    "build_syndication_set",
    "evaluate_copies",
    "read_corpus",
    "read_sources",
]

EDIT_TYPES: tuple[str, ...] = ("none", "alias", "punctuation", "word-added", "word-dropped")

_ADDED_WORDS = ("also", "reportedly", "now", "still", "however", "meanwhile", "earlier")
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, kw_only=True, slots=True)
class CopyCase:
    """One sentence of a generated copy: its text, edit and the source it was taken from."""

    copy_id: str
    text: str
    edit: str
    source_id: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class SyndicationSet:
    """Sources to index and copies to query, with the gold label of every copy sentence."""

    sources: tuple[tuple[str, str], ...]
    copies: tuple[tuple[str, tuple[CopyCase, ...]], ...]


def read_sources(path: Path, *, limit: int | None = None) -> list[tuple[str, str]]:
    """``(id, text)`` of the records of a source-text file (:data:`~eventwire.gold.TEXTS`)."""
    return [(str(r["id"]), r["text"]) for r in read_gold(path, TEXTS, limit=limit)]


def read_corpus(
    sources: Sequence[str], *, settings: Settings, language: str = "en"
) -> list[tuple[str, str]]:
    """``(id, text)`` of the articles in ``sources`` (anything ``eventwire ingest`` reads),
    normalised as ingest does, in ``language``, one per id, sorted by id."""
    from eventwire.ingest import read_sources as read_inputs
    from eventwire.normalise import normalise
    from eventwire.records import Article

    found: dict[str, str] = {}
    for item in normalise(read_inputs(sources, settings=settings), settings=settings):
        if isinstance(item, Article) and item.language == language:
            found.setdefault(item.id, item.text)
    return sorted(found.items())


def _alias_swap(sentence: str, rng: random.Random) -> str | None:
    options = []
    for group in ALIASES.values():
        for spelling in group:
            pattern = re.compile(r"(?<![\w.])" + re.escape(spelling) + r"(?!\w)")
            if pattern.search(sentence):
                others = [s for s in group if s != spelling and not s.startswith("the ")]
                options.append((pattern, others))
    if not options:
        return None
    pattern, others = rng.choice(options)
    return pattern.sub(rng.choice(others), sentence, count=1)


def _punctuation(sentence: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0 and "," in sentence:
        return sentence.replace(",", " -", 1)
    if choice == 1 and '"' in sentence:
        return sentence.replace('"', "\u201c", 1).replace('"', "\u201d", 1)
    if choice == 2 and sentence.rstrip().endswith("."):
        return sentence.rstrip()[:-1]
    words = sentence.split(" ")
    if len(words) > 4:
        at = rng.randrange(1, len(words) - 1)
        words[at] = words[at].rstrip(",;:") + ","
    return " ".join(words)


def apply_edit(sentence: str, edit: str, rng: random.Random) -> str:
    """``sentence`` with one light edit of type ``edit`` (see :data:`EDIT_TYPES`)."""
    if edit == "alias":
        swapped = _alias_swap(sentence, rng)
        return swapped if swapped is not None else _punctuation(sentence, rng)
    if edit == "punctuation":
        return _punctuation(sentence, rng)
    words = sentence.split(" ")
    if edit == "word-added" and len(words) > 1:
        words.insert(rng.randrange(1, len(words)), rng.choice(_ADDED_WORDS))
        return " ".join(words)
    if edit == "word-dropped" and len(words) > 3:
        candidates = [i for i in range(1, len(words)) if _WORD.fullmatch(words[i])]
        if candidates:
            del words[rng.choice(candidates)]
        return " ".join(words)
    return sentence


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in simple_sentence_spans(text)]


def _bigrams(toks: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(toks))


def build_syndication_set(
    articles: Sequence[tuple[str, str]],
    *,
    seed: int = 0,
    min_tokens: int = 5,
    negatives_per_copy: int = 5,
) -> SyndicationSet:
    """Split ``articles`` into sources (indexed) and held-out texts (negatives); write copies.

    Every second article is a source; the others give the negative sentences. Sentences shorter
    than ``min_tokens`` matching tokens (before or after the edit) are left out of the copies:
    the index does not match sentences that short.
    """
    rng = random.Random(seed)
    sources = [a for i, a in enumerate(articles) if i % 2 == 0]
    held_out = [a for i, a in enumerate(articles) if i % 2 == 1]
    bigram_owner: dict[tuple[str, str], set[int]] = {}
    for number, (_, text) in enumerate(sources):
        for sentence in _sentences(text):
            for gram in _bigrams(tokens(sentence)):
                bigram_owner.setdefault(gram, set()).add(number)
    negatives: list[str] = []
    for _, text in held_out:
        for sentence in _sentences(text):
            toks = tokens(sentence)
            if len(toks) < min_tokens:
                continue
            grams = _bigrams(toks)
            hits = Counter(n for g in grams for n in bigram_owner.get(g, ()))
            if grams and hits and max(hits.values()) / len(grams) >= 0.5:
                continue
            negatives.append(sentence)
    rng.shuffle(negatives)
    copies = []
    for source_id, text in sources:
        cases = []
        copy_id = f"copy-of-{source_id}"
        for sentence in _sentences(text):
            if len(tokens(sentence)) < min_tokens:
                continue
            edit = EDIT_TYPES[rng.randrange(len(EDIT_TYPES))]
            if edit == "alias" and _alias_swap(sentence, rng) is None:
                edit = "punctuation"  # no alias to swap: counted as what it falls back to
            edited = apply_edit(sentence, edit, rng)
            if len(tokens(edited)) < min_tokens:
                continue
            cases.append(CopyCase(copy_id=copy_id, text=edited, edit=edit, source_id=source_id))
        for _ in range(negatives_per_copy):
            if negatives:
                cases.append(
                    CopyCase(
                        copy_id=copy_id, text=negatives.pop(), edit="unrelated", source_id=None
                    )
                )
        rng.shuffle(cases)
        copies.append((copy_id, tuple(cases)))
    return SyndicationSet(sources=tuple(sources), copies=tuple(copies))


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def evaluate_copies(
    source_path: Path | None = None,
    *,
    articles: Iterable[tuple[str, str]] | None = None,
    limit: int | None = None,
    seed: int = 0,
    settings: IndexSettings | None = None,
    predictions_out: Path | None = None,
) -> dict[str, Any]:
    """Precision and recall of copied-sentence detection on a generated syndication set.

    Sources come from ``source_path`` (JSON Lines with ``id`` and ``text``) or ``articles``.
    A copied sentence counts as found when it is marked copied and its true source is among its
    donors; a negative marked copied is a false positive.
    """
    if articles is None:
        if source_path is None:
            raise ValueError("give source_path or articles")
        pool = read_sources(source_path, limit=limit)
    else:
        pool = list(articles)[:limit] if limit is not None else list(articles)
    data = build_syndication_set(pool, seed=seed)
    index = SentenceIndex(settings=settings)
    for order, (source_id, text) in enumerate(data.sources):
        index.add_article(source_id, None, text, simple_sentence_spans(text), ingest_order=order)
    tp = fp = fn = tn = wrong_donor = 0
    per_edit: Counter[str] = Counter()
    per_edit_found: Counter[str] = Counter()
    rows: list[dict[str, object]] = []
    for copy_id, cases in data.copies:
        text = "\n".join(case.text for case in cases)
        spans = []
        cursor = 0
        for case in cases:
            spans.append((cursor, cursor + len(case.text)))
            cursor += len(case.text) + 1
        prov = index.query_article(copy_id, None, text, spans, ingest_order=len(data.sources))
        for case, sentence in zip(cases, prov.sentences, strict=True):
            donors = [d.article_id for d in sentence.donors]
            predicted = sentence.status == "copied"
            if case.source_id is None:
                fp += predicted
                tn += not predicted
            else:
                per_edit[case.edit] += 1
                found = predicted and case.source_id in donors
                if predicted and not found:
                    wrong_donor += 1
                tp += found
                fn += not found
                per_edit_found[case.edit] += found
            rows.append(
                {
                    "copy_id": copy_id,
                    "text": case.text,
                    "edit": case.edit,
                    "source_id": case.source_id,
                    "predicted_donors": donors,
                }
            )
    if predictions_out is not None:
        write_jsonl(predictions_out, rows)
    # a copied sentence traced to the wrong donor is a false positive as well as a miss
    precision = _ratio(tp, tp + fp + wrong_donor)
    recall = _ratio(tp, tp + fn)
    return {
        "sources": len(data.sources),
        "copies": len(data.copies),
        "copied_sentences": tp + fn,
        "negative_sentences": fp + tn,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "wrong_donor": wrong_donor,
        "precision": precision,
        "recall": recall,
        "f1": _ratio(2 * tp, 2 * tp + fp + wrong_donor + fn),
        "recall_by_edit": {e: _ratio(per_edit_found[e], per_edit[e]) for e in sorted(per_edit)},
    }
