"""Find quoted segments in text: straight, curly and guillemet double quotes, curly single quotes.

A segment runs from its opening mark to its closing mark, marks included, inside one paragraph
(a paragraph ends at a newline). News style leaves a quote that continues into the next paragraph
unclosed; such a segment ends at the end of its paragraph and is marked ``closed=False``.

Curly single quotes (``‘ ’``) count only where they clearly quote: the opening mark follows a space,
an opening bracket or the start of a paragraph, the closing mark is not followed by a letter (so
``don’t`` and ``Qaeda’s`` are apostrophes), and the segment holds at least two words. Straight
single quotes are never taken as quotes (they are mostly apostrophes and scare quotes).
Curly and straight double quotes may close each other (``“We will win," she said``) when the
closing mark is not followed by a letter or digit and the expected closing mark does not follow
in the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuotedSegment", "find_quoted_segments"]

_PARAGRAPH = re.compile(r"[^\n]+")
_OPENERS = {"“": "”", "«": "»", "„": "“"}
#: Other closing marks accepted in place of the expected one (keyed by the expected one):
#: pages often mix curly and straight double quotes (``“We will win," she said``).
_CLOSERS = {"”": '"', "“": '”"', '"': "”"}
_SINGLE_OPEN_CONTEXT = frozenset(' \t([{—–-“"')


@dataclass(frozen=True, kw_only=True, slots=True)
class QuotedSegment:
    """One quoted stretch ``[start, end)`` including its marks."""

    start: int
    end: int
    closed: bool = True

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1 if self.closed else self.end


def _double_segments(text: str, start: int, end: int) -> list[QuotedSegment]:
    out: list[QuotedSegment] = []
    open_at: int | None = None
    closer = ""
    i = start
    while i < end:
        ch = text[i]
        width = 1
        if ch == "'" and text.startswith("''", i):
            # two apostrophes stand for a straight double quote in some archives
            ch, width = '"', 2
        if open_at is None:
            if ch in _OPENERS:
                open_at, closer = i, _OPENERS[ch]
            elif ch == '"':
                open_at, closer = i, '"'
        elif ch == closer or (
            ch in _CLOSERS.get(closer, "") and _closes(text, i + width, end, closer)
        ):
            out.append(QuotedSegment(start=open_at, end=i + width))
            open_at = None
        elif ch in _OPENERS and closer != '"' and ch != closer:
            # a new opening mark before the old one closed: the old one ran to here
            out.append(QuotedSegment(start=open_at, end=_rstrip(text, open_at, i), closed=False))
            open_at, closer = i, _OPENERS[ch]
        i += width
    if open_at is not None:
        seg_end = _rstrip(text, open_at, end)
        if seg_end - open_at > 1:
            out.append(QuotedSegment(start=open_at, end=seg_end, closed=False))
    return out


def _closes(text: str, after: int, end: int, closer: str) -> bool:
    """Whether a mark of the other style ending at ``after`` closes a quote: it is not followed
    by a word, and the expected ``closer`` does not come later in the paragraph (before the
    next opening mark), which would make the mark an inner quote."""
    if after < len(text) and text[after].isalnum():
        return False
    later = text.find(closer, after, end)
    if later < 0:
        return True
    return any(op in text[after:later] for op in _OPENERS)


def _single_segments(text: str, start: int, end: int) -> list[QuotedSegment]:
    out: list[QuotedSegment] = []
    i = start
    while i < end:
        if text[i] == "‘" and (i == start or text[i - 1] in _SINGLE_OPEN_CONTEXT):
            j = i + 1
            while j < end:
                if text[j] == "’" and (j + 1 >= end or not text[j + 1].isalnum()):
                    break
                j += 1
            if j < end and len(text[i + 1 : j].split()) >= 2:
                out.append(QuotedSegment(start=i, end=j + 1))
                i = j + 1
                continue
        i += 1
    return out


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quoted_segments(text: str) -> list[QuotedSegment]:
    """All outermost quoted segments of ``text``, in order, none inside another."""
    found: list[QuotedSegment] = []
    for para in _PARAGRAPH.finditer(text):
        found.extend(_double_segments(text, para.start(), para.end()))
        found.extend(_single_segments(text, para.start(), para.end()))
    found.sort(key=lambda s: (s.start, -s.end))
    outer: list[QuotedSegment] = []
    for seg in found:
        if outer and seg.start < outer[-1].end:
            continue
        outer.append(seg)
    return outer
