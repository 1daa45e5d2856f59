"""Where an event happened, as opposed to the places a sentence merely mentions.

Given a parsed sentence, the event's trigger and the sentence's resolved places,
:func:`event_place` walks the dependency parse from each place up to the clause it attaches to:

* a place in the trigger's own clause, attached by a locative preposition ("killed *in* western
  Mosul", "clashes *near* Raqqa") or as the object of a movement away ("fled *Mosul*", "fled
  *from* Mosul") is where it happened;
* a destination ("fled Mosul *to* the Hammam al-Alil camp", "moved *toward* Erbil") is where
  people went, not where the event happened;
* a place attached to a speaker ("an Iraqi officer *in Baghdad* said") or to another clause
  of reporting ("said in *Geneva*") says where somebody spoke, not where the event happened;
* the place of a dateline ("CAIRO (Reuters) — ... a drone strike on a market in El Obeid")
  says where the report was filed, and the parser often hangs it on the first clause's verb.

Among the places left, one attached to the trigger's clause beats one elsewhere in the sentence;
ties go to the nearest to the trigger. When none is left the answer is None: the caller may then
default to the article's dateline, saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.places.cues import is_dateline
from eventwire.places.resolution import Mention
from eventwire.records import Place, Span

__all__ = ["EventPlace", "event_place"]

_LOCATIVE = {
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "around",
    "across",
    "on",
    "off",
    "within",
    "throughout",
    "along",
    "outskirts",
    "between",
    "over",
    "by",
}
_AWAY = {"from", "out"}
_TOWARD = {"to", "toward", "towards", "into", "for"}
_MOVEMENT = {
    "flee",
    "escape",
    "leave",
    "evacuate",
    "displace",
    "withdraw",
    "retreat",
    "move",
    "head",
    "go",
    "travel",
    "march",
    "return",
    "relocate",
    "arrive",
    "reach",
    "cross",
}
# Nouns for people: a place qualifying one ("an official in Baghdad") says where a person is.
_PERSON_NOUNS = {
    "official",
    "officer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "source",
    "minister",
    "commander",
    "resident",
    "witness",
    "analyst",
    "diplomat",
    "correspondent",
    "reporter",
    "journalist",
    "doctor",
    "negotiator",
    "envoy",
    "ambassador",
    "governor",
    "mayor",
    "leader",
    "representative",
    "lawmaker",
    "activist",
    "expert",
    "aide",
    "adviser",
    "advisor",
    "delegate",
    "delegation",
}
_SPEECH = {
    "say",
    "tell",
    "state",
    "announce",
    "report",
    "add",
    "claim",
    "warn",
    "confirm",
    "deny",
    "accord",
    "note",
    "insist",
    "write",
    "speak",
    "describe",
    "explain",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class EventPlace:
    """The place chosen for an event and why."""

    place: Place
    relation: str  # "locative", "origin", "clause", "sentence"


def _token_at(doc: Doc, span: Span) -> Token | None:
    chars = doc.char_span(span.start, span.end, alignment_mode="expand")
    if chars is None or len(chars) == 0:
        return None
    return chars.root


def _clause_head(token: Token) -> Token:
    """The verb (or root) whose clause the token belongs to."""
    current = token
    while current.head.i != current.i and current.pos_ not in {"VERB", "AUX"}:
        current = current.head
    return current


def _attachment(place: Token, trigger: Token) -> str | None:
    """How a place attaches on its way up to the trigger's clause, or None if it is excluded."""
    current = place
    preposition: str | None = None
    passed_noun = False
    trigger_clause = _clause_head(trigger)
    while True:
        head = current.head
        if current.dep_ == "prep" or current.pos_ == "ADP":
            preposition = preposition or current.lower_
        if current.dep_ == "pobj" and head.pos_ == "ADP":
            preposition = preposition or head.lower_
        if head.i == current.i:
            return None  # reached the root without meeting the trigger's clause
        at_trigger = head.i in (trigger.i, trigger_clause.i)
        if head.lemma_ in _SPEECH and not at_trigger:
            return None  # "said in Geneva", "an officer in Baghdad said"
        if head.pos_ in {"NOUN", "PROPN"} and not at_trigger and current.dep_ != "compound":
            passed_noun = True
            if head.lemma_.lower() in _PERSON_NOUNS and head.dep_ not in {"dobj", "pobj"}:
                # "an official in Baghdad (said)": where a speaker or actor is; but "met
                # commanders in Havana" still places the meeting.
                return None
            if head.dep_ in {"nsubj", "nsubjpass"} and head.head.lemma_ in _SPEECH:
                return None  # the place describes a speaker
        if at_trigger:
            if passed_noun:
                # The place qualifies a noun of the clause: "clashes in Mosul" is where it
                # happened, "negotiators from Bogota" or "a convoy to Erbil" is not.
                return "clause" if preposition in _LOCATIVE else None
            if preposition in _TOWARD:
                return None  # a destination
            if preposition in _AWAY or (preposition is None and head.lemma_ in _MOVEMENT):
                return "origin"
            return "locative" if preposition in _LOCATIVE else "clause"
        current = head


def event_place(
    doc: Doc,
    *,
    sentence: Span,
    trigger: Span,
    places: Sequence[Place],
) -> EventPlace | None:
    """The place where the event of ``trigger`` happened, among the resolved ``places``.

    ``doc`` is the parsed article; spans are character offsets into ``doc.text``. Places without
    coordinates (the resolver abstained) are never chosen.
    """
    trigger_token = _token_at(doc, trigger)
    if trigger_token is None:
        return None
    candidates: list[tuple[int, int, EventPlace]] = []
    rank = {"locative": 0, "origin": 0, "clause": 1}
    for place in places:
        if place.lat is None or not (sentence.start <= place.span.start < sentence.end):
            continue
        where = Mention(text=place.text, start=place.span.start, end=place.span.end)
        if is_dateline(doc.text, where):  # where the report was filed
            continue
        token = _token_at(doc, place.span)
        if token is None:
            continue
        relation = _attachment(token, trigger_token)
        if relation is None:
            continue
        distance = abs(token.i - trigger_token.i)
        candidates.append((rank[relation], distance, EventPlace(place=place, relation=relation)))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]))
    return candidates[0][2]
