"""Direct quotes: the quotation-mark segments a speech cue takes as content.

A speech cue whose sentence holds a substantial quoted segment (four words or more, or two
ending in punctuation), or has one within eight words before or after it, takes those segments
as content, from the first opening mark to the last closing mark (so ``"A," he said, "B."`` is
one quote). The content grows over quoted sentences that follow directly, over paragraphs that
continue an unclosed quote, and over following paragraphs that hold nothing but quotation. A cue
ending its sentence with a colon takes the quote that opens the next paragraph. A complement
clause outside every quote (``He says referees ...``) wins over a neighbouring quote; one that
contains the quote (before or after the cue), or the clause a parenthetical cue interrupts
(``A, he said, by "B"``), makes a mixed quote. A quote interrupted by its cue does not run on over
a second cue (``"A," she said, adding "B"``).
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.quotes.context import DocContext
from eventwire.quotes.lexicon import DIRECT_QUOTE_CUES
from eventwire.quotes.marks import QuotedSegment
from eventwire.quotes.syntax import lemma_of, strip_mark, subtree_bounds
from eventwire.quotes.text import ArticleText, has_letters

__all__ = ["direct_bounds", "extend_quote", "quote_after", "quote_kind"]

#: Most words between a cue and a quote outside its sentence.
_NEAR_WORDS = 8


def quote_kind(tx: ArticleText, start: int, end: int) -> str:
    """``direct`` for a content in quotation marks, ``mixed`` for one partly quoted, else
    ``indirect``."""
    ks = tx.segments_in(start, end)
    if not ks:
        return "indirect"
    quoted = sum(min(tx.segments[k].end, end) - max(tx.segments[k].start, start) for k in ks)
    covered_edges = tx.segments[ks[0]].start <= start and tx.segments[ks[-1]].end >= end
    if covered_edges or quoted >= 0.9 * (end - start):
        return "direct"
    return "mixed"


def _floating_continuation(
    tx: ArticleText, cur: QuotedSegment, nxt: QuotedSegment, cue: int
) -> bool:
    """Whether ``nxt`` is a paragraph of nothing but quotation continuing the quote ``cur``:
    ``cur``'s paragraph ends with it or with its cue, and ``nxt`` fills its own paragraph."""
    text = tx.text
    cur_para_end = tx.para_bounds(cur.start)[1]
    rest = text[cur.end : cur_para_end]
    if has_letters(rest) and not cur.end <= cue < cur_para_end:
        return False
    if tx.paragraph(nxt.start) != tx.paragraph(cur.start) + 1:
        return False
    n_start, n_end = tx.para_bounds(nxt.start)
    return not has_letters(text[n_start : nxt.start]) and not has_letters(text[nxt.end : n_end])


def extend_quote(ctx: DocContext, first: int, last: int, cue: int) -> tuple[int, int]:
    """Widen segments ``first..last`` over the quoted sentences that continue them.

    A neighbouring segment joins when only punctuation and spaces separate it (consecutive
    quoted sentences), when the gap holds the cue itself (``"A," he said. "B."``), or when an
    unclosed quote continues with the quote opening the next paragraph.
    """
    tx = ctx.tx
    text = tx.text
    while last + 1 < len(tx.segments):
        cur, nxt = tx.segments[last], tx.segments[last + 1]
        gap = text[cur.end : nxt.start]
        if not cur.closed:
            if gap.strip() or "\n" not in gap:
                break
        elif "\n" in gap:
            if not _floating_continuation(tx, cur, nxt, cue):
                break
        elif any(c.isalpha() for c in gap) and (
            not cur.end <= cue < nxt.start or ctx.other_cue_in(cur.end, nxt.start, cue)
        ):
            break  # words between the parts that are not just the cue, or a second cue
        last += 1
    while first > 0:
        prev, cur = tx.segments[first - 1], tx.segments[first]
        gap = text[prev.end : cur.start]
        if "\n" in gap or any(c.isalpha() for c in gap):
            break
        first -= 1
    return first, last


def _short_before(tx: ArticleText, seg: QuotedSegment, verb: Token) -> bool:
    """A one-word quote that ends in punctuation and opens the cue's sentence right before it
    (``"Really," she added``)."""
    inner = tx.inner(seg)
    if not inner or inner[-1] not in ",!?" or seg.end > verb.idx:
        return False
    sent_start = max(verb.sent.start_char, tx.para_bounds(verb.idx)[0])
    gap = tx.text[seg.end : verb.idx].split()
    return seg.start <= sent_start + 1 and len(gap) <= 3


def _near_segments(tx: ArticleText, verb: Token, s_start: int, s_end: int) -> list[int]:
    """Substantial segments of the cue's sentence, or right before or after the cue."""
    text = tx.text
    p_start, p_end = tx.para_bounds(verb.idx)
    ks = [
        k
        for k in tx.segments_in(s_start, s_end)
        if tx.segments[k].start >= p_start
        and (tx.substantial(tx.segments[k]) or _short_before(tx, tx.segments[k], verb))
    ]
    if ks:
        return ks
    cue_end = verb.idx + len(verb.text)
    for k in tx.segments_in(p_start, p_end):
        seg = tx.segments[k]
        if seg.end <= verb.idx:
            gap = text[seg.end : verb.idx]
        elif seg.start >= cue_end:
            gap = text[cue_end : seg.start]
        else:
            continue
        if len(gap.split()) <= _NEAR_WORDS and '"' not in gap and tx.substantial(seg):
            ks.append(k)
    return ks


def _other_cue(ctx: DocContext, verb: Token, k: int) -> bool:
    """Whether another cue verb stands between ``verb`` and the later segment ``k``."""
    seg = ctx.tx.segments[k]
    if seg.start <= verb.idx:
        return False
    span = ctx.doc.char_span(verb.idx + len(verb.text), seg.start, alignment_mode="contract")
    return span is not None and any(
        t.pos_ == "VERB" and lemma_of(t) in DIRECT_QUOTE_CUES for t in span
    )


def _colon_quote(tx: ArticleText, verb: Token, s_end: int) -> list[int]:
    """The quote opening the next sentence or paragraph after a cue that ends its sentence
    with a colon, as a one-segment list; empty when there is none."""
    text = tx.text
    tail = text[verb.idx + len(verb.text) : s_end].strip()
    if not tail.endswith(":"):
        return []
    ks = [k for k in tx.segments_in(s_end, len(text)) if tx.segments[k].start >= s_end]
    if not ks:
        return []
    opening = tx.segments[ks[0]]
    if text[s_end : opening.start].strip() not in ("", ":"):
        return []
    if not tx.substantial(opening):
        return []
    return ks[:1]


def direct_bounds(ctx: DocContext, verb: Token) -> tuple[int, int] | None:
    """The quote a speech cue introduces, with the clause it belongs to for a mixed quote;
    None when the cue has no quote of its own."""
    tx = ctx.tx
    text = tx.text
    sent = verb.sent
    p_start, p_end = tx.para_bounds(verb.idx)
    s_start, s_end = max(sent.start_char, p_start), min(sent.end_char, p_end)
    ks = [k for k in _near_segments(tx, verb, s_start, s_end) if not _other_cue(ctx, verb, k)]
    clauses = [
        b
        for b in (subtree_bounds(c) for c in verb.children if c.dep_ == "ccomp")
        if b[1] > p_start and b[0] < p_end
    ]
    after = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if after and any(tx.segments[k].start > verb.idx for k in ks):
        # '"A," she said, adding that "B"': the cue with a clause after it quotes B only
        ks = [k for k in ks if tx.segments[k].start > verb.idx]
    if ks and clauses:
        # a complement clause outside every quote is reported speech, not these quotes
        segs = [tx.segments[k] for k in ks]
        if not any(c0 < sg.end and sg.start < c1 for c0, c1 in clauses for sg in segs):
            return None
    if not ks:
        ks = _colon_quote(tx, verb, s_end)
        if not ks:
            return None
    first, last = extend_quote(ctx, ks[0], ks[-1], verb.idx)
    start, end = tx.segments[first].start, tx.segments[last].end
    for child in verb.children:
        if child.dep_ == "ccomp":
            c_start, c_end = subtree_bounds(child)
            # reported speech that quotes some of its words: keep the whole clause
            if c_start < start < c_end and c_start >= p_start and has_letters(text[c_start:start]):
                return strip_mark(child, c_start), max(c_end, end)
    if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i:
        # "... A, he said, by "B" ...": the quote is part of the clause the cue interrupts
        h_start, h_end = subtree_bounds(verb.head)
        if (
            p_start <= h_start < start < h_end
            and h_start < verb.idx < h_end
            and has_letters(text[h_start:start])
        ):
            return h_start, max(h_end, end)
    return start, end


def quote_after(ctx: DocContext, end: int, cue: int) -> int:
    """``said he would vote no. "I'm not sure ..."``: reported speech that ends its sentence
    goes on over a quote that follows it at once in the same paragraph."""
    tx = ctx.tx
    text = tx.text
    p_end = tx.para_bounds(end - 1)[1]
    i = end
    while i < p_end and text[i] in " .,:;":
        i += 1
    if i >= p_end or ("." not in text[end:i] and ":" not in text[end:i]):
        return end
    k = tx.segment_at(i)
    if k is None or tx.segments[k].start != i or not tx.substantial(tx.segments[k]):
        return end
    _, last = extend_quote(ctx, k, k, cue)
    return tx.segments[last].end
