"""Find the attributions of one article: hand each cue outside quotation marks to its rule,
then settle where contents overlap.

Cue verbs go to :mod:`~eventwire.quotes.direct` (a speech cue with a quote of its own) or else
to :mod:`~eventwire.quotes.reported`, as does ``according to``; cue nouns, adjectives and light
verbs go to :mod:`~eventwire.quotes.stance`, colons and headlines to
:mod:`~eventwire.quotes.colons`.

A content that runs on past a comma into another cue's own content (``X argued that A, saying
B``), or into a contrasting clause with its own source and cue (``A said X, while B said Y``),
ends before that clause. A cue inside another attribution's content (nested reporting) is
dropped, unless that content is a direct quote the cue interrupts.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from eventwire.quotes.colons import colon, colon_intros, headline
from eventwire.quotes.context import Candidate, DocContext
from eventwire.quotes.direct import direct_bounds
from eventwire.quotes.lexicon import (
    ACCORDING_TO,
    CLAUSE_JOINS,
    CUE_ADJECTIVES,
    CUE_LEXICON,
    CUE_NOUNS,
    DIRECT_QUOTE_CUES,
    LIGHT_VERB_CUES,
    RAISING_CUES,
    CueClass,
)
from eventwire.quotes.reported import according, passive, prep_source, put_it, reported_bounds
from eventwire.quotes.stance import adjective_cue, light_verb, noun_cue
from eventwire.quotes.syntax import cue_end, lemma_of, subject_of
from eventwire.quotes.text import ArticleText

__all__ = ["find_candidates"]

#: What ends a content before another cue's own clause (``X argued that A, saying B``).
_SPLIT_BEFORE = (",", ";", "—", "–")
#: How a contrasting clause with its own cue joins the content before it.
_CLAUSE_JOINS = tuple(" " + conj for conj in CLAUSE_JOINS)
#: Cue classes that are not attributions without someone holding the position.
_NEEDS_SUBJECT = frozenset({CueClass.STANCE})


def find_candidates(ctx: DocContext) -> list[Candidate]:
    """All attributions of the article, ordered by content span, nested ones dropped."""
    out: list[Candidate] = []
    for tok in ctx.doc:
        if tok.i in ctx.quoted:
            continue
        cand = _token_cue(ctx, tok)
        if cand is not None:
            out.append(cand)
    taken = {c.start for c in out}
    out.extend(c for c in colon_intros(ctx) if c.start not in taken)
    return _drop_nested(ctx.tx, out)


def _token_cue(ctx: DocContext, tok: Token) -> Candidate | None:
    """The attribution whose cue is ``tok``, by what kind of cue it is."""
    doc = ctx.doc
    lower = tok.lower_
    if lower == ACCORDING_TO[0] and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return according(ctx, tok)
    if lower in {"in", "to"}:
        return prep_source(ctx, tok)
    if tok.text == ":":
        return colon(ctx, tok)
    if tok.pos_ == "PROPN":
        return headline(ctx, tok)
    if tok.pos_ == "NOUN":
        if ctx.stance and tok.lemma_.lower() in CUE_NOUNS:
            return noun_cue(ctx, tok)
        return None
    if tok.pos_ == "ADJ":
        if ctx.stance and tok.lemma_.lower() in CUE_ADJECTIVES:
            return adjective_cue(ctx, tok)
        return None
    if tok.pos_ == "VERB":
        return _verb_cue(ctx, tok)
    return None


def _verb_cue(ctx: DocContext, verb: Token) -> Candidate | None:
    """A cue verb: light verb, ``as X put it``, passive cue, direct quote or reported speech."""
    lemma = lemma_of(verb)
    if lemma in LIGHT_VERB_CUES:
        cand = light_verb(ctx, verb, lemma)
        if cand is not None:
            return cand
    if lemma == "put" and verb.dep_ == "advcl":
        return put_it(ctx, verb)
    if lemma == "quote":
        relayed = _quoted_as_saying(ctx, verb)
        if relayed is not None:
            return relayed
    cls = CUE_LEXICON.get(lemma)
    if cls is None or (cls == CueClass.STANCE and not ctx.stance):
        return None
    if _anonymity(verb):
        return None
    cand = passive(ctx, verb, cls)
    if cand is not None:
        return cand
    content = _content(ctx, verb, lemma, cls)
    if content is None:
        return None
    # words of the quote are not its speaker
    subject = None if lemma in RAISING_CUES else subject_of(verb, ctx.quoted)
    if subject is None and cls in _NEEDS_SUBJECT and lemma not in RAISING_CUES:
        return None
    start, end, direct = content
    return Candidate(
        cue_start=verb.idx,
        cue_end=cue_end(verb),
        start=start,
        end=end,
        subject=subject,
        direct=direct,
    )


def _content(ctx: DocContext, verb: Token, lemma: str, cls: str) -> tuple[int, int, bool] | None:
    """The content of cue ``verb`` (start, end, and whether it is a direct quote), or None:
    the quote it introduces, else its reported clause; none for a naming participle."""
    bounds = direct_bounds(ctx, verb) if lemma in DIRECT_QUOTE_CUES else None
    direct = bounds is not None and ctx.tx.segment_at(bounds[0]) is not None
    if not direct and _naming_participle(verb):
        return None
    if bounds is None:
        bounds = reported_bounds(ctx, verb, lemma, cls)
        if bounds is None:
            return None
    return bounds[0], bounds[1], direct


def _quoted_as_saying(ctx: DocContext, verb: Token) -> Candidate | None:
    """``Interfax quoted an official as saying that ...``: the words are the official's, so the
    speaker is the verb's object and the content what the official is quoted as saying (the
    agency that relays them is not their source)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if obj is None or prep is None:
        return None
    say = next((c for c in prep.children if c.dep_ in {"pcomp", "pobj"}), None)
    if say is None or say.pos_ != "VERB":
        return None
    say_lemma = lemma_of(say)
    cls = CUE_LEXICON.get(say_lemma)
    if cls is None or (cls == CueClass.STANCE and not ctx.stance):
        return None
    content = _content(ctx, say, say_lemma, cls)
    if content is None:
        return None
    start, end, direct = content
    return Candidate(
        cue_start=verb.idx, cue_end=cue_end(verb), start=start, end=end, subject=obj, direct=direct
    )


def _naming_participle(verb: Token) -> bool:
    """``a group called X``, ``a report published on Monday``: a past participle that
    describes a noun, in a sentence with a main verb of its own, reports no one's words. (When
    the sentence has no other verb, the parser has mistaken the main verb for one: ``One of the
    doctors who sent the letter called Oz a quack``.)"""
    root = verb.sent.root
    if verb.dep_ == "acl" and any(c.dep_ == "dobj" and c.lower_ in _SELF for c in verb.children):
        return True  # "a group calling itself the Northern Shield Front": its name, not words
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and root is not verb
        and root.pos_ in ("VERB", "AUX")
    )


_SELF = frozenset({"itself", "themselves", "himself", "herself"})


def _anonymity(verb: Token) -> bool:
    """``not to be named``, ``declined to be identified``: a source's anonymity, not a cue (the
    verb itself, or the verb whose complement it is)."""
    for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
        children = {c.dep_: c.lower_ for c in v.children}
        if (
            v.lemma_.lower() in {"name", "identify", "quote"}
            and children.get("auxpass") == "be"
            and children.get("aux") == "to"
        ):
            return True
    return False


def _split_trailing(tx: ArticleText, cands: list[Candidate]) -> list[Candidate]:
    """Cut a content short where another cue follows it after a comma (``X argued that A,
    saying B``): the content ends before that cue, which keeps its own attribution."""
    text = tx.text
    out = list(cands)
    for c in out:
        for j, o in enumerate(out):
            if o is c or o.direct or not (o.start < c.cue_start < o.end):
                continue
            if c.start < c.cue_start or o.start <= c.end <= c.cue_start:
                continue
            cut = c.cue_start
            subject = c.subject
            if (
                subject is not None
                and o.start < subject.left_edge.idx < c.cue_start
                and text[o.start : subject.left_edge.idx].rstrip().endswith(_CLAUSE_JOINS)
            ):
                cut = subject.left_edge.idx  # "A said X, while B said Y": B's clause is B's
            elif not text[o.start : c.cue_start].rstrip().endswith(_SPLIT_BEFORE):
                continue
            start, end = tx.trim(o.start, cut)
            if end - start >= 2:
                out[j] = replace(o, end=end)
    return out


def _drop_nested(tx: ArticleText, cands: list[Candidate]) -> list[Candidate]:
    """Drop candidates whose cue lies inside another's content, and duplicate contents."""
    cands = _split_trailing(tx, cands)
    keep: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for c in cands:
        if (c.start, c.end) in seen:
            continue
        nested = any(
            o is not c
            and not o.direct  # a cue between the parts of a direct quote is its own
            and o.start <= c.cue_start < o.end
            and not (c.start <= o.cue_start < c.end)
            for o in cands
        )
        if nested:
            continue
        seen.add((c.start, c.end))
        keep.append(c)
    keep.sort(key=lambda c: (c.start, c.end))
    return keep
