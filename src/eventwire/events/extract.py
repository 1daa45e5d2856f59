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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

# eventwire.figures must be imported before eventwire.dates (the two import each other).
import eventwire.figures
from eventwire.dates import event_date
from eventwire.events.actors import HEAD_TYPES, Actor, normalise_actor
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
        elif child.dep_ in {"prep", "prt"}:
            out.extend(g for g in child.children if g.dep_ == "pobj")
    for obj in list(out):
        out.extend(
            g for g in obj.children if g.dep_ == "prep" for g in g.children if g.dep_ == "pobj"
        )
    return out


def _arms_object(token: Token) -> bool:
    return any(o.lemma_.lower() in _ARMS for o in _objects(token))


def _is_place(token: Token) -> bool:
    return token.ent_type_ in _PLACE_ENTS or token.lemma_.lower() in PLACE_NOUNS


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
        if disaster and lemma in _BODY_TRIGGERS:
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
        if token.dep_ == "acl" and token.tag_ == "VBN" and rows[0].plover in _DESCRIPTIVE:
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
    return lemma == "plead" and any(c.lower_ == "guilty" for c in token.subtree)


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


def _strike_row(token: Token, row: Trigger, lemmas: set[str]) -> Trigger:
    """A noun "strike" in a clause about armed forces or a target is a military strike.

    Without labour cues (workers, unions, pay), a "strike" that hits, kills or falls on
    something, or one in a clause about armies, rebels or aircraft, is an ASSAULT; its mode is
    decided from the weapon cues, and is aerial when there is none.
    """
    if row.plover != "PROTEST" or row.mode != "strike" or token.pos_ not in _NOUN_POS:
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
        if counted is not None:
            noun = counted
    keep = [
        c for c in noun.children if c.dep_ in {"compound", "amod", "nmod", "poss"} and c.i < noun.i
    ]
    start = min([noun.i] + [c.left_edge.i for c in keep])
    doc = noun.doc
    words = [t for t in doc[start : noun.i + 1] if t.pos_ not in {"NUM", "DET", "PUNCT", "PRON"}]
    text = " ".join(t.text for t in words) or noun.text
    return text, noun.lemma_.lower()


def _actor_of(noun: Token | None) -> Actor | None:
    if noun is None:
        return None
    if noun.lower_ in _PRONOUNS or noun.pos_ == "PRON":
        return None
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
        )
        subj = next((c for c in head.children if c.dep_ == "nsubj" and not _is_dateline(c)), None)
        if passive:
            target_tok = _child(head, {"nsubjpass"})
            actor_tok = _pobj(head, {"by"})
            if actor_tok is not None and actor_tok.like_num:
                actor_tok = None
            if actor_tok is None:
                actor_tok = _fight_partner(head, trigger_tokens)
        else:
            if subj is not None and subj.i not in trigger_tokens:
                actor_tok = _event_subject_actor(subj, head)
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
    if actor_tok is None and head.pos_ in _NOUN_POS and head.dep_ == "dobj":
        governor = head.head
        subject = _child(governor, {"nsubj"})
        if subject is not None and governor.i not in trigger_tokens:
            actor_tok = subject
    if actor_tok is None:
        for token, _ in group.members:
            if token.i == head.i:
                continue
            actor_tok = _noun_actor(token)
            if actor_tok is not None:
                break
    if target_tok is not None and target_tok.i in trigger_tokens:
        target_tok = None
    actor = _actor_of(actor_tok)
    if (
        actor is None
        and head.pos_ in _VERB_POS
        and _child(head, {"nsubj", "agent", "nsubjpass"}) is None
    ):
        actor = _left_alias(group)
    if target_tok is not None and target_tok.ent_type_ in {"DATE", "TIME"}:
        target_tok = None
    target = _actor_of(target_tok)
    if target is not None and _is_place_actor(target_tok):
        target = None
    return actor, target


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
    return place and not normalise_actor(token.text).known


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
    """Whether the thing released can be people (hostages, prisoners, "most of them")."""
    return (
        _is_person(token)
        or token.lemma_.lower() in _CAPTIVES
        or token.pos_ == "PRON"
        or token.like_num
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
    for group, (actor, target) in zip(groups, parties, strict=True):
        plover = group.trigger.plover
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
