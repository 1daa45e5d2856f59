"""Copy matching over normalised tokens: content words, word and character shingles, and a
fallback sentence splitter.

Texts are compared as the matching tokens of :mod:`eventwire.text` (quotes, dashes, aliases and
numbers unified), so two sentences that differ only in spelling conventions give the same
shingles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventwire.text import STOPWORDS

__all__ = [
    "char_shingles",
    "content_tokens",
    "shingles",
    "simple_sentence_spans",
]


def content_tokens(toks: Sequence[str]) -> list[str]:
    """``toks`` without function words and reporting verbs."""
    return [t for t in toks if t not in STOPWORDS]


def shingles(toks: Sequence[str], n: int = 3) -> set[str]:
    """Word ``n``-grams of ``toks`` plus word bigrams, as strings.

    Bigrams are added so that one word added or dropped in a short sentence still leaves most of
    the shingles in place; a sentence shorter than ``n`` words is one shingle.
    """
    if not toks:
        return set()
    if len(toks) < n:
        return {" ".join(toks)}
    out = {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}
    if n > 2:
        out.update(" ".join(toks[i : i + 2]) for i in range(len(toks) - 1))
    return out


def char_shingles(toks: Sequence[str], n: int = 5) -> set[str]:
    """Character ``n``-grams of the tokens joined by single spaces.

    Used for short sentences, where one word added or dropped removes most word shingles.
    """
    joined = " ".join(toks)
    if len(joined) <= n:
        return {joined} if joined else set()
    return {joined[i : i + n] for i in range(len(joined) - n + 1)}


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")


def simple_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans by lines and end punctuation: a fallback where no parser is at hand.

    Abbreviations such as "U.S." followed by a capital are split wrongly; use the parser's
    sentences where they exist.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        cursor = 0
        pieces = [*(_m.end() for _m in _SENTENCE_END.finditer(line)), len(line)]
        for end in pieces:
            chunk = line[cursor:end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                spans.append((start + cursor + lead, start + cursor + lead + len(stripped)))
            cursor = end
    return spans
