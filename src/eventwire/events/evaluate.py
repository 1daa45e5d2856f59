"""Score event typing on an ``events`` gold file (one record per sentence, snippet or document).

Each text is parsed and its event mentions found with :func:`sentence_mentions`; ``predict_labels``
turns them into the gold file's taxonomy:

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

Scores are per label (precision, recall, F1, support) with macro-F1 (mean over the labels seen in
gold or predictions) and micro-F1, and accuracy where each record has one gold label.

Plover records whose ``extra`` carries ``status`` (the project's written set,
``samples/gold/events-written.jsonl``) are also scored on their *main mention* as found by
:func:`extract_events` as in the ingest pipeline (time expressions and figures attached,
publication date from ``extra.published``); see
:func:`score_main_mentions`. The result then has a ``main_mention`` block; other files are scored
as before.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from eventwire.events.actors import normalise_actor
from eventwire.events.extract import extract_events, sentence_mentions
from eventwire.events.lexicon import NATURAL_DISASTER_CUES
from eventwire.events.taxonomy import (
    CASE2021_CODES,
    CASE2021_NON_ACLED,
    PLOVER_05_TO_CURRENT,
    SUB_EVENT_TO_CASE2021,
    SUB_EVENT_TO_TYPE,
)
from eventwire.gold import EVENTS, read_gold
from eventwire.nlp import load_nlp
from eventwire.records import EventMention, EventStatus

__all__ = [
    "MainPrediction",
    "actor_key",
    "actors_match",
    "evaluate_events",
    "main_mention",
    "main_prediction",
    "predict_labels",
    "score_labels",
    "score_main_mentions",
    "sentence_plover_type",
    "throughput",
]

log = logging.getLogger(__name__)


_ATTRIB = (
    "claimed responsibility",
    "claim responsibility",
    "claims responsibility",
    "claiming responsibility",
    "responsibility for",
    "blamed",
    "behind the attack",
)
_ATTRIB_PATTERN = re.compile(
    r"\bresponsib|\bclaim(?:ed|s)? (?:the )?(?:attack|killing|murder|bombing|abduction)"
    r"|\b(?:accusation|allegation)s?\b.{0,80}\battack"
)
_CRIME = frozenset(
    {
        "drug",
        "cartel",
        "trafficking",
        "trafficker",
        "smuggle",
        "smuggling",
        "smuggler",
        "robbery",
        "robber",
        "heist",
        "extortion",
        "gang",
        "narcotic",
        "cocaine",
        "heroin",
        "mafia",
        "laundering",
        "theft",
        "thief",
        "burglary",
        "fraud",
        "poaching",
        "counterfeit",
    }
)
#: Natural-disaster words, and the magnitude of an earthquake.
_NATURAL = NATURAL_DISASTER_CUES | {"magnitude"}
_MAN_MADE = frozenset(
    {
        "accident",
        "crash",
        "collapse",
        "derail",
        "derailment",
        "stampede",
        "leak",
        "spill",
        "capsize",
        "blaze",
        "overturn",
        "poisoning",
        "factory",
        "plant",
        "refinery",
        "mine",
        "boiler",
        "cylinder",
        "train",
        "ferry",
        "bus",
        "crashed",
        "hazard",
        "collision",
        "collide",
        "sank",
    }
)
_VIOLENT_ACLED = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
_FAIL_CUES = (
    "failed to",
    "did not",
    "didn't",
    "mute spectator",
    "did nothing",
    "looked on",
    "stood by",
    "no action",
    "inaction",
    "watched",
    "remained silent",
)
_FORCE_COERCE = {"restrict", "raid", "destroy", "seize"}
_KILL_WORDS = {"kill", "shoot", "murder", "massacre", "execute", "fire", "gun"}


def _token_at(doc: Doc, start: int) -> Token | None:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


#: Prepositions whose noun sets the scene of a clause's event ("adopt sanctions at a summit").
_SETTING_PREPS = frozenset(
    {"at", "during", "after", "before", "following", "ahead", "amid", "since", "despite"}
)
#: Verbs of denial whose reported event is the sentence's main event when it is a claim.
_DENIALS = frozenset({"deny", "reject", "dismiss", "refute"})
_CLAIM_NOUNS = frozenset(
    {"claim", "report", "allegation", "accusation", "rumour", "rumor", "suggestion", "charge"}
)


def _clause_depth(token: Token) -> int:
    """Depth in the parse, a verb coordinated with another counting as that verb ("set fire to
    the office and shot dead four guards": both at the clause's depth)."""
    while token.dep_ == "conj" and token.pos_ == "VERB" and token.head.pos_ == "VERB":
        token = token.head
    return _depth(token)


def _setting(token: Token) -> int:
    """1 when a noun trigger only sets the scene of its clause ("at a summit", "after talks")."""
    prep = token.head
    return int(
        token.pos_ in {"NOUN", "PROPN"}
        and token.dep_ == "pobj"
        and prep.lower_ in _SETTING_PREPS
        and prep.head.pos_ == "VERB"
    )


def _denied_claim(
    doc: Doc, main: EventMention, lead: Sequence[EventMention]
) -> EventMention | None:
    """For "X denied carrying out the strike" or "rejected claims that the curfew had been
    reimposed", the denied event: the labelling guide codes the denied event, status denied."""
    if main.plover_type != "REJECT":
        return None
    verb = _token_at(doc, main.trigger.start)
    if verb is None or verb.lemma_.lower() not in _DENIALS:
        return None
    claims = any(
        (c.dep_ == "dobj" and c.lemma_.lower() in _CLAIM_NOUNS)
        or (c.dep_ in {"xcomp", "ccomp", "dobj"} and c.pos_ in {"VERB", "AUX"})
        for c in verb.children
    )
    if not claims:
        return None
    inside = {t.i for t in verb.subtree} - {verb.i}
    for mention in lead:
        token = _token_at(doc, mention.trigger.start)
        if (
            token is not None
            and token.i in inside
            and mention.status is EventStatus.DENIED
            and mention is not main
        ):
            return mention
    return None


def main_mention(doc: Doc, mentions: Sequence[EventMention]) -> EventMention | None:
    """The main mention of a text: in its first sentence with a mention, the one of the main
    clause (nearest the root, scene-setting nouns last, an ASSAULT first among coordinated
    verbs), or the event a denial of a claim is about."""
    if not mentions:
        return None
    first = min(m.sentence.start for m in mentions)
    lead = [m for m in mentions if m.sentence.start == first]

    def key(mention: EventMention) -> tuple[int, int, int]:
        token = _token_at(doc, mention.trigger.start)
        if token is None:
            return (1, 99, 1)
        return (_setting(token), _clause_depth(token), int(mention.plover_type != "ASSAULT"))

    main = min(lead, key=key)
    return _denied_claim(doc, main, lead) or main


#: PLOVER types that GLOCON's protest label covers: protest, and the contentious violence around
#: it (attacks, clashes, repression).
_CONTENTIOUS = {"PROTEST", "ASSAULT"}
_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
_HOSTILE = {"ASSAULT", "COERCE", "SANCTION"}


def sentence_plover_type(main: EventMention, *, codebook: bool = True) -> str:
    """The PLOVER type a sentence is coded with, from its main mention.

    With ``codebook`` (PLOVER's own coding, as in plover-gsr), a planned cooperative act ("will
    visit", "offered to withdraw") is AGREE and a planned hostile act ("will retaliate") is
    THREATEN. Without it (the labelling guide of ``samples/gold``), a planned act keeps its type
    ("will meet" is CONSULT, "are preparing an offensive" is ASSAULT); promises and threats are
    AGREE and THREATEN mentions of their own there.
    """
    if codebook and main.status is EventStatus.PLANNED and main.plover_type in _COOPERATIVE:
        return "AGREE"
    if codebook and main.status is EventStatus.PLANNED and main.plover_type in _HOSTILE:
        return "THREATEN"
    return main.plover_type


def _mentions(doc: Doc) -> list[EventMention]:
    out: list[EventMention] = []
    for sentence in doc.sents:
        out.extend(sentence_mentions(sentence, article_id=""))
    return out


def predict_labels(
    doc: Doc,
    taxonomy: str,
    mentions: Sequence[EventMention] | None = None,
    *,
    codebook: bool = True,
) -> list[str]:
    """The labels of ``taxonomy`` (plover, acled, police, protest) predicted for a parsed text.

    ``codebook`` is passed to :func:`sentence_plover_type` for plover labels.
    """
    found = list(mentions) if mentions is not None else _mentions(doc)
    if taxonomy == "plover":
        main = main_mention(doc, found)
        return [sentence_plover_type(main, codebook=codebook)] if main else []
    if taxonomy == "acled":
        return _acled(doc, found)
    if taxonomy == "police":
        return _police(doc, found)
    if taxonomy == "protest":
        return _protest(found)
    raise ValueError(f"unknown taxonomy {taxonomy!r}: expected plover, acled, police or protest")


def _acled(doc: Doc, mentions: Sequence[EventMention]) -> list[str]:
    lower = doc.text.lower()
    lemmas = {t.lemma_.lower() for t in doc}
    with_acled = [m for m in mentions if m.acled_sub_event_type]
    violent = [m for m in with_acled if m.acled_event_type in _VIOLENT_ACLED]
    if any(cue in lower for cue in _ATTRIB) or _ATTRIB_PATTERN.search(lower):
        return ["ATTRIB"]
    if lemmas & _CRIME and not violent:
        return ["ORG_CRIME"]
    if lemmas & _NATURAL and not violent:
        return ["NATURAL_DISASTER"]
    if lemmas & _MAN_MADE and not violent and not with_acled:
        return ["MAN_MADE_DISASTER"]
    if with_acled:
        happened = [m for m in with_acled if m.status is EventStatus.HAPPENED] or with_acled
        first = happened[0].sentence.start
        lead = [m for m in happened if m.sentence.start == first]
        crowd = [m for m in lead if m.acled_event_type in {"Protests", "Riots"}]
        specific = [m for m in lead if m.acled_sub_event_type != "Other"]
        ranked = sorted(crowd or specific or lead, key=_acled_rank)
        sub = ranked[0].acled_sub_event_type
        assert sub is not None
        return [SUB_EVENT_TO_CASE2021[sub]]
    if mentions:
        return ["DIPLO"]
    return []


_ACLED_RANK = {
    "Explosions/Remote violence": 0,
    "Battles": 1,
    "Violence against civilians": 2,
    "Riots": 3,
    "Protests": 4,
    "Strategic developments": 5,
}


def _acled_rank(mention: EventMention) -> int:
    rank = _ACLED_RANK.get(mention.acled_event_type or "", 9)
    if mention.acled_sub_event_type == "Attack":
        rank = 3
    return rank


def _police(doc: Doc, mentions: Sequence[EventMention]) -> list[str]:
    labels: set[str] = set()
    police_events = []
    for m in mentions:
        actor = normalise_actor(m.actor) if m.actor else None
        is_police = actor is not None and actor.type in {"police", "security forces"}
        if is_police or (
            m.actor is None and m.plover_type == "COERCE" and m.plover_mode == "arrest"
        ):
            police_events.append(m)
    for m in police_events:
        if m.status is not EventStatus.HAPPENED:
            continue
        word = _token_at(doc, m.trigger.start)
        lemma = word.lemma_.lower() if word is not None else ""
        if m.plover_type == "COERCE" and m.plover_mode == "arrest":
            labels.add("ARREST")
        if m.plover_type == "ASSAULT" or (
            m.plover_type == "COERCE" and m.plover_mode in _FORCE_COERCE
        ):
            labels.add("FORCE")
            if lemma in _KILL_WORDS:
                labels.add("KILL")
        labels.add("ANY_ACTION")
    lower = doc.text.lower()
    if "police" in lower and any(cue in lower for cue in _FAIL_CUES):
        labels.update({"FAIL", "ANY_ACTION"})
    order = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
    return [label for label in order if label in labels]


def _protest(mentions: Sequence[EventMention]) -> list[str]:
    protests = [
        m
        for m in mentions
        if m.plover_type in _CONTENTIOUS or m.acled_event_type in {"Protests", "Riots"}
    ]
    if any(m.status is EventStatus.HAPPENED for m in protests):
        return ["PROTEST"]
    if any(m.status in {EventStatus.PLANNED, EventStatus.THREATENED} for m in protests):
        return ["AMBIGUOUS"]
    return []


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
        prec, rec, f1 = _prf(tp[label], fp[label], fn[label])
        per_label[label] = {
            "precision": prec,
            "recall": rec,
            "f1": f1,
            "support": tp[label] + fn[label],
            "predicted": tp[label] + fp[label],
        }
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
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


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def throughput(
    texts: Sequence[str],
    *,
    nlp: Language | None = None,
    with_figures: bool = True,
) -> dict[str, float]:
    """Words per second of ``nlp.pipe`` alone and of ``nlp.pipe`` plus :func:`extract_events`.

    Both runs parse the same ``texts`` in one process; ``ratio`` is the extraction run's speed
    over the parser's (1.0 = no cost). ``with_figures`` includes figure extraction (the default
    when ``extract_events`` gets no figures).
    """
    from datetime import date

    from eventwire.events.extract import extract_events

    pipeline = nlp or load_nlp()
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


# --------------------------------------------------------------- main-mention attributes


@dataclass(frozen=True, kw_only=True, slots=True)
class MainPrediction:
    """What the extractor says about a text's main mention: status, actor, target, killed."""

    status: str | None = None
    actor: str | None = None
    target: str | None = None
    killed: float | None = None


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


def main_prediction(mention: EventMention | None) -> MainPrediction | None:
    """The status, actor, target and killed best value (first killed figure) of a mention."""
    if mention is None:
        return None
    killed = next((f.best for f in mention.figures if f.kind == "killed"), None)
    return MainPrediction(
        status=str(mention.status),
        actor=mention.actor,
        target=mention.target,
        killed=killed,
    )


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


def _published(extra: Mapping[str, Any]) -> date | None:
    value = extra.get("published")
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _main_of(doc: Doc, extra: Mapping[str, Any]) -> MainPrediction | None:
    """The main mention as the ingest pipeline sees it: time expressions and figures included."""
    from eventwire.dates import extract_times

    published = _published(extra)
    times = extract_times(doc.text, published=published) if published is not None else ()
    found = extract_events(doc, article_id="", published=published, times=times)
    return main_prediction(main_mention(doc, found))


def _read(path: Path, limit: int | None) -> list[dict[str, Any]]:
    return list(read_gold(path, EVENTS, limit=limit))


def evaluate_events(
    gold_path: Path,
    *,
    predictions_out: Path | None = None,
    limit: int | None = None,
    nlp: Language | None = None,
) -> dict[str, Any]:
    """Score the event extractor on an ``events`` gold file (see the module docstring).

    ``predictions_out`` receives the same records with the predicted ``labels``. ``limit``
    scores only the first records. The result holds the taxonomy, the scores of
    :func:`score_labels` and, for ``acled``, an ``event_type`` block at the ACLED event-type level
    (with ``acled_only_accuracy`` over the records whose gold code is an ACLED type). For plover
    records whose ``extra`` has ``status``, a ``main_mention`` block from
    :func:`score_main_mentions` (and, in ``predictions_out``, each such record's predicted
    ``main_mention``).
    """
    records = _read(Path(gold_path), limit)
    pipeline = nlp or load_nlp()
    started = time.perf_counter()
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    out_records: list[dict[str, Any]] = []
    # read_gold has checked that every record holds the same taxonomy
    taxonomy = str(records[0]["taxonomy"]) if records else "plover"
    texts: Iterable[str] = (str(r["text"]) for r in records)
    main_rows: list[tuple[list[str], Mapping[str, Any], MainPrediction | None]] = []
    for record, doc in zip(records, pipeline.pipe(texts, batch_size=64), strict=True):
        labels, accepted = _gold_labels(record)
        extra = record.get("extra")
        scored_main = taxonomy == "plover" and isinstance(extra, Mapping) and "status" in extra
        # Written records follow the labelling guide (planned acts keep their type).
        raw = predict_labels(doc, taxonomy, codebook=not scored_main)
        guess = list(labels) if len(labels) == 1 and len(raw) == 1 and raw[0] in accepted else raw
        gold.append(labels)
        predicted.append(guess)
        main: MainPrediction | None = None
        if scored_main:
            assert isinstance(extra, Mapping)
            main = _main_of(doc, extra)
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
    if main_rows:
        result["main_mention"] = score_main_mentions(
            [row[0] for row in main_rows],
            [row[1] for row in main_rows],
            [row[2] for row in main_rows],
        )
    result["seconds"] = round(elapsed, 2)
    if predictions_out is not None:
        predictions_out.parent.mkdir(parents=True, exist_ok=True)
        with predictions_out.open("w", encoding="utf-8") as handle:
            for record in out_records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    log.info("events eval %s: %d records in %.1fs", gold_path, len(records), elapsed)
    return result
