"""``eval events``: event typing scored on an ``events`` gold file (one record per sentence,
snippet or document).

Each gold text goes through the stages that scoring the ``events`` stage needs
(:func:`~eventwire.evaluate.common.processor_for`: times, figures, places and quotes before the
events), so its mentions are the ``claims.events`` that ``eventwire ingest`` stores for the same
text, with the publication date from ``extra.published`` where a record has one.
:func:`~eventwire.events.document.predict_labels` codes them in the gold file's taxonomy:

- ``plover``: the type of the *main* mention (the trigger nearest the root of its sentence's
  parse, first sentence first). Gold labels are PLOVER 0.5b1 and are mapped to the current 16
  types through ``PLOVER_05_TO_CURRENT`` (FIGHT -> ASSAULT, DEMAND -> REQUEST, DISAPPROVE and
  INVESTIGATE -> ACCUSE). A record whose identical text was also coded with other labels
  (``extra.same_text_other_labels``) counts a prediction of any of them as correct.
- ``acled`` (CASE 2021 codes): the ACLED sub-event of the first mention that has one (happened
  mentions first), written as its CASE code. The five non-ACLED codes are predicted from cues
  outside PLOVER: ATTRIB from claims of responsibility, ORG_CRIME from organised-crime words,
  NATURAL_DISASTER and MAN_MADE_DISASTER from disaster words when no violent event is found, and
  DIPLO for a text whose only mentions are PLOVER events without an ACLED type (talks, praise,
  requests, accusations...). Scored at the sub-event level (30 codes) and at the event-type level
  (the 6 ACLED types; each non-ACLED code stays its own label).
- ``police`` (IndiaPoliceEvents): mentions whose actor is police (or an arrest with no actor):
  ARREST from COERCE/arrest; KILL from an ASSAULT whose trigger is a killing; FORCE from any
  ASSAULT or forceful COERCE (restrict, raid, destroy); FAIL from a police subject with a failure
  cue (failed, did not, mute spectators); ANY_ACTION when any of these or any other police event
  is found.
- ``protest`` (GLOCON): PROTEST when a PROTEST mention (or ACLED Protests/Riots) happened;
  AMBIGUOUS when the only ones are planned or threatened; nothing otherwise.
- ``muc4`` (MUC-4 incident types, one message per record, several labels each): every type one
  of the text's ASSAULT-like mentions reads as, when it happened or was threatened: KIDNAPPING,
  BOMBING, ARSON and ROBBERY from the trigger's lemma or the PLOVER mode (abduct, explosives,
  suicide), ATTACK for any other assault; an armed clash (ACLED Armed clash) is no incident.
  That is the rules' reading (``rules_only``); by default the learned incident model re-reads
  each type over the rules' labels and the message's words (:mod:`eventwire.events.incidents`).

Scores are per label (precision, recall, F1, support) with macro-F1 (mean over the labels seen in
gold or predictions) and micro-F1, and accuracy where each record has one gold label.

Plover records whose ``extra`` carries ``status`` (the project's written set,
``samples/gold/events-written.jsonl``) are also scored on their *main mention*
(:func:`~eventwire.events.document.main_mention` of the same mentions); see
:func:`score_main_mentions`. The result then has a ``main_mention`` block; other files are scored
as before.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from eventwire.errors import GoldError, Reason
from eventwire.evaluate.common import annotate_records, prf, processor_for, write_jsonl
from eventwire.events import (
    CASE2021_CODES,
    CASE2021_NON_ACLED,
    PLOVER_05_TO_CURRENT,
    MainPrediction,
    extract_events,
    main_mention,
    main_prediction,
    muc4_slots,
    normalise_actor,
    predict_labels,
)
from eventwire.events.document import acled_main_mention
from eventwire.events.incidents import (
    INCIDENT_TYPES,
    RULE,
    RULES,
    IncidentModel,
    fit_incidents,
    incident_features,
    incident_labels,
)
from eventwire.events.retype import mention_features, retype, train_model
from eventwire.events.taxonomy import SUB_EVENT_TO_TYPE
from eventwire.gold import EVENTS, read_gold
from eventwire.nlp import load_nlp
from eventwire.records import EventMention
from eventwire.settings import Settings

__all__ = [
    "actor_key",
    "actors_match",
    "evaluate_events",
    "score_labels",
    "score_main_mentions",
    "throughput",
    "train_subevents",
]

log = logging.getLogger(__name__)


def _gold_labels(record: dict[str, Any]) -> tuple[list[str], set[str]]:
    """Gold labels in the scored vocabulary, and the alternatives accepted for them."""
    labels = [str(x) for x in record.get("labels", [])]
    extra = record.get("extra") or {}
    others = [str(x) for x in extra.get("same_text_other_labels", []) or []]
    if record.get("taxonomy") == "plover":
        labels = [PLOVER_05_TO_CURRENT.get(x, x) for x in labels]
        others = [PLOVER_05_TO_CURRENT.get(x, x) for x in others]
    return labels, set(others)


def _event_type(code: str) -> str:
    if code in CASE2021_NON_ACLED or code not in CASE2021_CODES:
        return code
    return SUB_EVENT_TO_TYPE[CASE2021_CODES[code]]


def score_labels(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]
) -> dict[str, Any]:
    """Per-label precision/recall/F1, macro- and micro-F1, and single-label accuracy."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    exact = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = set(g), set(p)
        exact += gs == ps
        for label in gs & ps:
            tp[label] += 1
        for label in ps - gs:
            fp[label] += 1
        for label in gs - ps:
            fn[label] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    per_label: dict[str, dict[str, float | int]] = {}
    for label in labels:
        prec, rec, f1 = prf(tp[label], tp[label] + fp[label], tp[label] + fn[label])
        per_label[label] = {
            "precision": prec,
            "recall": rec,
            "f1": f1,
            "support": tp[label] + fn[label],
            "predicted": tp[label] + fp[label],
        }
    hits = sum(tp.values())
    micro = prf(hits, hits + sum(fp.values()), hits + sum(fn.values()))
    macro = sum(v["f1"] for v in per_label.values()) / len(per_label) if per_label else 0.0
    return {
        "records": len(gold),
        "accuracy": exact / len(gold) if gold else 0.0,
        "macro_f1": macro,
        "micro_precision": micro[0],
        "micro_recall": micro[1],
        "micro_f1": micro[2],
        "per_label": per_label,
    }


def throughput(
    texts: Sequence[str],
    *,
    settings: Settings | None = None,
    with_figures: bool = True,
) -> dict[str, float]:
    """Words per second of ``nlp.pipe`` alone and of ``nlp.pipe`` plus :func:`extract_events`.

    Both runs parse the same ``texts`` in one process with the spaCy pipeline of ``settings``
    (default :func:`~eventwire.settings.load_settings`); ``ratio`` is the extraction run's speed
    over the parser's (1.0 = no cost). ``with_figures`` includes figure extraction (the default
    when ``extract_events`` gets no figures).
    """
    pipeline = load_nlp(settings)
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for _ in pipeline.pipe(texts, batch_size=64):
        pass
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    mentions = 0
    for doc in pipeline.pipe(texts, batch_size=64):
        found = extract_events(
            doc,
            article_id="bench",
            published=date(2020, 1, 1),
            figures=None if with_figures else (),
        )
        mentions += len(found)
    full_s = time.perf_counter() - started
    return {
        "texts": float(len(texts)),
        "words": float(words),
        "mentions": float(mentions),
        "parse_words_per_s": words / parse_s if parse_s else 0.0,
        "extract_words_per_s": words / full_s if full_s else 0.0,
        "ratio": parse_s / full_s if full_s else 0.0,
    }


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def actor_key(name: str | None) -> str | None:
    """The form two actor names are compared in: :func:`normalise_actor`, then case-folded.

    The name goes through the actor dictionary (aliases and demonyms: "ISIL" and "IS" both give
    "Islamic State", "Kenyan soldiers" gives "Kenyan military"); the canonical or cleaned name is
    case-folded, with spaces collapsed, a leading article and outer punctuation removed. ``None``
    and blank names give ``None``.
    """
    if name is None or not name.strip():
        return None
    canonical = normalise_actor(name).name
    key = " ".join(canonical.split()).strip(" .,;:'\"").casefold()
    while True:
        shorter = _ARTICLE.sub("", key)
        if shorter == key:
            break
        key = shorter
    return key or None


def actors_match(gold: str | None, predicted: str | None, *, relaxed: bool = False) -> bool:
    """Whether two actor names match: equal :func:`actor_key` (both ``None`` included).

    ``relaxed`` also accepts names where the words of one key are all among the words of the
    other ("attacker" and "unidentified attacker", "church leaders" and "Kenyan church leaders").
    """
    gold_key, guess_key = actor_key(gold), actor_key(predicted)
    if gold_key == guess_key:
        return True
    if not relaxed or gold_key is None or guess_key is None:
        return False
    gold_words, guess_words = set(gold_key.split()), set(guess_key.split())
    return gold_words <= guess_words or guess_words <= gold_words


def _gold_best(value: object) -> float | None:
    if isinstance(value, Mapping):
        best = value.get("best")
        return float(best) if isinstance(best, int | float) else None
    return None


def _share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def score_main_mentions(
    gold_labels: Sequence[Sequence[str]],
    gold_extras: Sequence[Mapping[str, Any]],
    predicted: Sequence[MainPrediction | None],
) -> dict[str, Any]:
    """Status, actor, target and killed accuracy of the main mention against gold ``extra``.

    - ``status_accuracy``: records whose gold ``status`` is set; correct when a main mention was
      found and its status equals the gold one (``by_status`` splits it by gold status).
    - ``actor_accuracy`` / ``target_accuracy``: records with a gold label (a gold main event);
      correct when :func:`actors_match` (equal :func:`actor_key`, both ``None`` included; no main
      mention predicts ``None``). The ``*_named`` variants count only records whose gold name is
      set; the ``*_relaxed`` ones accept word-subset matches (``actors_match(relaxed=True)``).
    - ``killed_accuracy``: records with a gold label; correct when the gold ``killed.best`` (or
      ``None`` when ``killed`` is null) equals the predicted best value. ``killed_with_figure_
      accuracy`` counts only records whose gold ``killed.best`` is set.
    - ``false_happened``: among records with no happened gold event (no event, or an event that
      did not happen), the share whose main mention is predicted ``happened``.
    """
    status_hits = status_total = 0
    by_status: dict[str, list[int]] = {}
    counts: Counter[str] = Counter()
    false_happened = {"no_event": [0, 0], "not_happened": [0, 0]}
    for labels, extra, guess in zip(gold_labels, gold_extras, predicted, strict=True):
        status = extra.get("status")
        guessed_status = guess.status if guess is not None else None
        if status is not None:
            hit = int(guessed_status == status)
            status_hits += hit
            status_total += 1
            cell = by_status.setdefault(str(status), [0, 0])
            cell[0] += hit
            cell[1] += 1
        if status != "happened":
            bucket = false_happened["no_event" if status is None else "not_happened"]
            bucket[0] += int(guessed_status == "happened")
            bucket[1] += 1
        if not labels:
            continue
        counts["event_records"] += 1
        for role in ("actor", "target"):
            raw_name = extra.get(role)
            gold_name = raw_name if isinstance(raw_name, str) else None
            guess_name = getattr(guess, role) if guess is not None else None
            hit = int(actors_match(gold_name, guess_name))
            counts[f"{role}_hits"] += hit
            counts[f"{role}_relaxed_hits"] += int(actors_match(gold_name, guess_name, relaxed=True))
            if actor_key(gold_name) is not None:
                counts[f"{role}_named"] += 1
                counts[f"{role}_named_hits"] += hit
        gold_killed = _gold_best(extra.get("killed"))
        guess_killed = guess.killed if guess is not None else None
        hit = int(gold_killed == guess_killed)
        counts["killed_hits"] += hit
        if gold_killed is not None:
            counts["killed_with_figure"] += 1
            counts["killed_with_figure_hits"] += hit
    events = counts["event_records"]
    return {
        "records": len(gold_labels),
        "status_records": status_total,
        "status_accuracy": _share(status_hits, status_total),
        "by_status": {
            name: {"accuracy": _share(hit, total), "records": total}
            for name, (hit, total) in sorted(by_status.items())
        },
        "event_records": events,
        "actor_accuracy": _share(counts["actor_hits"], events),
        "actor_relaxed_accuracy": _share(counts["actor_relaxed_hits"], events),
        "actor_named_records": counts["actor_named"],
        "actor_named_accuracy": _share(counts["actor_named_hits"], counts["actor_named"]),
        "target_accuracy": _share(counts["target_hits"], events),
        "target_relaxed_accuracy": _share(counts["target_relaxed_hits"], events),
        "target_named_records": counts["target_named"],
        "target_named_accuracy": _share(counts["target_named_hits"], counts["target_named"]),
        "killed_accuracy": _share(counts["killed_hits"], events),
        "killed_with_figure_records": counts["killed_with_figure"],
        "killed_with_figure_accuracy": _share(
            counts["killed_with_figure_hits"], counts["killed_with_figure"]
        ),
        "false_happened": {
            name: {"rate": _share(hit, total), "records": total}
            for name, (hit, total) in false_happened.items()
        },
    }


# ------------------------------------------------------------------------- MUC-4 slots

_QUOTED = re.compile(r'"([^"]+)"')
_SLOT_STOP_TEXT = "the a an of in on at and or to for by with from"
_SLOT_STOP = frozenset(_SLOT_STOP_TEXT.split())
_MUC4_PERP = ("9. PERP: INDIVIDUAL ID", "10. PERP: ORGANIZATION ID")
_MUC4_PHYS = "12. PHYS TGT: ID"
_MUC4_NAME = "18. HUM TGT: NAME"
_MUC4_DESCRIPTION = "19. HUM TGT: DESCRIPTION"
_MUC4_EFFECT = "23. HUM TGT: EFFECT OF INCIDENT"


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _SLOT_STOP)


def _fill_lines(fill: object) -> list[str]:
    text = str(fill or "").strip()
    if text in ("", "*", "-"):
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def _entities(fill: object, *, first_only: bool = False) -> list[frozenset[str]]:
    """The entities of a slot fill: one per line, each the words of its alternatives (``/``);
    with ``first_only`` only a line's first quoted string (a description before its name)."""
    out = []
    for line in _fill_lines(fill):
        strings = _QUOTED.findall(line)
        if first_only:
            strings = strings[:1]
        words = frozenset().union(*(_words(x) for x in strings)) if strings else frozenset()
        if words:
            out.append(words)
    return out


def muc4_gold_slots(record: Mapping[str, Any]) -> dict[str, Any]:
    """The perpetrators, targets (physical and human) and effects (DEATH, INJURY) of a
    ``muc4`` record's relevant templates (those with an incident type)."""
    extra = record.get("extra") or {}
    perps: list[frozenset[str]] = []
    targets: list[frozenset[str]] = []
    effects: set[str] = set()
    for t in extra.get("templates") or []:
        if not isinstance(t, Mapping) or str(t.get("4. INCIDENT: TYPE", "*")).strip() == "*":
            continue
        for slot in _MUC4_PERP:
            perps += _entities(t.get(slot))
        targets += _entities(t.get(_MUC4_PHYS))
        described = _entities(t.get(_MUC4_DESCRIPTION), first_only=True)
        names = _entities(t.get(_MUC4_NAME))
        named_in_description = _entities(t.get(_MUC4_DESCRIPTION))
        targets += described
        targets += [n for n in names if not any(n <= d for d in named_in_description)]
        for line in _fill_lines(t.get(_MUC4_EFFECT)):
            head = line.split(":", 1)[0].strip().lstrip("?").strip()
            if head in ("DEATH", "INJURY"):
                effects.add(head)
    return {"perpetrators": perps, "targets": targets, "effects": effects}


class _SlotCounts:
    """Relaxed matching of predicted strings to gold entities: a string matches an entity when
    they share a content word (MUC's head-noun leniency, approximated)."""

    def __init__(self) -> None:
        self.predicted = self.predicted_ok = self.gold = self.gold_found = 0

    def add(self, predicted: Sequence[str], gold: Sequence[frozenset[str]]) -> None:
        words = [_words(p) for p in predicted]
        self.predicted += len(words)
        self.predicted_ok += sum(1 for w in words if any(w & g for g in gold))
        self.gold += len(gold)
        self.gold_found += sum(1 for g in gold if any(w & g for w in words))

    def scores(self) -> dict[str, float | int]:
        p = self.predicted_ok / self.predicted if self.predicted else 0.0
        r = self.gold_found / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": p,
            "recall": r,
            "f1": f1,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def evaluate_events(
    gold_path: Path,
    *,
    predictions_out: Path | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    incident_model: IncidentModel | None = None,
    rules_only: bool = False,
) -> dict[str, Any]:
    """Score the ``events`` stage on an ``events`` gold file (see the module docstring).

    ``muc4`` records are read by the incident model (``incident_model``, by default the
    packaged one: :mod:`eventwire.events.incidents`) over the rules, or by the rules alone
    (``rules_only``).

    ``settings`` (default :func:`~eventwire.settings.load_settings`) give the pipeline and model.
    ``predictions_out`` receives the same records with the predicted ``labels``. ``limit``
    scores only the first records. The result holds the taxonomy, the scores of
    :func:`score_labels` and, for ``acled``, an ``event_type`` block at the ACLED event-type level
    (with ``acled_only_accuracy`` over the records whose gold code is an ACLED type). For plover
    records whose ``extra`` has ``status``, a ``main_mention`` block from
    :func:`score_main_mentions` (and, in ``predictions_out``, each such record's predicted
    ``main_mention``).
    """
    records = list(read_gold(Path(gold_path), EVENTS, limit=limit))
    processor = processor_for("events", settings)
    started = time.perf_counter()
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    out_records: list[dict[str, Any]] = []
    # read_gold has checked that every record holds the same taxonomy
    taxonomy = str(records[0]["taxonomy"]) if records else "plover"
    main_rows: list[tuple[list[str], Mapping[str, Any], MainPrediction | None]] = []
    slots = {"perpetrator": _SlotCounts(), "target": _SlotCounts()}
    effect_gold: list[list[str]] = []
    effect_predicted: list[list[str]] = []
    for item in annotate_records(processor, records):
        record, doc = item.record, item.doc
        mentions = item.annotations.claims.events
        labels, accepted = _gold_labels(record)
        extra = record.get("extra")
        scored_main = taxonomy == "plover" and isinstance(extra, Mapping) and "status" in extra
        # Written records follow the labelling guide (planned acts keep their type).
        if taxonomy == "muc4" and not rules_only:
            raw = incident_labels(doc, mentions, incident_model)
        else:
            raw = predict_labels(doc, taxonomy, mentions, codebook=not scored_main)
        guess = list(labels) if len(labels) == 1 and len(raw) == 1 and raw[0] in accepted else raw
        gold.append(labels)
        predicted.append(guess)
        if taxonomy == "muc4":
            found = muc4_slots(doc, mentions)
            expected = muc4_gold_slots(record)
            slots["perpetrator"].add(found.perpetrators, expected["perpetrators"])
            slots["target"].add(found.targets, expected["targets"])
            effect_gold.append(sorted(expected["effects"]))
            effect_predicted.append(list(found.effects))
        main: MainPrediction | None = None
        if scored_main:
            assert isinstance(extra, Mapping)
            main = main_prediction(main_mention(doc, mentions))
            main_rows.append((labels, extra, main))
        if predictions_out is not None:
            out = {**record, "labels": raw}
            if scored_main:
                out["main_mention"] = {
                    "status": main.status if main else None,
                    "actor": main.actor if main else None,
                    "target": main.target if main else None,
                    "killed": main.killed if main else None,
                }
            out_records.append(out)
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {"gold": str(gold_path), "taxonomy": taxonomy}
    result.update(score_labels(gold, predicted))
    if taxonomy == "acled":
        gold_types = [[_event_type(x) for x in g] for g in gold]
        pred_types = [[_event_type(x) for x in p] for p in predicted]
        event_level = score_labels(gold_types, pred_types)
        acled_rows = [
            (g, p)
            for g, p in zip(gold_types, pred_types, strict=True)
            if g and g[0] not in CASE2021_NON_ACLED
        ]
        event_level["acled_only_accuracy"] = (  # records whose gold code is an ACLED type
            sum(set(g) == set(p) for g, p in acled_rows) / len(acled_rows) if acled_rows else 0.0
        )
        acled_sub = [
            (g, p)
            for g, p in zip(gold, predicted, strict=True)
            if g and g[0] not in CASE2021_NON_ACLED
        ]
        result["acled_only_sub_event_macro_f1"] = score_labels(
            [g for g, _ in acled_sub], [p for _, p in acled_sub]
        )["macro_f1"]
        result["event_type"] = event_level
    if taxonomy == "muc4":
        result["slots"] = {name: counts.scores() for name, counts in slots.items()}
        effect = score_labels(effect_gold, effect_predicted)
        result["slots"]["effect"] = {
            "micro_f1": effect["micro_f1"],
            "per_label": effect["per_label"],
        }
    if main_rows:
        result["main_mention"] = score_main_mentions(
            [row[0] for row in main_rows],
            [row[1] for row in main_rows],
            [row[2] for row in main_rows],
        )
    result["seconds"] = round(elapsed, 2)
    if predictions_out is not None:
        write_jsonl(predictions_out, out_records)
    log.info("events eval %s: %d records in %.1fs", gold_path, len(records), elapsed)
    return result


#: Thresholds tried by :func:`train_subevents`' cross-validation (1.01: the rules alone).
SUBEVENT_THRESHOLDS = (0.0, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 1.01)


def train_subevents(
    gold_paths: Sequence[Path],
    out: Path,
    *,
    folds: int = 5,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Train the sub-event model of :mod:`eventwire.events.retype` on ``acled`` gold files
    (CASE 2021 codes) and write it to ``out``.

    Each text's main mention under the rules alone (:func:`acled_main_mention`) is one training
    row, labelled with the text's ACLED sub-event type (texts coded with a non-ACLED class or
    without a mention are left out of the fit but kept in the scoring). The override threshold
    is the one whose ``folds``-fold cross-validated accuracy of the texts' codes is highest
    (ties: the higher threshold); the report gives each threshold's figure, 1.01 being the
    rules alone.
    """
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    for path in gold_paths:
        found = list(read_gold(Path(path), EVENTS))
        wrong = sorted({str(r["taxonomy"]) for r in found} - {"acled"})
        if wrong:
            raise GoldError(
                Reason.BAD_FIELD,
                f"{path}: training needs acled records (CASE 2021 codes), found {wrong[0]}",
            )
        records.extend(found)
    # the parse only: the rules' mentions are found here, without the packaged model
    processor = processor_for("nlp", settings)
    items: list[tuple[Doc, list[EventMention], list[str]]] = []
    features: list[list[list[str]]] = []  # each text's mentions' features, computed once
    rows: list[list[str] | None] = []
    for item in annotate_records(processor, records):
        mentions = extract_events(item.doc, article_id=item.article.id, figures=(), learned=False)
        codes = [str(x) for x in item.record["labels"]]
        items.append((item.doc, mentions, codes))
        features.append([mention_features(item.doc, m) for m in mentions])
        main = acled_main_mention(mentions)
        sub = CASE2021_CODES.get(codes[0]) if len(codes) == 1 else None
        rows.append(features[-1][mentions.index(main)] if main is not None and sub else None)
    usable = sum(r is not None for r in rows)
    if usable < 2 * folds:
        raise GoldError(
            Reason.MISSING_FIELD,
            f"{gold_paths[0]}: {usable} texts with one ACLED code and an event mention to learn "
            f"from; training needs at least {2 * folds}",
        )
    hits = {t: 0 for t in SUBEVENT_THRESHOLDS}
    for fold in range(folds):
        fit = [i for i, r in enumerate(rows) if r is not None and i % folds != fold]
        model = train_model(
            [rows[i] or [] for i in fit],
            [CASE2021_CODES[items[i][2][0]] for i in fit],
            threshold=0.0,
        )
        for i in range(fold, len(items), folds):
            doc, mentions, codes = items[i]
            for t in SUBEVENT_THRESHOLDS:
                revised = retype(doc, mentions, replace(model, threshold=t), features[i])
                hits[t] += predict_labels(doc, "acled", revised) == codes
    accuracy = {t: hits[t] / len(items) if items else 0.0 for t in SUBEVENT_THRESHOLDS}
    best = max(SUBEVENT_THRESHOLDS, key=lambda t: (accuracy[t], t))
    fit = [i for i, r in enumerate(rows) if r is not None]
    model = train_model(
        [rows[i] or [] for i in fit],
        [CASE2021_CODES[items[i][2][0]] for i in fit],
        threshold=best,
        trained_on=", ".join(Path(p).name for p in gold_paths),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    return {
        "gold": [str(p) for p in gold_paths],
        "texts": len(items),
        "training_rows": len(fit),
        "features": len(model.vocabulary),
        "labels": len(model.labels),
        "cv_accuracy_by_threshold": {str(t): round(a, 4) for t, a in accuracy.items()},
        "threshold": best,
        "out": str(out),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }


#: Thresholds tried for each incident type by :func:`train_incidents`' cross-validation.
INCIDENT_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def incident_rows(
    gold_path: Path, *, limit: int | None = None, settings: Settings | None = None
) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """Each ``muc4`` record's message features (:func:`incident_features`, from the mentions an
    ingest run finds), gold incident types and the rules' types."""
    records = list(read_gold(Path(gold_path), EVENTS, limit=limit))
    wrong = sorted({str(r["taxonomy"]) for r in records} - {"muc4"})
    if wrong:
        raise GoldError(
            Reason.BAD_FIELD, f"{gold_path}: training needs muc4 records, found {wrong[0]}"
        )
    processor = processor_for("events", settings)
    rows: list[list[str]] = []
    gold: list[list[str]] = []
    rules: list[list[str]] = []
    for item in annotate_records(processor, records):
        feats = incident_features(item.doc, item.annotations.claims.events)
        rows.append(feats)
        gold.append(_gold_labels(item.record)[0])
        rules.append([f.removeprefix(RULE) for f in feats if f.startswith(RULE)])
    return rows, gold, rules


def cross_validate_incidents(
    rows: Sequence[Sequence[str]],
    gold: Sequence[Sequence[str]],
    rules: Sequence[Sequence[str]] | None = None,
    *,
    folds: int = 5,
    l2: float = 10.0,
    min_count: int = 3,
) -> tuple[tuple[float, ...], dict[str, Any]]:
    """Held-out probabilities of every message (``folds`` folds by position), the threshold of
    each type that maximises its held-out F1 (:data:`RULES` where the ``rules``' own labels
    score higher), and the held-out scores at those thresholds."""
    held = np.zeros((len(rows), len(INCIDENT_TYPES)))
    for fold in range(folds):
        fit = [i for i in range(len(rows)) if i % folds != fold]
        model = fit_incidents(
            [rows[i] for i in fit], [gold[i] for i in fit], l2=l2, min_count=min_count
        )
        for i in range(fold, len(rows), folds):
            p = model.probabilities(rows[i])
            held[i] = [p[label] for label in INCIDENT_TYPES]
    chosen = []
    for j, label in enumerate(INCIDENT_TYPES):
        truth = np.array([label in g for g in gold])

        def f1(t: float, j: int = j, truth: np.ndarray = truth) -> float:
            guess = held[:, j] >= t
            tp = int(np.sum(guess & truth))
            return 2 * tp / (int(guess.sum()) + int(truth.sum())) if tp else 0.0

        best = max(INCIDENT_THRESHOLDS, key=lambda t: (f1(t), -abs(t - 0.5)))
        if rules is not None:
            by_rules = np.array([label in r for r in rules])
            tp = int(np.sum(by_rules & truth))
            if tp and 2 * tp / (int(by_rules.sum()) + int(truth.sum())) > f1(best):
                best = RULES
        chosen.append(best)
    predicted = [
        [
            label
            for j, label in enumerate(INCIDENT_TYPES)
            if (
                label in rules[i]
                if rules is not None and chosen[j] >= RULES
                else held[i, j] >= chosen[j]
            )
        ]
        for i in range(len(rows))
    ]
    return tuple(chosen), score_labels([list(g) for g in gold], predicted)


def train_incidents(
    gold_path: Path,
    out: Path,
    *,
    folds: int = 5,
    limit: int | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Train the incident model of :mod:`eventwire.events.incidents` on a ``muc4`` gold file
    and write it to ``out``: the thresholds and the report's held-out figures come from
    ``folds``-fold cross-validation (the thresholds are chosen on the same held-out
    probabilities they are scored on, so the figures lean slightly optimistic); the rules'
    figures on the same messages are given beside them."""
    started = time.perf_counter()
    rows, gold, rules = incident_rows(gold_path, limit=limit, settings=settings)
    if len(rows) < 2 * folds:
        raise GoldError(
            Reason.MISSING_FIELD,
            f"{gold_path}: {len(rows)} messages; training needs at least {2 * folds}",
        )
    thresholds, held_out = cross_validate_incidents(rows, gold, rules, folds=folds)
    model = fit_incidents(rows, gold, thresholds=thresholds, trained_on=Path(gold_path).name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    return {
        "gold": str(gold_path),
        "messages": len(rows),
        "features": len(model.vocabulary),
        "thresholds": dict(zip(INCIDENT_TYPES, thresholds, strict=True)),
        "cross_validated": held_out,
        "rules_alone": score_labels(gold, rules),
        "out": str(out),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
