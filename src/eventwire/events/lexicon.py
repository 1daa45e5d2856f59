"""Lexicon: the trigger table and the word lists of event extraction, read from ``data/``.

Trigger rows live in ``data/triggers.txt``; each reads ``lemma  pos  TYPE  mode  needs``:

- ``pos`` is ``V`` (verb), ``N`` (noun) or ``VN`` (either);
- ``mode`` is a PLOVER mode or ``-`` (decided later from weapon cues, actors and targets);
- ``needs`` (optional) lists lemmas of which one must be a dependent of the trigger ("call" needs
  "for" or "on" to be a REQUEST), ``@place`` requires an object that is a place ("seized the
  town"), ``@person`` one that is a person ("captured three militants"), ``@weapon`` a weapon cue
  in the clause ("struck", "hit").

The first row that fits wins, so narrower rows come first. Weapon and context cues
(``WEAPON_CUES``) refine the mode of ASSAULT events.

Word lists live in named sections of ``data/words.txt``, each commented there. Those used by
several modules are named here; a module looks up the others with :func:`words`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Final

__all__ = [
    "ALL_WEAPONS",
    "BODY_TRIGGERS",
    "CLASH_WORDS",
    "CROWD_NOUNS",
    "DISASTER_CUES",
    "EVENT_SUBJECTS",
    "EXPLOSION_TRIGGERS",
    "FIGHT_NOUNS",
    "IRREGULAR",
    "LEXICON",
    "NATURAL_DISASTER_CUES",
    "PLACE_NOUNS",
    "REPORTING_VERBS",
    "WEAPON_CUES",
    "Trigger",
    "triggers_for",
    "words",
]


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row: the PLOVER type (and mode) a lemma reports, with its conditions."""

    lemma: str
    pos: str
    plover: str
    mode: str | None
    needs: frozenset[str]


def _data(name: str) -> str:
    return resources.files("eventwire.events").joinpath("data", name).read_text("utf-8")


def _parse(table: str) -> dict[str, tuple[Trigger, ...]]:
    lexicon: dict[str, list[Trigger]] = {}
    for line in table.strip().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        lemma, pos, plover, mode = parts[:4]
        needs = frozenset(parts[4].split(",")) if len(parts) > 4 else frozenset()
        trigger = Trigger(lemma, pos, plover, None if mode == "-" else mode, needs)
        lexicon.setdefault(lemma, []).append(trigger)
    return {lemma: tuple(rows) for lemma, rows in lexicon.items()}


def _sections(text: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The sections of a word file: each name with its lines, split into words."""
    sections: dict[str, list[tuple[str, ...]]] = {}
    rows: list[tuple[str, ...]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            if name in sections:
                raise ValueError(f"word list section [{name}] appears twice")
            rows = sections[name] = []
        elif rows is None:
            raise ValueError(f"word list line before any section: {line!r}")
        else:
            rows.append(tuple(line.split()))
    return {name: tuple(lines) for name, lines in sections.items()}


LEXICON: Final[dict[str, tuple[Trigger, ...]]] = _parse(_data("triggers.txt"))
_WORDS: Final = _sections(_data("words.txt"))


def words(section: str) -> frozenset[str]:
    """The words of one section of ``data/words.txt`` (a ``KeyError`` for an unknown name)."""
    return frozenset(word for line in _WORDS[section] for word in line)


#: Irregular verb forms the tagger may leave unlemmatised ("retook", "staged" -> "stag").
IRREGULAR: Final[dict[str, str]] = {line[0]: line[1] for line in _WORDS["irregular-forms"]}


def triggers_for(lemma: str) -> tuple[Trigger, ...]:
    """The lexicon rows for ``lemma`` (lower case), in order of precedence; an irregular form
    the tagger left as it is ("retook") is looked up by its base form."""
    rows = LEXICON.get(lemma, ())
    if not rows and lemma in IRREGULAR:
        rows = LEXICON.get(IRREGULAR[lemma], ())
    return rows


#: Words that decide an ASSAULT's mode, by precedence (first mode found wins).
WEAPON_CUES: Final[tuple[tuple[str, frozenset[str]], ...]] = tuple(
    (line[0], frozenset(line[1:])) for line in _WORDS["weapon-cues"]
)
#: The weapon cues of every mode but firearms: instruments, never actors.
ALL_WEAPONS: Final[frozenset[str]] = frozenset().union(
    *(cues for mode, cues in WEAPON_CUES if mode != "firearms")
)
#: Lemmas that say two armed sides fought (ACLED: Armed clash).
CLASH_WORDS: Final = words("clash-words")
#: Nouns whose "with"/"by" complement names the other side of a fight ("killed in clashes with").
FIGHT_NOUNS: Final = CLASH_WORDS | words("fight-nouns")
#: Triggers that report an explosion.
EXPLOSION_TRIGGERS: Final = words("explosion-triggers")
#: Event nouns that can stand as the subject of a casualty verb ("the attack killed 11").
EVENT_SUBJECTS: Final = FIGHT_NOUNS | EXPLOSION_TRIGGERS | words("event-subjects")
#: Verbs of killing, wounding and dying.
BODY_TRIGGERS: Final = words("body-triggers")
#: Nouns that make an object a place ("seized the town", "took control of the airport").
PLACE_NOUNS: Final = words("place-nouns")
#: Verbs of saying: a clause under one of them reports, it does not narrate history.
REPORTING_VERBS: Final = words("reporting-verbs")
#: Natural hazards (part of :data:`DISASTER_CUES`).
NATURAL_DISASTER_CUES: Final = words("natural-disasters")
#: Words that mark a non-political disaster or accident; they keep "killed" and "injured" in
#: such a sentence from being coded as an ASSAULT.
DISASTER_CUES: Final = NATURAL_DISASTER_CUES | words("accidents")
#: Gatherings and their people ("a peaceful rally", "protesters").
CROWD_NOUNS: Final = words("crowd-nouns")
