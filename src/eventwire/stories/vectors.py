"""Sparse weighted term vectors for story clustering, with document frequencies kept online.

Terms are the matching tokens of :mod:`eventwire.text` (aliases canonical, numbers as digits),
stemmed, without function words. Three kinds of term weigh more than plain words because they
tell one real-world event from another of the same kind:

* **names**: words written capitalised in mid-sentence (people, places, organisations), or
  entity strings the caller passes in (from the NER stage);
* **numbers**: tolls, magnitudes, scores ("7.3", "30");
* **dates**: years, month names and weekdays.

Term weights are ``(1 + log tf) * idf * boost``, the vector L2-normalised. Document frequencies are
counted as articles arrive (:meth:`TermWeighter.observe`), so a vector depends only on the
articles seen before it: the same order gives the same vectors.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from eventwire.text import ALIASES, STOPWORDS, proper_words, stem, tokens

__all__ = [
    "DATE_WORDS",
    "TermKind",
    "TermWeighter",
    "Terms",
    "Vector",
    "VectorSettings",
    "cosine",
    "dot",
    "extract_terms",
    "norm",
]

Vector = dict[str, float]
TermKind = str  # "name" | "number" | "date" | "word"

_DATE_WORDS_TEXT = """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    """
DATE_WORDS: frozenset[str] = frozenset(_DATE_WORDS_TEXT.split())
_EXTRA_STOP_TEXT = """
    also one would could year years time people new like get got just last first two
    week day news report reports reported story photo video copyright rights reserved read
    """
_EXTRA_STOP = frozenset(_EXTRA_STOP_TEXT.split())
_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True, kw_only=True, slots=True)
class VectorSettings:
    name_boost: float = 2.0
    number_boost: float = 1.5
    date_boost: float = 1.5
    year_boost: float = 3.0
    title_boost: float = 2.0
    min_term_chars: int = 2


#: An article's term counts, the kind of each term, and the terms of its title.
Terms = tuple[Counter[str], dict[str, TermKind], set[str]]


def extract_terms(text: str, *, title: str | None = None, entities: Iterable[str] = ()) -> Terms:
    """Term counts of an article, the kind of each term, and the terms of its title."""
    names: set[str] = set(ALIASES) | proper_words(text)
    for entity in entities:
        names.update(tokens(entity))
    counts: Counter[str] = Counter()
    kinds: dict[str, TermKind] = {}

    def add(tok: str) -> str | None:
        if tok in STOPWORDS or tok in _EXTRA_STOP or len(tok) < 2:
            return None
        if _NUMBER.match(tok):
            kind = "date" if _YEAR.match(tok) else "number"
            term = tok
        elif tok in DATE_WORDS:
            kind, term = "date", tok
        elif tok in names:
            kind, term = "name", tok
        else:
            kind, term = "word", stem(tok)
        counts[term] += 1
        if kinds.get(term) != "name":
            kinds[term] = kind
        return term

    title_terms: set[str] = set()
    if title:
        for tok in tokens(title):
            term = add(tok)
            if term:
                title_terms.add(term)
    for tok in tokens(text):
        add(tok)
    return counts, kinds, title_terms


def norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors (their cosine when both are L2-normalised).

    Only the shared terms are visited, in sorted order, so the sum is the same in every
    process."""
    return sum(a[t] * b[t] for t in sorted(a.keys() & b.keys()))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two sparse vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if dot == 0.0:
        return 0.0
    return dot / (norm(a) * norm(b))


@dataclass(kw_only=True)
class TermWeighter:
    """TF-IDF weighting with document frequencies counted online."""

    settings: VectorSettings = field(default_factory=VectorSettings)
    n_docs: int = 0
    df: Counter[str] = field(default_factory=Counter)

    def observe(self, terms: Iterable[str]) -> None:
        """Count one more document containing ``terms``."""
        self.n_docs += 1
        self.df.update(set(terms))

    def idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def weigh(
        self, counts: Mapping[str, int], kinds: Mapping[str, TermKind], title_terms: set[str]
    ) -> Vector:
        """The L2-normalised weighted vector of one article's term counts."""
        cfg = self.settings
        vector: Vector = {}
        for term, tf in counts.items():
            kind = kinds.get(term, "word")
            boost = 1.0
            if kind == "name":
                boost = cfg.name_boost
            elif kind == "number":
                boost = cfg.number_boost
            elif kind == "date":
                boost = cfg.year_boost if _YEAR.match(term) else cfg.date_boost
            if term in title_terms:
                boost *= cfg.title_boost
            vector[term] = (1.0 + math.log(tf)) * self.idf(term) * boost
        length = norm(vector)
        if length:
            for term in vector:
                vector[term] /= length
        return vector
