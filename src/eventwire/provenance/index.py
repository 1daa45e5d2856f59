"""Sentence-level provenance: which earlier articles carry each sentence of an article.

Each sentence is normalised (:mod:`eventwire.text`), cut into character 5-grams of its
normalised tokens (robust to a word added or dropped even in a short sentence) and summarised
by a MinHash signature (datasketch, ``affine32`` scheme). The signature is cut into ``bands``
bands of ``rows`` values; each band is hashed to a signed 64-bit key. Two sentences become
candidates when they share a band key; candidates whose signatures agree on fewer than
``prefilter_jaccard`` of their values are dropped, and the rest are kept as donors when the
token-level similarity of the two sentences (:func:`similarity`) reaches ``threshold``.
Sentences with fewer than ``min_tokens`` tokens ("He said.") are not compared.

The whole index state is plain rows (:class:`ArticleRow`, :class:`SentenceRow`,
:class:`BandRow`), so a store can persist it in three tables and hand it back through the
:class:`FingerprintStore` protocol. Adding or querying one article costs one key lookup per band
and sentence plus the verification of the candidates found, whatever the size of the store.

Earliest-source rule: articles are ordered by published time (dated articles first, naive times
read as UTC), then by ingest order; a donor is an article that comes before the queried one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, TypeVar

import numpy as np
from datasketch import MinHash
from rapidfuzz.distance import LCSseq

from eventwire.provenance.attribution import dateline_agency, sentence_credits
from eventwire.provenance.normalise import char_shingles
from eventwire.records import Span
from eventwire.store.fingerprints import (
    DEFAULT_MAX_POSTINGS,
    ArticleRow,
    BandRow,
    SentenceRow,
)
from eventwire.text import tokens

__all__ = [
    "DEFAULT_MAX_POSTINGS",
    "ArticleProvenance",
    "ArticleRow",
    "BandRow",
    "Donor",
    "Fingerprint",
    "FingerprintStore",
    "IndexSettings",
    "MemoryFingerprintStore",
    "SentenceIndex",
    "SentenceProvenance",
    "SentenceRow",
    "SentenceStatus",
    "order_key",
    "similarity",
]

SentenceStatus = str  # "copied" | "original" | "short"


#: Texts whose fingerprints are kept for reuse (a preloaded batch).
_KNOWN_TEXTS = 1024


# --------------------------------------------------------------------------- rows


class FingerprintStore(Protocol):
    """Where the index keeps its rows: in memory, or tables of a database.

    A store may also define ``prefetch(keys)`` and ``load_rows(refs)``:
    :meth:`SentenceIndex.query_article` then passes it the band keys of all the article's
    sentences first, so a database answers them in one lookup, and then the candidates it kept,
    so their rows are read in one query.
    """

    def put(
        self, article: ArticleRow, sentences: Sequence[SentenceRow], bands: Sequence[BandRow]
    ) -> None: ...

    def remove(self, article_id: str) -> None: ...

    def article(self, article_id: str) -> ArticleRow | None: ...

    def sentence(self, article_id: str, sentence_index: int) -> SentenceRow | None: ...

    def candidates(self, keys: Iterable[int]) -> set[tuple[str, int]]:
        """``(article_id, sentence_index)`` of every sentence having one of the band ``keys``."""
        ...

    def max_ingest_order(self) -> int: ...


class MemoryFingerprintStore:
    """A :class:`FingerprintStore` in dictionaries."""

    def __init__(self, *, max_postings: int = DEFAULT_MAX_POSTINGS) -> None:
        self.max_postings = max_postings
        self._articles: dict[str, ArticleRow] = {}
        self._sentences: dict[tuple[str, int], SentenceRow] = {}
        self._by_article: dict[str, tuple[list[int], list[int]]] = {}
        # band key -> sentence numbers (a list only where several sentences share the key)
        self._keys: dict[int, int | list[int]] = {}
        self._refs: list[tuple[str, int] | None] = []
        self._max_order = -1

    def __len__(self) -> int:
        return len(self._sentences)

    def put(
        self, article: ArticleRow, sentences: Sequence[SentenceRow], bands: Sequence[BandRow]
    ) -> None:
        self.remove(article.article_id)
        self._articles[article.article_id] = article
        self._max_order = max(self._max_order, article.ingest_order)
        numbers: dict[int, int] = {}
        for row in sentences:
            self._sentences[(row.article_id, row.sentence_index)] = row
            numbers[row.sentence_index] = len(self._refs)
            self._refs.append((row.article_id, row.sentence_index))
        keys: list[int] = []
        for band in bands:
            number = numbers[band.sentence_index]
            keys.append(band.key)
            held = self._keys.get(band.key)
            if held is None:
                self._keys[band.key] = number
            elif isinstance(held, int):
                self._keys[band.key] = [held, number] if self.max_postings > 1 else held
            elif len(held) < self.max_postings:
                held.append(number)
        self._by_article[article.article_id] = (list(numbers.values()), keys)

    def remove(self, article_id: str) -> None:
        if self._articles.pop(article_id, None) is None:
            return
        numbers, keys = self._by_article.pop(article_id)
        gone = set(numbers)
        for key in keys:
            held = self._keys.get(key)
            if isinstance(held, int):
                if held in gone:
                    del self._keys[key]
            elif held is not None:
                kept = [n for n in held if n not in gone]
                if not kept:
                    del self._keys[key]
                else:
                    self._keys[key] = kept[0] if len(kept) == 1 else kept
        for number in numbers:
            ref = self._refs[number]
            if ref is not None:
                self._sentences.pop(ref, None)
            self._refs[number] = None

    def article(self, article_id: str) -> ArticleRow | None:
        return self._articles.get(article_id)

    def sentence(self, article_id: str, sentence_index: int) -> SentenceRow | None:
        return self._sentences.get((article_id, sentence_index))

    def candidates(self, keys: Iterable[int]) -> set[tuple[str, int]]:
        numbers: set[int] = set()
        for key in keys:
            held = self._keys.get(key)
            if held is None:
                continue
            if isinstance(held, int):
                numbers.add(held)
            else:
                numbers.update(held)
        out: set[tuple[str, int]] = set()
        for number in numbers:
            ref = self._refs[number]
            if ref is not None:
                out.add(ref)
        return out

    def max_ingest_order(self) -> int:
        return self._max_order

    def rows(self) -> tuple[list[ArticleRow], list[SentenceRow]]:
        """All article and sentence rows (band rows are derived from the signatures)."""
        return list(self._articles.values()), list(self._sentences.values())


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, kw_only=True, slots=True)
class Donor:
    """An earlier sentence that carries the same or nearly the same text."""

    article_id: str
    sentence_index: int
    similarity: float
    published: datetime | None
    ingest_order: int
    credits: tuple[str, ...] = ()
    agency: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceProvenance:
    """One sentence of the queried article with its donors, earliest first."""

    index: int
    span: Span
    text: str
    status: SentenceStatus
    donors: tuple[Donor, ...] = ()

    @property
    def earliest(self) -> Donor | None:
        return self.donors[0] if self.donors else None


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleProvenance:
    """Per-sentence provenance of one article and its summary."""

    article_id: str
    published: datetime | None
    ingest_order: int
    text: str
    title: str | None
    agency: str | None
    sentences: tuple[SentenceProvenance, ...]

    @property
    def matchable(self) -> int:
        """Sentences long enough to be compared."""
        return sum(1 for s in self.sentences if s.status != "short")

    @property
    def n_copied(self) -> int:
        return sum(1 for s in self.sentences if s.status == "copied")

    @property
    def n_original(self) -> int:
        return sum(1 for s in self.sentences if s.status == "original")

    @property
    def copied_share(self) -> float:
        return self.n_copied / self.matchable if self.matchable else 0.0

    @property
    def original_share(self) -> float:
        return self.n_original / self.matchable if self.matchable else 0.0

    @property
    def donor_articles(self) -> tuple[str, ...]:
        """Ids of every donor article, earliest first."""
        seen: dict[str, tuple[tuple[bool, datetime, int], str]] = {}
        for sentence in self.sentences:
            for donor in sentence.donors:
                seen[donor.article_id] = (
                    order_key(donor.published, donor.ingest_order),
                    donor.article_id,
                )
        return tuple(article_id for _, article_id in sorted(seen.values()))

    @property
    def earliest_source(self) -> str:
        """The earliest article known to carry any of this article's text (itself if none)."""
        donors = self.donor_articles
        return donors[0] if donors else self.article_id


# --------------------------------------------------------------------------- index


@dataclass(frozen=True, kw_only=True, slots=True)
class IndexSettings:
    """Parameters of the sentence index.

    ``num_perm = bands * rows``. With 32 bands of 4 rows a pair of sentences whose shingle sets
    have Jaccard similarity 0.6 becomes a candidate with probability 0.98, at 0.5 with 0.87, at
    0.1 with 0.003. ``shingle_size`` is the length of the character shingles. ``max_postings``
    bounds the sentences held per band key (the first ones, in ingest order): a line repeated in
    thousands of articles is traced to its earliest carriers without comparing every copy.
    ``min_shared_bands``: a candidate must share this many band keys with the sentence (two: a
    pair at Jaccard 0.8 shares 13 of 32 bands on average, one at 0.35 shares 0.5), so that
    near-misses are dropped before their rows are read.
    """

    shingle_size: int = 5
    bands: int = 32
    rows: int = 4
    seed: int = 1
    threshold: float = 0.8
    min_tokens: int = 5
    containment_min_tokens: int = 10
    containment_threshold: float = 0.9
    prefilter_jaccard: float = 0.35
    max_postings: int = DEFAULT_MAX_POSTINGS
    min_shared_bands: int = 2

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows


_EPOCH = datetime.min.replace(tzinfo=UTC)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def order_key(published: datetime | None, ingest_order: int) -> tuple[bool, datetime, int]:
    """Sort key of the earliest-source rule: dated first, by time, then by ingest order."""
    when = _utc(published)
    return (when is None, when or _EPOCH, ingest_order)


def similarity(a: Sequence[str], b: Sequence[str], settings: IndexSettings | None = None) -> float:
    """Token-level similarity of two normalised sentences in [0, 1].

    The ratio of matching tokens (``2 * M / (len(a) + len(b))``, ``M`` the length of their longest
    common subsequence of tokens, computed by RapidFuzz); where the shorter sentence has
    at least ``containment_min_tokens`` tokens and is almost wholly contained in the longer one,
    its containment counts instead (a copy that kept part of a sentence).
    """
    cfg = settings or _DEFAULT
    if not a or not b:
        return 0.0
    matched = LCSseq.similarity(a, b)
    ratio = 2.0 * matched / (len(a) + len(b))
    shorter = min(len(a), len(b))
    if shorter >= cfg.containment_min_tokens:
        containment = matched / shorter
        if containment >= cfg.containment_threshold:
            return max(ratio, containment)
    return ratio


_DEFAULT = IndexSettings()
_T = TypeVar("_T")
_SCHEME = "affine32"  # datasketch's 2.x permutation scheme; signatures are uint32


@dataclass(frozen=True, kw_only=True, slots=True)
class Fingerprint:
    """What the index compares of one sentence: its normalised tokens, MinHash signature and
    band keys (none for a sentence too short to compare), and the agencies it credits."""

    index: int
    span: tuple[int, int]
    text: str
    tokens: tuple[str, ...]
    signature: bytes
    keys: tuple[int, ...]
    credits: tuple[str, ...]


class SentenceIndex:
    """An incremental index of sentences for provenance queries."""

    def __init__(
        self,
        store: FingerprintStore | None = None,
        *,
        settings: IndexSettings | None = None,
    ) -> None:
        self.settings = settings or IndexSettings()
        self.store: FingerprintStore = (
            store
            if store is not None
            else MemoryFingerprintStore(max_postings=self.settings.max_postings)
        )
        template = MinHash(num_perm=self.settings.num_perm, seed=self.settings.seed, scheme=_SCHEME)
        self._permutations = template.permutations
        # fingerprints computed ahead (preload) or for the last text queried, reused when the
        # same text is queried then added
        self._known: dict[tuple[str, tuple[tuple[int, int], ...]], list[Fingerprint]] = {}

    # ---------------------------------------------------------------- fingerprints

    def _minhash(self, shingle_set: set[str]) -> np.ndarray:
        mh = MinHash(
            num_perm=self.settings.num_perm,
            seed=self.settings.seed,
            permutations=self._permutations,
            scheme=_SCHEME,
        )
        mh.update_batch([s.encode("utf-8") for s in sorted(shingle_set)])
        values: np.ndarray = mh.hashvalues
        return values

    def band_keys(self, values: np.ndarray) -> tuple[int, ...]:
        """Signed 64-bit key of each band of a MinHash signature."""
        rows = self.settings.rows
        keys = []
        for band in range(self.settings.bands):
            chunk = values[band * rows : (band + 1) * rows].astype("<u4").tobytes()
            digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return tuple(keys)

    def _fingerprints(
        self, text: str, sentence_spans: Sequence[tuple[int, int]]
    ) -> list[Fingerprint]:
        spans = tuple((int(a), int(b)) for a, b in sentence_spans)
        known = self._known.get((text, spans))
        if known is not None:
            return known
        out = self.compute_fingerprints(text, spans)
        if len(self._known) > _KNOWN_TEXTS:
            self._known.clear()
        self._known[(text, spans)] = out
        return out

    def preload(
        self,
        texts: Sequence[tuple[str, Sequence[tuple[int, int]]]],
        fingerprints: Sequence[list[Fingerprint]] | None = None,
    ) -> None:
        """Prepare the queries of several articles (``(text, sentence spans)`` each) about to be
        queried and added one by one: compute their fingerprints (or take ``fingerprints``,
        computed elsewhere by :meth:`compute_fingerprints` with the same settings), and let a
        database store read the rows of their candidates among the articles already indexed in
        one query, rather than one query per article. The answers do not change: articles added
        meanwhile are still found."""
        self._known.clear()
        if fingerprints is not None:
            for (text, spans), known in zip(texts, fingerprints, strict=True):
                self._known[(text, tuple((int(a), int(b)) for a, b in spans))] = known
        prints = [self._fingerprints(text, spans) for text, spans in texts]
        prefetch = getattr(self.store, "prefetch", None)
        load_rows = getattr(self.store, "load_rows", None)
        if prefetch is None or load_rows is None:
            return
        keys = [key for article in prints for fp in article for key in fp.keys]
        prefetch(keys)
        load_rows(
            {
                ref
                for article in prints
                for fp in article
                for ref in self._shared_candidates(fp.keys)
            }
        )

    def compute_fingerprints(
        self, text: str, sentence_spans: Sequence[tuple[int, int]]
    ) -> list[Fingerprint]:
        """The fingerprint of each sentence of ``text``: a function of the text, the spans and
        the settings only, so any process with the same settings computes the same ones."""
        out = []
        for index, (start, end) in enumerate(sentence_spans):
            sentence = text[start:end]
            toks = tuple(tokens(sentence))
            keys: tuple[int, ...] = ()
            signature = b""
            if len(toks) >= self.settings.min_tokens:
                values = self._minhash(char_shingles(toks, self.settings.shingle_size))
                signature = values.astype("<u4").tobytes()
                keys = self.band_keys(values)
            out.append(
                Fingerprint(
                    index=index,
                    span=(start, end),
                    text=sentence,
                    tokens=toks,
                    signature=signature,
                    keys=keys,
                    credits=sentence_credits(sentence),
                )
            )
        return out

    # ---------------------------------------------------------------- writing

    def rows_for(
        self,
        article_id: str,
        published: datetime | None,
        text: str,
        sentence_spans: Sequence[tuple[int, int]],
        *,
        ingest_order: int,
    ) -> tuple[ArticleRow, list[SentenceRow], list[BandRow]]:
        """The rows that represent one article in the index (nothing is written)."""
        return self.rows_from(
            article_id,
            published,
            text,
            self._fingerprints(text, sentence_spans),
            ingest_order=ingest_order,
        )

    @staticmethod
    def rows_from(
        article_id: str,
        published: datetime | None,
        text: str,
        prints: Sequence[Fingerprint],
        *,
        ingest_order: int,
    ) -> tuple[ArticleRow, list[SentenceRow], list[BandRow]]:
        """The index rows of one article from its sentences' fingerprints."""
        article = ArticleRow(
            article_id=article_id,
            published=published,
            ingest_order=ingest_order,
            n_sentences=len(prints),
            agency=dateline_agency(text),
        )
        sentences: list[SentenceRow] = []
        bands: list[BandRow] = []
        for fp in prints:
            if not fp.keys:
                continue
            sentences.append(
                SentenceRow(
                    article_id=article_id,
                    sentence_index=fp.index,
                    start=fp.span[0],
                    end=fp.span[1],
                    tokens=" ".join(fp.tokens),
                    signature=fp.signature,
                    credits="|".join(fp.credits),
                )
            )
            bands.extend(
                BandRow(article_id=article_id, sentence_index=fp.index, band=band, key=key)
                for band, key in enumerate(fp.keys)
            )
        return article, sentences, bands

    def _order_of(self, article_id: str, ingest_order: int | None) -> int:
        if ingest_order is not None:
            return ingest_order
        known = self.store.article(article_id)
        if known is not None:
            return known.ingest_order
        return self.store.max_ingest_order() + 1

    def add_article(
        self,
        article_id: str,
        published: datetime | None,
        text: str,
        sentence_spans: Sequence[tuple[int, int]],
        title: str | None = None,
        *,
        ingest_order: int | None = None,
    ) -> tuple[ArticleRow, list[SentenceRow], list[BandRow]]:
        """Index an article (replacing any earlier version with the same id); return its rows.

        ``ingest_order`` defaults to one more than the highest order in the store.
        """
        del title  # accepted for a uniform signature; titles are not indexed
        order = self._order_of(article_id, ingest_order)
        rows = self.rows_for(article_id, published, text, sentence_spans, ingest_order=order)
        self.store.put(*rows)
        return rows

    # ---------------------------------------------------------------- reading

    def _shared_candidates(self, keys: Sequence[int]) -> list[tuple[str, int]]:
        """Indexed sentences sharing at least ``min_shared_bands`` of ``keys``, in order."""
        need = self.settings.min_shared_bands
        if need == 2:  # the default: set operations in C rather than a count per sentence
            seen: set[tuple[str, int]] = set()
            twice: set[tuple[str, int]] = set()
            for key in keys:
                found = self.store.candidates((key,))
                if found:
                    twice |= seen & found
                    seen |= found
            return sorted(twice)
        shared: Counter[tuple[str, int]] = Counter()
        for key in keys:
            shared.update(self.store.candidates((key,)))
        return sorted(r for r, n in shared.items() if n >= need)

    def _prefiltered(
        self, signature: bytes, rows: list[tuple[SentenceRow, _T]]
    ) -> list[tuple[SentenceRow, _T]]:
        """The ``rows`` whose signature agrees with ``signature`` on at least
        ``prefilter_jaccard`` of its values (an estimate of their Jaccard similarity), in order;
        a row whose signature has another length is kept."""
        if not rows:
            return rows
        size = len(signature)
        same = [i for i, (row, _) in enumerate(rows) if len(row.signature) == size]
        if not same:
            return rows
        query = np.frombuffer(signature, "<u4")
        matrix = np.frombuffer(b"".join(rows[i][0].signature for i in same), "<u4").reshape(
            len(same), query.size
        )
        estimates = np.count_nonzero(matrix == query, axis=1) / query.size
        dropped = {
            i
            for i, e in zip(same, estimates.tolist(), strict=True)
            if e < self.settings.prefilter_jaccard
        }
        return [r for i, r in enumerate(rows) if i not in dropped]

    def donors(
        self,
        fp: Fingerprint,
        rows: Sequence[tuple[SentenceRow, ArticleRow]],
        before: tuple[bool, datetime, int] | None,
    ) -> tuple[Donor, ...]:
        """The donors of the sentence ``fp`` among its candidates (each an indexed sentence's
        row with its article's row), earliest first: the candidates whose article comes before
        the order key ``before`` (all of them when it is None), whose signature passes the
        prefilter and whose similarity reaches the threshold."""
        keyed = [(row, (art, order_key(art.published, art.ingest_order))) for row, art in rows]
        if before is not None:
            keyed = [item for item in keyed if item[1][1] < before]
        keyed = self._prefiltered(fp.signature, keyed)
        ranked = []  # (the donor article's order key, sentence index, donor)
        for row, (donor_article, key) in keyed:
            score = similarity(fp.tokens, row.tokens.split(), self.settings)
            if score < self.settings.threshold:
                continue
            ranked.append(
                (
                    key,
                    row.sentence_index,
                    Donor(
                        article_id=row.article_id,
                        sentence_index=row.sentence_index,
                        similarity=round(score, 4),
                        published=donor_article.published,
                        ingest_order=donor_article.ingest_order,
                        credits=tuple(c for c in row.credits.split("|") if c),
                        agency=donor_article.agency,
                    ),
                )
            )
        ranked.sort(key=lambda item: (*item[0], item[1]))
        return tuple(donor for _, _, donor in ranked)

    @staticmethod
    def sentence_provenance(fp: Fingerprint, donors: Sequence[Donor]) -> SentenceProvenance:
        """The provenance of the sentence ``fp`` with its ``donors`` (earliest first)."""
        span = Span(start=fp.span[0], end=fp.span[1])
        if not fp.keys:
            return SentenceProvenance(index=fp.index, span=span, text=fp.text, status="short")
        return SentenceProvenance(
            index=fp.index,
            span=span,
            text=fp.text,
            status="copied" if donors else "original",
            donors=tuple(donors),
        )

    def query_article(
        self,
        article_id: str,
        published: datetime | None,
        text: str,
        sentence_spans: Sequence[tuple[int, int]],
        title: str | None = None,
        *,
        ingest_order: int | None = None,
        only_earlier: bool = True,
    ) -> ArticleProvenance:
        """Donors of each sentence of an article, earliest first.

        With ``only_earlier`` (the default) only articles that precede this one under the
        earliest-source rule count as donors; the article's own sentences never do.
        """
        order = self._order_of(article_id, ingest_order)
        own_key = order_key(published, order)
        results = []
        article_cache: dict[str, ArticleRow | None] = {}  # each donor article read once
        prints = self._fingerprints(text, sentence_spans)
        prefetch = getattr(self.store, "prefetch", None)
        if prefetch is not None:  # a database store answers all sentences in one lookup
            prefetch([key for fp in prints for key in fp.keys])
        kept = [self._shared_candidates(fp.keys) for fp in prints]
        load_rows = getattr(self.store, "load_rows", None)
        if load_rows is not None:  # and reads the rows of the kept candidates in one query
            load_rows({ref for found in kept for ref in found})
        for fp, found in zip(prints, kept, strict=True):
            if not fp.keys:
                results.append(self.sentence_provenance(fp, ()))
                continue
            rows: list[tuple[SentenceRow, ArticleRow]] = []
            for donor_id, donor_index in found:
                if donor_id == article_id:
                    continue
                if donor_id not in article_cache:
                    article_cache[donor_id] = self.store.article(donor_id)
                donor_article = article_cache[donor_id]
                if donor_article is None:
                    continue
                row = self.store.sentence(donor_id, donor_index)
                if row is not None:
                    rows.append((row, donor_article))
            donors = self.donors(fp, rows, own_key if only_earlier else None)
            results.append(self.sentence_provenance(fp, donors))
        return ArticleProvenance(
            article_id=article_id,
            published=published,
            ingest_order=order,
            text=text,
            title=title,
            agency=dateline_agency(text),
            sentences=tuple(results),
        )
