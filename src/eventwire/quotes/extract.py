"""Extract attributions (who said what) from a parsed article.

Rules over the spaCy parse, for each cue outside quotation marks (cue words are listed in
:mod:`eventwire.quotes.lexicon`), each in its own module:

1. **Direct quote** (:mod:`~eventwire.quotes.direct`): a speech cue with a substantial quoted
   segment in or near its sentence takes the quote, grown over the quoted sentences and
   paragraphs that continue it; a complement clause containing the quote makes a mixed quote.
2. **Reported speech** (:mod:`~eventwire.quotes.reported`): the cue's complement clause, object,
   infinitive or phrase (``said (that) ...``, ``urged X to ...``, ``called for ...``); for a
   parenthetical cue the clause it interrupts; passive cues.
3. **According to and source phrases** (:mod:`~eventwire.quotes.reported`): the rest of the
   sentence around ``according to X``; the main clause after ``In a poll released Monday,``
   and the like; ``as X put it``.
4. **Colons and headlines** (:mod:`~eventwire.quotes.colons`): ``Name: text``, a name and colon
   before a quote, a paragraph ending in a colon before a quotation paragraph, a cue verb in a
   title-case headline.
5. **Stance** (``stance=True``, the default; :mod:`~eventwire.quotes.stance`): verbs, nouns and
   adjectives that report a position (``criticized X``, ``her support for X``, ``critical of
   X``) with that X as content.

Contents are trimmed of edge punctuation and trailing conjunctions and never cross a paragraph
boundary except by rule 1's continuations (:mod:`~eventwire.quotes.text`); overlapping and nested
attributions are settled in :mod:`~eventwire.quotes.candidates`. The subject of the cue, or of
the verb a participle cue (``..., saying ...``) hangs from, is the speaker mention, resolved by
:class:`~eventwire.quotes.speakers.SpeakerIndex`; unresolved speakers are flagged by
:mod:`~eventwire.quotes.flags`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from eventwire.quotes.candidates import find_candidates
from eventwire.quotes.context import DocContext
from eventwire.quotes.direct import quote_kind
from eventwire.quotes.flags import (
    SPEAKER_NOT_INTRODUCED,
    UNRESOLVED_SPEAKER,
    flag_counts,
    quote_flags,
    quote_key,
)
from eventwire.quotes.speakers import SpeakerIndex, SpeakerResolution
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


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteExtraction:
    """The quotes of one article with their speaker flags."""

    article_id: str
    quotes: tuple[Quote, ...]
    flags: tuple[Flag, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)


def extract_quotes(doc: Doc, *, article_id: str, stance: bool = True) -> list[Quote]:
    """All attributions in ``doc``, ordered by content start; offsets index ``doc.text``.

    With ``stance=False`` only speech, thought, intent and ``according to`` cues are used, not
    the stance verbs and nouns that attribution corpora also count (``criticized X``).
    """
    ctx = DocContext.of(doc, stance=stance)
    index = SpeakerIndex(doc)
    quotes: list[Quote] = []
    for cand in find_candidates(ctx):
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
                kind=quote_kind(ctx.tx, cand.start, cand.end),
                resolved=bool(res and res.resolved),
            )
        )
    return quotes


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
