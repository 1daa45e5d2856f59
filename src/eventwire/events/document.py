"""Document-level coding of a text's event mentions: its main mention and its labels.

The extractor (:mod:`eventwire.events.extract`) finds every event mention of an article; this
module codes a whole text (a sentence, snippet or article) from them:

- :func:`main_mention`: the main mention of a text, the trigger nearest the root of its first
  sentence with a mention (scene-setting nouns last, an ASSAULT first among coordinated verbs),
  or the event a denial of a claim is about;
- :func:`sentence_plover_type`: the PLOVER type a text is coded with from its main mention, by
  PLOVER's own codebook (a planned cooperative act is AGREE, a planned hostile one THREATEN) or
  by the project's labelling guide (a planned act keeps its type);
- :func:`predict_labels`: the labels of a taxonomy (``plover``, ``acled`` as CASE 2021 codes,
  ``police``, ``protest``) for a parsed text and its mentions;
- :func:`main_prediction`: the status, actor, target and killed figure of the main mention.

``eventwire eval events`` scores these codings against gold files (:mod:`eventwire.evaluate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.events.actors import normalise_actor
from eventwire.events.extract import sentence_mentions
from eventwire.events.lexicon import NATURAL_DISASTER_CUES
from eventwire.events.taxonomy import SUB_EVENT_TO_CASE2021
from eventwire.records import EventMention, EventStatus

__all__ = [
    "MainPrediction",
    "Muc4Slots",
    "acled_main_mention",
    "main_mention",
    "main_prediction",
    "muc4_slots",
    "muc4_type",
    "predict_labels",
    "sentence_plover_type",
]

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
#: Criminal groups whose fights with each other are organised crime, not armed conflict.
_CRIME_GROUPS = frozenset({"cartel", "gang", "mafia"})
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
    """The labels of ``taxonomy`` (plover, acled, police, protest, muc4) predicted for a parsed
    text.

    ``mentions`` are the text's event mentions as the ingest run finds them (the ``events``
    stage's claims); without them, the mentions of each sentence alone (no dates, figures or
    places). ``codebook`` is passed to :func:`sentence_plover_type` for plover labels.
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
    if taxonomy == "muc4":
        return _muc4(doc, found)
    raise ValueError(
        f"unknown taxonomy {taxonomy!r}: expected plover, acled, police, protest or muc4"
    )


#: MUC-4 incident types read from the trigger's lemma, checked in this order.
_MUC4_LEMMAS: tuple[tuple[str, frozenset[str]], ...] = (
    ("KIDNAPPING", frozenset({"kidnap", "kidnapping", "abduct", "abduction", "hostage"})),
    (
        "BOMBING",
        frozenset({"bomb", "bombing", "explode", "explosion", "blast", "dynamite", "detonate"}),
    ),
    ("ARSON", frozenset({"arson", "burn", "torch", "fire", "set"})),
    ("ROBBERY", frozenset({"rob", "robbery", "steal", "loot", "looting", "theft"})),
)
#: PLOVER modes that make an ASSAULT one of the MUC-4 types.
_MUC4_MODES = {"abduct": "KIDNAPPING", "explosives": "BOMBING", "suicide": "BOMBING"}
#: Statuses of a MUC-4 incident: accomplished or attempted (happened), or threatened.
_MUC4_STATUSES = {EventStatus.HAPPENED, EventStatus.THREATENED}


def muc4_type(doc: Doc, m: EventMention) -> str | None:
    span = doc.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand")
    lemma = (span.root.lemma_ if span is not None and len(span) else "").lower()
    words = doc.text[m.trigger.start : m.trigger.end].lower().split()
    keys = {lemma, *words}
    for label, lemmas in _MUC4_LEMMAS:
        if keys & lemmas:
            if label == "ARSON" and not _sets_fire(doc, m):
                continue
            return label
    mode = _MUC4_MODES.get(m.plover_mode or "")
    if mode is not None:
        return mode
    if m.plover_type == "ASSAULT" and m.acled_sub_event_type != "Armed clash":
        return "ATTACK"
    return None


def _sets_fire(doc: Doc, m: EventMention) -> bool:
    sentence = doc.text[m.sentence.start : m.sentence.end].lower()
    return any(cue in sentence for cue in ("set fire", "set on fire", "arson", "burn", "torch"))


@dataclass(frozen=True, slots=True)
class Muc4Slots:
    """What a text's MUC-4 incidents say, from the mentions that make its labels: who did it
    (the mentions' actors), to whom or what (their targets) and the effects their figures report
    (``DEATH`` for a killed figure, ``INJURY`` for an injured one)."""

    perpetrators: tuple[str, ...]
    targets: tuple[str, ...]
    effects: tuple[str, ...]


def muc4_slots(doc: Doc, mentions: Sequence[EventMention]) -> Muc4Slots:
    """The slots of the mentions :func:`predict_labels` reads as MUC-4 incidents."""
    perpetrators: dict[str, None] = {}
    targets: dict[str, None] = {}
    effects: set[str] = set()
    for m in mentions:
        if m.status not in _MUC4_STATUSES or muc4_type(doc, m) is None:
            continue
        if m.actor:
            perpetrators[m.actor] = None
        if m.target:
            targets[m.target] = None
        for figure in m.figures:
            if figure.kind == "killed":
                effects.add("DEATH")
            elif figure.kind == "injured":
                effects.add("INJURY")
    return Muc4Slots(tuple(perpetrators), tuple(targets), tuple(sorted(effects)))


def _muc4(doc: Doc, mentions: Sequence[EventMention]) -> list[str]:
    """MUC-4 incident types (ATTACK, BOMBING, KIDNAPPING, ARSON, ROBBERY): every type one of
    the text's violent mentions reads as, accomplished, attempted or threatened. A clash between
    armed parties (ACLED Armed clash) is not an incident: MUC-4 counts acts against civilians,
    property and officials, not combat."""
    labels = set()
    for m in mentions:
        if m.status not in _MUC4_STATUSES:
            continue
        label = muc4_type(doc, m)
        if label is not None:
            labels.add(label)
    return sorted(labels)


def _acled(doc: Doc, mentions: Sequence[EventMention]) -> list[str]:
    lower = doc.text.lower()
    lemmas = {t.lemma_.lower() for t in doc}
    with_acled = [m for m in mentions if m.acled_sub_event_type]
    violent = [m for m in with_acled if m.acled_event_type in _VIOLENT_ACLED]
    if any(cue in lower for cue in _ATTRIB) or _ATTRIB_PATTERN.search(lower):
        return ["ATTRIB"]
    if lemmas & _CRIME and not violent:
        return ["ORG_CRIME"]
    if lemmas & _CRIME_GROUPS and violent and all(m.acled_event_type == "Battles" for m in violent):
        return ["ORG_CRIME"]  # "rival drug cartels fought a gun battle": a gang war, not a battle
    if lemmas & _NATURAL and not violent:
        return ["NATURAL_DISASTER"]
    if lemmas & _MAN_MADE and not violent and not with_acled:
        return ["MAN_MADE_DISASTER"]
    main = acled_main_mention(with_acled)
    if main is not None:
        assert main.acled_sub_event_type is not None
        return [SUB_EVENT_TO_CASE2021[main.acled_sub_event_type]]
    if mentions:
        return ["DIPLO"]
    return []


def acled_main_mention(mentions: Sequence[EventMention]) -> EventMention | None:
    """The mention a text's ACLED code comes from: among those with an ACLED type, the ones that
    happened (else all) in the first sentence that has one; a protest or riot first, then any
    but "Other", ranked by event type (remote violence, battles, violence against civilians...)."""
    with_acled = [m for m in mentions if m.acled_sub_event_type]
    if not with_acled:
        return None
    happened = [m for m in with_acled if m.status is EventStatus.HAPPENED] or with_acled
    first = happened[0].sentence.start
    lead = [m for m in happened if m.sentence.start == first]
    crowd = [m for m in lead if m.acled_event_type in {"Protests", "Riots"}]
    specific = [m for m in lead if m.acled_sub_event_type != "Other"]
    return sorted(crowd or specific or lead, key=_acled_rank)[0]


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


# --------------------------------------------------------------- main-mention attributes


@dataclass(frozen=True, kw_only=True, slots=True)
class MainPrediction:
    """What the extractor says about a text's main mention: status, actor, target, killed."""

    status: str | None = None
    actor: str | None = None
    target: str | None = None
    killed: float | None = None


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
