"""The part of the provenance pass that needs nothing but the article itself.

An article's sentence fingerprints (tokens, MinHash signature, band keys, credits:
:meth:`SentenceIndex.compute_fingerprints`) and its headline check (:func:`headline_support`)
depend only on its text, sentence spans, title and the settings, never on the store or on
another article. :class:`Preparer` computes them for a batch of articles; it is a small
picklable object, so a run can send it once to every worker of its engine (the Dask cluster or
the ``nlp.n_process`` pool: :class:`eventwire.workers.Workers`) and have the batches prepared
there, ahead of the sequential part that queries the index and writes
(:class:`eventwire.provenance.article.ArticlePass`). The results are the same wherever they are
computed: the MinHash permutations come from the seed, the band keys from BLAKE2b.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from eventwire.provenance.headline import HeadlineSettings, HeadlineSupport, headline_support
from eventwire.provenance.index import Fingerprint, IndexSettings, SentenceIndex
from eventwire.store.incremental import ArticleText

__all__ = ["ArticleInput", "Prepared", "Preparer", "fingerprinter"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleInput:
    """What preparing one article reads."""

    article_id: str
    published: datetime | None
    text: ArticleText


@dataclass(frozen=True, kw_only=True, slots=True)
class Prepared:
    """One article's fingerprints, one per sentence, and its headline check."""

    fingerprints: list[Fingerprint]
    support: HeadlineSupport


@lru_cache(maxsize=4)
def fingerprinter(settings: IndexSettings) -> SentenceIndex:
    """A process's fingerprinter for ``settings`` (its MinHash permutations made once)."""
    return SentenceIndex(settings=settings)


@dataclass(frozen=True, kw_only=True, slots=True)
class Preparer:
    """Prepares batches of articles (call it with a batch); picklable."""

    index_settings: IndexSettings
    headline_settings: HeadlineSettings | None = None

    def __call__(self, batch: Sequence[ArticleInput]) -> list[Prepared]:
        index = fingerprinter(self.index_settings)
        return [
            Prepared(
                fingerprints=index.compute_fingerprints(a.text.text, a.text.spans),
                support=headline_support(
                    a.article_id,
                    a.published,
                    a.text.text,
                    a.text.spans,
                    a.text.title,
                    settings=self.headline_settings,
                ),
            )
            for a in batch
        ]
