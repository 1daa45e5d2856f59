"""The provenance pass over one article, against the persisted sentence index.

For each article, in the processing order, :class:`ArticlePass` (steps 1 to 4 of
:mod:`eventwire.provenance.run`):

1. queries the sentence index for the donors of each sentence among the articles before it;
2. types and scores its relations to its donors (:func:`relate`) and checks its headline against
   its body (:func:`~eventwire.provenance.headline.headline_support`, made by the preparer);
3. makes its provenance flags: one per code with ``target_kind = 'article'``, plus one
   ``target_kind = 'sentence'`` flag (``target_id = '<article id>:<sentence index>'``) per
   sentence whose credit was stripped;
4. adds its sentences to the index and stores its results (:class:`ProvenanceTables`).

Writes join the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from eventwire.provenance.headline import (
    HeadlineSettings,
    HeadlineSupport,
    headline_flags,
)
from eventwire.provenance.index import ArticleProvenance, IndexSettings, SentenceIndex
from eventwire.provenance.prepare import Prepared, Preparer
from eventwire.provenance.relations import RelationSettings, relate
from eventwire.records import ArticleRelations, Flag
from eventwire.store import Store
from eventwire.store.fingerprints import DuckDBFingerprintStore
from eventwire.store.incremental import ArticleText, Candidate
from eventwire.store.provenance import DonorRow, ProvenanceTables

__all__ = ["ArticlePass", "donor_rows", "stored_flags"]


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _sentence_index(prov: ArticleProvenance, start: int) -> int | None:
    for sentence in prov.sentences:
        if sentence.span.start == start:
            return sentence.index
    return None


def stored_flags(prov: ArticleProvenance, flags: Sequence[Flag]) -> list[Flag]:
    """The flags of one article as stored: one article-level flag per code, plus sentence-level
    flags for stripped credits."""
    aid = prov.article_id
    out: list[Flag] = []
    by_code: dict[str, list[Flag]] = {}
    for flag in flags:
        by_code.setdefault(flag.code, []).append(flag)
    for code, group in by_code.items():
        if code == "attribution-stripped":
            per_sentence = [f for f in group if f.span is not None]
            whole = [f for f in group if f.span is None]
            detail = whole[0].detail if whole else None
            if per_sentence:
                counted = f"{len(per_sentence)} copied sentences drop the credit of their source"
                detail = f"{detail}; {counted}" if detail else counted
            out.append(Flag(target_kind="article", target_id=aid, code=code, detail=detail))
            for flag in per_sentence:
                assert flag.span is not None  # filtered above
                index = _sentence_index(prov, flag.span.start)
                target = f"{aid}:{index}" if index is not None else aid
                out.append(
                    Flag(
                        target_kind="sentence",
                        target_id=target,
                        code=code,
                        detail=flag.detail,
                        span=flag.span,
                    )
                )
        else:
            flag = group[0]
            out.append(
                Flag(
                    target_kind="article",
                    target_id=aid,
                    code=code,
                    detail=flag.detail,
                    span=flag.span,
                )
            )
    return out


def donor_rows(prov: ArticleProvenance) -> list[DonorRow]:
    """The ``sentence_donors`` rows of one article: each sentence's donors, by rank."""
    return [
        DonorRow(
            sentence_index=s.index,
            rank=rank,
            donor_id=d.article_id,
            donor_sentence=d.sentence_index,
            similarity=d.similarity,
        )
        for s in prov.sentences
        for rank, d in enumerate(s.donors)
    ]


class ArticlePass:
    """The per-article provenance pass of one run over a store."""

    def __init__(
        self,
        store: Store,
        *,
        index_settings: IndexSettings | None = None,
        relation_settings: RelationSettings | None = None,
        headline_settings: HeadlineSettings | None = None,
    ) -> None:
        index_settings = index_settings or IndexSettings()
        self.tables = ProvenanceTables(store)
        self.fingerprints = DuckDBFingerprintStore.for_store(
            store, max_postings=index_settings.max_postings
        )
        self.index = SentenceIndex(self.fingerprints, settings=index_settings)
        self.relation_settings = relation_settings
        self.headline_settings = headline_settings

    def flush(self) -> None:
        """Write what the articles processed since the last flush left to write: the index rows,
        then their results (call it inside the batch's transaction, before the commit)."""
        self.fingerprints.flush()
        self.tables.flush()

    @property
    def preparer(self) -> Preparer:
        """What prepares this pass's articles elsewhere (:mod:`eventwire.provenance.prepare`)."""
        return Preparer(
            index_settings=self.index.settings, headline_settings=self.headline_settings
        )

    def preload(self, texts: Sequence[ArticleText], prepared: Sequence[Prepared]) -> None:
        """Read ahead the index rows a batch of articles will need, in one query; ``prepared``
        gives the articles' fingerprints (:class:`Preparer`)."""
        self.index.preload([(t.text, t.spans) for t in texts], [p.fingerprints for p in prepared])

    def process(
        self,
        c: Candidate,
        t: ArticleText,
        order: int,
        support: HeadlineSupport,
    ) -> tuple[ArticleRelations, list[Flag]]:
        """Trace one article (``order``: its place in the processing order) and keep its results
        for the batch's :meth:`flush`; return its relations and flags. ``support`` is its
        headline check (:class:`Preparer`). Nothing of it is stored yet: the run
        removed the results of every article it processes again before processing it."""
        aid = c.article_id
        published = _aware(c.published)
        prov = self.index.query_article(
            aid, published, t.text, t.spans, t.title, ingest_order=order
        )
        rel = relate(prov, settings=self.relation_settings)
        flags = [*rel.flags, *headline_flags(support, t.spans)]
        self.index.add_article(aid, published, t.text, t.spans, ingest_order=order)
        self.tables.write_result(
            rel,
            input_hash=c.input_hash,
            headline_supported=support.supported,
            donors=donor_rows(prov),
            flags=stored_flags(prov, flags),
        )
        return rel, flags
