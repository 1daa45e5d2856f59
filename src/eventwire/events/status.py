"""Status of an event mention: did it happen, or is it history, a plan, a threat, a projection
or a denial?

``status_of`` reads the trigger's own markers (negation, modal and perfect auxiliaries) and
those of the words that govern it, climbing through complements ("threatened to attack",
"plans for an attack", "denied carrying out the attack") and coordination, and stopping at verbs
of saying, which report an event without changing its status.
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from eventwire.events.lexicon import REPORTING_VERBS
from eventwire.records import EventStatus

__all__ = ["status_of"]

_PROJECTED_AUX: Final = frozenset({"may", "might", "could"})
_PLANNED_AUX: Final = frozenset({"will", "shall", "'ll", "wo", "would", "should", "must"})
_THREAT: Final = frozenset({"threaten", "threat", "warn", "warning", "vow", "ultimatum"})
_PLAN: Final = frozenset(
    {
        "plan",
        "intend",
        "prepare",
        "aim",
        "schedule",
        "want",
        "decide",
        "seek",
        "hope",
        "propose",
        "agree",
        "call",
        "urge",
        "demand",
        "ask",
        "request",
        "order",
        "promise",
        "pledge",
        "try",
        "attempt",
        "plot",
        "announce",
        "consider",
        "set",
        "offer",
        "willing",
        "ready",
        "prepared",
        "commit",
        "committed",
    }
)
_DENY: Final = frozenset(
    {
        "deny",
        "refute",
        "reject",
        "refuse",
        "fail",
        "decline",
        "avoid",
        "prevent",
        "foil",
        "thwart",
        "dismiss",
        "halt",
    }
)
_PROJECT: Final = frozenset(
    {
        "expect",
        "fear",
        "likely",
        "risk",
        "predict",
        "possible",
        "forecast",
        "feared",
        "unlikely",
        "potential",
        "scenario",
        "could",
    }
)
_CLIMB: Final = frozenset(
    {
        "xcomp",
        "ccomp",
        "pobj",
        "prep",
        "dobj",
        "acl",
        "pcomp",
        "conj",
        "attr",
        "nsubj",
        "nsubjpass",
        "advcl",
    }
)
_ASPECT: Final = frozenset(
    {"begin", "start", "continue", "manage", "resume", "keep", "go", "use", "help", "come"}
)
_NEG_SUBJECT: Final = frozenset({"no", "nobody", "none", "neither"})
#: Relations by which a clause is reported by the verb above it ("X happened, officials said").
_REPORTED: Final = frozenset({"ccomp", "parataxis"})


def _negated(token: Token) -> bool:
    if (
        token.pos_ == "NOUN"
        and token.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}
        and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)
    ):
        return True  # "no arrests have been made"
    for child in token.children:
        if child.dep_ == "neg" or child.lower_ in {"never"}:
            return True
        if child.dep_ in {"nsubj", "nsubjpass"} and (
            child.lower_ in _NEG_SUBJECT
            or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
        ):
            return True
    return False


def _modal(token: Token) -> EventStatus | None:
    for child in token.children:
        if child.dep_ != "aux":
            continue
        word = child.lower_
        if word in _PROJECTED_AUX:
            return EventStatus.PROJECTED
        if word in _PLANNED_AUX:
            return EventStatus.PLANNED
        if word == "going":
            return EventStatus.PLANNED
        if word == "to" and token.tag_ == "VB":
            if token.head.i == token.i:
                return EventStatus.PLANNED
            governor = token.head.lemma_.lower()
            purpose = any(c.dep_ == "dobj" and c.i < token.i for c in token.head.children)
            if governor in _ASPECT and not purpose:
                return None
            if governor == "expect" and any(c.dep_ == "auxpass" for c in token.head.children):
                return EventStatus.PLANNED  # "the EU is expected to adopt sanctions"
            return _governor_status(governor) or EventStatus.PLANNED
    return None


def _conditional(clause: Token) -> bool:
    """A clause under "if"/"unless", or under "until" in the present ("until this tax is
    dropped"): a condition, not something that happened."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if marks & {"if", "unless"}:
        return True
    if not marks & {"until", "till"}:
        return False
    auxiliaries = [c.tag_ for c in clause.children if c.dep_ in {"aux", "auxpass"}]
    present = clause.tag_ in {"VBZ", "VBP", "VB"} or bool({"VBZ", "VBP"} & set(auxiliaries))
    past = clause.tag_ == "VBD" or "VBD" in auxiliaries
    return present and not past


def _past_perfect(token: Token) -> bool:
    return token.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ == "had" for c in token.children
    )


def _governor_status(word: str) -> EventStatus | None:
    if word in _THREAT:
        return EventStatus.THREATENED
    if word in _DENY:
        return EventStatus.DENIED
    if word in _PROJECT:
        return EventStatus.PROJECTED
    if word in _PLAN:
        return EventStatus.PLANNED
    return None


def status_of(trigger: Token, *, published_year: int | None = None) -> EventStatus:
    """The status of the event that ``trigger`` reports (see the module docstring)."""
    node = trigger
    background = False
    came_by = ""
    for depth in range(6):
        if _negated(node):
            return EventStatus.DENIED
        modal = _modal(node)
        if modal is not None:
            return modal
        for child in node.children:
            if child.dep_ == "amod" and child.lemma_.lower() in _PROJECT:
                return EventStatus.PROJECTED
            if child.dep_ == "amod" and child.lemma_.lower() in _PLAN | _THREAT:
                return _governor_status(child.lemma_.lower()) or EventStatus.PLANNED
        if depth > 0 and node.lemma_.lower() in REPORTING_VERBS and came_by in _REPORTED:
            break  # "..., mediators announced": a report, not a plan
        if depth > 0 and came_by != "conj":
            found = _governor_status(node.lemma_.lower())
            if found is not None and not (node.pos_ == "NOUN" and node.dep_ == "compound"):
                return found
        if node.lemma_.lower() in REPORTING_VERBS and depth > 0 and node.pos_ != "NOUN":
            break  # a verb of saying; a noun ("denied reports that ...") is climbed through
        if _past_perfect(node) and not _reported_above(node):
            background = True
        if published_year is not None and _old_year(node, published_year):
            background = True
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            break
        if node.dep_ == "advcl" and _conditional(node):
            return EventStatus.PROJECTED
        if node.dep_ == "advcl" and depth == 0:
            break
        came_by = node.dep_
        node = node.head
    return EventStatus.BACKGROUND if background else EventStatus.HAPPENED


def _reported_above(token: Token) -> bool:
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            return False
        if node.dep_ in {"ccomp", "xcomp", "parataxis"} and node.head.lemma_ in REPORTING_VERBS:
            return True
        node = node.head
    return False


def _old_year(token: Token, published_year: int) -> bool:
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in {"in", "by", "during", "since", "until"}:
            continue
        for obj in child.children:
            text = obj.text
            if obj.dep_ == "pobj" and len(text) == 4 and text.isdigit():
                year = int(text)
                if 1800 < year < published_year:
                    return True
    return False
