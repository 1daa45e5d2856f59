"""Actors and targets: which nouns fill the actor and target roles of a mention.

:func:`actor_and_target` reads them from the head trigger's subject, object and agent, or from the
nouns folded into it ("clashes with Daesh fighters"); a passive takes its target from the passive
subject and its actor from "by ..." or from the fight noun it happened in ("killed in clashes with
X"). Fallbacks: the subject a verb shares with the verb above it, the speaker of a reported clause,
the second side of a symmetric event ("met with X", "between X and Y"), a "to" recipient, a "from"
complement, the subject of an alleged clause, the object of a complement. What the nouns name is
decided in :mod:`eventwire.events.parties`. :func:`normalise_parties` then applies the coding
conventions that depend on the whole sentence (:class:`Scene`): the state of the one country it
is about, state forces for military acts, "civilians" for unarmed victims, "protesters" for a
crowd named by its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwire.events.actors import (
    Actor,
    country_code,
    country_named,
    normalise_actor,
    state_force,
    state_of,
)
from eventwire.events.lexicon import (
    BODY_TRIGGERS,
    CLASH_WORDS,
    EVENT_SUBJECTS,
    FIGHT_NOUNS,
    REPORTING_VERBS,
    words,
)
from eventwire.events.parties import (
    ARMED_TYPES,
    actor_of,
    is_party,
    is_place_actor,
    noun_actor,
    party_actor,
    party_target,
    sides,
)
from eventwire.events.syntax import NOUN_POS, VERB_POS, first_child, is_dateline, prep_object
from eventwire.events.triggers import TriggerGroup
from eventwire.nlp import sentence_ents

__all__ = ["Scene", "actor_and_target", "normalise_parties", "scene_of"]

#: Types whose two sides are symmetric: "Kenya and Ethiopia signed a deal", "met with X".
_SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE", "RETREAT"})
#: Types whose "to" complement is not a recipient ("sent troops to Mali", "marched to parliament").
_NO_RECIPIENT = frozenset({"ASSAULT", "MOBILIZE", "PROTEST", "COERCE", "THREATEN"})
_FORCE_TYPES = frozenset(
    {"state military", "police", "security forces", "militia", "armed group", "international force"}
)
#: Types whose civilian targets are coded "civilians": victims, beneficiaries, the threatened.
_VICTIM_TYPES = frozenset({"ASSAULT", "AID", "THREATEN", "RETREAT", "COERCE"})
#: Verbs of perceiving, expecting and escaping: their subject is not the actor of their object.
_COGNITION: Final = words("cognition")
_SERIES_NOUNS: Final = words("series-nouns")
#: Homes and the places of daily life: hostile acts against them are acts against civilians.
_RESIDENTIAL: Final = words("residential")
#: Actors of a protest that only say how many people took part ("thousands of people").
_CROWD_HEADS: Final = words("crowd-heads")


def actor_and_target(group: TriggerGroup) -> tuple[Actor | None, Actor | None]:
    """The actor and target of a mention, read from the parse around its head (before the
    sentence-wide conventions of :func:`normalise_parties`)."""
    head = group.head
    trigger_tokens = {t.i for t, _ in group.members}
    actor_tok: Token | None = None
    target_tok: Token | None = None
    if head.pos_ in VERB_POS:
        passive = any(
            c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and c.text != "IS") for c in head.children
        ) or (
            # "left one person dead and dozens injured": a participle without auxiliary
            head.tag_ == "VBN"
            and head.lemma_.lower() in BODY_TRIGGERS
            and not any(c.dep_ in {"aux", "auxpass"} for c in head.children)
            and head.dep_ in {"conj", "ccomp", "oprd", "advcl", "xcomp"}
        )
        subj = next((c for c in head.children if c.dep_ == "nsubj" and not is_dateline(c)), None)
        if passive:
            target_tok = first_child(head, {"nsubjpass", "nsubj"})
            actor_tok = prep_object(head, {"by"}) or _deep_agent(head)
            if actor_tok is not None and actor_tok.like_num:
                actor_tok = None
            if actor_tok is None:
                actor_tok = _fight_partner(head, trigger_tokens)
        else:
            if subj is not None and subj.i not in trigger_tokens:
                actor_tok = _event_subject_actor(subj, head)
            elif subj is None:
                actor_tok = _controller(head)
            obj = first_child(head, {"dobj"})
            preps = {"on", "against", "at", "with"} if head.lemma_ in CLASH_WORDS else {"on", "at"}
            if obj is None or is_place_actor(obj):
                obj = prep_object(head, preps | {"against"}) or obj
            target_tok = obj
        if actor_tok is None and subj is not None and subj.i in trigger_tokens:
            actor_tok = noun_actor(subj)
    else:
        actor_tok = noun_actor(head)
        target_tok = prep_object(head, {"on", "against", "of", "at"})
        if target_tok is not None and target_tok.i in trigger_tokens:
            target_tok = None
    if actor_tok is None and head.lemma_.lower() in FIGHT_NOUNS:
        actor_tok = _victims_side(head)
    noun = _outer_noun(head) if head.pos_ in NOUN_POS else head
    if (
        actor_tok is None
        and noun.pos_ in NOUN_POS
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
        subject = first_child(governor, {"nsubj"}) or _controller(governor)
        if governor.lemma_.lower() in _COGNITION:
            subject = None  # "commanders expected the fighting to last"
        if (
            subject is not None
            and governor.i not in trigger_tokens
            and governor.pos_ in VERB_POS | {"AUX"}
        ):
            actor_tok = subject
    if actor_tok is not None and actor_tok.pos_ == "PRON":
        actor_tok = _reporter(head) or actor_tok
    if actor_tok is None:
        for token, _ in group.members:
            if token.i == head.i:
                continue
            actor_tok = noun_actor(token)
            if actor_tok is not None:
                break
    if target_tok is not None and target_tok.i in trigger_tokens:
        # "accepted the government's offer": the owner of the trigger noun
        target_tok = next(
            (c for c in target_tok.children if c.dep_ == "poss" and is_party(c)), None
        )
    plover = group.trigger.plover
    actor_tok = party_actor(actor_tok)
    actor, partner = sides(actor_tok) if plover in _SYMMETRIC else (actor_of(actor_tok), None)
    if (
        actor is None
        and head.pos_ in VERB_POS
        and first_child(head, {"nsubj", "agent", "nsubjpass"}) is None
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
        target_tok = prep_object(head, {"from"})
    target_tok = party_target(target_tok, plover)
    target = actor_of(target_tok)
    if target is not None and is_place_actor(target_tok):
        target = None
    if target is None and plover in _SYMMETRIC:
        target = partner or actor_of(_with_partner(head, trigger_tokens))
    if target is None and plover == "SANCTION":
        target = actor_of(_with_partner(head, trigger_tokens))  # "cut ties with X"
    if (target is None and plover not in _NO_RECIPIENT) or plover in {"AID", "COOPERATE"}:
        target = actor_of(_recipient(head, trigger_tokens)) or target
    if target is None:
        target = actor_of(_other_target(head, plover, trigger_tokens))
    if plover == "MOBILIZE" and target is not None and target.type in _FORCE_TYPES:
        if actor is None and target_tok is not None and target_tok.dep_ == "nsubjpass":
            actor = target
        target = None
    if actor is not None and target is not None and actor.name == target.name:
        target = None
    return actor, target


def _left_alias(group: TriggerGroup) -> Actor | None:
    """A known actor named by the words before a verb that has no subject of its own."""
    head = group.head
    doc = head.doc
    text = doc[head.left_edge.i : head.i].text
    if not text.strip():
        return None
    found = normalise_actor(text)
    return found if found.known else None


def _other_target(head: Token, plover: str, trigger_tokens: set[int]) -> Token | None:
    """A target the head's own object does not give:

    - "retook the town from Boko Haram", "recalled its ambassador from Beirut": "from";
    - "imposed sanctions on 14 officials": "on"/"against" after a trigger noun;
    - "alleged that soldiers had looted": the subject of the reported clause (ACCUSE);
    - "threatened to dissolve parliament", "refused to allow UN investigators", "helped pull
      survivors": the object of the verb complement.
    """
    if head.pos_ not in VERB_POS:
        return None
    verbs = [head] + [c for c in head.children if c.dep_ == "xcomp" and c.pos_ in VERB_POS]
    for verb in verbs:
        for obj in [verb] + [c for c in verb.children if c.dep_ == "dobj"]:
            found = prep_object(obj, {"from"}) if plover in {"ASSAULT", "SANCTION"} else None
            if found is not None and found.i not in trigger_tokens and is_party(found):
                return found
            if obj.i in trigger_tokens and obj is not verb:
                found = prep_object(obj, {"on", "against"})
                if found is not None and is_party(found):
                    return found
    if plover == "ACCUSE":
        for clause in head.children:
            if clause.dep_ == "ccomp":
                subject = first_child(clause, {"nsubj", "nsubjpass"})
                if subject is not None and is_party(subject):
                    return subject
    if plover not in {"THREATEN", "REJECT", "AID"}:
        return None
    for verb in verbs[1:]:
        for obj in verb.children:
            if obj.dep_ == "dobj":
                found = party_target(obj, plover)
                if found is not None:
                    return found
        deeper = first_child(verb, {"xcomp"})  # "helped pull survivors"
        if deeper is not None:
            found = first_child(deeper, {"dobj"})
            if found is not None and is_party(found):
                return found
    return None


def _with_partner(head: Token, trigger_tokens: set[int]) -> Token | None:
    """The other side of a bilateral event: "met with X", "held talks with X", "signed a deal
    with X", "the meeting between X and Y" (Y)."""
    verbs = [head] + [c for c in head.children if c.dep_ == "xcomp" and c.pos_ in VERB_POS]
    nodes = verbs + [c for v in verbs for c in v.children if c.dep_ in {"dobj", "nsubjpass"}]
    for node in nodes:
        found = prep_object(node, {"with"})
        if found is not None and found.i not in trigger_tokens and is_party(found):
            return found
    between = prep_object(head, {"between"})
    if between is not None:
        other = next((c for c in between.children if c.dep_ == "conj"), None)
        if other is not None and is_party(other):
            return other
    return None


def _recipient(head: Token, trigger_tokens: set[int]) -> Token | None:
    """The party in a "to" complement: "delivered missiles to Ukraine", "appealed to the
    kidnappers", "handed over 12 rebels to Congolese authorities"."""
    nodes = [head] + [c for c in head.children if c.dep_ == "dobj"]
    for node in nodes:
        found = prep_object(node, {"to"})
        if found is not None and found.i not in trigger_tokens and is_party(found):
            if found.ent_type_ in {"GPE", "LOC", "FAC"} and country_named(found.text) is None:
                continue
            return found
    return None


def _outer_noun(noun: Token) -> Token:
    """The noun an event noun is counted by: "a week of joint drills", "a third round of
    negotiations" give "week" and "round"."""
    for _ in range(2):
        prep = noun.head
        if (
            noun.dep_ == "pobj"
            and prep.lower_ == "of"
            and prep.head.lemma_.lower() in _SERIES_NOUNS
            and prep.head.pos_ in NOUN_POS
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
            found = prep_object(noun, {"by"})
            if found is not None and is_party(found):
                return found
    return None


def _controller(verb: Token) -> Token | None:
    """The subject a verb without one shares with the verb above it: "the RSF denied carrying
    out the strike" (RSF), "the militants set fire to the office and shot dead four guards"."""
    if first_child(verb, {"nsubj", "nsubjpass"}) is not None:
        return None
    if verb.dep_ in {"xcomp", "conj"} or (
        verb.dep_ in {"pcomp", "dobj", "advcl"} and verb.tag_ == "VBG"
    ):
        above = verb.head
        if verb.dep_ == "xcomp" and first_child(above, {"dobj"}) is not None:
            return None  # "urged the government to scrap": the object does it
        if above.pos_ in VERB_POS:
            deps = {"nsubj", "nsubjpass"} if verb.dep_ == "xcomp" else {"nsubj"}
            subject = first_child(above, deps)  # "the EU is expected to adopt": the EU
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
            subject = first_child(node.head, {"nsubj"})
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
    if subj.pos_ == "PRON" and verb.dep_ == "relcl" and verb.head.pos_ in NOUN_POS:
        noun = verb.head
    if noun.lemma_.lower() not in EVENT_SUBJECTS:
        return subj
    return noun_actor(noun)


def _verb_chain(verb: Token) -> list[Token]:
    """A verb with the verbs coordinated with it ("were killed and 11 wounded")."""
    chain = [verb]
    if verb.dep_ == "conj" and verb.head.pos_ in VERB_POS:
        chain.append(verb.head)
    chain.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in VERB_POS)
    return chain


def _fight_partner(verb: Token, trigger_tokens: set[int]) -> Token | None:
    """The side named after a fight noun under a passive casualty verb: "were killed in
    clashes with X", "were wounded during an attack by X" give X."""
    for node in _verb_chain(verb):
        for prep in node.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "during", "amid"}:
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in FIGHT_NOUNS:
                    found = prep_object(noun, {"with", "by", "from"})
                    if found is not None and found.i not in trigger_tokens:
                        return found
    return None


def _victims_side(noun: Token) -> Token | None:
    """For a fight noun in "soldiers were killed in fighting with X", the side of the clause's
    subject (the soldiers): in a clash both sides are parties, and the fight noun's actor is the
    side its clause is about, its "with" complement the target."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or prep_object(noun, {"with"}) is None:
        return None
    verb = noun.head.head
    if verb.pos_ not in VERB_POS or not any(
        v.lemma_.lower() in BODY_TRIGGERS for v in _verb_chain(verb)
    ):
        return None
    for node in _verb_chain(verb):
        subject = first_child(node, {"nsubjpass", "nsubj"})
        if subject is not None and not subject.like_num and subject.pos_ != "PRON":
            return subject
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scene:
    """What a sentence says about the parties of all its mentions."""

    #: The target of one of its mentions is civilians.
    civilian_victims: bool
    #: Civilian victims, or the sentence counts civilian dead or wounded.
    civilian_dead: bool
    #: The one country the sentence is about, if it names exactly one.
    country: tuple[str, str] | None


def scene_of(sentence: SpacySpan, parties: Sequence[tuple[Actor | None, Actor | None]]) -> Scene:
    """The scene of a sentence, given the actor and target of each of its mentions."""
    civilian_victims = any(t is not None and t.type == "civilians" for _, t in parties)
    return Scene(
        civilian_victims=civilian_victims,
        civilian_dead=civilian_victims or _civilian_casualties(sentence),
        country=_sentence_country(sentence),
    )


def normalise_parties(
    group: TriggerGroup, actor: Actor | None, target: Actor | None, scene: Scene
) -> tuple[Actor | None, Actor | None]:
    """A mention's actor and target as coded: "the army" of the sentence's one country, the
    military of a state that attacks or mobilises, "civilians" for unarmed victims and
    beneficiaries (and for an ASSAULT in a sentence with civilian dead, or on homes), "protesters"
    for a protest crowd named by its size."""
    plover = group.trigger.plover
    if scene.country is not None:
        # "the army", "the government" in a sentence about one country
        actor = state_of(actor, scene.country) if actor is not None else None
        target = state_of(target, scene.country) if target is not None else None
    joint_forces = plover == "COOPERATE" and group.trigger.mode == "military"
    military = plover in {"ASSAULT", "MOBILIZE"} or joint_forces
    if actor is not None and military:
        actor = state_force(actor)
    if target is not None and joint_forces and target.type == "government":
        target = state_force(target)
    if target is None and plover == "ASSAULT" and scene.civilian_dead:
        target = normalise_actor("civilians", head="civilian")
    if target is None and plover in {"ASSAULT", "COERCE"} and _residential(group.head):
        target = normalise_actor("civilians", head="civilian")
    if plover == "PROTEST" and actor is not None and not actor.known:
        name_words = actor.name.lower().split()
        if name_words and (
            name_words[-1] in _CROWD_HEADS or name_words[-1].rstrip("s") in _CROWD_HEADS
        ):
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
    return actor, target


def _civilian_casualties(sentence: SpacySpan) -> bool:
    """Whether the sentence counts civilian dead or wounded ("killing at least 14 people",
    "left 19 people dead")."""
    for token in sentence:
        lemma = token.lemma_.lower()
        victims: list[Token] = []
        if lemma in BODY_TRIGGERS and token.pos_ in VERB_POS:
            victims = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        elif lemma == "leave" and any(
            c.lower_ in {"dead", "wounded", "injured"} for c in token.subtree
        ):
            victims = [c for c in token.children if c.dep_ in {"dobj", "nsubj"}]
        for victim in victims:
            found = actor_of(victim)
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
            if actor.known and actor.country and actor.type in ARMED_TYPES:
                code = country_code(actor.country)
                if code is not None:
                    found.add(code)
    for ent in sentence_ents(sentence):
        if ent.label_ in {"GPE", "NORP"}:
            named = country_named(ent.text)
            if named is None:
                named = next((country_named(t.text) for t in ent if country_named(t.text)), None)
            if named is not None:
                found.add(named)
        elif ent.label_ == "ORG":
            actor = normalise_actor(ent.text)
            if actor.known and actor.country and actor.type in ARMED_TYPES | {"government"}:
                code = country_code(actor.country)
                if code is not None:
                    found.add(code)
    return found.pop() if len(found) == 1 else None


def _named_person(group: TriggerGroup, target: Actor) -> bool:
    """Whether a target is a named person ("Tomas Rieder"), kept as named."""
    sentence = group.head.sent
    return any(e.label_ == "PERSON" and e.text == target.name for e in sentence_ents(sentence))
