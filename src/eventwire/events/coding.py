"""Coding: the PLOVER type and mode, ACLED event and sub-event type, and status of a mention.

The mode of an ASSAULT comes from the group's own modes and the weapon cues of its clause (of the
whole sentence when it has one mention, or only ASSAULT mentions), by precedence. Sentence cues
(:class:`SentenceCues`) then recode what the trigger alone cannot tell: a clash with protesters is
a riot, an attack by a mob is mob violence, an unspecified attack with a state force and an armed
group in the sentence is an armed clash, a protest with stones is a riot and one with tear gas has
an intervention. ACLED types come from :func:`eventwire.events.taxonomy.acled_for`; the status
from :func:`eventwire.events.status.status_of`, then adjusted for threats, promises and refusals
as the labelling guide codes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwire.events.actors import Actor, normalise_actor
from eventwire.events.lexicon import (
    CLASH_WORDS,
    CROWD_NOUNS,
    REPORTING_VERBS,
    WEAPON_CUES,
    triggers_for,
    words,
)
from eventwire.events.parties import arms_object, names_people
from eventwire.events.status import status_of
from eventwire.events.syntax import VERB_POS, first_child, objects_of, prep_object
from eventwire.events.taxonomy import acled_for
from eventwire.events.triggers import HOSTILE_TYPES, TriggerGroup
from eventwire.nlp import sentence_ents
from eventwire.records import EventStatus

__all__ = ["Coding", "SentenceCues", "code_mention", "sentence_cues"]

#: ASSAULT modes by precedence: the first one found wins.
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
_NONSTATE_TYPES = {"rebel", "jihadist group", "militia", "armed group"}
_GOV_VERBS: Final = words("gov-verbs")
_INTERVENTION_CUES: Final = words("intervention-cues")
_FORCE_VERBS: Final = words("force-verbs")
_DEADLY_FORCE: Final = words("deadly-force")
_SOURCE_NOUNS: Final = words("source-nouns")
_MOB_WORDS: Final = words("mob-words")
_STATE_ACTORS: Final = frozenset({"police", "state military", "security forces", "government"})
_STATE_SIDE: Final = words("state-side")
_NONSTATE_SIDE: Final = words("nonstate-side")
_RIOT_CUES: Final = words("riot-cues")
_STATE_OWNERS: Final = words("state-owners")
_STATE_BUILDINGS: Final = words("state-buildings")
#: Verbs of promising: an AGREE mention they head is a commitment, status planned.
_PROMISES: Final = words("promises")


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceCues:
    """What a sentence says that decides the coding of each of its mentions."""

    #: The lemmas of the sentence.
    lemmas: frozenset[str]
    #: One mention, or only ASSAULT mentions: mode cues come from the whole sentence.
    single: bool
    #: A PROTEST mention, or protesters named.
    has_protest: bool
    #: An ASSAULT mention headed by a verb of force ("shot", "beat").
    has_force: bool
    #: A state force named (not as a source of the report).
    state_side: bool
    #: A non-state armed party named.
    armed_side: bool
    #: The target of one of its mentions is civilians.
    civilian_victims: bool


def sentence_cues(
    sentence: SpacySpan, groups: Sequence[TriggerGroup], *, civilian_victims: bool
) -> SentenceCues:
    """The coding cues of a sentence with the mentions ``groups``."""
    sentence_lemmas = frozenset(t.lemma_.lower() for t in sentence)
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
        normalise_actor(e.text).type in _NONSTATE_TYPES for e in sentence_ents(sentence)
    )
    return SentenceCues(
        lemmas=sentence_lemmas,
        single=single,
        has_protest=has_protest,
        has_force=has_force,
        state_side=state_side,
        armed_side=armed_side,
        civilian_victims=civilian_victims,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Coding:
    """The PLOVER type and mode, ACLED event and sub-event type and status of one mention."""

    plover: str
    mode: str | None
    acled: tuple[str, str] | None
    status: EventStatus


def code_mention(
    group: TriggerGroup,
    actor: Actor | None,
    target: Actor | None,
    sentence: SpacySpan,
    cues: SentenceCues,
    *,
    published_year: int | None = None,
) -> Coding | None:
    """The coding of the mention ``group`` with its (normalised) actor and target; ``None`` for
    a warning that is no threat (the mention is dropped)."""
    plover = group.trigger.plover
    sentence_lemmas = cues.lemmas
    mode = _mode(group, _cue_lemmas(group, sentence, cues.single))
    actor_type = actor.type if actor else None
    target_type = target.type if target else None
    actor_words = set(actor.name.lower().split()) if actor else set()
    if plover == "ASSAULT" and actor_words & _MOB_WORDS:
        plover, mode = "PROTEST", "mob"
    if plover == "ASSAULT" and actor_type == "protesters" and mode not in _REMOTE_CUE_MODES:
        # demonstrators storming a building or beating a guard: a violent demonstration
        plover, mode = "PROTEST", "riot"
    target_words = set(target.name.lower().split()) if target else set()
    crowd_target = plover == "ASSAULT" and (
        bool({w.rstrip("s") for w in target_words} & CROWD_NOUNS) or _fired_on_crowd(group.head)
    )
    if (
        plover == "ASSAULT"
        and mode == "clash"
        and ("protesters" in {actor_type, target_type} or cues.has_protest)
    ):
        plover, mode = "PROTEST", "riot"
    if (
        plover == "ASSAULT"
        and mode == "occupy"
        and actor is None
        and (group.head.lemma_.lower() in _GOV_VERBS or target_type in _NONSTATE_TYPES)
    ):
        actor_type = "state military"
    if plover == "COERCE" and mode == "seize" and not arms_object(group.head):
        if any(names_people(o) for o in objects_of(group.head) if o.dep_ in {"dobj", "nsubjpass"}):
            # "armed men seized 30 passengers": an abduction; by the state, an arrest
            if actor_type in _STATE_ACTORS:
                mode = "arrest"
            else:
                plover, mode = "ASSAULT", "abduct"
        else:
            mode = "destroy"
    if (
        plover == "ASSAULT"
        and mode in {None, "firearms"}
        and not cues.civilian_victims
        and cues.state_side
        and cues.armed_side
    ):
        mode = "clash"
    acled = acled_for(plover, mode, actor_type=actor_type, target_type=target_type)
    if crowd_target and mode not in _REMOTE_CUE_MODES:
        if actor_type in _STATE_ACTORS:
            acled = ("Protests", "Excessive force against protesters")
        else:
            plover, mode = "PROTEST", "mob"
            acled = acled_for(plover, mode)
    if plover == "PROTEST" and mode in {"demonstrate", "strike", None, "obstruct"}:
        if sentence_lemmas & _RIOT_CUES:
            mode = "riot"
            acled = acled_for(plover, mode)
        elif cues.has_force and sentence_lemmas & _DEADLY_FORCE:
            acled = ("Protests", "Excessive force against protesters")
        elif sentence_lemmas & _INTERVENTION_CUES:
            acled = ("Protests", "Protest with intervention")
    if plover == "COERCE" and cues.has_protest and mode in {"arrest", "restrict"}:
        acled = ("Protests", "Protest with intervention")
    status = status_of(group.head, published_year=published_year)
    intended, mode_now, status = _intent(group.head, plover, mode, status)
    if intended is None:
        return None
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
    return Coding(plover=plover, mode=mode, acled=acled, status=status)


def _fired_on_crowd(head: Token) -> bool:
    """``opened fire on demonstrators``, ``fired at protesters``: a crowd the shots went at."""
    crowd = prep_object(head, {"on", "at", "into"})
    return (
        crowd is not None
        and crowd.pos_ == "NOUN"
        and not crowd.ent_type_  # "on March 2"
        and crowd.lemma_.lower() in CROWD_NOUNS
    )


def _mode(group: TriggerGroup, cue_lemmas: set[str]) -> str | None:
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


def _cue_lemmas(group: TriggerGroup, sentence: SpacySpan, single: bool) -> set[str]:
    tokens: Iterable[Token] = sentence if single else group.head.subtree
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}


def _state_property(verb: Token) -> bool:
    """Whether the object destroyed belongs to the state or a party ("a police station")."""
    for obj in verb.children:
        if obj.dep_ not in {"dobj", "nsubjpass"}:
            continue
        if obj.lemma_.lower() in _STATE_BUILDINGS:
            return True
        if any(
            c.dep_ in {"compound", "poss", "amod"} and c.lemma_.lower() in _STATE_OWNERS
            for c in obj.children
        ):
            return True
    return False


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
        if clause.dep_ not in {"ccomp", "advcl"} or clause.pos_ not in VERB_POS | {"AUX"}:
            continue
        subject = first_child(clause, {"nsubj", "nsubjpass"})
        if subject is None or subject.pos_ == "PRON":
            continue  # "warned that it would retaliate": the speaker's own act
        modal = any(
            c.dep_ == "aux" and c.lower_ in {"may", "might", "could"} for c in clause.children
        )
        hostile = any(
            rows[0].plover in HOSTILE_TYPES
            for t in clause.subtree
            if (rows := triggers_for(t.lemma_.lower()))
        )
        if modal or not hostile:
            return True  # "sleeper cells remain active", "a million people may flee"
    return False
