"""What the ``eval`` commands share: gold texts through the ingest run's stages, and the sums.

A gold text is scored as ``eventwire ingest`` would store it. :func:`gold_article` makes the
:class:`~eventwire.records.Article` the ``normalise`` stage would make of it, keeping the text as
it is (gold offsets index it): the record's id, its publication time from the record's document
time (:func:`document_time`, read as ingest reads a ``published`` field) and the dateline found
at its head. :func:`processor_for` gives the :class:`~eventwire.pipeline.ArticleProcessor` of the
settings' pipeline cut to the stages that scoring one stage needs, and :func:`annotate_records`
streams the gold texts through its parse stage in one pipe and annotates each with its extract
stages, timing both. :func:`prf` and :func:`prf_scores` are the precision, recall and F1 sums;
:func:`write_jsonl` writes predictions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from eventwire.ingest.dates import parse_datetime
from eventwire.normalise import content_hash, parse_dateline
from eventwire.pipeline import ArticleProcessor
from eventwire.records import Annotations, Article
from eventwire.settings import Settings, load_settings

__all__ = [
    "GOLD_SOURCE",
    "Annotated",
    "Timing",
    "annotate_records",
    "document_time",
    "gold_article",
    "keep_half",
    "prf",
    "prf_scores",
    "processor_for",
    "write_jsonl",
]

#: The ``source`` (and ``source_format``) of an article made from a gold record.
GOLD_SOURCE = "gold"


def document_time(record: Mapping[str, Any]) -> datetime | None:
    """The publication time of a gold record, read as ingest reads ``published``: the ``dct`` of
    a timex record, the ``published`` of a clusters record or ``extra.published`` of an events
    record; None when the record has none."""
    extra = record.get("extra")
    for value in (
        record.get("dct"),
        record.get("published"),
        extra.get("published") if isinstance(extra, Mapping) else None,
    ):
        if isinstance(value, str) and value:
            return parse_datetime(value)
    return None


def gold_article(record: Mapping[str, Any]) -> Article:
    """The article ingest would make of a gold record whose text needs no cleaning: the record's
    ``id`` and ``text``, its :func:`document_time` and the dateline at the head of its text."""
    text = str(record["text"])
    return Article(
        id=str(record["id"]),
        content_hash=content_hash(text),
        text=text,
        published=document_time(record),
        dateline=parse_dateline(text),
        source=GOLD_SOURCE,
        source_format=GOLD_SOURCE,
    )


def processor_for(stage: str, settings: Settings | None = None) -> ArticleProcessor:
    """The per-article stages of the settings' pipeline (``pipeline.stages``) that scoring
    ``stage`` needs; ``settings`` default to :func:`~eventwire.settings.load_settings`."""
    return ArticleProcessor.from_settings(settings or load_settings()).upto(stage)


@dataclass(kw_only=True)
class Timing:
    """Time spent parsing (the parse stage) and annotating (the extract stages), and the number
    of spaCy tokens parsed; filled in by :func:`annotate_records`."""

    parse_seconds: float = 0.0
    annotate_seconds: float = 0.0
    tokens: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class Annotated:
    """One gold record as the processor saw it: the article made of it, its parse and the
    annotations (``annotations.claims`` are what ingest stores for the same text)."""

    record: dict[str, Any]
    article: Article
    doc: Doc
    annotations: Annotations


def annotate_records(
    processor: ArticleProcessor,
    records: Iterable[dict[str, Any]],
    *,
    timing: Timing | None = None,
) -> Iterator[Annotated]:
    """Each record's text through ``processor``: parsed in one stream, then annotated, in order.

    ``timing`` (when given) receives the time spent in each part and the tokens parsed.
    """
    timing = timing if timing is not None else Timing()
    parsed = processor.parse((str(r["text"]), r) for r in records)
    while True:
        started = time.perf_counter()
        item = next(parsed, None)
        timing.parse_seconds += time.perf_counter() - started
        if item is None:
            return
        doc, record = item
        started = time.perf_counter()
        article = gold_article(record)
        annotations = processor.annotate(doc, article)
        timing.annotate_seconds += time.perf_counter() - started
        timing.tokens += len(doc)
        yield Annotated(record=record, article=article, doc=doc, annotations=annotations)


class _Parity:
    """Keeps record numbers of one parity (picklable, unlike a lambda)."""

    def __init__(self, parity: int) -> None:
        self.parity = parity

    def __call__(self, index: int) -> bool:
        return index % 2 == self.parity


def keep_half(half: str | None) -> Callable[[int], bool] | None:
    """The ``keep`` of :func:`~eventwire.gold.read_gold` for a half of a gold file: even record
    numbers for ``"dev"``, odd ones for ``"test"``, all for None."""
    if half not in {None, "dev", "test"}:
        raise ValueError(f"half must be 'dev', 'test' or None, not {half!r}")
    return None if half is None else _Parity(0 if half == "dev" else 1)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``tp`` matches among ``n_pred`` predictions and ``n_gold``
    gold items (0 where a denominator is 0)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf_scores(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """:func:`prf` as ``{"precision", "recall", "f1"}``, rounded to four places."""
    p, r, f = prf(tp, n_pred, n_gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def write_jsonl(
    path: Path, rows: Iterable[Mapping[str, Any]], *, ensure_ascii: bool = False
) -> None:
    """Write ``rows`` as JSON Lines in UTF-8, creating the folder if needed; ``ensure_ascii``
    escapes non-ASCII characters."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=ensure_ascii) + "\n")
