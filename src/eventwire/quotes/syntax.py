"""Reading the spaCy parse for quote extraction: lemmas, subjects, subtree spans, cue ends.

The subject of a cue, or of the verb a participle cue (``..., saying ...``) hangs from, is the
speaker mention; :func:`subject_of` finds it.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.quotes.lexicon import LEMMA_FIXES

__all__ = ["cue_end", "lemma_of", "right_end", "strip_mark", "subject_of", "subtree_bounds"]

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_SUBJECT_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "acl"})
_TRAILING_COMPLEMENTS = frozenset({"prep", "oprd", "xcomp", "ccomp", "dative"})


def lemma_of(token: Token) -> str:
    """The lower-case lemma, with the tagger's known slips mended (``hoping`` -> ``hop``)."""
    return LEMMA_FIXES.get(token.lower_, token.lemma_.lower())


def subject_of(verb: Token, quoted: frozenset[int] = frozenset()) -> Token | None:
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
            if node.dep_ == "acl" and node.tag_ == "VBN":
                return None  # "a report published on Monday": the noun is what was published
            return node.head
        if node.dep_ in _INHERIT_SUBJECT_DEPS and node.head is not node:
            node = node.head
        else:
            return _stranded_subject(verb) or _subject_after_quote(verb, quoted)
    return None


_CLOSING_MARKS = frozenset({"”", '"', "’", "'", "»"})


def _subject_after_quote(verb: Token, quoted: frozenset[int]) -> Token | None:
    """``"...," Flynn, a retired general, said``: the parser may hang the name after a
    closing quotation mark on a word inside the quote; the noun phrase between the mark and
    the verb (no verb in it) is the subject all the same, by its first word whose head lies
    outside it."""
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and k not in quoted and doc[k].text not in _CLOSING_MARKS:
        if doc[k].pos_ in ("VERB", "AUX") or verb.i - k > 12:
            return None
        k -= 1
    if k < 0:
        return None
    span = [t for t in doc[k + 1 : verb.i] if not t.is_punct]
    inside = {t.i for t in doc[k + 1 : verb.i]}
    for t in span:
        if t.pos_ in ("PROPN", "NOUN", "PRON") and t.head.i not in inside:
            return t
    return None


def _stranded_subject(verb: Token) -> Token | None:
    """``In an interview with Al Jazeera, negotiator Yusuf Bakri said ...`` (or ``Speaking
    in Nairobi, ...``): the parser hangs the speaker on the opening phrase's last noun as an
    apposition; the noun phrase right before the verb, after that phrase's comma, is the
    subject all the same. A comma may stand before the verb, and a chain of appositions is
    climbed to its first member after the opening phrase (``In a post online, the mayor of
    Lviv, Andriy Sadovyi, said ...``)."""
    doc = verb.doc
    last = verb.i - 1
    if last > 0 and doc[last].text == ",":
        last -= 1
    if last < 0:
        return None
    head = doc[last]
    if head.dep_ != "appos" or head.head.i >= head.i:
        return None
    opening = next((a for a in head.ancestors if a.head.i == verb.i), None)
    if opening is None or opening.dep_ not in ("prep", "advcl") or opening.i > head.i:
        return None

    def after_comma(node: Token) -> bool:
        return any(t.text == "," for t in doc[opening.i : node.left_edge.i])

    if not after_comma(head):
        return None
    while head.head.dep_ == "appos" and opening.i < head.head.i < head.i and after_comma(head.head):
        head = head.head
    return head


def cue_end(verb: Token) -> int:
    """Where the cue ends: after the verb, or after the particle right behind it."""
    end = verb.idx + len(verb.text)
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    return end


def right_end(verb: Token, first: Token) -> int:
    """End of ``first``'s subtree, widened over the complements of ``verb`` that follow it
    (``referring to the US as "the Great Satan"``, ``told Megyn not to worry``)."""
    end = subtree_bounds(first)[1]
    for child in verb.rights:
        if child.i > first.i and child.dep_ in _TRAILING_COMPLEMENTS:
            end = max(end, subtree_bounds(child)[1])
    return end


def subtree_bounds(token: Token) -> tuple[int, int]:
    """Character span of ``token``'s subtree."""
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def strip_mark(clause: Token, start: int) -> int:
    """``start``, or the start of the word after the clause's leading ``that``/``whether``/
    ``if``/``for``."""
    left = clause.left_edge
    doc = clause.doc
    if (
        left.dep_ == "mark"
        and left.lower_ in {"that", "whether", "if", "for"}
        and left.i + 1 < len(doc)
    ):
        return doc[left.i + 1].idx
    return start
