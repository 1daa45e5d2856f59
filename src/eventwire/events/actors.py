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

__all__ = ["HEAD_TYPES", "Actor", "actor_dictionary", "normalise_actor"]


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

_MILITARY_HEADS = {"soldier", "troop", "army", "military", "force"}
_POLICE_HEADS = {"police", "policeman", "policemen"}
_GOVERNMENT_HEADS = {"government", "authority", "official", "ministry", "administration"}


@dataclass(frozen=True, slots=True)
class _Dictionary:
    entries: dict[str, Actor]
    aliases: tuple[tuple[re.Pattern[str], str, int], ...]
    demonyms: dict[str, tuple[str, str]]


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
    for row in _rows("demonyms.tsv"):
        country, code, names = (row + [""] * 3)[:3]
        for demonym in names.split("|"):
            demonyms[demonym] = (country, code)
    return _Dictionary(entries=entries, aliases=tuple(aliases), demonyms=demonyms)


def normalise_actor(text: str, *, head: str | None = None) -> Actor:
    """The actor named by the noun phrase ``text`` (``head``: the lemma of its head noun).

    Dictionary aliases win (longest first); then a demonym with a military, police or government
    head ("Malian soldiers" -> "Malian military"); else the text itself, typed from ``head``.
    """
    book = actor_dictionary()
    phrase = " ".join(text.split())
    for pattern, canonical, _ in book.aliases:
        if pattern.search(phrase):
            return book.entries[canonical]
    head_lemma = (head or (phrase.split()[-1] if phrase else "")).lower()
    suffix = _state_suffix(head_lemma)
    if suffix is not None:
        for word in re.findall(r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?", phrase):
            if word in book.demonyms:
                _, code = book.demonyms[word]
                return Actor(
                    name=f"{word} {suffix}", type=_SUFFIX_TYPES[suffix], country=code, known=True
                )
    guessed = HEAD_TYPES.get(head_lemma)
    if guessed is None and head_lemma.endswith("s"):
        guessed = HEAD_TYPES.get(head_lemma[:-1])
    return Actor(name=_clean(phrase), type=guessed)


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
