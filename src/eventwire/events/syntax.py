"""Small questions about the parse that trigger detection, roles and coding all ask: the parts of
speech of verbs and nouns, a token's child by dependency label, its prepositional objects and
its objects, and whether a token opens a dateline."""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

__all__ = ["NOUN_POS", "VERB_POS", "first_child", "is_dateline", "objects_of", "prep_object"]

VERB_POS: Final = frozenset({"VERB"})
NOUN_POS: Final = frozenset({"NOUN", "PROPN"})


def first_child(token: Token, deps: set[str]) -> Token | None:
    """The first child of ``token`` with one of the dependency labels ``deps``."""
    for found in token.children:
        if found.dep_ in deps:
            return found
    return None


def prep_object(token: Token, preps: set[str]) -> Token | None:
    """The object of the first of ``token``'s prepositions (or agent) that is one of ``preps``."""
    for prep in token.children:
        if prep.dep_ in {"prep", "agent"} and prep.lower_ in preps:
            for grand in prep.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def objects_of(token: Token) -> list[Token]:
    """A trigger's objects: direct, passive subject, attribute, prepositional, and the objects of
    their own prepositions ("took control of the airport")."""
    out: list[Token] = []
    for found in token.children:
        if found.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
            out.append(found)
        elif found.dep_ in {"prep", "prt"} and found.lower_ not in {"as", "like"}:
            out.extend(g for g in found.children if g.dep_ == "pobj")
    for obj in list(out):
        out.extend(
            g for g in obj.children if g.dep_ == "prep" for g in g.children if g.dep_ == "pobj"
        )
    return out


def is_dateline(token: Token) -> bool:
    """A place name in capitals opening a dateline ("NAIROBI —"), not a subject."""
    doc = token.doc
    return (
        token.text.isupper()
        and len(token.text) > 2
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text in {"—", "–", "-", "(", ","}
    )
