"""``eval geo``: place recognition and resolution scored on gold files in the ``geo`` format.

Resolution metrics (over gold toponyms; an abstention counts as a miss unless stated):

* ``acc161``: share of gold toponyms resolved within 161 km (100 miles) of the gold point;
  ``acc161_answered`` the same over answered ones only;
* ``acc161_geonames``: ``acc161`` over the gold toponyms that carry a GeoNames id (the
  population that GeoNames-based systems such as Mordecai report on);
* ``exact_geonameid``: share of gold toponyms that carry a GeoNames id and got that very id;
* ``mean_km`` / ``median_km``: error distance over answered toponyms;
* ``auc``: area under the curve of the sorted errors on a log scale, as in Gritta et al.
  (2018) and the Mordecai papers: ``mean(ln(1 + err_km)) / ln(20039)`` over answered toponyms
  (0 is perfect, 1 is every answer at the antipode); ``auc_all`` counts abstentions as 20,039 km;
* ``coverage``: share of gold toponyms answered.

With ``given_spans``, the gold place-name spans are resolved with
:func:`eventwire.places.resolve.resolve_document` (no spaCy). End to end (``given_spans=False``),
each gold text goes through the stages that scoring the ``places`` stage needs
(:func:`~eventwire.evaluate.common.processor_for`), and its predictions are the ``claims.places``
that ``eventwire ingest`` stores for the same text (dateline included); recognition is scored
by exact span match (and by overlap) against the gold toponyms whose ``type`` is literal
(``Literal``, ``Mixed``, ``Literal_Modifier``, ``Embedded_Literal``; all toponyms when the file
has no types). A prediction that matches a non-literal gold toponym (metonymy, modifiers) is
neither credited nor counted as a false positive. Resolution is then scored on the exactly
matched toponyms.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.evaluate.common import annotate_records, keep_half, processor_for, write_jsonl
from eventwire.gold import GEO, read_gold
from eventwire.pipeline import ArticleProcessor
from eventwire.places.gazetteer import Gazetteer, Kind, load_gazetteer
from eventwire.places.resolve import Mention, Resolution, haversine_km, resolve_document
from eventwire.records import Place
from eventwire.settings import Settings

__all__ = ["LITERAL_TYPES", "MAX_ERROR_KM", "evaluate_geo", "read_geo", "resolution_scores"]

MAX_ERROR_KM = 20039.0
LITERAL_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal"})


def read_geo(
    path: Path, *, limit: int | None = None, half: str | None = None
) -> Iterator[dict[str, Any]]:
    """Records of a ``geo`` JSON Lines file; ``half`` keeps even (``"dev"``) or odd (``"test"``)
    record numbers only."""
    return read_gold(path, GEO, limit=limit, keep=keep_half(half))


def resolution_scores(
    pairs: list[tuple[dict[str, Any], Resolution | None]],
) -> dict[str, float | int | None]:
    """Resolution metrics for (gold toponym, prediction) pairs; see the module docstring."""
    n = len(pairs)
    errors = [haversine_km(g["lat"], g["lon"], r.lat, r.lon) for g, r in pairs if r is not None]
    with_id = [(g, r) for g, r in pairs if g.get("geonameid") is not None]
    exact = sum(1 for g, r in with_id if r is not None and r.geonameid == g["geonameid"])
    within = sum(1 for e in errors if e <= 161.0)
    within_id = sum(
        1
        for g, r in with_id
        if r is not None and haversine_km(g["lat"], g["lon"], r.lat, r.lon) <= 161.0
    )
    log_max = math.log(MAX_ERROR_KM)
    log_errors = [math.log1p(e) / log_max for e in errors]
    abstained = n - len(errors)
    return {
        "toponyms": n,
        "answered": len(errors),
        "coverage": _ratio(len(errors), n),
        "acc161": _ratio(within, n),
        "acc161_answered": _ratio(within, len(errors)),
        "acc161_geonames": _ratio(within_id, len(with_id)),
        "exact_geonameid": _ratio(exact, len(with_id)),
        "mean_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "auc": round(statistics.fmean(log_errors), 4) if errors else None,
        "auc_all": round((sum(log_errors) + abstained) / n, 4) if n else None,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _prediction_record(
    record: dict[str, Any], spans: list[tuple[int, int]], res: list[Resolution | None]
) -> dict[str, Any]:
    text = record["text"]
    toponyms = [
        {
            "start": s,
            "end": e,
            "name": text[s:e],
            "lat": r.lat,
            "lon": r.lon,
            "geonameid": r.geonameid,
            "type": None,
        }
        for (s, e), r in zip(spans, res, strict=True)
        if r is not None
    ]
    return {"id": record.get("id"), "text": text, "toponyms": toponyms}


def evaluate_geo(
    gold_path: Path,
    *,
    given_spans: bool,
    predictions_out: Path | None = None,
    limit: int | None = None,
    half: str | None = None,
    gazetteer: Gazetteer | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Scores resolution (``given_spans``) or recognition + resolution on a ``geo`` file.

    ``half`` keeps only the even-numbered (``"dev"``) or odd-numbered (``"test"``) records.
    ``gazetteer`` (default :func:`~eventwire.places.gazetteer.load_gazetteer`) resolves the given
    spans; end to end, the ``places`` stage resolves against the default gazetteer, as in the
    ingest run, so no other can be given. ``settings`` (default
    :func:`~eventwire.settings.load_settings`) give the pipeline and model of the end-to-end
    mode. ``predictions_out`` receives one ``geo`` record per document with the predicted,
    resolved toponyms.
    """
    if gazetteer is not None and not given_spans:
        raise ValueError(
            "a gazetteer is given only with given_spans: end to end, places come from the "
            "places stage, which uses the default gazetteer"
        )
    records = list(read_geo(gold_path, limit=limit, half=half))
    predictions: list[dict[str, Any]] = []
    if given_spans:
        result = _given_spans(records, gazetteer or load_gazetteer(), predictions)
    else:
        result = _end_to_end(records, processor_for("places", settings), predictions)
    if predictions_out is not None:
        write_jsonl(predictions_out, predictions, ensure_ascii=True)
    result["gold"] = str(gold_path)
    result["documents"] = len(records)
    result["mode"] = "given_spans" if given_spans else "end_to_end"
    result["half"] = half or "all"
    return result


def _given_spans(
    records: list[dict[str, Any]], gaz: Gazetteer, predictions: list[dict[str, Any]]
) -> dict[str, Any]:
    pairs: list[tuple[dict[str, Any], Resolution | None]] = []
    for record in records:
        tops = record.get("toponyms", [])
        mentions = [Mention(text=t["name"], start=t["start"], end=t["end"]) for t in tops]
        res = resolve_document(
            mentions, text=record["text"], gazetteer=gaz, allow_demonym=True, allow_partial=True
        )
        pairs.extend(zip(tops, res, strict=True))
        spans = [(t["start"], t["end"]) for t in tops]
        predictions.append(_prediction_record(record, spans, res))
    return {"resolution": resolution_scores(pairs)}


def _end_to_end(
    records: list[dict[str, Any]],
    processor: ArticleProcessor,
    predictions: list[dict[str, Any]],
) -> dict[str, Any]:
    tp = fp = fn = overlap_tp = overlap_fp = 0
    pairs: list[tuple[dict[str, Any], Resolution | None]] = []
    for item in annotate_records(processor, records):
        record = item.record
        tops = record.get("toponyms", [])
        typed = any(t.get("type") for t in tops)
        literal = [t for t in tops if not typed or t.get("type") in LITERAL_TYPES]
        other = [t for t in tops if typed and t.get("type") not in LITERAL_TYPES]
        places = item.annotations.claims.places
        pred = {(p.span.start, p.span.end): p for p in places}
        gold = {(t["start"], t["end"]): t for t in literal}
        ignored = {(t["start"], t["end"]) for t in other}
        for span, t in gold.items():
            p = pred.get(span)
            if p is None:
                fn += 1
                continue
            tp += 1
            pairs.append((t, _place_resolution(p)))
        for span in pred:
            if span in gold or span in ignored:
                continue
            fp += 1
        for span in pred:
            if span in ignored and span not in gold:
                continue
            if any(_overlaps(span, g) for g in gold):
                overlap_tp += 1
            elif not any(_overlaps(span, g) for g in ignored):
                overlap_fp += 1
        spans = [(p.span.start, p.span.end) for p in places]
        resolved = [_place_resolution(p) for p in places]
        predictions.append(_prediction_record(record, spans, resolved))
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _f1(precision, recall)
    o_precision = _ratio(overlap_tp, overlap_tp + overlap_fp)
    return {
        "recognition": {
            "gold": tp + fn,
            "predicted": tp + fp,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "overlap_precision": o_precision,
        },
        "resolution": resolution_scores(pairs),
    }


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None if p is None or r is None else 0.0
    return round(2 * p * r / (p + r), 4)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _place_resolution(p: Place) -> Resolution | None:
    """A resolved place as a resolution (None when it was left unresolved)."""
    if p.lat is None or p.lon is None or p.precision is None:
        return None
    return Resolution(
        name=p.name or p.text,
        lat=p.lat,
        lon=p.lon,
        geonameid=p.geonameid,
        country=p.country,
        admin1=p.admin1,
        admin2=None,
        kind=Kind.CITY,
        precision=p.precision,
        confidence=p.confidence or 0.0,
        entry=-1,
    )
