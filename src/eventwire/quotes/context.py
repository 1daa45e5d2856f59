"""What every quote rule shares about one article, and the candidate attribution a rule returns.

:class:`DocContext` holds the parsed article, its paragraphs and quoted segments, and what is
worked out once per article (tokens inside quotation marks, cues that split a quote);
:class:`Candidate` is one attribution found by a rule, before its speaker is resolved.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.quotes.lexicon import SPLITTING_CUES
from eventwire.quotes.syntax import lemma_of
from eventwire.quotes.text import ArticleText

__all__ = ["Candidate", "DocContext"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """An attribution found by one rule: cue span, content span and the speaker mention."""

    cue_start: int
    cue_end: int
    start: int
    end: int
    subject: Token | None
    #: Whether the content came from quotation marks around the cue (rule 1).
    direct: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class DocContext:
    """One parsed article as the quote rules see it."""

    doc: Doc
    tx: ArticleText
    #: Whether stance cues count (``criticized X``, ``her support for X``).
    stance: bool
    #: Indices of the tokens inside quotation marks.
    quoted: frozenset[int]
    #: Where the cues of :data:`~eventwire.quotes.lexicon.SPLITTING_CUES` outside quotes start.
    splitting_cues: tuple[int, ...]

    @classmethod
    def of(cls, doc: Doc, *, stance: bool) -> DocContext:
        tx = ArticleText(doc.text)
        quoted = frozenset(t.i for t in doc if tx.segment_at(t.idx) is not None)
        splitting = tuple(
            t.idx
            for t in doc
            if t.pos_ == "VERB" and t.i not in quoted and lemma_of(t) in SPLITTING_CUES
        )
        return cls(doc=doc, tx=tx, stance=stance, quoted=quoted, splitting_cues=splitting)

    def other_cue_in(self, start: int, end: int, cue: int) -> bool:
        """Whether a splitting cue other than the one at ``cue`` starts in ``[start, end)``
        (``"A," she said, adding "B"``)."""
        starts = self.splitting_cues
        k = bisect.bisect_left(starts, start)
        while k < len(starts) and starts[k] < end:
            if starts[k] != cue:
                return True
            k += 1
        return False
