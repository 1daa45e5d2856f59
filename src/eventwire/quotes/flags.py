"""Flags for quotes whose speaker the article leaves unclear, and their per-article counts.

A quote whose speaker is not resolved (see :mod:`eventwire.quotes.speakers`) gets one flag:
``speaker-not-introduced`` when the speaker is a bare name the article never introduces with a
full name or a role, ``unresolved-speaker`` for anything else (a pronoun or description with no
antecedent, or no speaker at all). A flag targets its quote by :func:`quote_key`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from eventwire.quotes.lexicon import OTHER_PRONOUNS, PERSON_PRONOUNS
from eventwire.quotes.speakers import strip_titles
from eventwire.records import Flag, Quote

__all__ = [
    "SPEAKER_NOT_INTRODUCED",
    "UNRESOLVED_SPEAKER",
    "flag_counts",
    "quote_flags",
    "quote_key",
]

#: Flag code: a pronoun or description with no antecedent in the article, or no speaker at all.
UNRESOLVED_SPEAKER = "unresolved-speaker"
#: Flag code: a bare surname the article never introduces with a full name or a role.
SPEAKER_NOT_INTRODUCED = "speaker-not-introduced"


def quote_key(quote: Quote) -> str:
    """A stable id for a quote inside its article: ``article_id:start-end`` of its content."""
    return f"{quote.article_id}:{quote.content.start}-{quote.content.end}"


def _unresolved_code(speaker_text: str | None) -> str:
    if not speaker_text:
        return UNRESOLVED_SPEAKER
    words = strip_titles(speaker_text.replace("’s", "").split())
    if (
        len(words) == 1
        and words[0][:1].isupper()
        and words[0].lower() not in PERSON_PRONOUNS
        and words[0].lower() not in OTHER_PRONOUNS
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
