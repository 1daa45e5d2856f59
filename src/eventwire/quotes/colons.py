"""Attributions set off by layout: colons and title-case headlines.

``Name: text`` at the head of a paragraph (headlines); a name and colon right before a quote
(``More from Jones: "..."``); a paragraph ending in a colon that introduces a quotation paragraph
(``Cruz went on:``), or, after a verb of saying, a block quote without marks; a cue verb the
tagger took for a name in a title-case headline (``Senator Slams Budget Plan``).
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.quotes.context import Candidate, DocContext
from eventwire.quotes.direct import extend_quote
from eventwire.quotes.lexicon import CUE_LEXICON, DIRECT_QUOTE_CUES, NOT_HEADLINE_VERBS, CueClass
from eventwire.quotes.syntax import cue_end, lemma_of, subject_of
from eventwire.quotes.text import MIN_QUOTE_WORDS

__all__ = ["colon", "colon_intros", "headline"]

#: Most words before a ``Name:`` colon.
_COLON_WORDS = 6
#: Longest title-case paragraph (in words) read as a headline.
_HEADLINE_WORDS = 16


def colon(ctx: DocContext, tok: Token) -> Candidate | None:
    """``Name: content`` at the head of a paragraph (headlines, interview transcripts)."""
    tx, doc = ctx.tx, ctx.doc
    p_start, p_end = tx.para_bounds(tok.idx)
    lead = [t for t in doc.char_span(p_start, tok.idx, alignment_mode="expand") or []]
    words = [t for t in lead if not t.is_space and not t.is_punct]
    if len(words) > _COLON_WORDS:
        return _name_colon_quote(ctx, tok)
    if not 1 <= len(words) <= _COLON_WORDS or words[-1].pos_ not in {"PROPN", "NOUN"}:
        return None
    capitals = sum(t.text[:1].isupper() for t in words)
    if not words[-1].text[:1].isupper() or 2 * capitals < len(words):
        return None
    if any(t.pos_ in {"VERB", "AUX", "PRON"} for t in words):
        return None
    start, end = tx.trim(tok.idx + 1, p_end)
    if len(tx.text[start:end].split()) < 3:
        return None
    return Candidate(
        cue_start=tok.idx, cue_end=tok.idx + 1, start=start, end=end, subject=words[-1]
    )


def _name_colon_quote(ctx: DocContext, tok: Token) -> Candidate | None:
    """``... - More from Blumenthal and Cohen: "..."``: a name ending in a colon right
    before a quote, in the same paragraph or opening the next."""
    tx = ctx.tx
    text = tx.text
    before = ctx.doc[tok.i - 1] if tok.i > 0 else None
    if before is None or before.pos_ != "PROPN" or not before.ent_type_:
        return None
    i = tok.idx + 1
    while i < len(text) and text[i].isspace():
        i += 1
    k = tx.segment_at(i)
    if k is None or tx.segments[k].start != i or not tx.substantial(tx.segments[k]):
        return None
    if text[tok.idx + 1 : i].count("\n") > 2:
        return None
    first, last = extend_quote(ctx, k, k, -1)
    return Candidate(
        cue_start=tok.idx,
        cue_end=tok.idx + 1,
        start=tx.segments[first].start,
        end=tx.segments[last].end,
        subject=before,
    )


def colon_intros(ctx: DocContext) -> list[Candidate]:
    """A paragraph ending in a colon that introduces a quotation paragraph:
    ``Cruz went on:`` / ``the ministry released this statement:``."""
    tx, doc, quoted = ctx.tx, ctx.doc, ctx.quoted
    text = tx.text
    out: list[Candidate] = []
    for k, (p_start, p_end) in enumerate(tx.paragraphs[:-1]):
        if not text[p_start:p_end].rstrip().endswith(":"):
            continue
        n_start, n_end = tx.paragraphs[k + 1]
        segs = [j for j in tx.segments_in(n_start, n_end) if tx.segments[j].start == n_start]
        block = not segs and len(text[n_start:n_end].split()) >= MIN_QUOTE_WORDS
        if not block and (not segs or not tx.substantial(tx.segments[segs[0]])):
            continue
        span = doc.char_span(p_start, p_end, alignment_mode="expand")
        if span is None:
            continue
        verbs = [t for t in span if t.pos_ == "VERB" and t.i not in quoted]
        if not verbs:
            continue
        verb = verbs[-1]
        if block and lemma_of(verb) not in DIRECT_QUOTE_CUES:
            continue  # an unmarked block quote needs a verb of saying or writing
        subject = subject_of(verb, quoted)
        if subject is None:
            continue
        if block:
            start, end = tx.trim(n_start, n_end)
        else:
            first, last = extend_quote(ctx, segs[0], segs[0], -1)
            start, end = tx.segments[first].start, tx.segments[last].end
        out.append(
            Candidate(
                cue_start=verb.idx,
                cue_end=cue_end(verb),
                start=start,
                end=end,
                subject=subject,
            )
        )
    return out


def _title_lemma(word: str) -> str | None:
    """The cue lemma of a headline verb form (``slams`` -> ``slam``), or None."""
    for suffix, repl in (("", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("d", "")):
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] + repl if suffix else word
        if stem in CUE_LEXICON and word not in NOT_HEADLINE_VERBS:
            return stem
    return None


def headline(ctx: DocContext, tok: Token) -> Candidate | None:
    """``Senator Slams Budget Plan``: a title-case headline whose cue verb the tagger took
    for a proper noun; the words before it are the source, the rest the content."""
    lemma = _title_lemma(tok.lower_)
    if lemma is None or tok.i == 0:
        return None
    cls = CUE_LEXICON[lemma]
    if cls == CueClass.STANCE and not ctx.stance:
        return None
    tx = ctx.tx
    p_start, p_end = tx.para_bounds(tok.idx)
    words = tx.text[p_start:p_end].split()
    if len(words) > _HEADLINE_WORDS or 3 * sum(w[:1].isupper() for w in words) < 2 * len(words):
        return None
    before = ctx.doc[tok.i - 1]
    if before.idx < p_start or not before.text[:1].isupper():
        return None
    start, end = tx.trim(tok.idx + len(tok.text), p_end)
    if len(tx.text[start:end].split()) < 2:
        return None
    return Candidate(
        cue_start=tok.idx, cue_end=tok.idx + len(tok.text), start=start, end=end, subject=before
    )
