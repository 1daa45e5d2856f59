"""``eval timex``: time expressions scored against gold data in the ``timex`` format.

Each gold text goes through the stages that scoring the ``times`` stage needs
(:func:`~eventwire.evaluate.common.processor_for`); its predictions are the ``claims.times`` that
``eventwire ingest`` stores for the same text, read against the record's ``dct``.

Gold records are JSON Lines ``{"id", "text", "dct", "timexes": [{"start", "end", "type",
"value"}]}`` (``dct`` is the publication date). Definitions:

* **strict** span match: predicted ``(start, end)`` equals the gold span exactly;
* **relaxed** span match: the spans overlap. Gold and predicted mentions are paired one to one,
  each gold mention with the unpaired prediction that overlaps it most (ties: the earlier one);
* precision = matches / predicted mentions, recall = matches / gold mentions, F1 their harmonic
  mean (strict and relaxed each);
* **type accuracy** and **value accuracy**: over relaxed-matched pairs, the share whose ``type``
  (resp. TIMEX3 ``value``, compared as exact strings) equals the gold one. ``value_f1`` is the
  TempEval-3 style "value F1": pairs with the right value counted as matches in P/R/F1;
* ``per_type``: for each gold type, the gold count, relaxed recall and value accuracy;
* ``without_dateline``: the same scores with every mention on the text's second line removed
  from gold and predictions (MEANTIME puts the document date there).

``region_lines=N`` scores only mentions that start on the first ``N`` lines of each text, gold
and predicted alike. MEANTIME annotated only the opening of each article (headline, dateline
and the first sentences: no gold mention starts after the sixth line), so its precision is
meaningful only with ``region_lines=6``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evaluate.common import (
    Timing,
    annotate_records,
    keep_half,
    prf_scores,
    processor_for,
    write_jsonl,
)
from eventwire.gold import TIMEX, read_gold
from eventwire.settings import Settings

__all__ = ["TimexMention", "evaluate_timex", "score_timex"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class TimexMention:
    """A gold or predicted mention: span, TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str | None


def _pair(
    gold: list[TimexMention], pred: list[TimexMention]
) -> list[tuple[TimexMention, TimexMention]]:
    used: set[int] = set()
    pairs: list[tuple[TimexMention, TimexMention]] = []
    for g in gold:
        best: tuple[int, int] | None = None
        for i, p in enumerate(pred):
            if i in used:
                continue
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap <= 0:
                continue
            if best is None or overlap > best[0]:
                best = (overlap, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    return pairs


def score_timex(
    docs: Iterable[tuple[list[TimexMention], list[TimexMention]]],
) -> dict[str, Any]:
    """Scores for ``(gold mentions, predicted mentions)`` per document (see module docstring)."""
    n_gold = n_pred = strict = relaxed = type_ok = value_ok = 0
    per_type: dict[str, dict[str, int]] = {}
    for gold, pred in docs:
        n_gold += len(gold)
        n_pred += len(pred)
        pred_spans = {(p.start, p.end) for p in pred}
        strict += sum(1 for g in gold if (g.start, g.end) in pred_spans)
        for g in gold:
            per_type.setdefault(g.type, {"gold": 0, "matched": 0, "value_ok": 0})["gold"] += 1
        for g, p in _pair(gold, pred):
            relaxed += 1
            type_ok += g.type == p.type
            value_ok += g.value == p.value
            per_type[g.type]["matched"] += 1
            per_type[g.type]["value_ok"] += g.value == p.value
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "strict": prf_scores(strict, n_pred, n_gold),
        "relaxed": prf_scores(relaxed, n_pred, n_gold),
        "matched": relaxed,
        "type_accuracy": round(type_ok / relaxed, 4) if relaxed else 0.0,
        "value_accuracy": round(value_ok / relaxed, 4) if relaxed else 0.0,
        "value_f1": prf_scores(value_ok, n_pred, n_gold)["f1"],
        "per_type": {
            name: {
                "gold": c["gold"],
                "recall": round(c["matched"] / c["gold"], 4) if c["gold"] else 0.0,
                "value_accuracy": round(c["value_ok"] / c["matched"], 4) if c["matched"] else 0.0,
            }
            for name, c in sorted(per_type.items())
        },
    }


def _second_line(text: str) -> tuple[int, int]:
    first = text.find("\n")
    if first < 0:
        return (len(text), len(text))
    second = text.find("\n", first + 1)
    return (first + 1, second if second >= 0 else len(text))


def _line_start(text: str, line: int) -> int:
    """Offset where line number ``line`` (0-based) starts, or ``len(text)``."""
    at = 0
    for _ in range(line):
        nl = text.find("\n", at)
        if nl < 0:
            return len(text)
        at = nl + 1
    return at


def evaluate_timex(
    gold_path: Path,
    *,
    predictions_out: Path | None = None,
    limit: int | None = None,
    half: str | None = None,
    region_lines: int | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Score the ``times`` stage on a timex gold file (see the module docstring).

    ``half`` keeps only the even-numbered (``"dev"``) or odd-numbered (``"test"``) records.
    ``region_lines`` keeps only mentions starting on the first lines (see the module docstring).
    ``predictions_out`` receives the predictions in the same ``timex`` format (all of them).
    ``settings`` (default :func:`~eventwire.settings.load_settings`) give the pipeline and model;
    ``seconds`` is the time spent in the extract stages, parsing excluded.
    """
    keep = keep_half(half)
    records = list(read_gold(gold_path, TIMEX, limit=limit, keep=keep))
    processor = processor_for("times", settings)
    timing = Timing()
    docs: list[tuple[list[TimexMention], list[TimexMention]]] = []
    docs_wo: list[tuple[list[TimexMention], list[TimexMention]]] = []
    out_records: list[dict[str, Any]] = []
    for item in annotate_records(processor, records, timing=timing):
        record = item.record
        text: str = record["text"]
        gold = [
            TimexMention(start=t["start"], end=t["end"], type=t["type"], value=t.get("value"))
            for t in record["timexes"]
        ]
        pred = [
            TimexMention(start=t.span.start, end=t.span.end, type=t.type, value=t.value)
            for t in item.annotations.claims.times
        ]
        out_records.append(
            {
                "id": record["id"],
                "text": text,
                "dct": record["dct"],
                "timexes": [
                    {"start": m.start, "end": m.end, "type": m.type, "value": m.value} for m in pred
                ],
            }
        )
        if region_lines is not None:
            limit_at = _line_start(text, region_lines)
            gold = [m for m in gold if m.start < limit_at]
            pred = [m for m in pred if m.start < limit_at]
        docs.append((gold, pred))
        lo, hi = _second_line(text)
        docs_wo.append(
            (
                [m for m in gold if not (lo <= m.start < hi)],
                [m for m in pred if not (lo <= m.start < hi)],
            )
        )
    n_docs = len(records)
    seconds = timing.annotate_seconds
    scores = score_timex(docs)
    scores["without_dateline"] = score_timex(docs_wo)
    scores["documents"] = n_docs
    scores["seconds"] = round(seconds, 3)
    scores["documents_per_second"] = round(n_docs / seconds, 1) if seconds else 0.0
    scores["expressions_per_second"] = round(scores["predicted"] / seconds, 1) if seconds else 0.0
    if predictions_out is not None:
        write_jsonl(predictions_out, out_records)
    logger.info("timex eval on %d documents: %s", n_docs, scores["value_accuracy"])
    return scores
