"""Extract attributions (who said what) from a parsed article.

Rules over the spaCy parse, for each cue outside quotation marks (cue words are listed in
:mod:`eventwire.quotes.lexicon`):

1. **Direct quote**: a speech cue whose sentence holds a substantial quoted segment (four words
   or more, or two ending in punctuation), or has one within eight words before or after it,
   takes those segments as content, from the first opening mark to the last closing mark (so
   ``"A," he said, "B."`` is one quote). The content grows over quoted sentences that follow
   directly, over paragraphs that continue an unclosed quote, and over following paragraphs that
   hold nothing but quotation. A cue ending its sentence with a colon takes the quote that opens
   the next paragraph. A complement clause outside every quote (``He says referees ...``) wins
   over a neighbouring quote; one that contains the quote (before or after the cue), or the
   clause a parenthetical cue interrupts (``A, he said, by "B"``), makes a mixed quote.
2. **Reported speech**: the cue's complement clause (``said (that) ...``, ``told AP ...``) in
   the cue's own paragraph and without a leading ``that``, with the clauses and phrases the
   parser hung on the cue after it (``said A, though B``) and a quote that follows the sentence
   at once (``said A. "B"``); an answer (``46 percent said yes``); the infinitive for intent
   and belief cues (``urged X to ...``);
   ``called X Y``; the ``for``/``on`` phrase (``called for ...``); the object and what follows it
   (``accused X of Y``, ``denied the report``, ``offered his view``); for a parenthetical cue
   (``..., he said, ...``) the clause it interrupts; for ``seem``/``appear`` their own clause
   (``X seems ready to Y``); for a passive stance or speech cue, its subject with the agent as
   source (``the plan was derided by X``) or, for any passive cue without an agent, the whole
   clause (``X is expected to win``, ``X is accused of Y``).
   ``continue`` and ``find`` take only quotes and clauses (not ``continued to campaign``).
3. **According to and source phrases**: the rest of the sentence around ``according to X``;
   the main clause after a phrase heading its sentence (``In a poll released Monday, ...``,
   ``In her view, ...``, ``To many voters, ...``) when no cue verb is in the sentence; the
   quote or clause of ``as X put it``.
4. **Colons and headlines**: ``Name: text`` at the head of a paragraph (headlines); a name
   and colon right before a quote (``More from Jones: "..."``); a paragraph ending in a colon
   that introduces a quotation paragraph (``Cruz went on:``), or, after a verb of saying, a
   block quote without marks; a cue verb the tagger took for a name in a title-case headline
   (``Senator Slams Budget Plan``).
5. **Stance** (``stance=True``, the default): verbs, nouns and adjectives that report a
   position (``criticized X``, ``her support for X``, ``critical of X``) with that X as content,
   when they have a subject (a noun may also take it from ``by``/``from X``, and a noun with a
   ``that`` clause, ``the claim that X``, needs none); ``X has the support of Y`` (Y backs X);
   verbs that are cues with a given object, particle or preposition (``took a swipe at X``,
   ``made the case that X``, ``went after X``, ``spoke about X``).

Contents are trimmed of edge punctuation and trailing conjunctions and never cross a paragraph
boundary except by rule 1's continuations. A content that runs on past a comma into another
cue's own content (``X argued that A, saying B``), or into a contrasting clause with its own
source and cue (``A said X, while B said Y``), ends before that clause; a quote interrupted by
its cue does not run on over a second cue (``"A," she said, adding "B"``). A cue inside another
attribution's content (nested reporting) is dropped, unless that content is a direct quote the
cue interrupts. The subject of the cue, or of the verb a participle cue (``..., saying ...``)
hangs from, is the speaker mention, resolved by :class:`~eventwire.quotes.speakers.SpeakerIndex`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from eventwire.quotes.lexicon import (
    ACCORDING_TO,
    CUE_ADJECTIVES,
    CUE_LEXICON,
    CUE_NOUNS,
    DIRECT_QUOTE_CUES,
    FOR_PHRASE_CUES,
    LEMMA_FIXES,
    LIGHT_VERB_CUES,
    OBJECT_CUES,
    PERSON_PRONOUNS,
    PREP_CUES,
    PREP_PEOPLE,
    PREP_SOURCES,
    RELATIVE_PRONOUNS,
    CueClass,
)
from eventwire.quotes.marks import QuotedSegment, find_quoted_segments
from eventwire.quotes.speakers import SpeakerIndex, SpeakerResolution, strip_titles
from eventwire.records import Flag, Quote, Span

__all__ = [
    "SPEAKER_NOT_INTRODUCED",
    "UNRESOLVED_SPEAKER",
    "QuoteExtraction",
    "extract_attributions",
    "extract_many",
    "extract_quotes",
    "flag_counts",
    "quote_flags",
    "quote_key",
]

#: Flag code: a pronoun or description with no antecedent in the article, or no speaker at all.
UNRESOLVED_SPEAKER = "unresolved-speaker"
#: Flag code: a bare surname the article never introduces with a full name or a role.
SPEAKER_NOT_INTRODUCED = "speaker-not-introduced"

_PARAGRAPH = re.compile(r"[^\n]+")
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_SUBJECT_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "acl"})
_EDGE_STRIP = " \t\n,;:—–-"
#: Spaces and marks left inside a segment whose marks are two characters wide (``''``).
_MARK_STRIP = " \t\n'\"“”«»‘’„"
_MIN_QUOTE_WORDS = 4
#: What ends a content before another cue's own clause (``X argued that A, saying B``).
_SPLIT_BEFORE = (",", ";", "—", "–")
#: How a contrasting clause with its own cue joins the content before it.
_CLAUSE_JOINS = (" while", " whereas")
#: Dependents of a cue after its complement clause that belong to the content.
_TRAIL_DEPS = frozenset({"advcl", "conj", "prep", "npadvmod", "ccomp", "parataxis"})
_TRAIL_CLAUSE_DEPS = frozenset({"advcl", "conj"})
#: Prepositions whose object is the content of a light-verb cue (not ``to``: the audience).
_LIGHT_PREPS = frozenset({"of", "about", "against", "on", "for", "at", "with", "over", "that"})
_NEAR_WORDS = 8
_COLON_WORDS = 6
_XCOMP_SPEECH = frozenset({"urge", "ask", "warn", "tell", "promise"})
_TRAILING_COMPLEMENTS = frozenset({"prep", "oprd", "xcomp", "ccomp", "dative"})
_TRAILING_CONJUNCTIONS = (" and", " but", " or", " as well as", " while", " whereas")
_QUESTION_CUES = frozenset({"ask", "wonder", "question", "inquire"})
#: Prepositions that complete a passive cue without an agent (``is accused of``, ``known as``).
_PASSIVE_PREPS = frozenset({"of", "as", "for", "about"})
#: Cue classes whose passive subject is the content when an agent names the source.
_AGENT_CLASSES = frozenset({CueClass.STANCE, CueClass.SPEECH})
#: Longest title-case paragraph (in words) read as a headline.
_HEADLINE_WORDS = 16
#: Title-case words that look like cue verbs but are mostly names (``Bush``, ``Hope``).
_NOT_HEADLINE_VERBS = frozenset({"hope", "bush", "will", "may", "frame", "brand"})
#: Cues that start an attribution of their own between two quoted parts.
_SPLITTING_CUES = frozenset({"add"})
#: Cues that report only a quote or a complement clause (``"...," he continued``).
_CLAUSE_ONLY_CUES = frozenset({"continue", "find"})
#: ``X has the support of Y``: nouns of backing and the verbs that hold them.
_BACKING_NOUNS = frozenset({"support", "backing", "endorsement", "vote", "approval", "blessing"})
_BACKING_VERBS = frozenset(
    {"have", "win", "receive", "get", "earn", "secure", "gain", "enjoy", "land", "lose", "seek"}
)
#: Cue classes whose direct object is the content when nothing else is (``offered his view``).
_OBJECT_CLASSES = frozenset({CueClass.STANCE, CueClass.SPEECH, CueClass.INTENT, CueClass.THOUGHT})
#: Cue classes that are not attributions without someone holding the position.
_NEEDS_SUBJECT = frozenset({CueClass.STANCE})
#: ``appear``/``seem`` take a grammatical subject that is not a source (``it appears that``).
_RAISING_CUES = frozenset({"appear", "seem"})
#: Dependents of a raising cue that make up its clause.
_RAISING_PARTS = frozenset(
    {"nsubj", "nsubjpass", "expl", "aux", "neg", "xcomp", "oprd", "ccomp", "acomp", "attr", "prep"}
)
#: Prepositions whose object is the content of any cue (``agrees with X``, ``wrote about X``).
_ANY_PREPS = frozenset({"about", "with", "against", "of"})
_NOUN_PREPS = frozenset({"of", "about", "against", "on", "for", "that"})
_STANCE_PREPS = frozenset({"about", "for", "on", "to", "of", "against", "with", "as", "out"})


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteExtraction:
    """The quotes of one article with their speaker flags."""

    article_id: str
    quotes: tuple[Quote, ...]
    flags: tuple[Flag, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Candidate:
    cue_start: int
    cue_end: int
    start: int
    end: int
    subject: Token | None
    direct: bool = False


def quote_key(quote: Quote) -> str:
    """A stable id for a quote inside its article: ``article_id:start-end`` of its content."""
    return f"{quote.article_id}:{quote.content.start}-{quote.content.end}"


class _Text:
    """Paragraphs and quoted segments of one text, with lookups by character."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
        self._para_starts = [p[0] for p in self.paragraphs]
        self.segments = find_quoted_segments(text)
        self._seg_starts = [s.start for s in self.segments]
        #: Where speech cue verbs outside quotes start, set by the extractor.
        self.cue_starts: list[int] = []

    def other_cue_in(self, start: int, end: int, cue: int) -> bool:
        """Whether a speech cue other than the one at ``cue`` starts in ``[start, end)``
        (``"A," she said, adding "B"``)."""
        k = bisect.bisect_left(self.cue_starts, start)
        while k < len(self.cue_starts) and self.cue_starts[k] < end:
            if self.cue_starts[k] != cue:
                return True
            k += 1
        return False

    def paragraph(self, char: int) -> int:
        return max(bisect.bisect_right(self._para_starts, char) - 1, 0)

    def para_bounds(self, char: int) -> tuple[int, int]:
        if not self.paragraphs:
            return 0, len(self.text)
        return self.paragraphs[self.paragraph(char)]

    def clip(self, start: int, end: int, *, cue: int) -> tuple[int, int] | None:
        """A content span cut to the cue's paragraph and trimmed; None when under 2 characters."""
        p_start, p_end = self.para_bounds(cue)
        start, end = self.trim(max(start, p_start), min(end, p_end))
        return (start, end) if end - start >= 2 else None

    def segment_at(self, char: int) -> int | None:
        k = bisect.bisect_right(self._seg_starts, char) - 1
        if k >= 0 and self.segments[k].start <= char < self.segments[k].end:
            return k
        return None

    def segments_in(self, start: int, end: int) -> list[int]:
        k = max(bisect.bisect_right(self._seg_starts, start) - 1, 0)
        out = []
        while k < len(self.segments) and self.segments[k].start < end:
            if self.segments[k].end > start:
                out.append(k)
            k += 1
        return out

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Strip edge punctuation and whitespace, keeping quotation marks and final ``?``/``!``."""
        text = self.text
        while start < end and text[start] in _EDGE_STRIP:
            start += 1
        while end > start and (text[end - 1] in _EDGE_STRIP or text[end - 1] == "."):
            if text[end - 1] == "." and self.segment_at(end - 1) is not None:
                break
            end -= 1
            if end > start and text[end - 1] not in _EDGE_STRIP + ".":
                for conj in _TRAILING_CONJUNCTIONS:
                    if text.endswith(conj, start, end):
                        end -= len(conj)
        return start, end


def _substantial(text: str, seg: QuotedSegment) -> bool:
    inner = text[seg.inner_start : seg.inner_end].strip(_MARK_STRIP)
    if len(inner.split()) >= _MIN_QUOTE_WORDS:
        return True
    return bool(inner) and inner[-1] in ".,!?" and len(inner.split()) >= 2


def _lemma(token: Token) -> str:
    """The lower-case lemma, with the tagger's known slips mended (``hoping`` -> ``hop``)."""
    return LEMMA_FIXES.get(token.lower_, token.lemma_.lower())


def _title_lemma(word: str) -> str | None:
    """The cue lemma of a headline verb form (``slams`` -> ``slam``), or None."""
    for suffix, repl in (("", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("d", "")):
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] + repl if suffix else word
        if stem in CUE_LEXICON and word not in _NOT_HEADLINE_VERBS:
            return stem
    return None


def _subject_of(verb: Token, quoted: frozenset[int] = frozenset()) -> Token | None:
    """The subject of ``verb`` (or of the verb it hangs from), skipping tokens in ``quoted``."""
    node = verb
    for _ in range(3):
        for child in node.children:
            if (
                child.dep_ in _SUBJECT_DEPS
                and child.i not in quoted
                and any(ch.isalnum() for ch in child.text)
            ):
                return child
        if node.dep_ in {"acl", "relcl"} and node.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            return node.head
        if node.dep_ in _INHERIT_SUBJECT_DEPS and node.head is not node:
            node = node.head
        else:
            return None
    return None


def _cue_end(verb: Token) -> int:
    end = verb.idx + len(verb.text)
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    return end


def _right_end(verb: Token, first: Token) -> int:
    """End of ``first``'s subtree, widened over the complements of ``verb`` that follow it
    (``referring to the US as "the Great Satan"``, ``told Megyn not to worry``)."""
    end = _subtree_bounds(first)[1]
    for child in verb.rights:
        if child.i > first.i and child.dep_ in _TRAILING_COMPLEMENTS:
            end = max(end, _subtree_bounds(child)[1])
    return end


def _subtree_bounds(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _floating_continuation(tx: _Text, cur: QuotedSegment, nxt: QuotedSegment, cue: int) -> bool:
    """Whether ``nxt`` is a paragraph of nothing but quotation continuing the quote ``cur``:
    ``cur``'s paragraph ends with it or with its cue, and ``nxt`` fills its own paragraph."""
    text = tx.text
    cur_para_end = tx.para_bounds(cur.start)[1]
    rest = text[cur.end : cur_para_end]
    if _has_letters(rest) and not cur.end <= cue < cur_para_end:
        return False
    if tx.paragraph(nxt.start) != tx.paragraph(cur.start) + 1:
        return False
    n_start, n_end = tx.para_bounds(nxt.start)
    return not _has_letters(text[n_start : nxt.start]) and not _has_letters(text[nxt.end : n_end])


def _extend_quote(tx: _Text, first: int, last: int, cue: int) -> tuple[int, int]:
    """Widen segments ``first..last`` over the quoted sentences that continue them.

    A neighbouring segment joins when only punctuation and spaces separate it (consecutive
    quoted sentences), when the gap holds the cue itself (``"A," he said. "B."``), or when an
    unclosed quote continues with the quote opening the next paragraph.
    """
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
            not cur.end <= cue < nxt.start or tx.other_cue_in(cur.end, nxt.start, cue)
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


class _Extractor:
    def __init__(self, doc: Doc, *, stance: bool) -> None:
        self.doc = doc
        self.stance = stance
        self.tx = _Text(doc.text)

    def _near_segments(self, verb: Token, s_start: int, s_end: int) -> list[int]:
        """Substantial segments of the cue's sentence, or right before or after the cue."""
        tx, text = self.tx, self.tx.text
        p_start, p_end = tx.para_bounds(verb.idx)
        ks = [
            k
            for k in tx.segments_in(s_start, s_end)
            if tx.segments[k].start >= p_start
            and (_substantial(text, tx.segments[k]) or self._short_before(tx.segments[k], verb))
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
            if len(gap.split()) <= _NEAR_WORDS and '"' not in gap and _substantial(text, seg):
                ks.append(k)
        return ks

    def _short_before(self, seg: QuotedSegment, verb: Token) -> bool:
        """A one-word quote that ends in punctuation and opens the cue's sentence right before
        it (``"Really," she added``)."""
        text = self.tx.text
        inner = text[seg.inner_start : seg.inner_end].strip(_MARK_STRIP)
        if not inner or inner[-1] not in ",!?" or seg.end > verb.idx:
            return False
        sent_start = max(verb.sent.start_char, self.tx.para_bounds(verb.idx)[0])
        gap = text[seg.end : verb.idx].split()
        return seg.start <= sent_start + 1 and len(gap) <= 3

    def _other_cue(self, verb: Token, k: int) -> bool:
        """Whether another cue verb stands between ``verb`` and the later segment ``k``."""
        seg = self.tx.segments[k]
        if seg.start <= verb.idx:
            return False
        span = self.doc.char_span(verb.idx + len(verb.text), seg.start, alignment_mode="contract")
        return span is not None and any(
            t.pos_ == "VERB" and _lemma(t) in DIRECT_QUOTE_CUES for t in span
        )

    def _direct(self, verb: Token) -> tuple[int, int] | None:
        tx, text = self.tx, self.tx.text
        sent = verb.sent
        p_start, p_end = tx.para_bounds(verb.idx)
        s_start, s_end = max(sent.start_char, p_start), min(sent.end_char, p_end)
        ks = [k for k in self._near_segments(verb, s_start, s_end) if not self._other_cue(verb, k)]
        clauses = [
            b
            for b in (_subtree_bounds(c) for c in verb.children if c.dep_ == "ccomp")
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
            tail = text[verb.idx + len(verb.text) : s_end].strip()
            if tail.endswith(":"):
                ks = [k for k in tx.segments_in(s_end, len(text)) if tx.segments[k].start >= s_end]
                if not ks:
                    return None
                opening = tx.segments[ks[0]]
                if text[s_end : opening.start].strip() not in ("", ":"):
                    return None
                if not _substantial(text, opening):
                    return None
                ks = ks[:1]
            else:
                return None
        first, last = _extend_quote(tx, ks[0], ks[-1], verb.idx)
        start, end = tx.segments[first].start, tx.segments[last].end
        for child in verb.children:
            if child.dep_ == "ccomp":
                c_start, c_end = _subtree_bounds(child)
                # reported speech that quotes some of its words: keep the whole clause
                if (
                    c_start < start < c_end
                    and c_start >= p_start
                    and _has_letters(text[c_start:start])
                ):
                    return self._strip_mark(child, c_start), max(c_end, end)
        if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i:
            # "... A, he said, by "B" ...": the quote is part of the clause the cue interrupts
            h_start, h_end = _subtree_bounds(verb.head)
            if (
                p_start <= h_start < start < h_end
                and h_start < verb.idx < h_end
                and _has_letters(text[h_start:start])
            ):
                return h_start, max(h_end, end)
        return start, end

    def _trailing_end(self, verb: Token, clause: Token, end: int) -> int:
        """Widen a complement clause over what the parser hung on the cue after it
        (``said A, though B``, ``say A unless B``), up to another cue verb."""
        # before the cue, only a clause continues the content ("A, he said, because B")
        deps = _TRAIL_DEPS if clause.i > verb.i else _TRAIL_CLAUSE_DEPS
        for child in verb.rights:
            if child.i <= clause.i or child.dep_ not in deps:
                continue
            if _lemma(child) in CUE_LEXICON:
                break  # "said A and promised B": another attribution
            end = max(end, _subtree_bounds(child)[1])
        return end

    def _quote_after(self, end: int, cue: int) -> int:
        """``said he would vote no. "I'm not sure ..."``: reported speech that ends its sentence
        goes on over a quote that follows it at once in the same paragraph."""
        tx, text = self.tx, self.tx.text
        p_end = tx.para_bounds(end - 1)[1]
        i = end
        while i < p_end and text[i] in " .,:;":
            i += 1
        if i >= p_end or ("." not in text[end:i] and ":" not in text[end:i]):
            return end
        k = tx.segment_at(i)
        if k is None or tx.segments[k].start != i or not _substantial(text, tx.segments[k]):
            return end
        _, last = _extend_quote(tx, k, k, cue)
        return tx.segments[last].end

    def _strip_mark(self, clause: Token, start: int) -> int:
        left = clause.left_edge
        if (
            left.dep_ == "mark"
            and left.lower_ in {"that", "whether", "if", "for"}
            and left.i + 1 < len(self.doc)
        ):
            return self.doc[left.i + 1].idx
        return start

    def _reported(self, verb: Token, lemma: str, cls: str) -> tuple[int, int] | None:
        p_start, p_end = self.tx.para_bounds(verb.idx)
        for child in verb.rights:
            if child.dep_ == "intj" and child.lower_ in {"yes", "no"}:
                return child.idx, child.idx + len(child.text)  # "46 percent said yes"
        for child in verb.children:
            if child.dep_ == "ccomp":
                start, end = _subtree_bounds(child)
                if end <= p_start or start >= p_end:
                    continue  # a clause the parser joined from another paragraph
                end = self._trailing_end(verb, child, end)
                left = child.left_edge
                if left.dep_ == "mark" and left.lower_ in {"that", "whether", "if"}:
                    nxt = self.doc[left.i + 1] if left.i + 1 < len(self.doc) else None
                    if nxt is not None:
                        start = nxt.idx
                return start, end
        if lemma in _CLAUSE_ONLY_CUES:
            return None  # "continued to campaign" is no attribution
        if cls in {CueClass.INTENT, CueClass.THOUGHT} or lemma in _XCOMP_SPEECH:
            xs = [c for c in verb.children if c.dep_ == "xcomp"]
            if xs:
                objs = [c for c in verb.children if c.dep_ == "dobj" and c.i < xs[0].i]
                first = objs[0] if objs else xs[0]
                start, _ = _subtree_bounds(first)
                _, end = _subtree_bounds(xs[-1])
                return start, end
        if lemma in _RAISING_CUES:
            # "X seems ready to Y": the clause of the raising verb, subject included
            parts = [verb] + [c for c in verb.children if c.dep_ in _RAISING_PARTS]
            start = min(_subtree_bounds(c)[0] for c in parts)
            end = max(_subtree_bounds(c)[1] for c in parts)
            return start, end
        if lemma in FOR_PHRASE_CUES:
            for child in verb.rights:
                if child.dep_ == "prep" and child.lower_ in {"for", "on"}:
                    objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                    if objs:
                        start, _ = _subtree_bounds(objs[0])
                        _, end = _subtree_bounds(child)
                        return start, end
                if child.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ == "for" for c in child.children
                ):  # "calling for the US to step up ...", parsed as a "for" clause
                    c_start, c_end = _subtree_bounds(child)
                    return self._strip_mark(child, c_start), c_end
        if lemma in {"accuse", "charge", "blame", "credit"}:
            objs = [c for c in verb.rights if c.dep_ == "dobj"]
            preps = [
                c for c in verb.rights if c.dep_ == "prep" and c.lower_ in {"of", "with", "for"}
            ]
            if objs and preps:
                return _subtree_bounds(objs[0])[0], _subtree_bounds(preps[-1])[1]
        if lemma == "call":
            # "called X Y" / "what she called Y": the object and what it is called
            rights = [c for c in verb.rights if not c.is_punct and c.dep_ != "prep"]
            objs = [c for c in rights if c.dep_ == "dobj"]
            if objs and len(rights) > 1:
                return _subtree_bounds(objs[0])[0], _subtree_bounds(rights[-1])[1]
            oprd = [c for c in rights if c.dep_ in {"oprd", "xcomp", "ccomp"}]
            if oprd:
                return _subtree_bounds(oprd[0])[0], _subtree_bounds(oprd[-1])[1]
        if lemma in _QUESTION_CUES:
            for child in verb.rights:
                if child.dep_ in {"advcl", "ccomp"} and any(
                    c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in child.children
                ):
                    return self._strip_mark(child, _subtree_bounds(child)[0]), _subtree_bounds(
                        child
                    )[1]
        if lemma in OBJECT_CUES or cls in _OBJECT_CLASSES:
            for child in verb.rights:
                if child.dep_ in {"dobj", "xcomp"}:
                    return _subtree_bounds(child)[0], _right_end(verb, child)
        # "referred to X", "talked about X"; any cue with "about"/"with"/... ("agrees with X")
        content_preps = (
            _STANCE_PREPS if cls == CueClass.STANCE or lemma in PREP_CUES else _ANY_PREPS
        )
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ in content_preps:
                objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if objs:
                    return _subtree_bounds(objs[0])[0], _right_end(verb, child)
        if verb.dep_ in {"parataxis", "ccomp", "advcl"} and _subject_of(verb) is not None:
            # a parenthetical cue ("..., he said, ...") reports the clause it interrupts
            head = verb.head
            if head.pos_ in {"VERB", "AUX"} and head.i != verb.i:
                return _subtree_bounds(head)
        return None

    def _according(self, tok: Token) -> _Candidate | None:
        to = self.doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in tok.children if c.dep_ == "pobj"
        ]
        sent = tok.sent
        p_start, p_end = self.tx.para_bounds(tok.idx)
        s_start, s_end = max(sent.start_char, p_start), min(sent.end_char, p_end)
        phrase_start = tok.idx
        phrase_end = max((t.idx + len(t.text) for t in tok.subtree), default=to.idx + len(to.text))
        phrase_end = max(phrase_end, to.right_edge.idx + len(to.right_edge.text))
        before = self.tx.trim(s_start, phrase_start)
        after = self.tx.trim(phrase_end, s_end)
        start, end = after if after[1] - after[0] >= before[1] - before[0] else before
        if end - start < 3:
            return None
        return _Candidate(
            cue_start=tok.idx,
            cue_end=to.idx + len(to.text),
            start=start,
            end=end,
            subject=objs[0] if objs else None,
        )

    def _prep_cue(self, prep: Token) -> _Candidate | None:
        """``In a poll released Monday, X``, ``In her view, X``, ``To many voters, X``: a
        phrase heading its sentence that names where the main clause comes from."""
        if prep.dep_ != "prep" or prep.head.pos_ not in {"VERB", "AUX"}:
            return None
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if not objs:
            return None
        obj = objs[0]
        lower = prep.lower_
        sent = prep.sent
        first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
        initial = first is not None and first.i == prep.i
        after = self.doc[obj.right_edge.i + 1] if obj.right_edge.i + 1 < len(self.doc) else None
        if not initial or after is None or after.text != ",":
            return None  # "In a poll released Monday, ...": set off at the head of its sentence
        if lower == "in":
            if _lemma(obj) not in PREP_SOURCES:
                return None
        elif lower == "to":
            if not (
                obj.ent_type_ in {"PERSON", "NORP", "ORG"}
                or obj.lower_ in PREP_PEOPLE
                or _lemma(obj) in PREP_PEOPLE
            ):
                return None
        else:
            return None
        head = prep.head
        inside = range(prep.left_edge.i, prep.right_edge.i + 1)
        if any(t.pos_ == "VERB" and _lemma(t) in CUE_LEXICON and t.i not in inside for t in sent):
            return None  # "In an interview, she said ...": the verb is the cue
        ph_end = _subtree_bounds(prep)[1]
        p_end = self.tx.para_bounds(prep.idx)[1]
        start, end = self.tx.trim(ph_end, min(_subtree_bounds(head)[1], p_end))
        if len(self.tx.text[start:end].split()) < 3:
            return None
        subject = obj
        if _lemma(obj) in {"word", "view", "opinion", "eye", "estimation", "mind"}:
            owner = [c for c in obj.children if c.dep_ == "poss"]
            of = [
                g
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            subject = (owner or of or [obj])[0]
        return _Candidate(
            cue_start=prep.idx,
            cue_end=prep.idx + len(prep.text),
            start=start,
            end=end,
            subject=subject,
        )

    def _passive(self, verb: Token, cls: str) -> _Candidate | None:
        """Passive cues. ``His comments were derided by X`` (stance and speech cues): the passive
        subject is the content and the agent the source. ``X is expected to win``, ``X is
        accused of Y`` (any cue, no agent): the whole clause is the content, with no source."""
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        xcomps = [c for c in verb.rights if c.dep_ == "xcomp"]
        if not xcomps:
            xcomps = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _PASSIVE_PREPS]
        if subjects and xcomps and not any(c.dep_ == "agent" for c in verb.children):
            # "X is expected to win", "X is accused of Y": the whole clause, no source
            if subjects[0].lower_ in RELATIVE_PRONOUNS:
                return None
            clipped = self.tx.clip(
                _subtree_bounds(subjects[0])[0], _subtree_bounds(xcomps[-1])[1], cue=verb.idx
            )
            if clipped is None:
                return None
            start, end = clipped
            return _Candidate(
                cue_start=verb.idx, cue_end=_cue_end(verb), start=start, end=end, subject=None
            )
        if cls not in _AGENT_CLASSES:
            return None
        agents = [
            g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if not subjects or not agents:
            return None
        clipped = self.tx.clip(*_subtree_bounds(subjects[0]), cue=verb.idx)
        if clipped is None or subjects[0].lower_ in RELATIVE_PRONOUNS:
            return None
        start, end = clipped
        return _Candidate(
            cue_start=verb.idx, cue_end=_cue_end(verb), start=start, end=end, subject=agents[0]
        )

    def _light_verb(self, verb: Token, lemma: str) -> _Candidate | None:
        """``took a shot at X``, ``made the case that X``, ``went after X``: a verb whose object
        or particle makes it a cue, with the prepositional object or clause as content."""
        if not self.stance:
            return None
        nouns = LIGHT_VERB_CUES[lemma]
        obj = next(
            (c for c in verb.rights if c.dep_ in {"dobj", "prep", "prt"} and _lemma(c) in nouns),
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
                    content = (
                        self._strip_mark(child, _subtree_bounds(child)[0]),
                        _subtree_bounds(child)[1],
                    )
                    break
                if child.dep_ == "prep" and child.lower_ in _LIGHT_PREPS:
                    objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                    if objs:
                        content = _subtree_bounds(objs[0])[0], _subtree_bounds(child)[1]
                        break
                if child.dep_ == "pobj" and holder is verb and obj.dep_ == "prep":
                    content = _subtree_bounds(child)
                    break
            if content is not None:
                break
        if content is None and obj.dep_ == "prep":
            objs = [c for c in obj.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                content = _subtree_bounds(objs[0])
        subject = _subject_of(verb)
        if content is None or subject is None:
            return None
        clipped = self.tx.clip(content[0], content[1], cue=verb.idx)
        if clipped is None:
            return None
        start, end = clipped
        return _Candidate(
            cue_start=verb.idx,
            cue_end=obj.idx + len(obj.text),
            start=start,
            end=end,
            subject=subject,
        )

    def _headline(self, tok: Token) -> _Candidate | None:
        """``Senator Slams Budget Plan``: a title-case headline whose cue verb the tagger took
        for a proper noun; the words before it are the source, the rest the content."""
        lemma = _title_lemma(tok.lower_)
        if lemma is None or tok.i == 0:
            return None
        cls = CUE_LEXICON[lemma]
        if cls == CueClass.STANCE and not self.stance:
            return None
        p_start, p_end = self.tx.para_bounds(tok.idx)
        words = self.tx.text[p_start:p_end].split()
        if len(words) > _HEADLINE_WORDS or 3 * sum(w[:1].isupper() for w in words) < 2 * len(words):
            return None
        before = self.doc[tok.i - 1]
        if before.idx < p_start or not before.text[:1].isupper():
            return None
        start, end = self.tx.trim(tok.idx + len(tok.text), p_end)
        if len(self.tx.text[start:end].split()) < 2:
            return None
        return _Candidate(
            cue_start=tok.idx, cue_end=tok.idx + len(tok.text), start=start, end=end, subject=before
        )

    def _put_it(self, verb: Token) -> _Candidate | None:
        """``As one analyst put it, ...``: a nearby quote, else the clause the phrase modifies."""
        kids = list(verb.children)
        if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in kids) or not any(
            c.dep_ in {"mark", "advmod"} and c.lower_ == "as" for c in kids
        ):
            return None
        bounds = self._direct(verb)
        if bounds is None:
            head = verb.head
            h_start, h_end = _subtree_bounds(head)
            v_start, v_end = _subtree_bounds(verb)
            p_start, p_end = self.tx.para_bounds(verb.idx)
            h_start, h_end = max(h_start, p_start), min(h_end, p_end)
            if v_start - h_start > h_end - v_end:
                bounds = self.tx.trim(h_start, v_start)
            else:
                bounds = self.tx.trim(v_end, h_end)
        if len(self.tx.text[bounds[0] : bounds[1]].split()) < 2:
            return None
        end = max((c.idx + len(c.text) for c in kids if c.dep_ == "dobj"), default=_cue_end(verb))
        return _Candidate(
            cue_start=verb.idx,
            cue_end=end,
            start=bounds[0],
            end=bounds[1],
            subject=_subject_of(verb),
            direct=self.tx.segment_at(bounds[0]) is not None,
        )

    def _colon(self, colon: Token) -> _Candidate | None:
        """``Name: content`` at the head of a paragraph (headlines, interview transcripts)."""
        tx, text, doc = self.tx, self.tx.text, self.doc
        p_start, p_end = tx.para_bounds(colon.idx)
        lead = [t for t in doc.char_span(p_start, colon.idx, alignment_mode="expand") or []]
        words = [t for t in lead if not t.is_space and not t.is_punct]
        if len(words) > _COLON_WORDS:
            return self._name_colon_quote(colon)
        if not 1 <= len(words) <= _COLON_WORDS or words[-1].pos_ not in {"PROPN", "NOUN"}:
            return None
        capitals = sum(t.text[:1].isupper() for t in words)
        if not words[-1].text[:1].isupper() or 2 * capitals < len(words):
            return None
        if any(t.pos_ in {"VERB", "AUX", "PRON"} for t in words):
            return None
        start, end = tx.trim(colon.idx + 1, p_end)
        if len(text[start:end].split()) < 3:
            return None
        return _Candidate(
            cue_start=colon.idx, cue_end=colon.idx + 1, start=start, end=end, subject=words[-1]
        )

    def _name_colon_quote(self, colon: Token) -> _Candidate | None:
        """``... - More from Blumenthal and Cohen: "..."``: a name ending in a colon right
        before a quote, in the same paragraph or opening the next."""
        tx, text = self.tx, self.tx.text
        before = self.doc[colon.i - 1] if colon.i > 0 else None
        if before is None or before.pos_ != "PROPN" or not before.ent_type_:
            return None
        i = colon.idx + 1
        while i < len(text) and text[i].isspace():
            i += 1
        k = tx.segment_at(i)
        if k is None or tx.segments[k].start != i or not _substantial(text, tx.segments[k]):
            return None
        if text[colon.idx + 1 : i].count("\n") > 2:
            return None
        first, last = _extend_quote(tx, k, k, -1)
        return _Candidate(
            cue_start=colon.idx,
            cue_end=colon.idx + 1,
            start=tx.segments[first].start,
            end=tx.segments[last].end,
            subject=before,
        )

    def _backing(self, noun: Token) -> _Candidate | None:
        """``X has the support of Y``, ``X won the endorsement from Y``: Y backs X."""
        if noun.dep_ != "dobj" or _lemma(noun.head) not in _BACKING_VERBS:
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
        start, end = _subtree_bounds(backed[0])
        clipped = self.tx.clip(start, end, cue=noun.idx)
        if clipped is None:
            return None
        start, end = clipped
        return _Candidate(
            cue_start=noun.idx,
            cue_end=noun.idx + len(noun.text),
            start=start,
            end=end,
            subject=givers[0],
        )

    def _noun_cue(self, noun: Token) -> _Candidate | None:
        """``her criticism of X``, ``the claim that X``: a position reported by a noun."""
        if _lemma(noun) in _BACKING_NOUNS:
            backing = self._backing(noun)
            if backing is not None:
                return backing
        content: Token | None = None
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in _NOUN_PREPS:
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
            subject = _subject_of(noun.head)
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
        start, end = _subtree_bounds(content)
        start = self._strip_mark(content, start)
        clipped = self.tx.clip(start, end, cue=noun.idx)
        if clipped is None:
            return None
        start, end = clipped
        return _Candidate(
            cue_start=noun.idx,
            cue_end=noun.idx + len(noun.text),
            start=start,
            end=end,
            subject=subject,
        )

    def _adjective_cue(self, adj: Token, quoted: frozenset[int]) -> _Candidate | None:
        """``critical of X``, ``confident that X``: a position reported by an adjective."""
        if adj.dep_ not in {"acomp", "amod", "advcl", "oprd"}:
            return None
        content: tuple[int, int] | None = None
        for child in adj.rights:
            if child.dep_ == "prep" and child.lower_ in _NOUN_PREPS:
                objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if objs:
                    content = _subtree_bounds(objs[0])
                    break
            if child.dep_ in {"ccomp", "xcomp"}:
                content = (
                    self._strip_mark(child, _subtree_bounds(child)[0]),
                    _subtree_bounds(child)[1],
                )
                break
        if content is None:
            return None
        subject = _subject_of(adj.head, quoted) if adj.dep_ == "acomp" else None
        if subject is None:
            return None
        clipped = self.tx.clip(content[0], content[1], cue=adj.idx)
        if clipped is None:
            return None
        start, end = clipped
        return _Candidate(
            cue_start=adj.idx,
            cue_end=adj.idx + len(adj.text),
            start=start,
            end=end,
            subject=subject,
        )

    def _colon_intros(self, quoted: frozenset[int]) -> list[_Candidate]:
        """A paragraph ending in a colon that introduces a quotation paragraph:
        ``Cruz went on:`` / ``the ministry released this statement:``."""
        tx, text, doc = self.tx, self.tx.text, self.doc
        out: list[_Candidate] = []
        for k, (p_start, p_end) in enumerate(tx.paragraphs[:-1]):
            if not text[p_start:p_end].rstrip().endswith(":"):
                continue
            n_start, n_end = tx.paragraphs[k + 1]
            segs = [j for j in tx.segments_in(n_start, n_end) if tx.segments[j].start == n_start]
            block = not segs and len(text[n_start:n_end].split()) >= _MIN_QUOTE_WORDS
            if not block and (not segs or not _substantial(text, tx.segments[segs[0]])):
                continue
            span = doc.char_span(p_start, p_end, alignment_mode="expand")
            if span is None:
                continue
            verbs = [t for t in span if t.pos_ == "VERB" and t.i not in quoted]
            if not verbs:
                continue
            verb = verbs[-1]
            if block and _lemma(verb) not in DIRECT_QUOTE_CUES:
                continue  # an unmarked block quote needs a verb of saying or writing
            subject = _subject_of(verb, quoted)
            if subject is None:
                continue
            if block:
                start, end = tx.trim(n_start, n_end)
            else:
                first, last = _extend_quote(tx, segs[0], segs[0], -1)
                start, end = tx.segments[first].start, tx.segments[last].end
            out.append(
                _Candidate(
                    cue_start=verb.idx,
                    cue_end=_cue_end(verb),
                    start=start,
                    end=end,
                    subject=subject,
                )
            )
        return out

    def candidates(self) -> list[_Candidate]:
        doc, tx = self.doc, self.tx
        out: list[_Candidate] = []
        n = len(doc)
        quoted = frozenset(t.i for t in doc if tx.segment_at(t.idx) is not None)
        tx.cue_starts = [
            t.idx
            for t in doc
            if t.pos_ == "VERB" and t.i not in quoted and _lemma(t) in _SPLITTING_CUES
        ]
        for tok in doc:
            if tok.i in quoted:
                continue
            lower = tok.lower_
            if lower == ACCORDING_TO[0] and tok.i + 1 < n and doc[tok.i + 1].lower_ == "to":
                cand = self._according(tok)
                if cand is not None:
                    out.append(cand)
                continue
            if lower in {"in", "to"}:
                cand = self._prep_cue(tok)
                if cand is not None:
                    out.append(cand)
                continue
            if tok.text == ":":
                cand = self._colon(tok)
                if cand is not None:
                    out.append(cand)
                continue
            if tok.pos_ == "PROPN":
                cand = self._headline(tok)
                if cand is not None:
                    out.append(cand)
                    continue
            if tok.pos_ == "NOUN" and self.stance and tok.lemma_.lower() in CUE_NOUNS:
                cand = self._noun_cue(tok)
                if cand is not None:
                    out.append(cand)
                continue
            if tok.pos_ == "ADJ" and self.stance and tok.lemma_.lower() in CUE_ADJECTIVES:
                cand = self._adjective_cue(tok, quoted)
                if cand is not None:
                    out.append(cand)
                continue
            if tok.pos_ != "VERB":
                continue
            lemma = _lemma(tok)
            if lemma in LIGHT_VERB_CUES:
                cand = self._light_verb(tok, lemma)
                if cand is not None:
                    out.append(cand)
                    continue
            if lemma == "put" and tok.dep_ == "advcl":
                cand = self._put_it(tok)
                if cand is not None:
                    out.append(cand)
                continue
            cls = CUE_LEXICON.get(lemma)
            if cls is None or (cls == CueClass.STANCE and not self.stance):
                continue
            passive = self._passive(tok, cls)
            if passive is not None:
                out.append(passive)
                continue
            bounds = self._direct(tok) if lemma in DIRECT_QUOTE_CUES else None
            direct = bounds is not None and tx.segment_at(bounds[0]) is not None
            if bounds is None:
                bounds = self._reported(tok, lemma, cls)
                if bounds is None:
                    continue
                p_start, p_end = tx.para_bounds(tok.idx)
                bounds = tx.trim(max(bounds[0], p_start), min(bounds[1], p_end))
                if bounds[1] - bounds[0] < 2:
                    continue
                if cls == CueClass.SPEECH:
                    bounds = (bounds[0], self._quote_after(bounds[1], tok.idx))
            # words of the quote are not its speaker
            subject = None if lemma in _RAISING_CUES else _subject_of(tok, quoted)
            if subject is None and cls in _NEEDS_SUBJECT and lemma not in _RAISING_CUES:
                continue
            out.append(
                _Candidate(
                    cue_start=tok.idx,
                    cue_end=_cue_end(tok),
                    start=bounds[0],
                    end=bounds[1],
                    subject=subject,
                    direct=direct,
                )
            )
        taken = {c.start for c in out}
        out.extend(c for c in self._colon_intros(quoted) if c.start not in taken)
        return _drop_nested(self.tx, out)


def _split_trailing(tx: _Text, cands: list[_Candidate]) -> None:
    """Cut a content short where another cue follows it after a comma (``X argued that A,
    saying B``): the content ends before that cue, which keeps its own attribution."""
    text = tx.text
    for c in cands:
        for o in cands:
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
                o.end = end


def _drop_nested(tx: _Text, cands: list[_Candidate]) -> list[_Candidate]:
    """Drop candidates whose cue lies inside another's content, and duplicate contents."""
    _split_trailing(tx, cands)
    keep: list[_Candidate] = []
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


def _kind(tx: _Text, start: int, end: int) -> str:
    ks = tx.segments_in(start, end)
    if not ks:
        return "indirect"
    quoted = sum(min(tx.segments[k].end, end) - max(tx.segments[k].start, start) for k in ks)
    covered_edges = tx.segments[ks[0]].start <= start and tx.segments[ks[-1]].end >= end
    if covered_edges or quoted >= 0.9 * (end - start):
        return "direct"
    return "mixed"


def extract_quotes(doc: Doc, *, article_id: str, stance: bool = True) -> list[Quote]:
    """All attributions in ``doc``, ordered by content start; offsets index ``doc.text``.

    With ``stance=False`` only speech, thought, intent and ``according to`` cues are used, not
    the stance verbs and nouns that attribution corpora also count (``criticized X``).
    """
    extractor = _Extractor(doc, stance=stance)
    index = SpeakerIndex(doc)
    quotes: list[Quote] = []
    for cand in extractor.candidates():
        res: SpeakerResolution | None = (
            index.resolve(cand.subject) if cand.subject is not None else None
        )
        quotes.append(
            Quote(
                article_id=article_id,
                content=Span(start=cand.start, end=cand.end),
                cue=Span(start=cand.cue_start, end=cand.cue_end),
                speaker_span=Span(start=res.start, end=res.end) if res else None,
                speaker_text=res.text if res else None,
                speaker=res.speaker if res else None,
                speaker_role=res.role if res else None,
                kind=_kind(extractor.tx, cand.start, cand.end),
                resolved=bool(res and res.resolved),
            )
        )
    return quotes


def _unresolved_code(speaker_text: str | None) -> str:
    if not speaker_text:
        return UNRESOLVED_SPEAKER
    words = strip_titles(speaker_text.replace("’s", "").split())
    if (
        len(words) == 1
        and words[0][:1].isupper()
        and words[0].lower() not in PERSON_PRONOUNS
        and words[0].lower() not in {"i", "we", "they", "it", "you", "who", "which"}
    ):
        return SPEAKER_NOT_INTRODUCED
    return UNRESOLVED_SPEAKER


def quote_flags(quotes: Iterable[Quote]) -> list[Flag]:
    """One flag per unresolved quote: ``speaker-not-introduced`` for a bare name the article
    never introduces, ``unresolved-speaker`` for anything else (pronoun, description, none)."""
    flags: list[Flag] = []
    for q in quotes:
        if q.resolved:
            continue
        flags.append(
            Flag(
                target_kind="quote",
                target_id=quote_key(q),
                code=_unresolved_code(q.speaker_text),
                detail=q.speaker_text,
                span=q.content,
            )
        )
    return flags


def flag_counts(flags: Iterable[Flag]) -> dict[str, int]:
    """Number of flags per code, both codes always present."""
    counts = Counter(f.code for f in flags)
    return {code: counts.get(code, 0) for code in (UNRESOLVED_SPEAKER, SPEAKER_NOT_INTRODUCED)}


def extract_attributions(doc: Doc, *, article_id: str, stance: bool = True) -> QuoteExtraction:
    """Quotes of ``doc`` with their flags and the per-article flag counts."""
    quotes = extract_quotes(doc, article_id=article_id, stance=stance)
    flags = quote_flags(quotes)
    return QuoteExtraction(
        article_id=article_id,
        quotes=tuple(quotes),
        flags=tuple(flags),
        counts=flag_counts(flags),
    )


def extract_many(
    docs: Iterable[tuple[Doc, str]], *, stance: bool = True
) -> Iterator[QuoteExtraction]:
    """Stage form: ``(doc, article_id)`` pairs in, one :class:`QuoteExtraction` per article out
    (as from ``nlp.pipe(..., as_tuples=True)``)."""
    for doc, article_id in docs:
        yield extract_attributions(doc, article_id=article_id, stance=stance)
