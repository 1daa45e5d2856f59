"""Actor dictionary: canonical names, aliases, types, countries and parent organisations.

The dictionary is ``data/actors.tsv`` (organisations and named state forces) and
``data/demonyms.tsv`` (to name state forces the dictionary does not list: "Malian soldiers" ->
"Malian military"). ``normalise_actor`` maps a noun phrase to an :class:`Actor`; a phrase that
names no known actor keeps its text, with a type guessed from its head noun ("gunmen" -> armed
group, "police" -> police, "villagers" -> civilians).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Final

__all__ = [
    "HEAD_TYPES",
    "Actor",
    "actor_dictionary",
    "country_code",
    "country_named",
    "dictionary_name",
    "normalise_actor",
    "state_force",
    "state_of",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor:
    """An actor named in the text, normalised where the dictionary knows it."""

    name: str
    type: str | None = None
    country: str | None = None
    parent: str | None = None
    known: bool = False


#: Types guessed from a head noun (lemma) when the dictionary has no entry.
HEAD_TYPES: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "soldier",
            "troop",
            "trooper",
            "army",
            "military",
            "force",
            "serviceman",
            "marine",
            "commando",
            "unit",
            "jawan",
        ),
        "state military",
    ),
    **dict.fromkeys(
        ("police", "policeman", "policemen", "officer", "cop", "constable", "gendarme"), "police"
    ),
    **dict.fromkeys(("security", "guard", "paramilitary"), "security forces"),
    **dict.fromkeys(
        ("militant", "gunman", "gunmen", "insurgent", "fighter", "bandit", "assailant", "attacker"),
        "armed group",
    ),
    **dict.fromkeys(("rebel", "guerrilla", "separatist"), "rebel"),
    **dict.fromkeys(("jihadist", "terrorist", "extremist", "bomber"), "jihadist group"),
    **dict.fromkeys(("militia", "militiaman", "militiamen", "vigilante"), "militia"),
    **dict.fromkeys(
        (
            "civilian",
            "resident",
            "villager",
            "people",
            "person",
            "man",
            "woman",
            "child",
            "student",
            "worker",
            "farmer",
            "family",
            "passenger",
            "refugee",
            "pilgrim",
            "worshipper",
            "shopkeeper",
            "teacher",
            "doctor",
            "journalist",
            "reporter",
            "girl",
            "boy",
            "schoolgirl",
            "schoolboy",
            "schoolchild",
            "pupil",
            "survivor",
            "patient",
            "mourner",
            "shopper",
            "commuter",
            "fisherman",
            "migrant",
            "tourist",
            "guest",
            "anyone",
            "wounded",
            "displaced",
        ),
        "civilians",
    ),
    **dict.fromkeys(
        (
            "protester",
            "demonstrator",
            "activist",
            "marcher",
            "striker",
            "rioter",
            "mob",
            "crowd",
        ),
        "protesters",
    ),
    **dict.fromkeys(
        (
            "government",
            "ministry",
            "minister",
            "official",
            "president",
            "authority",
            "administration",
            "cabinet",
            "parliament",
            "governor",
            "mayor",
            "leader",
            "spokesman",
            "diplomat",
            "ambassador",
            "state",
        ),
        "government",
    ),
    **dict.fromkeys(("peacekeeper",), "international force"),
    **dict.fromkeys(("party", "opposition"), "political party"),
}

_MILITARY_HEADS = {
    "unit",
    "soldier",
    "troop",
    "army",
    "military",
    "force",
    "navy",
    "junta",
    "jet",
    "warplane",
    "aircraft",
    "drone",
    "helicopter",
    "warship",
    "frigate",
    "gunboat",
    "artillery",
    "tank",
    "paratrooper",
    "battalion",
    "brigade",
}
_POLICE_HEADS = {"police", "policeman", "policemen"}
_GOVERNMENT_HEADS = {
    "government",
    "authority",
    "official",
    "ministry",
    "administration",
    "president",
    "minister",
    "premier",
    "chancellor",
    "cabinet",
    "ambassador",
    "envoy",
    "diplomat",
    "embassy",
    "delegation",
    "counterpart",
    "leader",
    "king",
    "monarch",
    "regime",
}


@dataclass(frozen=True, slots=True)
class _Dictionary:
    entries: dict[str, Actor]
    aliases: tuple[tuple[re.Pattern[str], str, int], ...]
    demonyms: dict[str, tuple[str, str]]
    #: Lower-case country names and capitals -> (canonical demonym, ISO code).
    countries: dict[str, tuple[str, str]]
    #: Lower-case capitals (a subset of ``countries``' keys).
    capitals: frozenset[str]


def _alias_pattern(alias: str) -> re.Pattern[str]:
    body = re.escape(alias).replace(r"\ ", r"[\s-]+")
    flags = 0 if alias.isupper() or len(alias) <= 3 else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("eventwire.events").joinpath("data", name).read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return rows[1:]


@functools.cache
def actor_dictionary() -> _Dictionary:
    """The packaged actor dictionary, read once per process."""
    entries: dict[str, Actor] = {}
    aliases: list[tuple[re.Pattern[str], str, int]] = []
    for row in _rows("actors.tsv"):
        canonical, kind, country, parent, names = (row + [""] * 5)[:5]
        entries[canonical] = Actor(
            name=canonical,
            type=kind or None,
            country=country or None,
            parent=parent or None,
            known=True,
        )
        for alias in {canonical, *filter(None, names.split("|"))}:
            aliases.append((_alias_pattern(alias), canonical, len(alias)))
    aliases.sort(key=lambda item: -item[2])
    demonyms: dict[str, tuple[str, str]] = {}
    countries: dict[str, tuple[str, str]] = {}
    capitals: set[str] = set()
    for row in _rows("demonyms.tsv"):
        names, code, forms, cities = (row + [""] * 4)[:4]
        country = names.split("|")[0]
        adjectives = [f for f in forms.split("|") if f]
        for demonym in adjectives:
            demonyms[demonym] = (country, code)
        canonical = adjectives[0] if adjectives else country
        for name in filter(None, names.split("|")):
            countries.setdefault(name.casefold(), (canonical, code))
        for city in filter(None, cities.split("|")):
            countries.setdefault(city.casefold(), (canonical, code))
            capitals.add(city.casefold())
    return _Dictionary(
        entries=entries,
        aliases=tuple(aliases),
        demonyms=demonyms,
        countries=countries,
        capitals=frozenset(capitals),
    )


_POSSESSIVE = re.compile(r"\s*['’]s?(?=\s|$)")
_THE = re.compile(r"^the\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def country_named(text: str, *, capitals: bool = True) -> tuple[str, str] | None:
    """(canonical demonym, ISO code) when ``text`` is a country's name ("Kenya", "the United
    States") or, with ``capitals``, its capital ("Nairobi"); else ``None``."""
    phrase = _THE.sub("", " ".join(text.split())).strip(" .,;:")
    key = phrase.casefold()
    book = actor_dictionary()
    if not capitals and key in book.capitals:
        return None
    if phrase in book.demonyms:
        country = book.demonyms[phrase][0].casefold()
        return book.countries.get(country, (phrase, book.demonyms[phrase][1]))
    return book.countries.get(key)


#: State bodies named without their country ("the army", "government troops").
_BARE_STATE = frozenset(
    {
        "army",
        "military",
        "government",
        "police",
        "authorities",
        "president",
        "junta",
        "troops",
        "soldiers",
        "government troops",
        "government forces",
        "federal government",
        "central government",
        "national government",
        "armed forces",
        "navy",
        "air force",
        "prime minister",
        "regime",
        "ministry",
        "interior ministry",
        "foreign ministry",
        "defence ministry",
    }
)


@functools.lru_cache(maxsize=8192)
def dictionary_name(text: str) -> Actor | None:
    """The dictionary actor whose alias is the whole of ``text`` ("Doctors Without Borders"),
    or ``None``."""
    phrase = _THE.sub("", " ".join(text.split()))
    book = actor_dictionary()
    for pattern, canonical, _ in book.aliases:
        if pattern.fullmatch(phrase):
            return book.entries[canonical]
    return None


def state_of(actor: Actor, country: tuple[str, str]) -> Actor:
    """A state body named without its country ("the army", "government troops") as the state
    body of ``country`` (canonical demonym, ISO code); any other actor unchanged."""
    if actor.known or actor.name.casefold() not in _BARE_STATE:
        return actor
    head = actor.name.split()[-1].lower()
    if head.endswith("ies"):
        head = head[:-3] + "y"
    return normalise_actor(f"{country[0]} {actor.name.lower()}", head=head.rstrip("s"))


def country_code(code: str) -> tuple[str, str] | None:
    """(canonical demonym, code) for an ISO code."""
    for value in actor_dictionary().countries.values():
        if value[1] == code:
            return value
    return None


def state_force(actor: Actor) -> Actor:
    """A state's military for its government ("Ethiopia deployed troops": Ethiopian military);
    any other actor unchanged."""
    if actor.type != "government" or actor.country is None or not actor.known:
        return actor
    demonym = actor.name.removesuffix(" government")
    if demonym == actor.name:
        return actor
    return _state((demonym, actor.country), "military")


#: Words that may stand between a country and a state head ("Pakistan's prime minister",
#: "Sudanese army aircraft", "the Egyptian and Sudanese air forces").
_TITLE_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "in",
        "of",
        "and",
        "foreign",
        "prime",
        "defence",
        "defense",
        "interior",
        "deputy",
        "new",
        "top",
        "senior",
        "army",
        "air",
        "naval",
        "national",
        "security",
        "federal",
        "state",
        "military",
        "armed",
        "special",
        "elite",
        "government",
        "acting",
        "finance",
        "justice",
        "chief",
        "supreme",
        "first",
        "former",
        "transitional",
        "ruling",
        "forces",
        "riot",
        "border",
        "coast",
        "presidential",
        "two",
        "last",
        "additional",
        "ground",
        "regular",
        "several",
        "some",
    }
)


def _country_in(phrase: str, head: str) -> tuple[str, str] | None:
    """The country of a state head's phrase: a demonym or country name with only title words
    beside it ("Kenya's government", "the Somali president", "Police in Nairobi"); a phrase
    with other words ("Kenyan church leaders") names no state."""
    book = actor_dictionary()
    words = _POSSESSIVE.sub("", phrase).split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            chunk = " ".join(words[start : start + size])
            found = None
            if chunk in book.demonyms:
                country = book.demonyms[chunk][0].casefold()
                found = book.countries.get(country, (chunk, book.demonyms[chunk][1]))
            elif chunk[:1].isupper():
                found = book.countries.get(chunk.casefold())
            if found is None:
                continue
            rest = [
                w
                for w in words[:start] + words[start + size :]
                if w.casefold() not in {head, head + "s", head + "es", head[:-1] + "ies"}
                and w not in book.demonyms
                and w.casefold() not in book.countries
            ]
            if all(w.casefold() in _TITLE_WORDS or w[:1].isdigit() for w in rest):
                return found
    return None


@functools.lru_cache(maxsize=8192)
def normalise_actor(text: str, *, head: str | None = None) -> Actor:
    """The actor named by the noun phrase ``text`` (``head``: the lemma of its head noun).

    Dictionary aliases win (longest first); then a country or capital named on its own ("Kenya",
    "Nairobi") is that country's government; then a demonym or country name with a military,
    police or government head ("Malian soldiers", "Kenya's government", "the Somali president")
    is that state's military, police or government; else the text itself (without a leading
    article or number), typed from ``head``.
    """
    book = actor_dictionary()
    phrase = " ".join(text.split())
    for pattern, canonical, _ in book.aliases:
        if pattern.search(phrase):
            return book.entries[canonical]
    country = country_named(phrase)
    if country is not None:
        return _state(country, "government")
    head_lemma = (head or (phrase.split()[-1] if phrase else "")).lower()
    suffix = _state_suffix(head_lemma)
    if suffix is not None:
        found = _country_in(phrase, head_lemma)
        if found is not None:
            return _state(found, suffix)
    guessed = HEAD_TYPES.get(head_lemma)
    if guessed is None and head_lemma.endswith("s"):
        guessed = HEAD_TYPES.get(head_lemma[:-1])
    return Actor(name=_clean(phrase), type=guessed)


def _state(country: tuple[str, str], suffix: str) -> Actor:
    demonym, code = country
    name = f"{demonym} {suffix}"
    for pattern, canonical, _ in actor_dictionary().aliases:
        if pattern.fullmatch(name):
            return actor_dictionary().entries[canonical]
    return Actor(name=name, type=_SUFFIX_TYPES[suffix], country=code, known=True)


_SUFFIX_TYPES = {"military": "state military", "police": "police", "government": "government"}


def _state_suffix(head: str) -> str | None:
    if head in _MILITARY_HEADS or head.rstrip("s") in _MILITARY_HEADS:
        return "military"
    if head in _POLICE_HEADS:
        return "police"
    if head in _GOVERNMENT_HEADS or head.rstrip("s") in _GOVERNMENT_HEADS:
        return "government"
    return None


_LEADING = re.compile(r"^(?:the|a|an|some|several|many|two|three|four|five|\d[\d,]*)\s+", re.I)


def _clean(phrase: str) -> str:
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _LEADING.sub("", phrase)
    return phrase
