"""Trigger lexicon: which words (by lemma and part of speech) report which PLOVER event.

The rows live in ``data/triggers.txt``; each reads ``lemma  pos  TYPE  mode  needs``:

- ``pos`` is ``V`` (verb), ``N`` (noun) or ``VN`` (either);
- ``mode`` is a PLOVER mode or ``-`` (decided later from weapon cues, actors and targets);
- ``needs`` (optional) lists lemmas of which one must be a dependent of the trigger ("call" needs
  "for" or "on" to be a REQUEST), ``@place`` requires an object that is a place ("seized the
  town"), ``@person`` one that is a person ("captured three militants"), ``@weapon`` a weapon cue
  in the clause ("struck", "hit").

The first row that fits wins, so narrower rows come first. Weapon and context cues
(``WEAPON_CUES``) refine the mode of ASSAULT events.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Final

__all__ = [
    "CLASH_WORDS",
    "DISASTER_CUES",
    "IRREGULAR",
    "LEXICON",
    "NATURAL_DISASTER_CUES",
    "PLACE_NOUNS",
    "REPORTING_VERBS",
    "WEAPON_CUES",
    "Trigger",
    "triggers_for",
]


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row: the PLOVER type (and mode) a lemma reports, with its conditions."""

    lemma: str
    pos: str
    plover: str
    mode: str | None
    needs: frozenset[str]


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


LEXICON: Final[dict[str, tuple[Trigger, ...]]] = _parse(
    resources.files("eventwire.events").joinpath("data", "triggers.txt").read_text("utf-8")
)


#: Irregular verb forms the tagger may leave unlemmatised ("retook", "staged" -> "stag").
IRREGULAR: Final[dict[str, str]] = {
    "retook": "retake",
    "retaken": "retake",
    "overran": "overrun",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "shook": "shake",
    "threw": "throw",
    "thrown": "throw",
    "fought": "fight",
    "struck": "strike",
    "stricken": "strike",
    "stag": "stage",
    "staged": "stage",
    "overthrew": "overthrow",
    "overthrown": "overthrow",
    "shot": "shoot",
    "beaten": "beat",
    "slew": "slay",
    "slain": "slay",
    "undertook": "undertake",
    "forbade": "forbid",
    "forbidden": "forbid",
    "froze": "freeze",
    "frozen": "freeze",
    "broke": "break",
    "broken": "break",
    "sought": "seek",
    "swept": "sweep",
    "fled": "flee",
    "stole": "steal",
    "stolen": "steal",
    "hid": "hide",
    "hidden": "hide",
    "blew": "blow",
    "blown": "blow",
    "drove": "drive",
    "driven": "drive",
    "spoke": "speak",
    "spoken": "speak",
}


def triggers_for(lemma: str) -> tuple[Trigger, ...]:
    """The lexicon rows for ``lemma`` (lower case), in order of precedence; an irregular form
    the tagger left as it is ("retook") is looked up by its base form."""
    rows = LEXICON.get(lemma, ())
    if not rows and lemma in IRREGULAR:
        rows = LEXICON.get(IRREGULAR[lemma], ())
    return rows


#: Words that decide an ASSAULT's mode, by precedence (first mode found wins).
WEAPON_CUES: Final[tuple[tuple[str, frozenset[str]], ...]] = (
    ("sexual", frozenset({"rape", "sexual", "sexually", "molest", "gang-rape"})),
    (
        "wmd",
        frozenset(
            {
                "chemical",
                "chlorine",
                "sarin",
                "mustard",
                "nerve",
                "toxic",
                "poison",
                "poisonous",
                "napalm",
                "asphyxia",
                "asphyxiation",
                "suffocation",
                "vx",
            }
        ),
    ),
    ("suicide", frozenset({"suicide", "self-detonate", "kamikaze"})),
    (
        "aerial",
        frozenset(
            {
                "airstrike",
                "air",
                "drone",
                "warplane",
                "jet",
                "helicopter",
                "aircraft",
                "airplane",
                "bomber",
                "gunship",
                "uav",
                "airforce",
                "sortie",
            }
        ),
    ),
    ("grenade", frozenset({"grenade"})),
    (
        "artillery",
        frozenset(
            {
                "shell",
                "shelling",
                "artillery",
                "mortar",
                "rocket",
                "missile",
                "howitzer",
                "bombardment",
                "projectile",
                "katyusha",
                "grad",
            }
        ),
    ),
    (
        "explosives",
        frozenset(
            {
                "ied",
                "bomb",
                "landmine",
                "mine",
                "explosive",
                "explosion",
                "blast",
                "detonate",
                "detonation",
                "explode",
                "device",
            }
        ),
    ),
    ("firearms", frozenset({"gun", "gunfire", "gunman", "gunmen", "bullet", "rifle", "shoot"})),
)

#: Lemmas that say two armed sides fought (ACLED: Armed clash).
CLASH_WORDS: Final[frozenset[str]] = frozenset(
    {
        "clash",
        "fight",
        "fighting",
        "battle",
        "gunbattle",
        "firefight",
        "shootout",
        "skirmish",
        "exchange",
        "crossfire",
        "engagement",
    }
)

#: Nouns that make an object a place ("seized the town", "took control of the airport").
PLACE_NOUNS: Final[frozenset[str]] = frozenset(
    {
        "town",
        "city",
        "village",
        "area",
        "district",
        "territory",
        "base",
        "region",
        "province",
        "neighbourhood",
        "neighborhood",
        "hill",
        "airport",
        "border",
        "crossing",
        "control",
        "post",
        "position",
        "checkpoint",
        "stronghold",
        "bastion",
        "outpost",
        "county",
        "locality",
        "settlement",
        "oilfield",
        "field",
        "dam",
        "bridge",
        "camp",
        "building",
        "compound",
        "headquarters",
        "port",
        "shop",
        "house",
        "home",
        "vehicle",
        "car",
        "church",
        "mosque",
        "temple",
        "school",
        "office",
        "store",
        "property",
        "island",
        "station",
        "garrison",
        "suburb",
        "capital",
        "highway",
        "road",
        "part",
        "half",
        "east",
        "west",
        "north",
        "south",
        "centre",
        "center",
    }
)

#: Verbs of saying: a clause under one of them reports, it does not narrate history.
REPORTING_VERBS: Final[frozenset[str]] = frozenset(
    {
        "say",
        "tell",
        "report",
        "state",
        "announce",
        "add",
        "confirm",
        "claim",
        "note",
        "explain",
        "according",
        "write",
        "declare",
        "disclose",
        "reveal",
        "inform",
        "insist",
    }
)

#: Natural hazards (part of :data:`DISASTER_CUES`).
NATURAL_DISASTER_CUES: Final[frozenset[str]] = frozenset(
    {
        "earthquake",
        "quake",
        "flood",
        "flooding",
        "landslide",
        "cyclone",
        "hurricane",
        "typhoon",
        "storm",
        "tornado",
        "tsunami",
        "drought",
        "wildfire",
        "avalanche",
        "lightning",
        "heatwave",
        "eruption",
        "volcano",
        "mudslide",
        "rain",
        "downpour",
    }
)
#: Words that mark a non-political disaster or accident; they keep "killed" and "injured" in
#: such a sentence from being coded as an ASSAULT.
DISASTER_CUES: Final[frozenset[str]] = NATURAL_DISASTER_CUES | {
    "accident",
    "crash",
    "collapse",
    "derail",
    "stampede",
    "leak",
    "spill",
    "capsize",
    "sink",
    "overturn",
    "floodwater",
    "floodwaters",
    "aftershock",
    "plunge",
    "collide",
    "collision",
    "derailment",
}
