"""Parties: what a noun names (a party, a person, a place, arms) and the actor it gives.

Actors and targets are parties (people, groups, organisations, states), never places, objects or
quantities. :func:`actor_of` turns a noun into an :class:`~eventwire.events.actors.Actor` through
the actor dictionary: the phrase around it (a whole name, a person's name without the title, the
counted noun of "dozens of supporters", "Venezuela's National Guard" as "Venezuelan National
Guard"). :func:`party_actor` and :func:`party_target` find the party behind an argument that is
an instrument, an event or a thing ("an ELN offensive", "Serbia's demand"); :func:`sides` splits
a coordinated subject into two sides ("Kenya and Ethiopia").
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from eventwire.events.actors import (
    HEAD_TYPES,
    Actor,
    country_named,
    dictionary_name,
    normalise_actor,
)
from eventwire.events.lexicon import (
    ALL_WEAPONS,
    CROWD_NOUNS,
    EVENT_SUBJECTS,
    PLACE_NOUNS,
    triggers_for,
    words,
)
from eventwire.events.syntax import NOUN_POS, is_dateline, objects_of, prep_object

__all__ = [
    "ARMED_TYPES",
    "actor_of",
    "arms_object",
    "is_party",
    "is_person",
    "is_place",
    "is_place_actor",
    "names_people",
    "noun_actor",
    "party_actor",
    "party_target",
    "releasable",
    "sides",
]

#: Actor types of armed parties.
ARMED_TYPES: Final = frozenset(
    {"state military", "rebel", "jihadist group", "militia", "armed group", "international force"}
)
_TIME_ENTS = {"DATE", "TIME"}
_PERSON_OBJECT_ENTS = {"PERSON", "NORP"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_ARMS: Final = words("arms")
#: Nouns of events or instruments that are never an actor ("a roadside bomb struck").
_INSTRUMENTS: Final = _ARMS | EVENT_SUBJECTS | words("instruments")
_PRONOUNS: Final = words("pronouns")
_QUANTITY_NOUNS: Final = words("quantity-nouns")
_MEMBER_NOUNS: Final = words("member-nouns")
_GROUP_HEADS: Final = words("group-heads")
_QUANTIFIERS: Final = words("quantifiers")
_STATE_HEADS: Final = words("state-heads")
_RULERS: Final = words("rulers")
#: Nouns for people acting for a party named in their "of"/"from" complement.
_DELEGATES: Final = words("delegates")
#: Nouns for people by their role, parties though the actor dictionary does not type them.
_ROLES: Final = words("roles")
_CAPTIVES: Final = words("captives")
#: Endings of nouns for people ("schoolgirl", "crew member", "fisherman", "national").
_PERSON_ENDINGS: Final = tuple(sorted(words("person-endings")))
#: Counted nouns that are quantities, not people ("released 30 tonnes of water").
_UNITS: Final = words("units")
#: Nouns for what a party says or decides; their "of"/"from"/"by" complement is its author.
_PRODUCTS: Final = words("products")
#: Things owned by the party their "of" complement names ("the cattle of 60 families").
_PROPERTY: Final = words("property")
_PLACE_HEADS: Final = PLACE_NOUNS | words("place-heads")
_PROJECTILES: Final = words("projectiles")


def actor_of(noun: Token | None) -> Actor | None:
    """The actor a noun names, normalised through the actor dictionary; ``None`` for a pronoun
    or a dateline; people in general ("people", "a person") are civilians."""
    if noun is None:
        return None
    if noun.lower_ in _PRONOUNS or noun.pos_ == "PRON" or is_dateline(noun):
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


def _phrase(noun: Token) -> tuple[str, str]:
    """The text of the party a noun names, with its head lemma: its modifiers, a whole name, a
    person's name without the title (or the organisation the title names), "X in <country>"."""
    if noun.lemma_.lower() in _QUANTITY_NOUNS or noun.like_num:
        counted = prep_object(noun, {"of"})
        if counted is not None and not triggers_for(counted.lemma_.lower()):
            noun = counted  # "dozens of supporters", not "groups of attacks"
    if noun.lemma_.lower() in _MEMBER_NOUNS:
        group = prep_object(noun, {"of"})
        if group is not None and (
            group.ent_type_ in {"ORG", "NORP"} or group.lemma_.lower() in _GROUP_HEADS
        ):
            noun = group  # "members of a drug cartel", "fighters of the Liberation Front"
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
    kept = [
        t
        for t in doc[start:end]
        if t.pos_ not in {"NUM", "DET", "PRON"}
        and (t.pos_ != "PUNCT" or (t.text in {"-", "'", "’"} and not t.nbor(-1).whitespace_))
    ]
    text = "".join(t.text_with_ws for t in kept).strip() or noun.text
    text = _country_possessive(text, noun)
    located = prep_object(noun, {"in"})
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


def is_party(token: Token) -> bool:
    """Whether a noun names a party (a person, group, organisation or state), not a place,
    object, quantity or abstraction."""
    if token.pos_ == "PRON":
        return False
    if token.lemma_.lower() in _QUANTITY_NOUNS or token.like_num:
        counted = prep_object(token, {"of"})  # "dozens of opposition supporters"
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
    actor = actor_of(token)
    return actor is not None and (actor.known or actor.type is not None)


def party_actor(token: Token | None) -> Token | None:
    """The party behind an actor argument: an instrument or event names none of its own ("a
    roadside bomb struck" gives none, "an ELN offensive" gives ELN); "representatives of X"
    and "the foreign ministers of X and Y" give X."""
    if token is None:
        return None
    lemma = token.lemma_.lower()
    if lemma in _INSTRUMENTS or lemma in ALL_WEAPONS:
        return noun_actor(token)
    if lemma in _DELEGATES:
        behind = prep_object(token, {"of", "from"})
        if behind is not None and (is_party(behind) or behind.ent_type_ == "GPE"):
            return behind
    return token


def party_target(token: Token | None, plover: str) -> Token | None:
    """The party a target argument names: itself, or the owner of a thing ("Serbia's demand",
    "the army's last garrison", "a police patrol vehicle", "support for Somalia's integrity");
    a thing with no party behind it gives ``None``."""
    if token is None or is_party(token):
        return token
    if plover in {"ASSAULT", "COERCE"} and token.lemma_.lower() in CROWD_NOUNS:
        return token  # "attacked a peaceful rally": the people at it
    for child in token.children:
        if child.dep_ == "poss" and is_party(child):
            return child
    for child in token.subtree:
        if child.dep_ in {"compound", "amod"} and child.i < token.i:
            found = normalise_actor(child.text, head=child.lemma_.lower())
            if (found.known or found.type is not None) and child.lemma_.lower() not in ALL_WEAPONS:
                return child
    lemma = token.lemma_.lower()
    if lemma in _PRODUCTS or lemma in _PROPERTY or is_place(token):
        preps = ("from", "by", "of") if lemma in _PRODUCTS else ("of",)
        for prep in preps:
            owner = prep_object(token, {prep})
            if owner is not None and _owner(owner):
                return owner  # "the ruling of the ICJ", "the offices of the newspaper"
    if plover == "SUPPORT":
        topic = prep_object(token, {"for", "of"})
        if topic is not None:
            return party_target(topic, "")
    return None


def _owner(token: Token) -> bool:
    """Whether the "of" complement of a place or thing is a party that owns it (the newspaper
    The Harare Courier, 60 families), not a place name ("the districts of Kharkiv")."""
    if token.ent_type_ in _PLACE_ENTS or (token.pos_ == "PROPN" and len(list(token.subtree)) == 1):
        found = actor_of(token)
        return found is not None and found.known and country_named(token.text) is None
    return is_party(token)


def sides(token: Token | None) -> tuple[Actor | None, Actor | None]:
    """The two sides of a coordinated subject: "Kenya and Ethiopia" gives Kenya and Ethiopia,
    "Kenyan and Somali forces" Kenyan forces and Somali forces."""
    if token is None:
        return None, None
    actor = actor_of(token)
    holder = token
    if (
        token.dep_ == "pobj"
        and token.head.head.lemma_.lower() in _DELEGATES
        and not any(c.dep_ == "conj" for c in token.children)
    ):
        holder = token.head.head  # "Representatives of the Colombian government and the ELN"
    other = next((c for c in holder.children if c.dep_ == "conj" and c.pos_ in NOUN_POS), None)
    if other is not None:
        return actor, actor_of(other)
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
    modifiers = [t for t in token.children if t.dep_ in {"amod", "compound"} and t.i > second.i]
    tail = " ".join([t.text for t in modifiers] + [token.text])
    lemma = token.lemma_.lower()
    return (
        normalise_actor(f"{first.text} {tail}", head=lemma),
        normalise_actor(f"{second.text} {tail}", head=lemma),
    )


def noun_actor(noun: Token) -> Token | None:
    """The actor named inside a noun: its possessor ("the army's offensive"), its "by"/"with"/
    "between"/"from" complement ("clashes with Daesh fighters"), or a modifier that names a
    known or typed actor ("an ELN offensive"); weapons, places and dates are none."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and child.ent_type_ not in _TIME_ENTS:
            return child
    found = prep_object(noun, {"by", "with", "between", "from"})
    if found is not None and not is_place_actor(found) and found.lemma_.lower() not in _ARMS:
        return found
    for child in noun.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            if child.lemma_.lower() in ALL_WEAPONS:
                continue
            found_actor = normalise_actor(child.text, head=child.lemma_.lower())
            if found_actor.known or found_actor.type not in {None, "civilians"}:
                return child
    return None


def is_place_actor(token: Token | None) -> bool:
    """Whether an argument names a place or a weapon rather than an actor."""
    if token is None:
        return False
    lemma = token.lemma_.lower()
    if lemma in ALL_WEAPONS or lemma in _PROJECTILES:
        return True
    place = token.ent_type_ in {"GPE", "LOC", "FAC"} or lemma in _PLACE_HEADS
    if not place:
        return False
    actor = actor_of(token)
    return actor is None or not actor.known


def is_place(token: Token) -> bool:
    """Whether a noun names a place: a place entity, a place noun or a country."""
    return (
        token.ent_type_ in _PLACE_ENTS
        or token.lemma_.lower() in PLACE_NOUNS
        or (token.pos_ == "PROPN" and country_named(token.text) is not None)
    )


def is_person(token: Token) -> bool:
    """Whether a noun names people: a person or nationality, a typed head noun ("soldiers"),
    or a pronoun."""
    lemma = token.lemma_.lower()
    if token.ent_type_ in {"ORG", "GPE", "LOC", "FAC"}:
        return False
    return (
        token.ent_type_ in _PERSON_OBJECT_ENTS
        or (lemma in HEAD_TYPES and lemma not in PLACE_NOUNS)
        or token.lower_ in _PRONOUNS
    )


def names_people(token: Token) -> bool:
    """Whether a noun names people, captives included ("passengers", "suspects", "schoolgirls"),
    without the counted things :func:`releasable` also accepts."""
    lemma = token.lemma_.lower()
    return is_person(token) or lemma in _CAPTIVES or lemma.endswith(_PERSON_ENDINGS)


def releasable(token: Token) -> bool:
    """Whether the thing released can be people (hostages, prisoners, "most of them", "12
    schoolgirls", "15 crew members")."""
    lemma = token.lemma_.lower()
    return (
        names_people(token)
        or token.pos_ == "PRON"
        or token.like_num
        or (
            any(c.dep_ == "nummod" for c in token.children)
            and token.tag_ == "NNS"
            and lemma not in _UNITS
            and not is_place(token)
        )
    )


def arms_object(token: Token) -> bool:
    """Whether one of a trigger's objects is arms ("seized weapons")."""
    return any(o.lemma_.lower() in _ARMS for o in objects_of(token))
