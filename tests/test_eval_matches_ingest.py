"""What ``eventwire eval`` scores is what ``eventwire ingest`` stores.

For a few records of a gold file, the evaluator writes its predictions; the same texts are then
ingested as a JSON Lines corpus (url, text, published) into a fresh store, with the store stages
dropped, and the stored claims must equal the predictions record by record: time expressions,
quotes (and their flags), resolved places, and the event coding (labels and main mention) of the
stored event mentions. Only records whose text normalisation leaves unchanged are taken, and the
stored text is checked to be the gold text, so the offsets compare like with like.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eventwire import run_pipeline
from eventwire.evaluate import (
    document_time,
    evaluate_events,
    evaluate_geo,
    evaluate_quotes,
    evaluate_timex,
)
from eventwire.events import EVENT_FIGURE_KINDS, main_mention, main_prediction, predict_labels
from eventwire.export import iter_export
from eventwire.nlp import load_nlp
from eventwire.normalise import clean_text, parse_dateline
from eventwire.records import EventMention, EventStatus, Figure, Span
from eventwire.settings import Settings
from eventwire.stages import Pipeline, StageKind
from eventwire.store import Store
from tests.conftest import SAMPLES, shared_file

Rows = dict[str, list[dict[str, Any]]]


def _records(
    path: Path, count: int, where: Callable[[dict[str, Any]], bool] | None = None
) -> list[dict[str, Any]]:
    """The first ``count`` records of ``path`` whose text normalisation leaves as it is (and
    ``where`` accepts)."""
    chosen = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record["text"]
            if clean_text(text) == text and (where is None or where(record)):
                chosen.append(record)
            if len(chosen) == count:
                break
    return chosen


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def quiet_settings(settings: Settings) -> Settings:
    """The test settings with the language declared by the corpus, not detected: the short
    sentences of a gold file are all English but too short to identify reliably."""
    return settings.replace(language={"detect": False})


class Ingested:
    """The gold records ingested into a store: each export kind's rows by gold id."""

    def __init__(self, records: list[dict[str, Any]], settings: Settings, tmp_path: Path) -> None:
        corpus = []
        for record in records:
            published = document_time(record)
            corpus.append(
                {
                    "url": f"https://gold.example/{record['id']}",
                    # a title of its own keeps a headline line in the text, as the gold has it
                    "title": f"Gold record {record['id']}",
                    "text": record["text"],
                    "published": published.isoformat() if published else None,
                    "language": "en",
                }
            )
        path = _write(tmp_path / "corpus.jsonl", corpus)
        pipeline = Pipeline.from_settings(settings).without(StageKind.STORE)
        self.kinds: dict[str, Rows] = {}
        with Store(settings.store.path) as store:
            summary = run_pipeline([str(path)], settings=settings, store=store, pipeline=pipeline)
            assert summary.parsed == len(records), summary.as_dict()
            articles = list(iter_export(store, "articles"))
            gold_id = {a["id"]: a["url"].rsplit("/", 1)[1] for a in articles}
            self.texts = {gold_id[a["id"]]: a["text"] for a in articles}
            for kind in ("times", "quotes", "places", "event-mentions", "figures", "flags"):
                rows: Rows = defaultdict(list)
                for row in iter_export(store, kind):
                    rows[gold_id[row["article_id"]]].append(row)
                self.kinds[kind] = rows
        for record in records:
            assert self.texts[str(record["id"])] == record["text"]

    def rows(self, kind: str, record: dict[str, Any]) -> list[dict[str, Any]]:
        return self.kinds[kind].get(str(record["id"]), [])


def _compare(
    predictions: list[dict[str, Any]],
    stored: Ingested,
    kind: str,
    predicted: Callable[[dict[str, Any]], list[Any]],
    from_store: Callable[[dict[str, Any]], Any],
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> int:
    """Assert each record's predicted claims equal its stored ones (those ``keep`` keeps);
    return the number compared."""
    compared = 0
    for record in predictions:
        expected = predicted(record)
        rows = [row for row in stored.rows(kind, record) if keep is None or keep(row)]
        assert [from_store(row) for row in rows] == expected, record["id"]
        compared += len(expected)
    return compared


def _time(item: dict[str, Any]) -> tuple[Any, ...]:
    """A predicted (timex format) or stored (times export) time expression, compared."""
    return (item["start"], item["end"], item["type"], item["value"])


def _place(item: dict[str, Any]) -> tuple[Any, ...]:
    """A predicted (geo format) or stored (places export) resolved place, compared."""
    return (item["start"], item["end"], item["lat"], item["lon"], item["geonameid"])


def _span(value: dict[str, int] | None) -> tuple[int, int] | None:
    return None if value is None else (value["start"], value["end"])


def _pair(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


@pytest.mark.gold
def test_eval_timex_scores_the_stored_times(quiet_settings: Settings, tmp_path: Path) -> None:
    records = _records(shared_file("data", "timex", "meantime.jsonl"), 4)
    out = tmp_path / "pred.jsonl"
    gold = _write(tmp_path / "gold.jsonl", records)
    evaluate_timex(gold, predictions_out=out, settings=quiet_settings)
    stored = Ingested(records, quiet_settings, tmp_path)
    compared = _compare(
        _read(out),
        stored,
        "times",
        lambda r: [_time(t) for t in r["timexes"]],
        _time,
    )
    assert compared >= 10


@pytest.mark.gold
def test_eval_quotes_scores_the_stored_quotes(quiet_settings: Settings, tmp_path: Path) -> None:
    records = _records(shared_file("data", "quotes", "polnear-dev.jsonl"), 3)
    out = tmp_path / "pred.jsonl"
    scores = evaluate_quotes(
        _write(tmp_path / "gold.jsonl", records), predictions_out=out, settings=quiet_settings
    )
    stored = Ingested(records, quiet_settings, tmp_path)
    compared = _compare(
        _read(out),
        stored,
        "quotes",
        lambda r: [
            (
                _span(a["content"]),
                _span(a["cue"]),
                _span(a["source"]),
                a["kind"],
                a["speaker"],
                a["speaker_role"],
                a["resolved"],
            )
            for a in r["attributions"]
        ],
        lambda row: (
            (row["content_start"], row["content_end"]),
            _pair(row["cue_start"], row["cue_end"]),
            _pair(row["speaker_start"], row["speaker_end"]),
            row["kind"],
            row["speaker"],
            row["speaker_role"],
            row["resolved"],
        ),
    )
    assert compared >= 10
    flags = Counter(
        row["code"]
        for record in records
        for row in stored.rows("flags", record)
        if row["target_kind"] == "quote"
    )
    assert {code: flags[code] for code in scores["flags"]} == scores["flags"]


@pytest.mark.gold
def test_eval_geo_scores_the_stored_places(quiet_settings: Settings, tmp_path: Path) -> None:
    gold = shared_file("data", "geo", "geowebnews.jsonl")
    # and article 172, whose dateline (NEW YORK) decides where some of its places resolve
    records = _records(gold, 3) + _records(gold, 1, where=lambda r: r["id"] == "172")
    assert parse_dateline(records[-1]["text"]) is not None
    out = tmp_path / "pred.jsonl"
    evaluate_geo(
        _write(tmp_path / "gold.jsonl", records),
        given_spans=False,
        predictions_out=out,
        settings=quiet_settings,
    )
    stored = Ingested(records, quiet_settings, tmp_path)
    compared = _compare(
        _read(out),
        stored,
        "places",
        lambda r: [_place(p) for p in r["toponyms"]],
        _place,
        keep=lambda row: row["lat"] is not None,  # predictions list the resolved places
    )
    assert compared >= 10


def _stored_mentions(stored: Ingested, record: dict[str, Any]) -> list[EventMention]:
    """The stored event mentions of a record, with the stored figures of their sentences that
    the extractor attaches (:func:`~eventwire.events.extract_events`)."""
    figures = [
        Figure(
            article_id=row["article_id"],
            span=Span(start=row["start"], end=row["end"]),
            text=row["text"],
            kind=row["kind"],
            low=row["low"],
            best=row["best"],
            high=row["high"],
            projection=row["projection"],
        )
        for row in stored.rows("figures", record)
    ]
    mentions = []
    for row in stored.rows("event-mentions", record):
        sentence = Span(start=row["sentence_start"], end=row["sentence_end"])
        status = EventStatus(row["status"])
        attached = tuple(
            f
            for f in figures
            if f.kind in EVENT_FIGURE_KINDS
            and sentence.start <= f.span.start
            and f.span.end <= sentence.end
            and f.projection == (status is EventStatus.PROJECTED)
        )
        mentions.append(
            EventMention(
                article_id=row["article_id"],
                sentence=sentence,
                trigger=Span(start=row["trigger_start"], end=row["trigger_end"]),
                plover_type=row["plover_type"],
                plover_mode=row["plover_mode"],
                acled_event_type=row["acled_event_type"],
                acled_sub_event_type=row["acled_sub_event_type"],
                actor=row["actor"],
                target=row["target"],
                figures=attached,
                status=status,
            )
        )
    return mentions


def test_eval_events_codes_the_stored_event_mentions(
    quiet_settings: Settings, tmp_path: Path
) -> None:
    records = _records(SAMPLES / "gold" / "events-written.jsonl", 8)
    out = tmp_path / "pred.jsonl"
    evaluate_events(
        _write(tmp_path / "gold.jsonl", records), predictions_out=out, settings=quiet_settings
    )
    stored = Ingested(records, quiet_settings, tmp_path)
    nlp = load_nlp(quiet_settings)
    found = 0
    for predicted in _read(out):
        mentions = _stored_mentions(stored, predicted)
        found += len(mentions)
        doc = nlp(stored.texts[predicted["id"]])
        # the written set is coded by its labelling guide, not by PLOVER's codebook
        assert predict_labels(doc, "plover", mentions, codebook=False) == predicted["labels"]
        main = main_prediction(main_mention(doc, mentions))
        coded = {
            "status": main.status if main else None,
            "actor": main.actor if main else None,
            "target": main.target if main else None,
            "killed": main.killed if main else None,
        }
        assert coded == predicted["main_mention"], predicted["id"]
    assert found >= len(records)
