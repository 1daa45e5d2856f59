"""Trigger detection: which words of a sentence report an event, and which of them are one mention.

Every token whose lemma and part of speech fit a row of the trigger lexicon
(:mod:`eventwire.events.lexicon`) is a candidate, unless its sentence or its use says that it
reports no event: a feed footer, a disaster or an industrial accident (no attack), sport (no
hostile act), a name or a number, a compound modifier, a descriptive participle, an idiom ("fired
its coach", "shot down rumours", "a legal battle") or violence that only sets the scene ("fled the
fighting"). A noun "strike" in a clause about armed forces is a military strike. Candidates of the
same type linked in the parse ("killed in clashes", "held a protest", "agreed to a ceasefire") are
grouped into one mention, headed by the highest of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwire.events.actors import normalise_actor
from eventwire.events.lexicon import (
    ALL_WEAPONS,
    BODY_TRIGGERS,
    CLASH_WORDS,
    DISASTER_CUES,
    EXPLOSION_TRIGGERS,
    WEAPON_CUES,
    Trigger,
    triggers_for,
    words,
)
from eventwire.events.parties import ARMED_TYPES, arms_object, is_person, is_place, releasable
from eventwire.events.syntax import NOUN_POS, VERB_POS, first_child, objects_of, prep_object

__all__ = ["HOSTILE_TYPES", "TriggerGroup", "candidates", "group_candidates"]

#: PLOVER types of hostile acts: none in a sentence about sport.
HOSTILE_TYPES: Final = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "PROTEST"})
_NUMERIC_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
_NAME_ENTS = {"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"}
#: Types whose participle after a noun describes the noun rather than reporting an event.
_DESCRIPTIVE = {"SUPPORT", "AID", "COOPERATE", "CONSULT", "ACCUSE"}
_INDUSTRIAL: Final = words("industrial")
_ATTACK_CONTEXT: Final = words("attack-context")
_ACCIDENTAL: Final = words("accidental")
_GENERIC_HEADS: Final = words("generic-heads")
#: Words that place a sentence in sport ("the club fired its coach", "Arsenal's attack").
_SPORTS_CUES: Final = words("sports-cues")
_MATCH_WORDS: Final = words("match-words")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)
#: Verbs that a natural disaster is the subject of ("an earthquake struck").
_IMPACT_VERBS: Final = words("impact-verbs")
#: Objects of "fire" that are jobs, not targets ("fired its head coach").
_JOBS: Final = words("jobs")
#: Objects of "shoot down" that are ideas, not aircraft ("shot down rumours").
_IDEAS: Final = words("ideas")
#: Topics that make a "battle" or "fight" a political or legal contest ("a battle over the budget").
_CONTEST_TOPICS: Final = words("contest-topics")
_CONTEST_MODIFIERS: Final = words("contest-modifiers")
#: Verbs of escaping whose object names a situation, not an event ("fled the fighting").
_ESCAPE_VERBS: Final = words("escape-verbs")
#: Verbs of which a fight noun is the subject when it only sets the scene ("after the fighting
#: ended", "if fighting spreads").
_PHASE_VERBS: Final = words("phase-verbs")
_SITUATION_NOUNS: Final = words("situation-nouns")
#: Participles that describe support for an actor ("backed by air strikes"), not an event.
_SUPPORT_PARTICIPLES: Final = words("support-participles")
#: Abstract nouns of which an event noun is only the topic ("the final phase of the battle").
_ASPECT_NOUNS: Final = words("aspect-nouns")
#: Cues that a noun "strike" is a work stoppage, not a military strike.
_LABOUR_CUES: Final = words("labour-cues")
#: Verbs whose subject or object "strike" is a military strike ("carried out the strike").
_STRIKE_GOVERNORS: Final = words("strike-governors")
#: Cues that a noun "strike" is a military strike.
_MILITARY_STRIKE_CUES: Final = words("military-strike-cues")


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerGroup:
    """Candidate triggers that report one event: the highest of them (the head) with its lexicon
    row, and every member with its row, the head among them."""

    head: Token
    trigger: Trigger
    members: list[tuple[Token, Trigger]] = field(default_factory=list)


def candidates(sentence: SpacySpan) -> list[tuple[Token, Trigger]]:
    """The tokens of a sentence that report an event, each with the lexicon row it fits."""
    if _feed_footer(sentence):
        return []
    lemmas = _weapon_lemmas(sentence)
    disaster = bool(lemmas & DISASTER_CUES) and not lemmas & (ALL_WEAPONS | CLASH_WORDS)
    industrial = bool(lemmas & _INDUSTRIAL) and not (lemmas - {"plant"}) & _ATTACK_CONTEXT
    industrial = industrial and not lemmas & (ALL_WEAPONS - _ACCIDENTAL)
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
        if disaster and (lemma in BODY_TRIGGERS or lemma in _IMPACT_VERBS):
            continue
        if _nature_does_it(token):
            continue  # "floodwaters ... cutting off the main aid route"
        if sports and rows[0].plover in HOSTILE_TYPES:
            continue
        if industrial and (lemma in EXPLOSION_TRIGGERS or lemma in BODY_TRIGGERS):
            continue
        if industrial and rows[0].plover == "ASSAULT":
            continue
        if (
            token.pos_ in NOUN_POS
            and token.dep_ == "compound"
            and token.head.lemma_.lower() not in _GENERIC_HEADS
        ):
            continue
        if (
            token.dep_ == "acl"
            and token.tag_ == "VBN"
            and rows[0].plover in _DESCRIPTIVE
            # "supplies donated by the Chinese government" reports the donation
            and not (rows[0].plover == "AID" and first_child(token, {"agent"}) is not None)
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


def _feed_footer(sentence: SpacySpan) -> bool:
    """A feed footer repeating a headline ("The post ... appeared first on Outlet.")."""
    text = sentence.text.strip()
    return text.startswith("The post ") and "appeared first on" in text


def _fits(token: Token, row: Trigger, lemmas: set[str]) -> bool:
    pos = _coarse(token)
    if pos is None or pos not in row.pos:
        return False
    dependents = _dependents(token)
    if any(n.startswith("!") and n[1:] in dependents for n in row.needs):
        return False
    needed = {n for n in row.needs if not n.startswith(("@", "!"))}
    if needed and not needed & dependents:
        return False
    if "@place" in row.needs and not any(is_place(o) for o in objects_of(token)):
        return False
    if "@person" in row.needs and not any(is_person(o) for o in objects_of(token)):
        return False
    if "@captive" in row.needs and not any(
        releasable(o) for o in objects_of(token) if o.dep_ in {"dobj", "nsubjpass"}
    ):
        return False
    if "@arms" in row.needs and not arms_object(token):
        return False
    return "@weapon" not in row.needs or bool(lemmas & ALL_WEAPONS)


def _coarse(token: Token) -> str | None:
    if token.pos_ in VERB_POS:
        return "V"
    if token.pos_ in NOUN_POS:
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


def _weapon_lemmas(sentence: SpacySpan) -> set[str]:
    return {t.lemma_.lower() for t in sentence} | {t.lower_ for t in sentence}


def _nature_does_it(token: Token) -> bool:
    """Whether a verb's subject (or, for a participle clause, its governor's) is a natural
    force: no actor's act ("rising floodwaters ... cutting off the road")."""
    if token.pos_ not in VERB_POS:
        return False
    subject = first_child(token, {"nsubj"})
    if subject is None and token.dep_ in {"advcl", "conj"} and token.tag_ == "VBG":
        subject = first_child(token.head, {"nsubj"})
    return subject is not None and subject.lemma_.lower() in DISASTER_CUES


def _sports(sentence: SpacySpan, lemmas: set[str]) -> bool:
    """Whether a sentence is about sport: a sports word, or a match minute ("the 88th minute")."""
    if lemmas & _SPORTS_CUES - {"striker"}:
        return True
    if "striker" in lemmas and lemmas & _MATCH_WORDS:
        return True
    return any(
        t.lemma_.lower() == "minute" and t.i > sentence.start and _ORDINAL.match(t.nbor(-1).text)
        for t in sentence
    )


def _idiom(token: Token, row: Trigger) -> bool:
    """Whether a fitting trigger is used in a sense that reports no event: a "release" of
    things ("released water", "the count, released earlier", "the level of releases"), a
    passive "were met with" (met with bullets), "pleaded guilty / not guilty"."""
    lemma = token.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in token.children)
    if row.plover == "RETREAT" and row.mode == "release":
        if token.pos_ in NOUN_POS:
            of = prep_object(token, {"of"})
            return of is None or not releasable(of)
        things = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        if token.dep_ == "acl" and token.tag_ == "VBN":
            things.append(token.head)
        return bool(things) and not any(releasable(t) for t in things)
    if lemma == "meet" and passive and prep_object(token, {"with"}) is not None:
        return True
    objects = {c.lemma_.lower() for c in token.children if c.dep_ == "dobj"}
    if row.plover == "ASSAULT" and lemma == "fire" and objects & _JOBS:
        return True  # "fired its head coach"
    down = any(c.lower_ == "down" for c in token.children)
    if row.plover == "ASSAULT" and lemma == "shoot" and down and objects & _IDEAS:
        return True  # "shot down rumours"
    if row.plover == "ASSAULT" and lemma in {"battle", "fight", "clash"} and token.pos_ in NOUN_POS:
        topic = prep_object(token, {"over", "for"})
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


def _background_violence(token: Token, row: Trigger) -> bool:
    """Whether a violence noun names a situation, not an event reported in its clause: the
    object of an escape verb ("fled the fighting") or the subject of a phase verb in a
    subordinate clause ("after the fighting ended", "if fighting spreads")."""
    if token.pos_ not in NOUN_POS or token.lemma_.lower() not in _SITUATION_NOUNS:
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
    if token.pos_ not in NOUN_POS and token.dep_ != "pobj":
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


def _strike_row(token: Token, row: Trigger, lemmas: set[str]) -> Trigger:
    """A noun "strike" in a clause about armed forces or a target is a military strike.

    Without labour cues (workers, unions, pay), a "strike" that hits, kills or falls on
    something, or one in a clause about armies, rebels or aircraft, is an ASSAULT; its mode is
    decided from the weapon cues, and is aerial when there is none.
    """
    if row.plover != "PROTEST" or row.mode != "strike":
        return row
    if token.pos_ in VERB_POS:
        subject = first_child(token, {"nsubj"})
        armed = subject is not None and (
            normalise_actor(subject.text, head=subject.lemma_.lower()).type in ARMED_TYPES
        )
        return Trigger(row.lemma, row.pos, "ASSAULT", None, row.needs) if armed else row
    if token.pos_ not in NOUN_POS:
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


def group_candidates(found: list[tuple[Token, Trigger]]) -> list[TriggerGroup]:
    """Candidates grouped into mentions, in the text order of their heads: a candidate joins a
    group when it is linked in the parse to a member of the same type (or a ceasefire to an
    AGREE), the highest candidates first."""
    groups: list[TriggerGroup] = []
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
            target = TriggerGroup(head=token, trigger=row)
            groups.append(target)
        target.members.append((token, row))
    groups.sort(key=lambda g: g.head.i)
    return groups


def _mergeable(head: Trigger, member: Trigger) -> bool:
    if head.plover == member.plover:
        return True
    return head.plover == "AGREE" and member.plover == "RETREAT" and member.mode == "ceasefire"


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
    if token.pos_ in VERB_POS:
        return False
    node = token
    for _ in range(limit):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.i == ancestor.i:
            return True
        if node.pos_ in VERB_POS:
            return False
    return False


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth
