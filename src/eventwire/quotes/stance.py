"""Stance: nouns, adjectives and light verbs that report a source's position towards something.

Taken only with ``stance=True`` (the default). Nouns and adjectives that report a position
(``her support for X``, ``critical of X``) take that X as content when they have a subject (a
noun may also take it from ``by``/``from X``, and a noun with a ``that`` clause, ``the claim
that X``, needs none); ``X has the support of Y`` (Y backs X); verbs that are cues with a given
object, particle or preposition (``took a swipe at X``, ``made the case that X``, ``went after
X``, ``spoke about X``). Stance verbs themselves (``criticized X``) are cue verbs of class
``stance`` and go through :mod:`eventwire.quotes.reported`.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.quotes.context import Candidate, DocContext
from eventwire.quotes.lexicon import (
    BACKING_NOUNS,
    BACKING_VERBS,
    LIGHT_PREPS,
    LIGHT_VERB_CUES,
    NOUN_PREPS,
    RELATIVE_PRONOUNS,
)
from eventwire.quotes.syntax import lemma_of, strip_mark, subject_of, subtree_bounds

__all__ = ["adjective_cue", "light_verb", "noun_cue"]


def _candidate(
    ctx: DocContext, cue: Token, content: tuple[int, int], subject: Token | None
) -> Candidate | None:
    """A candidate for the one-word cue ``cue``, its content cut to the cue's paragraph."""
    clipped = ctx.tx.clip(content[0], content[1], cue=cue.idx)
    if clipped is None:
        return None
    start, end = clipped
    return Candidate(
        cue_start=cue.idx, cue_end=cue.idx + len(cue.text), start=start, end=end, subject=subject
    )


def _clause(clause: Token) -> tuple[int, int]:
    """The span of a clause, without its leading ``that``."""
    start, end = subtree_bounds(clause)
    return strip_mark(clause, start), end


def light_verb(ctx: DocContext, verb: Token, lemma: str) -> Candidate | None:
    """``took a shot at X``, ``made the case that X``, ``went after X``: a verb whose object
    or particle makes it a cue, with the prepositional object or clause as content."""
    if not ctx.stance:
        return None
    nouns = LIGHT_VERB_CUES[lemma]
    obj = next(
        (c for c in verb.rights if c.dep_ in {"dobj", "prep", "prt"} and lemma_of(c) in nouns),
        None,
    )
    if obj is None:
        return None
    content: tuple[int, int] | None = None
    holders = [obj, verb] if obj.dep_ == "dobj" else [verb]
    for holder in holders:
        for child in holder.rights:
            if child.i <= obj.i and holder is verb and obj.dep_ == "dobj":
                continue
            if child.dep_ in {"acl", "ccomp", "relcl"} and holder is obj:
                content = _clause(child)
                break
            if child.dep_ == "prep" and child.lower_ in LIGHT_PREPS:
                objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if objs:
                    content = subtree_bounds(objs[0])[0], subtree_bounds(child)[1]
                    break
            if child.dep_ == "pobj" and holder is verb and obj.dep_ == "prep":
                content = subtree_bounds(child)
                break
        if content is not None:
            break
    if content is None and obj.dep_ == "prep":
        objs = [c for c in obj.children if c.dep_ in {"pobj", "pcomp"}]
        if objs:
            content = subtree_bounds(objs[0])
    subject = subject_of(verb)
    if content is None or subject is None:
        return None
    clipped = ctx.tx.clip(content[0], content[1], cue=verb.idx)
    if clipped is None:
        return None
    start, end = clipped
    return Candidate(
        cue_start=verb.idx,
        cue_end=obj.idx + len(obj.text),
        start=start,
        end=end,
        subject=subject,
    )


def _backing(ctx: DocContext, noun: Token) -> Candidate | None:
    """``X has the support of Y``, ``X won the endorsement from Y``: Y backs X."""
    if noun.dep_ != "dobj" or lemma_of(noun.head) not in BACKING_VERBS:
        return None
    givers = [
        g
        for c in noun.rights
        if c.dep_ == "prep" and c.lower_ in {"of", "from"}
        for g in c.children
        if g.dep_ == "pobj"
    ]
    backed = [c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not givers or not backed or backed[0].lower_ in RELATIVE_PRONOUNS:
        return None
    return _candidate(ctx, noun, subtree_bounds(backed[0]), givers[0])


def noun_cue(ctx: DocContext, noun: Token) -> Candidate | None:
    """``her criticism of X``, ``the claim that X``: a position reported by a noun."""
    if lemma_of(noun) in BACKING_NOUNS:
        backing = _backing(ctx, noun)
        if backing is not None:
            return backing
    content: Token | None = None
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in NOUN_PREPS:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                content = objs[0]
                break
        if child.dep_ in {"acl", "ccomp"} and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            content = child
            break
    if content is None:
        return None
    subject = next((c for c in noun.children if c.dep_ == "poss"), None)
    if subject is None and noun.dep_ in {"dobj", "attr"}:
        subject = subject_of(noun.head)
    if subject is None:
        # "the statement by X", "criticism from X"
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs and objs[0].i != content.i:
                    subject = objs[0]
                    break
    if subject is None and content.dep_ not in {"acl", "ccomp"}:
        return None  # "the claim that X" reports a position even without its holder
    return _candidate(ctx, noun, _clause(content), subject)


def adjective_cue(ctx: DocContext, adj: Token) -> Candidate | None:
    """``critical of X``, ``confident that X``: a position reported by an adjective."""
    if adj.dep_ not in {"acomp", "amod", "advcl", "oprd"}:
        return None
    content: tuple[int, int] | None = None
    for child in adj.rights:
        if child.dep_ == "prep" and child.lower_ in NOUN_PREPS:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                content = subtree_bounds(objs[0])
                break
        if child.dep_ in {"ccomp", "xcomp"}:
            content = _clause(child)
            break
    if content is None:
        return None
    subject = subject_of(adj.head, ctx.quoted) if adj.dep_ == "acomp" else None
    if subject is None:
        return None
    return _candidate(ctx, adj, content, subject)
