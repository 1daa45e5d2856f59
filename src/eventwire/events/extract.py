"""Event mentions from a parsed article: trigger, PLOVER type and mode, ACLED type, actors,
status, date, figures and place, each tied to its sentence and trigger by character offsets.

Detection is per sentence: every token whose lemma and part of speech fit a lexicon row
(:mod:`eventwire.events.lexicon`) is a candidate trigger; candidates of the same type linked in
the parse ("killed in clashes", "held a protest", "agreed to a ceasefire") are one mention, headed
by the highest of them. Actors and targets come from the head's subject, object and agent, or
from the nouns folded into it ("clashes with Daesh fighters"), and are normalised through the
actor dictionary (:mod:`eventwire.events.actors`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

# eventwire.figures must be imported before eventwire.dates (the two import each other).
import eventwire.figures
from eventwire.dates import event_date
from eventwire.events.actors import (
    HEAD_TYPES,
    Actor,
    country_code,
    country_named,
    dictionary_name,
    normalise_actor,
    state_force,
    state_of,
)
from eventwire.events.lexicon import (
    CLASH_WORDS,
    DISASTER_CUES,
    PLACE_NOUNS,
    REPORTING_VERBS,
    WEAPON_CUES,
    Trigger,
    triggers_for,
)
from eventwire.events.status import status_of
from eventwire.events.taxonomy import acled_for
from eventwire.nlp.pipeline import PARAGRAPH_BREAKS, mark_paragraph_breaks
from eventwire.records import EventMention, EventStatus, Figure, Place, Span, TimeExpression

__all__ = [
    "EVENT_FIGURE_KINDS",
    "PARAGRAPH_BREAKS",
    "Locate",
    "extract_events",
    "mark_paragraph_breaks",
    "sentence_mentions",
]

log = logging.getLogger(__name__)

Locate = Callable[[Span, Span], Place | None]

#: Figure kinds attached to an event mention from its sentence.
EVENT_FIGURE_KINDS = frozenset(
    {"killed", "injured", "displaced", "arrested", "kidnapped", "missing"}
)

_VERB_POS = {"VERB"}
_NOUN_POS = {"NOUN", "PROPN"}
_NUMERIC_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
_NAME_ENTS = {"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"}
_MODE_ORDER = (
    "occupy",
    "abduct",
    "sexual",
    "wmd",
    "suicide",
    "aerial",
    "grenade",
    "artillery",
    "clash",
    "explosives",
    "execute",
    "assassinate",
    "torture",
    "beat",
    "firearms",
)
_REMOTE_CUE_MODES = {"wmd", "suicide", "aerial", "grenade", "artillery", "explosives"}
_BODY_TRIGGERS = {"kill", "injure", "wound", "die"}
_GOV_VERBS = {"retake", "recapture", "regain", "liberate", "reclaim", "liberation"}
_INTERVENTION_CUES = {
    "tear",
    "teargas",
    "cannon",
    "baton",
    "lathi",
    "disperse",
    "rubber",
    "pepper",
    "arrest",
    "detain",
    "stun",
}
_FORCE_VERBS = {"kill", "shoot", "fire", "wound", "injure", "beat"}
_SOURCE_NOUNS = {"official", "source", "spokesman", "spokesperson", "expert", "analyst"}
_MOB_WORDS = {"mob", "mobs", "vigilante", "vigilantes", "lynch"}
_STATE_SIDE = {
    "soldier",
    "troop",
    "army",
    "military",
    "security",
    "police",
    "policeman",
    "base",
    "checkpoint",
    "convoy",
    "patrol",
    "barracks",
    "outpost",
    "trooper",
    "peacekeeper",
    "force",
}
_NONSTATE_SIDE = {
    "militant",
    "rebel",
    "insurgent",
    "jihadist",
    "gunman",
    "gunmen",
    "terrorist",
    "guerrilla",
    "fighter",
    "militia",
    "militiaman",
    "separatist",
}
_NONSTATE_TYPES = {"rebel", "jihadist group", "militia", "armed group"}
_ARMS = {
    "weapon",
    "arm",
    "ammunition",
    "cache",
    "stash",
    "explosive",
    "device",
    "bomb",
    "grenade",
    "firearm",
    "rifle",
    "gun",
    "missile",
    "mortar",
    "rocket",
    "ied",
    "landmine",
    "mine",
    "projectile",
    "round",
    "detonator",
    "pistol",
    "package",
}
_INDUSTRIAL = {
    "plant",
    "factory",
    "warehouse",
    "boiler",
    "tank",
    "cylinder",
    "pipeline",
    "refinery",
    "propane",
    "ammonium",
    "leak",
    "blaze",
    "mine",
    "firework",
    "chemical",
    "reactor",
    "accident",
}
_ATTACK_CONTEXT = {
    "attack",
    "militant",
    "terrorist",
    "suicide",
    "insurgent",
    "rebel",
    "ied",
    "grenade",
    "rocket",
    "missile",
    "airstrike",
    "bomber",
    "jihadist",
    "gunman",
    "claim",
    "target",
    "plant",
}
_ACCIDENTAL = {
    "explosion",
    "blast",
    "explode",
    "detonate",
    "detonation",
    "device",
    "chemical",
    "toxic",
    "mine",
    "explosive",
    "poison",
    "tank",
}
_CROWD_NOUNS = {"rally", "protest", "demonstration", "march", "protester", "demonstrator", "vigil"}
_EXPLOSION_TRIGGERS = {"explode", "explosion", "blast", "detonate", "blow"}
_RIOT_CUES = {
    "molotov",
    "firecracker",
    "violent",
    "stone",
    "rock",
    "pelt",
    "torch",
    "vandalise",
    "vandalize",
    "burn",
    "loot",
    "smash",
    "hurl",
    "throw",
    "clash",
    "bottle",
    "brick",
    "violence",
    "block",
    "barricade",
}
_PLACE_HEADS = PLACE_NOUNS | {"line", "front", "frontline", "street", "market", "house", "home"}
_GENERIC_HEADS = {
    "action",
    "campaign",
    "activity",
    "movement",
    "gathering",
    "violence",
    "incident",
    "operation",
    "wave",
    "season",
}
_DESCRIPTIVE = {"SUPPORT", "AID", "COOPERATE", "CONSULT", "ACCUSE"}
_PROJECTILES = {"gas", "teargas", "cannon", "bullet", "shot", "stone", "rock", "brick", "bottle"}
_TIME_ENTS = {"DATE", "TIME"}
_PERSON_OBJECT_ENTS = {"PERSON", "NORP"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
#: Nouns whose "with"/"by" complement names the other side of a fight ("killed in clashes with").
_FIGHT_NOUNS = CLASH_WORDS | {"attack", "ambush", "assault", "raid", "offensive", "shootout"}
#: Event nouns that can stand as the subject of a casualty verb ("the attack killed 11").
_EVENT_SUBJECTS = (
    _FIGHT_NOUNS
    | _EXPLOSION_TRIGGERS
    | {"strike", "airstrike", "bombing", "shelling", "war", "violence", "gunfire", "fire"}
)
#: Participles that describe support for an actor ("backed by air strikes"), not an event.
_SUPPORT_PARTICIPLES = {"back", "support", "aid", "assist", "help", "cover", "escort", "arm"}
#: Abstract nouns of which an event noun is only the topic ("the final phase of the battle").
_ASPECT_NOUNS = {
    "phase",
    "stage",
    "end",
    "start",
    "beginning",
    "course",
    "outcome",
    "part",
    "history",
    "anniversary",
    "cost",
    "lesson",
    "future",
    "prospect",
}
#: Cues that a noun "strike" is a work stoppage, not a military strike.
_LABOUR_CUES = {
    "worker",
    "union",
    "general",
    "hunger",
    "labour",
    "labor",
    "walkout",
    "pay",
    "wage",
    "salary",
    "teacher",
    "nurse",
    "doctor",
    "employee",
    "staff",
    "driver",
    "trucker",
    "miner",
    "picket",
    "pension",
}
#: Verbs whose subject or object "strike" is a military strike ("carried out the strike").
_STRIKE_GOVERNORS = {"hit", "kill", "destroy", "carry", "conduct", "launch", "wound"}
#: Cues that a noun "strike" is a military strike.
_MILITARY_STRIKE_CUES = {
    "forces",
    "coalition",
    "military",
    "army",
    "force",
    "warplane",
    "jet",
    "drone",
    "air",
    "missile",
    "rocket",
    "artillery",
    "target",
    "hit",
    "kill",
    "destroy",
    "militant",
    "rebel",
    "insurgent",
    "civilian",
    "market",
    "hospital",
    "camp",
}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "them", "him", "her", "us", "who"}


@dataclass(slots=True)
class _Group:
    head: Token
    trigger: Trigger
    members: list[tuple[Token, Trigger]] = field(default_factory=list)


def _coarse(token: Token) -> str | None:
    if token.pos_ in _VERB_POS:
        return "V"
    if token.pos_ in _NOUN_POS:
        return "N"
    return None


def _forms(token: Token) -> set[str]:
    lower = token.lower_
    return {token.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else lower}


def _dependents(token: Token) -> set[str]:
    found: set[str] = set()
    for child in token.children:
        found |= _forms(child)
        if child.dep_ in {"prep", "agent", "prt", "dobj"}:
            for grand in child.children:
                found |= _forms(grand)
                if child.dep_ == "dobj" and grand.dep_ == "prep":
                    for leaf in grand.children:
                        found |= _forms(leaf)
    return found


def _objects(token: Token) -> list[Token]:
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
            out.append(child)
        elif child.dep_ in {"prep", "prt"} and child.lower_ not in {"as", "like"}:
            out.extend(g for g in child.children if g.dep_ == "pobj")
    for obj in list(out):
        out.extend(
            g for g in obj.children if g.dep_ == "prep" for g in g.children if g.dep_ == "pobj"
        )
    return out


def _arms_object(token: Token) -> bool:
    return any(o.lemma_.lower() in _ARMS for o in _objects(token))


def _is_place(token: Token) -> bool:
    return (
        token.ent_type_ in _PLACE_ENTS
        or token.lemma_.lower() in PLACE_NOUNS
        or (token.pos_ == "PROPN" and country_named(token.text) is not None)
    )


def _is_person(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.ent_type_ in {"ORG", "GPE", "LOC", "FAC"}:
        return False
    return (
        token.ent_type_ in _PERSON_OBJECT_ENTS
        or (lemma in HEAD_TYPES and lemma not in PLACE_NOUNS)
        or token.lower_ in _PRONOUNS
    )


def _weapon_lemmas(sentence: SpacySpan) -> set[str]:
    return {t.lemma_.lower() for t in sentence} | {t.lower_ for t in sentence}


def _fits(token: Token, row: Trigger, lemmas: set[str]) -> bool:
    pos = _coarse(token)
    if pos is None or pos not in row.pos:
        return False
    dependents = _dependents(token)
    if any(n.startswith("!") and n[1:] in dependents for n in row.needs):
        return False
    words = {n for n in row.needs if not n.startswith(("@", "!"))}
    if words and not words & dependents:
        return False
    if "@place" in row.needs and not any(_is_place(o) for o in _objects(token)):
        return False
    if "@person" in row.needs and not any(_is_person(o) for o in _objects(token)):
        return False
    if "@captive" in row.needs and not any(
        _releasable(o) for o in _objects(token) if o.dep_ in {"dobj", "nsubjpass"}
    ):
        return False
    if "@arms" in row.needs and not _arms_object(token):
        return False
    return "@weapon" not in row.needs or bool(lemmas & _ALL_WEAPONS)


_ALL_WEAPONS = frozenset().union(*(cues for mode, cues in WEAPON_CUES if mode != "firearms"))


def _candidates(sentence: SpacySpan) -> list[tuple[Token, Trigger]]:
    lemmas = _weapon_lemmas(sentence)
    disaster = bool(lemmas & DISASTER_CUES) and not lemmas & (_ALL_WEAPONS | CLASH_WORDS)
    industrial = bool(lemmas & _INDUSTRIAL) and not (lemmas - {"plant"}) & _ATTACK_CONTEXT
    industrial = industrial and not lemmas & (_ALL_WEAPONS - _ACCIDENTAL)
    industrial = industrial and not ({"plant"} & lemmas and "bomb" in lemmas)
    sports = _sports(sentence, lemmas)
    found: list[tuple[Token, Trigger]] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        rows = triggers_for(lemma)
        if not rows and token.lower_ != lemma:
            rows = triggers_for(token.lower_)
        if not rows or (token.ent_type_ in _NAME_ENTS and token.pos_ == "PROPN"):
            continue
        if token.ent_type_ in _NUMERIC_ENTS:
            continue
        if disaster and (lemma in _BODY_TRIGGERS or lemma in _IMPACT_VERBS):
            continue
        if _nature_does_it(token):
            continue  # "floodwaters ... cutting off the main aid route"
        if sports and rows[0].plover in _HOSTILE_TYPES:
            continue
        if industrial and (lemma in _EXPLOSION_TRIGGERS or lemma in _BODY_TRIGGERS):
            continue
        if industrial and rows[0].plover == "ASSAULT":
            continue
        if (
            token.pos_ in _NOUN_POS
            and token.dep_ == "compound"
            and token.head.lemma_.lower() not in _GENERIC_HEADS
        ):
            continue
        if (
            token.dep_ == "acl"
            and token.tag_ == "VBN"
            and rows[0].plover in _DESCRIPTIVE
            # "supplies donated by the Chinese government" reports the donation
            and not (rows[0].plover == "AID" and _child(token, {"agent"}) is not None)
        ):
            continue
        if token.dep_ == "amod" and token.tag_ == "VBN" and rows[0].plover != "ASSAULT":
            # attributive participle: "the promised release", "the disputed agreement"
            continue
        if _descriptive_noun(token) or _substantive_participle(token):
            continue
        for row in rows:
            if _fits(token, row, lemmas):
                if not _idiom(token, row):
                    found.append((token, _strike_row(token, row, lemmas)))
                break
    return found


#: Words that place a sentence in sport ("the club fired its coach", "Arsenal's attack").
_SPORTS_CUES = frozenset(
    {
        "football",
        "soccer",
        "tennis",
        "cricket",
        "rugby",
        "basketball",
        "league",
        "goalkeeper",
        "midfielder",
        "coach",
        "tournament",
        "championship",
        "referee",
        "substitute",
        "counter-attack",
        "third-round",
        "semi-final",
        "quarter-final",
        "scoreline",
        "striker",
    }
)
_HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "PROTEST"})
#: Verbs that a natural disaster is the subject of ("an earthquake struck").
_IMPACT_VERBS = frozenset({"strike", "hit", "pound", "batter", "destroy", "sweep", "ravage"})
#: Objects of "fire" that are jobs, not targets ("fired its head coach").
_JOBS = frozenset(
    {
        "coach",
        "manager",
        "employee",
        "staff",
        "director",
        "executive",
        "ceo",
        "editor",
        "chief",
        "head",
        "player",
        "aide",
        "adviser",
        "advisor",
        "secretary",
        "worker",
    }
)
#: Objects of "shoot down" that are ideas, not aircraft ("shot down rumours").
_IDEAS = frozenset(
    {
        "rumour",
        "rumor",
        "claim",
        "report",
        "idea",
        "proposal",
        "suggestion",
        "speculation",
        "bid",
        "plan",
        "notion",
        "talk",
        "story",
    }
)
#: Topics that make a "battle" or "fight" a political or legal contest ("a battle over the budget").
_CONTEST_TOPICS = frozenset(
    {
        "budget",
        "bill",
        "law",
        "reform",
        "policy",
        "right",
        "custody",
        "election",
        "vote",
        "seat",
        "leadership",
        "contract",
        "merger",
        "tax",
        "pay",
        "wage",
        "pension",
        "copyright",
        "patent",
        "funding",
        "spending",
        "nomination",
        "ticket",
    }
)
_CONTEST_MODIFIERS = frozenset(
    {"legal", "political", "court", "courtroom", "legislative", "uphill"}
)


def _nature_does_it(token: Token) -> bool:
    """Whether a verb's subject (or, for a participle clause, its governor's) is a natural
    force: no actor's act ("rising floodwaters ... cutting off the road")."""
    if token.pos_ not in _VERB_POS:
        return False
    subject = _child(token, {"nsubj"})
    if subject is None and token.dep_ in {"advcl", "conj"} and token.tag_ == "VBG":
        subject = _child(token.head, {"nsubj"})
    return subject is not None and subject.lemma_.lower() in DISASTER_CUES


def _sports(sentence: SpacySpan, lemmas: set[str]) -> bool:
    """Whether a sentence is about sport: a sports word, or a match minute ("the 88th minute")."""
    if lemmas & _SPORTS_CUES - {"striker"}:
        return True
    if "striker" in lemmas and lemmas & {"goal", "score", "match", "minute", "club"}:
        return True
    return any(
        t.lemma_.lower() == "minute" and t.i > sentence.start and _ORDINAL.match(t.nbor(-1).text)
        for t in sentence
    )


_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)


def _idiom(token: Token, row: Trigger) -> bool:
    """Whether a fitting trigger is used in a sense that reports no event: a "release" of
    things ("released water", "the count, released earlier", "the level of releases"), a
    passive "were met with" (met with bullets), "pleaded guilty / not guilty"."""
    lemma = token.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in token.children)
    if row.plover == "RETREAT" and row.mode == "release":
        if token.pos_ in _NOUN_POS:
            of = _pobj(token, {"of"})
            return of is None or not _releasable(of)
        things = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        if token.dep_ == "acl" and token.tag_ == "VBN":
            things.append(token.head)
        return bool(things) and not any(_releasable(t) for t in things)
    if lemma == "meet" and passive and _pobj(token, {"with"}) is not None:
        return True
    objects = {c.lemma_.lower() for c in token.children if c.dep_ == "dobj"}
    if row.plover == "ASSAULT" and lemma == "fire" and objects & _JOBS:
        return True  # "fired its head coach"
    down = any(c.lower_ == "down" for c in token.children)
    if row.plover == "ASSAULT" and lemma == "shoot" and down and objects & _IDEAS:
        return True  # "shot down rumours"
    if (
        row.plover == "ASSAULT"
        and lemma in {"battle", "fight", "clash"}
        and token.pos_ in _NOUN_POS
    ):
        topic = _pobj(token, {"over", "for"})
        if topic is not None and topic.lemma_.lower() in _CONTEST_TOPICS:
            return True
        if any(
            c.dep_ in {"amod", "compound"} and c.lower_ in _CONTEST_MODIFIERS
            for c in token.children
        ):
            return True
    if _background_violence(token, row):
        return True
    return lemma == "plead" and any(c.lower_ == "guilty" for c in token.subtree)


#: Verbs of escaping whose object names a situation, not an event ("fled the fighting").
_ESCAPE_VERBS = frozenset({"flee", "escape", "avoid", "survive", "leave"})
#: Verbs of which a fight noun is the subject when it only sets the scene ("after the fighting
#: ended", "if fighting spreads").
_PHASE_VERBS = frozenset(
    {"end", "spread", "stop", "subside", "ease", "continue", "intensify", "rage", "begin", "start"}
)
_SITUATION_NOUNS = frozenset(
    {"fighting", "fight", "violence", "war", "conflict", "unrest", "clash"}
)


def _background_violence(token: Token, row: Trigger) -> bool:
    """Whether a violence noun names a situation, not an event reported in its clause: the
    object of an escape verb ("fled the fighting") or the subject of a phase verb in a
    subordinate clause ("after the fighting ended", "if fighting spreads")."""
    if token.pos_ not in _NOUN_POS or token.lemma_.lower() not in _SITUATION_NOUNS:
        return False
    if row.plover not in {"ASSAULT", "PROTEST"}:
        return False
    governor = token.head
    if token.dep_ == "dobj" and governor.lemma_.lower() in _ESCAPE_VERBS:
        return True
    if token.dep_ == "pobj" and governor.head.lemma_.lower() in _ESCAPE_VERBS:
        return governor.lower_ in {"from"}
    if token.dep_ != "nsubj" or governor.lemma_.lower() not in _PHASE_VERBS:
        return False
    subordinate = governor.dep_ in {"advcl", "pcomp", "pobj"} and any(
        c.dep_ == "mark" for c in governor.children
    )
    return subordinate or governor.dep_ == "pcomp"


def _descriptive_noun(token: Token) -> bool:
    """Whether a noun trigger describes an actor or is a topic, not an event in its clause.

    "forces, backed by coalition air strikes": the noun is the agent of a participle of support;
    "the final phase of the battle": the noun is the "of" complement of an aspect noun.
    """
    if token.pos_ not in _NOUN_POS and token.dep_ != "pobj":
        return False
    prep = token.head if token.dep_ in {"pobj", "conj"} else None
    if token.dep_ == "conj" and prep is not None and prep.dep_ == "pobj":
        prep = prep.head
    if prep is None or prep.dep_ not in {"agent", "prep"}:
        return False
    governor = prep.head
    if (
        prep.lower_ in {"by", "with"}
        and governor.tag_ == "VBN"
        and governor.dep_ in {"acl", "advcl", "amod", "appos"}
        and governor.lemma_.lower() in _SUPPORT_PARTICIPLES
    ):
        return True
    return (
        prep.lower_ == "of"
        and governor.lemma_.lower() in _ASPECT_NOUNS
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    )


def _substantive_participle(token: Token) -> bool:
    """Whether a participle names people rather than an event: "30 of the accused", "11 of the
    44 wounded" (a determiner before it, a nominal role, no auxiliary or object of its own)."""
    if token.tag_ != "VBN" or token.dep_ not in {"pobj", "nsubj", "dobj", "nsubjpass"}:
        return False
    if any(c.dep_ in {"aux", "auxpass", "dobj", "agent", "nsubjpass"} for c in token.children):
        return False
    doc = token.doc
    before = [doc[i] for i in range(max(token.sent.start, token.i - 2), token.i)]
    if before and before[-1].like_num:
        before = before[:-1]
    return bool(before) and before[-1].lower_ in {"the", "those", "these"}


def _is_dateline(token: Token) -> bool:
    """A place name in capitals opening a dateline ("NAIROBI —"), not a subject."""
    doc = token.doc
    return (
        token.text.isupper()
        and len(token.text) > 2
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text in {"—", "–", "-", "(", ","}
    )


_ARMED_TYPES = frozenset(
    {"state military", "rebel", "jihadist group", "militia", "armed group", "international force"}
)


def _strike_row(token: Token, row: Trigger, lemmas: set[str]) -> Trigger:
    """A noun "strike" in a clause about armed forces or a target is a military strike.

    Without labour cues (workers, unions, pay), a "strike" that hits, kills or falls on
    something, or one in a clause about armies, rebels or aircraft, is an ASSAULT; its mode is
    decided from the weapon cues, and is aerial when there is none.
    """
    if row.plover != "PROTEST" or row.mode != "strike":
        return row
    if token.pos_ in _VERB_POS:
        subject = _child(token, {"nsubj"})
        armed = subject is not None and (
            normalise_actor(subject.text, head=subject.lemma_.lower()).type in _ARMED_TYPES
        )
        return Trigger(row.lemma, row.pos, "ASSAULT", None, row.needs) if armed else row
    if token.pos_ not in _NOUN_POS:
        return row
    if lemmas & _LABOUR_CUES:
        return row
    governor = token.head.lemma_.lower() if token.dep_ in {"nsubj", "dobj"} else ""
    on_target = any(
        c.dep_ == "prep"
        and c.lower_ == "on"
        and any(g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"} for g in c.children)
        for c in token.children
    )
    if not (on_target or governor in _STRIKE_GOVERNORS or lemmas & _MILITARY_STRIKE_CUES):
        return row
    cue_modes = [mode for mode, cues in WEAPON_CUES if cues & lemmas and mode != "firearms"]
    mode = "artillery" if "artillery" in cue_modes and "aerial" not in cue_modes else "aerial"
    return Trigger(row.lemma, row.pos, "ASSAULT", mode, row.needs)


def _path_to(token: Token, ancestor: Token, limit: int = 4) -> bool:
    if token.dep_ == "conj" and token.head.i == ancestor.i:
        return True
    if (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and token.head.i == ancestor.i
        and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in token.children)
    ):
        return True
    if token.pos_ in _VERB_POS:
        return False
    node = token
    for _ in range(limit):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.i == ancestor.i:
            return True
        if node.pos_ in _VERB_POS:
            return False
    return False


def _mergeable(head: Trigger, member: Trigger) -> bool:
    if head.plover == member.plover:
        return True
    return head.plover == "AGREE" and member.plover == "RETREAT" and member.mode == "ceasefire"


def _group(found: list[tuple[Token, Trigger]]) -> list[_Group]:
    groups: list[_Group] = []
    ordered = sorted(found, key=lambda item: _depth(item[0]))
    for token, row in ordered:
        target = None
        for group in groups:
            if _mergeable(group.trigger, row) and _path_to(token, group.head):
                target = group
                break
            if any(_mergeable(m[1], row) and _path_to(token, m[0]) for m in group.members):
                target = group
                break
        if target is None:
            target = _Group(head=token, trigger=row)
            groups.append(target)
        target.members.append((token, row))
    groups.sort(key=lambda g: g.head.i)
    return groups


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


_QUANTITY_NOUNS = {"thousand", "hundred", "dozen", "score", "ten", "million", "number", "group"}


def _phrase(noun: Token) -> tuple[str, str]:
    if noun.lemma_.lower() in _QUANTITY_NOUNS or noun.like_num:
        counted = _pobj(noun, {"of"})
        if counted is not None and not triggers_for(counted.lemma_.lower()):
            noun = counted  # "dozens of supporters", not "groups of attacks"
    keep = [
        c for c in noun.children if c.dep_ in {"compound", "amod", "nmod", "poss"} and c.i < noun.i
    ]
    start = min([noun.i] + [c.left_edge.i for c in keep])
    named = next((c for c in noun.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if named is not None and noun.ent_type_ != "PERSON":
        noun = named  # "the journalist Mirela Kovac", "the mayor of Verlano, Tomas Rieder"
        keep = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
        start = min([noun.i] + [c.left_edge.i for c in keep])
    doc = noun.doc
    end = noun.i + 1
    if noun.ent_type_ in {"ORG", "PERSON", "NORP"} and noun.ent_iob_ in {"B", "I"}:
        # the whole name ("Doctors Without Borders")
        while end < len(doc) and doc[end].ent_iob_ == "I" and end < noun.sent.end:
            end += 1
    if noun.ent_type_ == "PERSON" and noun.ent_iob_ in {"B", "I"}:
        # a person's name without the title before it ("President Daniel Okoro"), or the
        # organisation the title names ("UN envoy Hanna Lindqvist")
        first = noun.i
        while first > start and doc[first - 1].ent_type_ == "PERSON" and doc[first].ent_iob_ == "I":
            first -= 1
        if first > start:
            title = doc[start:first]
            if normalise_actor(title.text, head=title[-1].lemma_.lower()).known:
                return title.text, title[-1].lemma_.lower()
            start = first
    words = [
        t
        for t in doc[start:end]
        if t.pos_ not in {"NUM", "DET", "PRON"}
        and (t.pos_ != "PUNCT" or (t.text in {"-", "'", "’"} and not t.nbor(-1).whitespace_))
    ]
    text = "".join(t.text_with_ws for t in words).strip() or noun.text
    text = _country_possessive(text, noun)
    located = _pobj(noun, {"in"})
    if (
        located is not None
        and noun.lemma_.lower() in _STATE_HEADS | _RULERS
        and country_named(located.text) is not None
    ):
        text = f"{text} in {located.text}"
    return text, noun.lemma_.lower()


def _country_possessive(text: str, noun: Token) -> str:
    """ "Venezuela's National Guard" -> "Venezuelan National Guard" (a state body);
    "Zambia's teachers' union" -> "teachers' union" (any other party)."""
    first, _, rest = text.partition(" ")
    owner = first.removesuffix("'s").removesuffix("’s")
    if owner == first or not rest:
        return text
    country = country_named(owner, capitals=False)
    if country is None:
        return text
    state = noun.lemma_.lower() in _STATE_HEADS | _RULERS or HEAD_TYPES.get(
        noun.lemma_.lower()
    ) in {
        "state military",
        "police",
        "security forces",
        "government",
    }
    if state or noun.ent_type_ == "ORG":
        return f"{country[0]} {rest}"
    return rest


_STATE_HEADS = frozenset({"police", "policeman", "army", "military", "government", "authority"})
_RULERS = frozenset({"junta", "navy", "regime", "ministry", "president", "minister", "leader"})


def _actor_of(noun: Token | None) -> Actor | None:
    if noun is None:
        return None
    if noun.lower_ in _PRONOUNS or noun.pos_ == "PRON" or _is_dateline(noun):
        return None
    name = noun.doc[noun.i : noun.right_edge.i + 1].text
    if noun.i < noun.right_edge.i <= noun.i + 4 and dictionary_name(name) is not None:
        found = dictionary_name(name)  # "Doctors Without Borders"
        assert found is not None
        return found
    text, head = _phrase(noun)
    if head in {"people", "person"}:
        return normalise_actor("civilians", head="civilian")
    return normalise_actor(text, head=head)


def _pobj(token: Token, preps: set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in preps:
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _child(token: Token, deps: set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _left_alias(group: _Group) -> Actor | None:
    head = group.head
    doc = head.doc
    text = doc[head.left_edge.i : head.i].text
    if not text.strip():
        return None
    found = normalise_actor(text)
    return found if found.known else None


def _actors(group: _Group) -> tuple[Actor | None, Actor | None]:
    head = group.head
    trigger_tokens = {t.i for t, _ in group.members}
    actor_tok: Token | None = None
    target_tok: Token | None = None
    if head.pos_ in _VERB_POS:
        passive = any(
            c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and c.text != "IS") for c in head.children
        ) or (
            # "left one person dead and dozens injured": a participle without auxiliary
            head.tag_ == "VBN"
            and head.lemma_.lower() in _BODY_TRIGGERS
            and not any(c.dep_ in {"aux", "auxpass"} for c in head.children)
            and head.dep_ in {"conj", "ccomp", "oprd", "advcl", "xcomp"}
        )
        subj = next((c for c in head.children if c.dep_ == "nsubj" and not _is_dateline(c)), None)
        if passive:
            target_tok = _child(head, {"nsubjpass", "nsubj"})
            actor_tok = _pobj(head, {"by"}) or _deep_agent(head)
            if actor_tok is not None and actor_tok.like_num:
                actor_tok = None
            if actor_tok is None:
                actor_tok = _fight_partner(head, trigger_tokens)
        else:
            if subj is not None and subj.i not in trigger_tokens:
                actor_tok = _event_subject_actor(subj, head)
            elif subj is None:
                actor_tok = _controller(head)
            obj = _child(head, {"dobj"})
            preps = {"on", "against", "at", "with"} if head.lemma_ in CLASH_WORDS else {"on", "at"}
            if obj is None or _is_place_actor(obj):
                obj = _pobj(head, preps | {"against"}) or obj
            target_tok = obj
        if actor_tok is None and subj is not None and subj.i in trigger_tokens:
            actor_tok = _noun_actor(subj)
    else:
        actor_tok = _noun_actor(head)
        target_tok = _pobj(head, {"on", "against", "of", "at"})
        if target_tok is not None and target_tok.i in trigger_tokens:
            target_tok = None
    if actor_tok is None and head.lemma_.lower() in _FIGHT_NOUNS:
        actor_tok = _victims_side(head)
    noun = _outer_noun(head) if head.pos_ in _NOUN_POS else head
    if (
        actor_tok is None
        and noun.pos_ in _NOUN_POS
        and (
            noun.dep_ == "dobj"
            or (
                noun.dep_ == "pobj"
                and noun.head.lower_ in {"for", "in"}
                and group.trigger.plover not in {"ASSAULT", "PROTEST"}
            )
            or (
                noun.dep_ == "pobj"
                and noun.head.lower_ == "on"
                and noun.head.head.lemma_.lower() in {"be", "go", "remain", "stay"}
            )
        )
    ):
        governor = noun.head if noun.dep_ == "dobj" else noun.head.head
        subject = _child(governor, {"nsubj"}) or _controller(governor)
        if governor.lemma_.lower() in _COGNITION:
            subject = None  # "commanders expected the fighting to last"
        if (
            subject is not None
            and governor.i not in trigger_tokens
            and governor.pos_ in _VERB_POS | {"AUX"}
        ):
            actor_tok = subject
    if actor_tok is not None and actor_tok.pos_ == "PRON":
        actor_tok = _reporter(head) or actor_tok
    if actor_tok is None:
        for token, _ in group.members:
            if token.i == head.i:
                continue
            actor_tok = _noun_actor(token)
            if actor_tok is not None:
                break
    if target_tok is not None and target_tok.i in trigger_tokens:
        # "accepted the government's offer": the owner of the trigger noun
        target_tok = next(
            (c for c in target_tok.children if c.dep_ == "poss" and _is_party(c)), None
        )
    plover = group.trigger.plover
    actor_tok = _party_actor(actor_tok)
    actor, partner = _sides(actor_tok) if plover in _SYMMETRIC else (_actor_of(actor_tok), None)
    if (
        actor is None
        and head.pos_ in _VERB_POS
        and _child(head, {"nsubj", "agent", "nsubjpass"}) is None
    ):
        actor = _left_alias(group)
    if target_tok is not None and target_tok.ent_type_ in {"DATE", "TIME"}:
        target_tok = None
    if (
        target_tok is not None
        and plover == "SANCTION"
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in target_tok.children)
    ):
        # "recalled its ambassador from Beirut": its own envoy; the target is where from
        target_tok = _pobj(head, {"from"})
    target_tok = _party_target(target_tok, plover)
    target = _actor_of(target_tok)
    if target is not None and _is_place_actor(target_tok):
        target = None
    if target is None and plover in _SYMMETRIC:
        target = partner or _actor_of(_with_partner(head, trigger_tokens))
    if target is None and plover == "SANCTION":
        target = _actor_of(_with_partner(head, trigger_tokens))  # "cut ties with X"
    if (target is None and plover not in _NO_RECIPIENT) or plover in {"AID", "COOPERATE"}:
        target = _actor_of(_recipient(head, trigger_tokens)) or target
    if target is None:
        target = _actor_of(_other_target(head, plover, trigger_tokens))
    if plover == "MOBILIZE" and target is not None and target.type in _FORCE_TYPES:
        if actor is None and target_tok is not None and target_tok.dep_ == "nsubjpass":
            actor = target
        target = None
    if actor is not None and target is not None and actor.name == target.name:
        target = None
    return actor, target


#: Types whose two sides are symmetric: "Kenya and Ethiopia signed a deal", "met with X".
_SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE", "RETREAT"})
#: Types whose "to" complement is not a recipient ("sent troops to Mali", "marched to parliament").
_NO_RECIPIENT = frozenset({"ASSAULT", "MOBILIZE", "PROTEST", "COERCE", "THREATEN"})
_FORCE_TYPES = frozenset(
    {"state military", "police", "security forces", "militia", "armed group", "international force"}
)
#: Nouns for people acting for a party named in their "of"/"from" complement.
_DELEGATES = frozenset(
    {
        "representative",
        "delegation",
        "delegate",
        "negotiator",
        "envoy",
        "minister",
        "official",
        "leader",
        "member",
        "head",
    }
)
#: Nouns of events or instruments that are never an actor ("a roadside bomb struck").
_INSTRUMENTS = _ARMS | _EVENT_SUBJECTS | {"vehicle", "car", "aircraft", "plane"}


def _party_actor(token: Token | None) -> Token | None:
    """The party behind an actor argument: an instrument or event names none of its own ("a
    roadside bomb struck" gives none, "an ELN offensive" gives ELN); "representatives of X"
    and "the foreign ministers of X and Y" give X."""
    if token is None:
        return None
    lemma = token.lemma_.lower()
    if lemma in _INSTRUMENTS or lemma in _ALL_WEAPONS:
        return _noun_actor(token)
    if lemma in _DELEGATES:
        behind = _pobj(token, {"of", "from"})
        if behind is not None and (_is_party(behind) or behind.ent_type_ == "GPE"):
            return behind
    return token


def _is_party(token: Token) -> bool:
    """Whether a noun names a party (a person, group, organisation or state), not a place,
    object, quantity or abstraction."""
    if token.pos_ == "PRON":
        return False
    if token.lemma_.lower() in _QUANTITY_NOUNS or token.like_num:
        counted = _pobj(token, {"of"})  # "dozens of opposition supporters"
        if counted is not None:
            token = counted
    if token.ent_type_ in {"PERSON", "NORP", "ORG"}:
        return True
    lemma = token.lemma_.lower()
    if lemma in _CAPTIVES - _QUANTIFIERS or lemma.endswith(_PERSON_ENDINGS) or lemma in _ROLES:
        return True
    if lemma in HEAD_TYPES or any(
        c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children
    ):
        return True
    actor = _actor_of(token)
    return actor is not None and (actor.known or actor.type is not None)


_QUANTIFIERS = frozenset({"most", "all", "some", "many", "other"})
#: Nouns for people by their role, parties though the actor dictionary does not type them.
_ROLES = frozenset(
    {
        "commander",
        "chief",
        "lawmaker",
        "politician",
        "judge",
        "bishop",
        "cleric",
        "elder",
        "negotiator",
        "mediator",
        "representative",
        "delegate",
        "candidate",
        "voter",
        "supporter",
        "relative",
        "prosecutor",
        "union",
        "court",
        "commission",
        "committee",
        "council",
        "community",
        "group",
        "organisation",
        "organization",
        "agency",
        "company",
        "kidnapper",
        "captor",
        "abductor",
        "ally",
        "investigator",
        "monitor",
        "observer",
        "victim",
    }
)


def _party_target(token: Token | None, plover: str) -> Token | None:
    """The party a target argument names: itself, or the owner of a thing ("Serbia's demand",
    "the army's last garrison", "a police patrol vehicle", "support for Somalia's integrity");
    a thing with no party behind it gives ``None``."""
    if token is None or _is_party(token):
        return token
    if plover in {"ASSAULT", "COERCE"} and token.lemma_.lower() in _CROWD_NOUNS:
        return token  # "attacked a peaceful rally": the people at it
    for child in token.children:
        if child.dep_ == "poss" and _is_party(child):
            return child
    for child in token.subtree:
        if child.dep_ in {"compound", "amod"} and child.i < token.i:
            found = normalise_actor(child.text, head=child.lemma_.lower())
            if (found.known or found.type is not None) and child.lemma_.lower() not in _ALL_WEAPONS:
                return child
    lemma = token.lemma_.lower()
    if lemma in _PRODUCTS or lemma in _PROPERTY or _is_place(token):
        preps = ("from", "by", "of") if lemma in _PRODUCTS else ("of",)
        for prep in preps:
            owner = _pobj(token, {prep})
            if owner is not None and _owner(owner):
                return owner  # "the ruling of the ICJ", "the offices of the newspaper"
    if plover == "SUPPORT":
        topic = _pobj(token, {"for", "of"})
        if topic is not None:
            return _party_target(topic, "")
    return None


def _owner(token: Token) -> bool:
    """Whether the "of" complement of a place or thing is a party that owns it (the newspaper
    The Harare Courier, 60 families), not a place name ("the districts of Kharkiv")."""
    if token.ent_type_ in _PLACE_ENTS or (token.pos_ == "PROPN" and len(list(token.subtree)) == 1):
        found = _actor_of(token)
        return found is not None and found.known and country_named(token.text) is None
    return _is_party(token)


#: Nouns for what a party says or decides; their "of"/"from"/"by" complement is its author.
_PRODUCTS = frozenset(
    {
        "ruling",
        "decision",
        "verdict",
        "demand",
        "offer",
        "proposal",
        "request",
        "plan",
        "resolution",
        "statement",
        "claim",
        "accusation",
        "order",
        "initiative",
        "bid",
        "ultimatum",
    }
)
#: Things owned by the party their "of" complement names ("the cattle of 60 families").
_PROPERTY = frozenset({"cattle", "livestock", "asset", "property", "crop", "land", "herd"})


def _sides(token: Token | None) -> tuple[Actor | None, Actor | None]:
    """The two sides of a coordinated subject: "Kenya and Ethiopia" gives Kenya and Ethiopia,
    "Kenyan and Somali forces" Kenyan forces and Somali forces."""
    if token is None:
        return None, None
    actor = _actor_of(token)
    holder = token
    if (
        token.dep_ == "pobj"
        and token.head.head.lemma_.lower() in _DELEGATES
        and not any(c.dep_ == "conj" for c in token.children)
    ):
        holder = token.head.head  # "Representatives of the Colombian government and the ELN"
    other = next((c for c in holder.children if c.dep_ == "conj" and c.pos_ in _NOUN_POS), None)
    if other is not None:
        return actor, _actor_of(other)
    demonyms = [
        c
        for c in token.children
        if c.dep_ in {"amod", "compound"} and c.i < token.i and c.ent_type_ in {"NORP", "GPE"}
    ]
    coordinated = any(c.dep_ == "cc" for c in token.subtree if c.i < token.i)
    if len(demonyms) == 2 and coordinated:
        # "the Egyptian and Sudanese air forces" parsed as two modifiers of one noun
        return _modifier_pair(token, *demonyms)
    for child in token.children:
        if child.dep_ not in {"amod", "compound"} or child.i > token.i:
            continue
        pair = next((c for c in child.children if c.dep_ == "conj"), None)
        if pair is not None:
            return _modifier_pair(token, child, pair)
    return actor, None


def _modifier_pair(token: Token, first: Token, second: Token) -> tuple[Actor, Actor]:
    """Two actors from two coordinated modifiers of one noun: each modifier with the words
    after the second one and the noun ("Kenyan and Somali border forces")."""
    words = [t for t in token.children if t.dep_ in {"amod", "compound"} and t.i > second.i]
    tail = " ".join([t.text for t in words] + [token.text])
    lemma = token.lemma_.lower()
    return (
        normalise_actor(f"{first.text} {tail}", head=lemma),
        normalise_actor(f"{second.text} {tail}", head=lemma),
    )


def _other_target(head: Token, plover: str, trigger_tokens: set[int]) -> Token | None:
    """A target the head's own object does not give:

    - "retook the town from Boko Haram", "recalled its ambassador from Beirut": "from";
    - "imposed sanctions on 14 officials": "on"/"against" after a trigger noun;
    - "alleged that soldiers had looted": the subject of the reported clause (ACCUSE);
    - "threatened to dissolve parliament", "refused to allow UN investigators", "helped pull
      survivors": the object of the verb complement.
    """
    if head.pos_ not in _VERB_POS:
        return None
    verbs = [head] + [c for c in head.children if c.dep_ == "xcomp" and c.pos_ in _VERB_POS]
    for verb in verbs:
        for obj in [verb] + [c for c in verb.children if c.dep_ == "dobj"]:
            found = _pobj(obj, {"from"}) if plover in {"ASSAULT", "SANCTION"} else None
            if found is not None and found.i not in trigger_tokens and _is_party(found):
                return found
            if obj.i in trigger_tokens and obj is not verb:
                found = _pobj(obj, {"on", "against"})
                if found is not None and _is_party(found):
                    return found
    if plover == "ACCUSE":
        for clause in head.children:
            if clause.dep_ == "ccomp":
                subject = _child(clause, {"nsubj", "nsubjpass"})
                if subject is not None and _is_party(subject):
                    return subject
    if plover not in {"THREATEN", "REJECT", "AID"}:
        return None
    for verb in verbs[1:]:
        for obj in verb.children:
            if obj.dep_ == "dobj":
                found = _party_target(obj, plover)
                if found is not None:
                    return found
        deeper = _child(verb, {"xcomp"})  # "helped pull survivors"
        if deeper is not None:
            found = _child(deeper, {"dobj"})
            if found is not None and _is_party(found):
                return found
    return None


def _with_partner(head: Token, trigger_tokens: set[int]) -> Token | None:
    """The other side of a bilateral event: "met with X", "held talks with X", "signed a deal
    with X", "the meeting between X and Y" (Y)."""
    verbs = [head] + [c for c in head.children if c.dep_ == "xcomp" and c.pos_ in _VERB_POS]
    nodes = verbs + [c for v in verbs for c in v.children if c.dep_ in {"dobj", "nsubjpass"}]
    for node in nodes:
        found = _pobj(node, {"with"})
        if found is not None and found.i not in trigger_tokens and _is_party(found):
            return found
    between = _pobj(head, {"between"})
    if between is not None:
        other = next((c for c in between.children if c.dep_ == "conj"), None)
        if other is not None and _is_party(other):
            return other
    return None


def _recipient(head: Token, trigger_tokens: set[int]) -> Token | None:
    """The party in a "to" complement: "delivered missiles to Ukraine", "appealed to the
    kidnappers", "handed over 12 rebels to Congolese authorities"."""
    nodes = [head] + [c for c in head.children if c.dep_ == "dobj"]
    for node in nodes:
        found = _pobj(node, {"to"})
        if found is not None and found.i not in trigger_tokens and _is_party(found):
            if found.ent_type_ in {"GPE", "LOC", "FAC"} and country_named(found.text) is None:
                continue
            return found
    return None


#: Verbs of perceiving, expecting and escaping: their subject is not the actor of their object.
_COGNITION = frozenset(
    {
        "expect",
        "fear",
        "predict",
        "anticipate",
        "see",
        "watch",
        "witness",
        "describe",
        "remember",
        "recall",
        "survive",
        "flee",
        "escape",
        "avoid",
        "hear",
        "cover",
        "document",
        "mark",
        "commemorate",
    }
)
_SERIES_NOUNS = frozenset(
    {
        "week",
        "day",
        "month",
        "round",
        "series",
        "wave",
        "spate",
        "string",
        "campaign",
        "night",
        "package",
        "batch",
        "set",
    }
)


def _outer_noun(noun: Token) -> Token:
    """The noun an event noun is counted by: "a week of joint drills", "a third round of
    negotiations" give "week" and "round"."""
    for _ in range(2):
        prep = noun.head
        if (
            noun.dep_ == "pobj"
            and prep.lower_ == "of"
            and prep.head.lemma_.lower() in _SERIES_NOUNS
            and prep.head.pos_ in _NOUN_POS
        ):
            noun = prep.head
    return noun


def _deep_agent(verb: Token) -> Token | None:
    """A "by" phrase the parser attached to the verb's complement ("were convicted of war
    crimes by the ICC"): the agent of the passive verb when it names a party."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            found = _pobj(noun, {"by"})
            if found is not None and _is_party(found):
                return found
    return None


def _controller(verb: Token) -> Token | None:
    """The subject a verb without one shares with the verb above it: "the RSF denied carrying
    out the strike" (RSF), "the militants set fire to the office and shot dead four guards"."""
    if _child(verb, {"nsubj", "nsubjpass"}) is not None:
        return None
    if verb.dep_ in {"xcomp", "conj"} or (
        verb.dep_ in {"pcomp", "dobj", "advcl"} and verb.tag_ == "VBG"
    ):
        above = verb.head
        if verb.dep_ == "xcomp" and _child(above, {"dobj"}) is not None:
            return None  # "urged the government to scrap": the object does it
        if above.pos_ in _VERB_POS:
            deps = {"nsubj", "nsubjpass"} if verb.dep_ == "xcomp" else {"nsubj"}
            subject = _child(above, deps)  # "the EU is expected to adopt": the EU
            if subject is not None and subject.pos_ != "PRON":
                return subject
    return None


def _reporter(head: Token) -> Token | None:
    """For a pronoun subject in a reported clause ("the ELN said it would not accept"), the
    reporting verb's subject."""
    node = head
    for _ in range(3):
        if node.head.i == node.i:
            return None
        if node.dep_ in {"ccomp", "xcomp"} and node.head.lemma_.lower() in REPORTING_VERBS:
            subject = _child(node.head, {"nsubj"})
            if subject is not None and subject.pos_ != "PRON":
                return subject
            return None
        node = node.head
    return None


def _event_subject_actor(subj: Token, verb: Token) -> Token | None:
    """The actor behind a subject that names an event rather than an actor.

    "An ELN offensive killed dozens" gives ELN; "a drone strike that killed 21 people" looks
    through the relative pronoun to "strike"; an event noun with no actor of its own ("the war
    has killed thousands", "the attack killed 11") gives no actor.
    """
    noun = subj
    if subj.pos_ == "PRON" and verb.dep_ == "relcl" and verb.head.pos_ in _NOUN_POS:
        noun = verb.head
    if noun.lemma_.lower() not in _EVENT_SUBJECTS:
        return subj
    return _noun_actor(noun)


def _verb_chain(verb: Token) -> list[Token]:
    """A verb with the verbs coordinated with it ("were killed and 11 wounded")."""
    chain = [verb]
    if verb.dep_ == "conj" and verb.head.pos_ in _VERB_POS:
        chain.append(verb.head)
    chain.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in _VERB_POS)
    return chain


def _fight_partner(verb: Token, trigger_tokens: set[int]) -> Token | None:
    """The side named after a fight noun under a passive casualty verb: "were killed in
    clashes with X", "were wounded during an attack by X" give X."""
    for node in _verb_chain(verb):
        for prep in node.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "during", "amid"}:
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in _FIGHT_NOUNS:
                    found = _pobj(noun, {"with", "by", "from"})
                    if found is not None and found.i not in trigger_tokens:
                        return found
    return None


def _victims_side(noun: Token) -> Token | None:
    """For a fight noun in "soldiers were killed in fighting with X", the side of the clause's
    subject (the soldiers): in a clash both sides are parties, and the fight noun's actor is the
    side its clause is about, its "with" complement the target."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or _pobj(noun, {"with"}) is None:
        return None
    verb = noun.head.head
    if verb.pos_ not in _VERB_POS or not any(
        v.lemma_.lower() in _BODY_TRIGGERS for v in _verb_chain(verb)
    ):
        return None
    for node in _verb_chain(verb):
        subject = _child(node, {"nsubjpass", "nsubj"})
        if subject is not None and not subject.like_num and subject.pos_ != "PRON":
            return subject
    return None


def _is_place_actor(token: Token | None) -> bool:
    """Whether an argument names a place or a weapon rather than an actor."""
    if token is None:
        return False
    lemma = token.lemma_.lower()
    if lemma in _ALL_WEAPONS or lemma in _PROJECTILES:
        return True
    place = token.ent_type_ in {"GPE", "LOC", "FAC"} or lemma in _PLACE_HEADS
    if not place:
        return False
    actor = _actor_of(token)
    return actor is None or not actor.known


def _noun_actor(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and child.ent_type_ not in _TIME_ENTS:
            return child
    found = _pobj(noun, {"by", "with", "between", "from"})
    if found is not None and not _is_place_actor(found) and found.lemma_.lower() not in _ARMS:
        return found
    for child in noun.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            if child.lemma_.lower() in _ALL_WEAPONS:
                continue
            found_actor = normalise_actor(child.text, head=child.lemma_.lower())
            if found_actor.known or found_actor.type not in {None, "civilians"}:
                return child
    return None


def _mode(group: _Group, cue_lemmas: set[str]) -> str | None:
    modes = {row.mode for _, row in group.members if row.mode}
    if group.trigger.plover != "ASSAULT":
        specific = [row.mode for _, row in group.members if row.mode]
        return group.trigger.mode or (specific[0] if specific else None)
    for mode, cues in WEAPON_CUES:
        if cues & cue_lemmas:
            modes.add(mode)
    if cue_lemmas & CLASH_WORDS:
        modes.add("clash")
    for mode in _MODE_ORDER:
        if mode in modes:
            if mode == "clash" and modes & {"wmd", "suicide"}:
                continue
            return mode
    return None


def _cue_lemmas(group: _Group, sentence: SpacySpan, single: bool) -> set[str]:
    tokens: Iterable[Token] = sentence if single else group.head.subtree
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}


#: Endings of nouns for people ("schoolgirl", "crew member", "fisherman", "national").
_PERSON_ENDINGS = ("girl", "boy", "member", "man", "men", "woman", "national", "citizen", "sailor")
#: Counted nouns that are quantities, not people ("released 30 tonnes of water").
_UNITS = {
    "tonne",
    "ton",
    "litre",
    "liter",
    "gallon",
    "barrel",
    "kilogram",
    "kilo",
    "page",
    "document",
    "file",
    "image",
    "photo",
    "video",
    "dollar",
    "euro",
    "pound",
    "percent",
    "point",
    "cubic",
    "metre",
    "meter",
}
_CAPTIVES = {
    "hostage",
    "prisoner",
    "detainee",
    "captive",
    "inmate",
    "people",
    "person",
    "man",
    "woman",
    "child",
    "suspect",
    "most",
    "all",
    "some",
    "many",
    "other",
}


def _releasable(token: Token) -> bool:
    """Whether the thing released can be people (hostages, prisoners, "most of them", "12
    schoolgirls", "15 crew members")."""
    lemma = token.lemma_.lower()
    return (
        _is_person(token)
        or lemma in _CAPTIVES
        or lemma.endswith(_PERSON_ENDINGS)
        or token.pos_ == "PRON"
        or token.like_num
        or (
            any(c.dep_ == "nummod" for c in token.children)
            and token.tag_ == "NNS"
            and lemma not in _UNITS
            and not _is_place(token)
        )
    )


def _feed_footer(sentence: SpacySpan) -> bool:
    """A feed footer repeating a headline ("The post ... appeared first on Outlet.")."""
    text = sentence.text.strip()
    return text.startswith("The post ") and "appeared first on" in text


def sentence_mentions(
    sentence: SpacySpan,
    *,
    article_id: str,
    published_year: int | None = None,
) -> list[EventMention]:
    """Event mentions of one parsed sentence, without date, figures or place."""
    if _feed_footer(sentence):
        return []
    groups = _group(_candidates(sentence))
    mentions: list[EventMention] = []
    sentence_lemmas = {t.lemma_.lower() for t in sentence}
    has_protest = any(g.trigger.plover == "PROTEST" for g in groups)
    has_force = any(
        g.trigger.plover == "ASSAULT" and g.head.lemma_.lower() in _FORCE_VERBS for g in groups
    )
    single = len(groups) == 1 or all(g.trigger.plover == "ASSAULT" for g in groups)
    state_side = any(
        t.lemma_.lower() in _STATE_SIDE
        and not (t.dep_ in {"compound", "amod"} and t.head.lemma_.lower() in _SOURCE_NOUNS)
        and not (t.dep_ == "nsubj" and t.head.lemma_.lower() in REPORTING_VERBS)
        and not (t.dep_ == "pobj" and t.head.head.lower_ == "according")
        for t in sentence
    )
    has_protest = has_protest or bool(sentence_lemmas & {"protester", "demonstrator"})
    armed_side = bool(sentence_lemmas & _NONSTATE_SIDE) or any(
        normalise_actor(e.text).type in _NONSTATE_TYPES for e in sentence.ents
    )
    parties = [_actors(group) for group in groups]
    civilian_victims = any(t is not None and t.type == "civilians" for _, t in parties)
    civilian_dead = civilian_victims or _civilian_casualties(sentence)
    country = _sentence_country(sentence)
    for group, (actor, target) in zip(groups, parties, strict=True):
        plover = group.trigger.plover
        if country is not None:
            # "the army", "the government" in a sentence about one country
            actor = state_of(actor, country) if actor is not None else None
            target = state_of(target, country) if target is not None else None
        joint_forces = plover == "COOPERATE" and group.trigger.mode == "military"
        military = plover in {"ASSAULT", "MOBILIZE"} or joint_forces
        if actor is not None and military:
            actor = state_force(actor)
        if target is not None and joint_forces and target.type == "government":
            target = state_force(target)
        if target is None and plover == "ASSAULT" and civilian_dead:
            target = normalise_actor("civilians", head="civilian")
        if target is None and plover in {"ASSAULT", "COERCE"} and _residential(group.head):
            target = normalise_actor("civilians", head="civilian")
        if plover == "PROTEST" and actor is not None and not actor.known:
            words = actor.name.lower().split()
            if words and (words[-1] in _CROWD_HEADS or words[-1].rstrip("s") in _CROWD_HEADS):
                actor = normalise_actor("protesters", head="protester")
        if (
            target is not None
            and target.type == "civilians"
            and not target.known
            and plover in _VICTIM_TYPES
            and (plover != "COERCE" or group.trigger.mode in {"destroy", "seize"})
            and not _named_person(group, target)
        ):
            # unarmed victims and beneficiaries are coded "civilians" (ACLED, the guide)
            target = normalise_actor("civilians", head="civilian")
        cues = _cue_lemmas(group, sentence, single)
        mode = _mode(group, cues)
        actor_type = actor.type if actor else None
        target_type = target.type if target else None
        actor_words = set(actor.name.lower().split()) if actor else set()
        if plover == "ASSAULT" and actor_words & _MOB_WORDS:
            plover, mode = "PROTEST", "mob"
        target_words = set(target.name.lower().split()) if target else set()
        crowd_target = plover == "ASSAULT" and bool(
            {w.rstrip("s") for w in target_words} & _CROWD_NOUNS
        )
        if (
            plover == "ASSAULT"
            and mode == "clash"
            and ("protesters" in {actor_type, target_type} or has_protest)
        ):
            plover, mode = "PROTEST", "riot"
        if (
            plover == "ASSAULT"
            and mode == "occupy"
            and actor is None
            and (group.head.lemma_.lower() in _GOV_VERBS or target_type in _NONSTATE_TYPES)
        ):
            actor_type = "state military"
        if plover == "COERCE" and mode == "seize" and not _arms_object(group.head):
            mode = "destroy"
        if (
            plover == "ASSAULT"
            and mode in {None, "firearms"}
            and not civilian_victims
            and state_side
            and armed_side
        ):
            mode = "clash"
        acled = acled_for(plover, mode, actor_type=actor_type, target_type=target_type)
        if crowd_target and mode not in _REMOTE_CUE_MODES:
            if actor_type in {"police", "state military", "security forces", "government"}:
                acled = ("Protests", "Excessive force against protesters")
            else:
                plover, mode = "PROTEST", "mob"
                acled = acled_for(plover, mode)
        if plover == "PROTEST" and mode in {"demonstrate", "strike", None, "obstruct"}:
            if sentence_lemmas & _RIOT_CUES:
                mode = "riot"
                acled = acled_for(plover, mode)
            elif has_force and sentence_lemmas & {"kill", "shoot", "fire", "wound"}:
                acled = ("Protests", "Excessive force against protesters")
            elif sentence_lemmas & _INTERVENTION_CUES:
                acled = ("Protests", "Protest with intervention")
        if plover == "COERCE" and has_protest and mode in {"arrest", "restrict"}:
            acled = ("Protests", "Protest with intervention")
        status = status_of(group.head, published_year=published_year)
        intended, mode_now, status = _intent(group.head, plover, mode, status)
        if intended is None:
            continue
        if (intended, mode_now) != (plover, mode):
            plover, mode = intended, mode_now
            acled = acled_for(plover, mode, actor_type=actor_type, target_type=target_type)
        if (
            plover == "COERCE"
            and mode == "destroy"
            and actor_type in {"civilians", "protesters"}
            and _state_property(group.head)
        ):
            # a crowd burning a police station or party office: a riot
            plover, mode = "PROTEST", "riot"
            acled = acled_for(plover, mode)
        trigger = group.head
        mentions.append(
            EventMention(
                article_id=article_id,
                sentence=Span(start=sentence.start_char, end=sentence.end_char),
                trigger=Span(start=trigger.idx, end=trigger.idx + len(trigger.text)),
                plover_type=plover,
                plover_mode=mode,
                acled_event_type=acled[0] if acled else None,
                acled_sub_event_type=acled[1] if acled else None,
                actor=actor.name if actor else None,
                target=target.name if target else None,
                status=status,
            )
        )
    return mentions


_STATE_OWNERS = frozenset(
    {"police", "army", "military", "government", "ministry", "council", "party", "court", "state"}
)


def _state_property(verb: Token) -> bool:
    """Whether the object destroyed belongs to the state or a party ("a police station")."""
    for obj in verb.children:
        if obj.dep_ not in {"dobj", "nsubjpass"}:
            continue
        if obj.lemma_.lower() in {"barracks", "courthouse", "parliament", "embassy"}:
            return True
        if any(
            c.dep_ in {"compound", "poss", "amod"} and c.lemma_.lower() in _STATE_OWNERS
            for c in obj.children
        ):
            return True
    return False


def _civilian_casualties(sentence: SpacySpan) -> bool:
    """Whether the sentence counts civilian dead or wounded ("killing at least 14 people",
    "left 19 people dead")."""
    for token in sentence:
        lemma = token.lemma_.lower()
        victims: list[Token] = []
        if lemma in _BODY_TRIGGERS and token.pos_ in _VERB_POS:
            victims = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        elif lemma == "leave" and any(
            c.lower_ in {"dead", "wounded", "injured"} for c in token.subtree
        ):
            victims = [c for c in token.children if c.dep_ in {"dobj", "nsubj"}]
        for victim in victims:
            found = _actor_of(victim)
            if found is not None and found.type == "civilians":
                return True
    return False


def _residential(head: Token) -> bool:
    """Whether a hostile act's object is homes, villages or shops ("burned villages")."""
    return any(
        c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in _RESIDENTIAL for c in head.children
    )


def _sentence_country(sentence: SpacySpan) -> tuple[str, str] | None:
    """The one country a sentence is about, from its country, capital and demonym names and
    the countries of the armed groups it names; ``None`` when it names none or several."""
    found: set[tuple[str, str]] = set()
    for token in sentence:
        if token.pos_ == "PROPN" and not token.ent_type_:
            actor = normalise_actor(token.text)  # an armed group the tagger did not label
            if actor.known and actor.country and actor.type in _ARMED_TYPES:
                code = country_code(actor.country)
                if code is not None:
                    found.add(code)
    for ent in sentence.ents:
        if ent.label_ in {"GPE", "NORP"}:
            named = country_named(ent.text)
            if named is None:
                named = next((country_named(t.text) for t in ent if country_named(t.text)), None)
            if named is not None:
                found.add(named)
        elif ent.label_ == "ORG":
            actor = normalise_actor(ent.text)
            if actor.known and actor.country and actor.type in _ARMED_TYPES | {"government"}:
                code = country_code(actor.country)
                if code is not None:
                    found.add(code)
    return found.pop() if len(found) == 1 else None


#: Types whose civilian targets are coded "civilians": victims, beneficiaries, the threatened.
_VICTIM_TYPES = frozenset({"ASSAULT", "AID", "THREATEN", "RETREAT", "COERCE"})
#: Homes and the places of daily life: hostile acts against them are acts against civilians.
_RESIDENTIAL = frozenset(
    {"home", "house", "village", "hamlet", "shop", "market", "farm", "homestead", "dwelling"}
)
#: Actors of a protest that only say how many people took part ("thousands of people").
_CROWD_HEADS = frozenset(
    {
        "people",
        "person",
        "thousand",
        "hundred",
        "dozen",
        "woman",
        "man",
        "youth",
        "relative",
        "supporter",
        "crowd",
        "civilians",
        "civilian",
    }
)


def _named_person(group: _Group, target: Actor) -> bool:
    """Whether a target is a named person ("Tomas Rieder"), kept as named."""
    sentence = group.head.sent
    return any(e.label_ == "PERSON" and e.text == target.name for e in sentence.ents)


#: Verbs of promising: an AGREE mention they head is a commitment, status planned.
_PROMISES = frozenset({"offer", "promise", "pledge", "undertake", "commit", "vow"})


def _intent(
    head: Token, plover: str, mode: str | None, status: EventStatus
) -> tuple[str | None, str | None, EventStatus]:
    """Type and status of threats, promises and refusals, as the labelling guide codes them.

    A threat, warning or vow is THREATEN with status threatened (it is recognised, not coded as
    a hostile act that happened); a promise, pledge or offer is AGREE with status planned; "would
    not accept" and "did not agree" are a REJECT that happened. A warning of an outcome that is
    not the speaker's act ("the UN warned that a million people may flee") is no threat: the type
    is ``None`` and the mention is dropped.
    """
    lemma = head.lemma_.lower()
    if plover == "THREATEN":
        if lemma in {"warn", "warning"} and _warning_of_outcome(head):
            return None, None, status
        if status in {EventStatus.HAPPENED, EventStatus.PLANNED}:
            status = EventStatus.THREATENED
        return plover, mode, status
    if plover == "AGREE" and lemma in {"accept", "agree"} and status is EventStatus.DENIED:
        return "REJECT", "refuse", EventStatus.HAPPENED
    if plover == "AGREE" and lemma in _PROMISES and status is EventStatus.HAPPENED:
        return plover, mode, EventStatus.PLANNED
    return plover, mode, status


def _warning_of_outcome(head: Token) -> bool:
    """A warning of an outcome rather than a threat: its clause has its own subject (not a
    pronoun for the speaker) and either a modal of possibility ("warned that civilians may
    flee") or no hostile act ("warned that sleeper cells remain active")."""
    for clause in head.children:
        if clause.dep_ not in {"ccomp", "advcl"} or clause.pos_ not in _VERB_POS | {"AUX"}:
            continue
        subject = _child(clause, {"nsubj", "nsubjpass"})
        if subject is None or subject.pos_ == "PRON":
            continue  # "warned that it would retaliate": the speaker's own act
        modal = any(
            c.dep_ == "aux" and c.lower_ in {"may", "might", "could"} for c in clause.children
        )
        hostile = any(
            rows[0].plover in _HOSTILE_TYPES
            for t in clause.subtree
            if (rows := triggers_for(t.lemma_.lower()))
        )
        if modal or not hostile:
            return True  # "sleeper cells remain active", "a million people may flee"
    return False


def extract_events(
    doc: Doc,
    *,
    article_id: str,
    published: date | datetime | None = None,
    times: Sequence[TimeExpression] | None = None,
    figures: Sequence[Figure] | None = None,
    locate: Locate | None = None,
) -> list[EventMention]:
    """Event mentions in a parsed article, in text order.

    ``times`` (from :func:`eventwire.dates.extract_times`) date each mention through
    :func:`eventwire.dates.event_date`; without them a mention takes the publication date
    (``date_source="publication"``), and without ``published`` no date. ``figures`` (from
    :func:`eventwire.figures.extract_figures`; computed when ``None``, pass ``()`` to skip) in
    the same sentence are attached. ``locate(sentence_span, trigger_span)`` gives the place.
    """
    pub = published.date() if isinstance(published, datetime) else published
    mentions: list[EventMention] = []
    for sentence in doc.sents:
        mentions.extend(
            sentence_mentions(
                sentence, article_id=article_id, published_year=pub.year if pub else None
            )
        )
    if not mentions:
        return mentions
    if figures is None:
        figures = eventwire.figures.extract_figures(doc, article_id=article_id)
    out: list[EventMention] = []
    for mention in mentions:
        status = mention.status
        when = None
        if pub is not None:
            when = event_date(mention.sentence, times or (), published=pub, trigger=mention.trigger)
            if (
                when.source == "text"
                and status is EventStatus.HAPPENED
                and _years_before(when.value, pub) >= 1
            ):
                status = EventStatus.BACKGROUND
        attached = tuple(
            f
            for f in figures
            if f.kind in EVENT_FIGURE_KINDS
            and mention.sentence.start <= f.span.start
            and f.span.end <= mention.sentence.end
            and f.projection == (status is EventStatus.PROJECTED)
        )
        out.append(
            replace(
                mention,
                status=status,
                date=when.value if when else None,
                date_granularity=when.granularity if when else None,
                date_source=when.source if when else None,
                figures=attached,
                place=locate(mention.sentence, mention.trigger) if locate else None,
            )
        )
    return out


def _years_before(value: str, pub: date) -> float:
    head = value[:10]
    try:
        if len(head) >= 10:
            then = date.fromisoformat(head)
        elif len(head) >= 7 and head[4] == "-" and head[5:7].isdigit():
            then = date(int(head[:4]), int(head[5:7]), 1)
        elif head[:4].isdigit():
            then = date(int(head[:4]), 12, 31)
        else:
            return 0.0
    except ValueError:
        return 0.0
    return (pub - then).days / 365.25
