"""Paragraphs and quoted segments of an article's text, looked up by character offset.

Every content span is cut to its cue's paragraph and trimmed here: edge punctuation, spaces and
trailing conjunctions go (:data:`~eventwire.quotes.lexicon.TRAILING_CONJUNCTIONS`), quotation
marks and a final ``?``/``!`` stay, and a full stop stays inside a quote.
"""

from __future__ import annotations

import bisect
import re

from eventwire.quotes.lexicon import TRAILING_CONJUNCTIONS
from eventwire.quotes.marks import QuotedSegment, find_quoted_segments

__all__ = ["MIN_QUOTE_WORDS", "ArticleText", "has_letters"]

#: Fewest words of a quoted segment that make a quote on their own.
MIN_QUOTE_WORDS = 4

_PARAGRAPH = re.compile(r"[^\n]+")
_EDGE_STRIP = " \t\n,;:—–-"
#: Spaces and marks left inside a segment whose marks are two characters wide (``''``).
_MARK_STRIP = " \t\n'\"“”«»‘’„"
_TRAILING = tuple(" " + conj for conj in TRAILING_CONJUNCTIONS)


class ArticleText:
    """Paragraphs and quoted segments of one text, with lookups by character."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
        self._para_starts = [p[0] for p in self.paragraphs]
        self.segments = find_quoted_segments(text)
        self._seg_starts = [s.start for s in self.segments]

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
                for conj in _TRAILING:
                    if text.endswith(conj, start, end):
                        end -= len(conj)
        return start, end

    def inner(self, seg: QuotedSegment) -> str:
        """The words of ``seg``, without its marks."""
        return self.text[seg.inner_start : seg.inner_end].strip(_MARK_STRIP)

    def substantial(self, seg: QuotedSegment) -> bool:
        """Whether ``seg`` is a quote on its own: four words or more, or two ending in
        punctuation."""
        inner = self.inner(seg)
        if len(inner.split()) >= MIN_QUOTE_WORDS:
            return True
        return bool(inner) and inner[-1] in ".,!?" and len(inner.split()) >= 2


def has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)
