"""Event taxonomies: PLOVER types and modes, ACLED types, and the tables that map between them.

PLOVER (Political Language Ontology for Verifiable Event Records, Open Event Data Alliance) in
its current revision, the one POLECAT codes, has 16 event types in four groups:

- cooperation, verbal: AGREE, CONSULT, SUPPORT, CONCEDE
- cooperation, material: COOPERATE, AID, RETREAT
- conflict, verbal: REQUEST, ACCUSE, REJECT, THREATEN
- conflict, material: PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT

Each type has optional *modes* that say how the event was carried out. ``PLOVER_MODES`` lists the
modes eventwire assigns; they follow PLOVER's mode vocabulary where it has one (ASSAULT: beat,
firearms, explosives, aerial weapons, suicide attack, WMD...; PROTEST: demonstrate, riot, strike,
hunger strike...; COERCE: arrest, seize, restrict, deport...) and add a few that ACLED needs
(``clash`` for armed combat between organised groups, ``occupy`` for taking territory).

ACLED (Armed Conflict Location & Event Data) has 6 event types and 25 sub-event types
(``ACLED_SUB_EVENTS``). ``acled_for`` maps a PLOVER type and mode, plus what is known of the
actor and target, to an ACLED event type and sub-event type; PLOVER events with no ACLED
counterpart (talks, praise, requests, accusations...) map to ``None``.

Two gold-data label sets are scored through documented tables:

- ``PLOVER_05_TO_CURRENT``: PLOVER 0.5b1 (the 2016 gold standard records, 18 types) to the
  current 16. FIGHT became part of ASSAULT; DEMAND is a strong REQUEST; DISAPPROVE and INVESTIGATE
  are folded into ACCUSE (the current ACCUSE covers criticism, allegations and investigations).
- ``CASE2021_CODES``: the CASE 2021 shared-task codes (``ARMED_CLASH``...) to ACLED event and
  sub-event types; five codes are not ACLED types (``CASE2021_NON_ACLED``) and are kept as their
  own labels at both levels.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ACLED_EVENT_TYPES",
    "ACLED_SUB_EVENTS",
    "CASE2021_CODES",
    "CASE2021_NON_ACLED",
    "MODE_TO_ACLED",
    "PLOVER_05_TO_CURRENT",
    "PLOVER_MODES",
    "PLOVER_TYPES",
    "SUB_EVENT_TO_CASE2021",
    "SUB_EVENT_TO_TYPE",
    "acled_for",
]

PLOVER_TYPES: Final[tuple[str, ...]] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

PLOVER_MODES: Final[dict[str, tuple[str, ...]]] = {
    "AGREE": ("ceasefire", "settle", "pact"),
    "CONSULT": ("visit", "meeting", "talks", "phone"),
    "SUPPORT": ("praise", "endorse", "defend"),
    "CONCEDE": ("apologize", "ease", "accede"),
    "COOPERATE": ("alliance", "military", "economic"),
    "AID": ("humanitarian", "military", "economic"),
    "RETREAT": ("withdraw", "release", "ceasefire", "disarm", "surrender", "return"),
    "REQUEST": ("demand", "appeal", "call"),
    "ACCUSE": ("disapprove", "allege", "investigate"),
    "REJECT": ("refuse", "veto", "deny", "defy"),
    "THREATEN": ("warn", "ultimatum", "vow"),
    "PROTEST": ("demonstrate", "riot", "mob", "strike", "hunger-strike", "obstruct"),
    "SANCTION": (
        "sanctions",
        "embargo",
        "break-relations",
        "expel",
        "defect",
        "boycott",
        "convict",
        "suspend",
    ),
    "MOBILIZE": ("troops", "police", "alert", "base"),
    "COERCE": (
        "arrest",
        "seize",
        "disrupt",
        "destroy",
        "restrict",
        "curfew",
        "deport",
        "raid",
    ),
    "ASSAULT": (
        "beat",
        "firearms",
        "explosives",
        "aerial",
        "artillery",
        "suicide",
        "grenade",
        "wmd",
        "clash",
        "occupy",
        "abduct",
        "sexual",
        "assassinate",
        "execute",
        "torture",
    ),
}

ACLED_SUB_EVENTS: Final[dict[str, tuple[str, ...]]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Chemical weapon",
    ),
    "Violence against civilians": (
        "Attack",
        "Abduction/forced disappearance",
        "Sexual violence",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
ACLED_EVENT_TYPES: Final[tuple[str, ...]] = tuple(ACLED_SUB_EVENTS)
SUB_EVENT_TO_TYPE: Final[dict[str, str]] = {
    sub: event_type for event_type, subs in ACLED_SUB_EVENTS.items() for sub in subs
}

CASE2021_CODES: Final[dict[str, str]] = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "CHEM_WEAP": "Chemical weapon",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "SEX_VIOL": "Sexual violence",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
SUB_EVENT_TO_CASE2021: Final[dict[str, str]] = {v: k for k, v in CASE2021_CODES.items()}

#: Codes of CASE 2021 that are not ACLED types. They have no ACLED event type, so they are kept
#: as their own label at both the event-type and the sub-event level (see ``evaluate``).
CASE2021_NON_ACLED: Final[frozenset[str]] = frozenset(
    {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
)

PLOVER_05_TO_CURRENT: Final[dict[str, str]] = {
    "AGREE": "AGREE",
    "CONSULT": "CONSULT",
    "SUPPORT": "SUPPORT",
    "CONCEDE": "CONCEDE",
    "COOPERATE": "COOPERATE",
    "AID": "AID",
    "RETREAT": "RETREAT",
    "REQUEST": "REQUEST",
    "DEMAND": "REQUEST",
    "ACCUSE": "ACCUSE",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "REJECT": "REJECT",
    "THREATEN": "THREATEN",
    "PROTEST": "PROTEST",
    "SANCTION": "SANCTION",
    "MOBILIZE": "MOBILIZE",
    "COERCE": "COERCE",
    "ASSAULT": "ASSAULT",
    "FIGHT": "ASSAULT",
}

#: PLOVER (type, mode) to ACLED sub-event where the mode alone decides it. ``None`` as mode is
#: the type's default. ASSAULT without a decisive mode is decided by ``acled_for`` from the
#: actor and target (armed on both sides: Armed clash; else Attack on civilians).
MODE_TO_ACLED: Final[dict[tuple[str, str | None], str]] = {
    ("ASSAULT", "aerial"): "Air/drone strike",
    ("ASSAULT", "suicide"): "Suicide bomb",
    ("ASSAULT", "artillery"): "Shelling/artillery/missile attack",
    ("ASSAULT", "explosives"): "Remote explosive/landmine/IED",
    ("ASSAULT", "grenade"): "Grenade",
    ("ASSAULT", "wmd"): "Chemical weapon",
    ("ASSAULT", "clash"): "Armed clash",
    ("ASSAULT", "abduct"): "Abduction/forced disappearance",
    ("ASSAULT", "sexual"): "Sexual violence",
    ("ASSAULT", "beat"): "Attack",
    ("ASSAULT", "torture"): "Attack",
    ("ASSAULT", "execute"): "Attack",
    ("ASSAULT", "assassinate"): "Attack",
    ("PROTEST", "demonstrate"): "Peaceful protest",
    ("PROTEST", "strike"): "Peaceful protest",
    ("PROTEST", "hunger-strike"): "Peaceful protest",
    ("PROTEST", "obstruct"): "Peaceful protest",
    ("PROTEST", None): "Peaceful protest",
    ("PROTEST", "riot"): "Violent demonstration",
    ("PROTEST", "mob"): "Mob violence",
    ("AGREE", "ceasefire"): "Agreement",
    ("AGREE", "settle"): "Agreement",
    ("AGREE", "pact"): "Agreement",
    ("RETREAT", "ceasefire"): "Agreement",
    ("RETREAT", "withdraw"): "Non-violent transfer of territory",
    ("RETREAT", "surrender"): "Non-violent transfer of territory",
    ("RETREAT", "return"): "Non-violent transfer of territory",
    ("RETREAT", "release"): "Other",
    ("RETREAT", "disarm"): "Change to group/activity",
    ("COOPERATE", "alliance"): "Change to group/activity",
    ("SANCTION", "defect"): "Change to group/activity",
    ("MOBILIZE", "base"): "Headquarters or base established",
    ("MOBILIZE", "troops"): "Change to group/activity",
    ("COERCE", "arrest"): "Arrests",
    ("COERCE", "seize"): "Looting/property destruction",
    ("COERCE", "disrupt"): "Disrupted weapons use",
    ("COERCE", "destroy"): "Looting/property destruction",
    ("COERCE", "raid"): "Arrests",
    ("COERCE", "curfew"): "Other",
    ("COERCE", "restrict"): "Other",
    ("COERCE", "deport"): "Other",
}

_ARMED: Final = frozenset(
    {
        "state military",
        "police",
        "rebel",
        "jihadist group",
        "militia",
        "armed group",
        "international force",
        "security forces",
    }
)
_STATE = {"state military", "police", "government", "security forces", "international force"}


def acled_for(
    plover_type: str,
    mode: str | None,
    *,
    actor_type: str | None = None,
    target_type: str | None = None,
) -> tuple[str, str] | None:
    """The ACLED (event type, sub-event type) of a PLOVER event, or ``None`` if ACLED has none.

    Territory taken by force (``ASSAULT``/``occupy``) is "Government regains territory" when the
    actor is a state force and "Non-state actor overtakes territory" otherwise. Violence against
    protesters is "Excessive force against protesters"; other ASSAULT events are "Armed clash"
    when both sides are armed (or the actor is unknown and the target armed), else "Attack".
    """
    sub: str | None
    if plover_type == "ASSAULT" and mode == "occupy":
        sub = (
            "Government regains territory"
            if actor_type in _STATE
            else "Non-state actor overtakes territory"
        )
    elif plover_type == "ASSAULT" and target_type == "protesters" and mode not in _REMOTE:
        sub = "Excessive force against protesters"
    elif (plover_type, mode) in MODE_TO_ACLED:
        sub = MODE_TO_ACLED[(plover_type, mode)]
    elif plover_type == "ASSAULT":
        sub = "Armed clash" if target_type in _ARMED else "Attack"
    elif plover_type == "PROTEST":
        sub = "Peaceful protest"
    elif plover_type == "AGREE":
        sub = "Agreement"
    elif plover_type == "COERCE":
        sub = "Other"
    else:
        sub = None
    if sub is None:
        return None
    return SUB_EVENT_TO_TYPE[sub], sub


_REMOTE = {"aerial", "suicide", "artillery", "explosives", "grenade", "wmd"}
