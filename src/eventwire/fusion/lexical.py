"""The lexical linker: event mentions linked by their words and context, across a collection.

This is the linker ``eventwire eval coref`` scores on ECB+ and the Gun Violence Corpus, where a
mention is a span of text and nothing else (no PLOVER type, place or date of our own). It works
in three steps:

1. **Documents** are grouped by average-link clustering of their term vectors (sub-linear tf-idf
   over content lemmas, named entities weighted twice), cut at the mean cosine
   :attr:`PairModel.doc_threshold`. Such a group often holds two similar incidents (two
   earthquakes, two stays in rehab) that share their vocabulary but not their names and years,
   so each group is then split in two, recursively, where a spectral bisection over the
   documents' words and names finds a clear cut (:func:`split_documents`). A group is a block:
   mentions of different groups are never compared.
2. **Pairs** of mentions in one block get the features of :data:`FEATURES`
   (:func:`pair_features`): the head lemmas (same lemma, same first four letters, same PLOVER
   type in the trigger lexicon, same concept (:mod:`eventwire.fusion.concepts`), a reporting
   verb), how often the two lemmas were seen to corefer
   in the training data (:attr:`PairModel.lemma_pairs`), the sentences (content-word, entity,
   date and number overlap), the trigger's arguments, the documents (same document, same
   sentence, same story, cosine, entity overlap) and a few products of these. A logistic
   regression (:mod:`eventwire.fusion.model`) turns them into the probability that the two
   mentions report the same event.
3. **Events** are the average-link clusters of each block, cut at probability
   :attr:`PairModel.threshold`: a mention joins a cluster when its mean probability with the
   cluster's members reaches the threshold, which keeps a chain of weak links from merging two
   events.

The weights and thresholds are learned (``eventwire train coref``); the packaged model, its
training data and provenance are in ``fusion/data/``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from spacy.tokens import Doc, Token

from eventwire.events.lexicon import REPORTING_VERBS, triggers_for
from eventwire.fusion.concepts import concepts_of

if TYPE_CHECKING:
    from eventwire.fusion.model import PairModel

__all__ = [
    "FEATURES",
    "MentionContext",
    "cluster_documents",
    "document_vectors",
    "group_documents",
    "link_mentions",
    "mention_context",
    "name_vectors",
    "pair_features",
    "split_documents",
]

#: Named entity labels that name a participant or a place.
_NAMES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
#: Entity labels whose text enters a document's term vector (weighted twice).
_VECTOR_ENTS = _NAMES | {"DATE", "CARDINAL", "EVENT"}
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
#: Dependents of a trigger that are its arguments.
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "agent", "compound", "amod", "poss"})
_REPORTING = frozenset(REPORTING_VERBS)
#: A four-digit year of the 20th or 21st century, as a word.
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")

#: A document group is split in two when the normalised cut of its best bisection is at most
#: this (0 is two parts with nothing in common; near 1, parts no more apart than a random cut).
#: Chosen by the five-fold cross-validation of ``eventwire train coref`` among 0.65-0.8.
SPLIT_NCUT = 0.7
#: Neither part of a split holds fewer documents than this: a group does not shed its outliers.
SPLIT_MIN_DOCS = 3
#: The weight of the documents' name vectors (:func:`name_vectors`) in the similarity a split
#: reads; the rest is the cosine of their term vectors (:func:`document_vectors`).
SPLIT_NAME_WEIGHT = 0.5

#: The pair features, in the order of the model's weights.
FEATURES: tuple[str, ...] = (
    "bias",
    "same_lemma",
    "same_stem",
    "same_text",
    "same_doc",
    "same_sentence",
    "same_story",
    "sentence_words",
    "doc_cosine",
    "sentence_names",
    "arguments",
    "sentence_dates",
    "sentence_numbers",
    "same_plover",
    "both_verbs",
    "both_nouns",
    "doc_names",
    "sentence_words*same_lemma",
    "doc_cosine*same_lemma",
    "same_lemma*same_doc",
    "lemma_prior",
    "lemma_prior_seen",
    "lemma_prior*doc_cosine",
    "reporting",
    "lemma_prior*sentence_words",
    "same_doc_group",
    "in_other_sentence",
    "proper_noun",
    "same_lemma*same_doc_group",
    "lemma_prior*same_doc_group",
    "same_concept",
    "same_concept*doc_cosine",
    "same_concept*same_doc_group",
)

Vector = dict[str, float]


@dataclass(slots=True)
class MentionContext:
    """What the lexical linker compares of one mention (see :func:`mention_context`)."""

    doc: int
    start: int
    end: int
    lemma: str
    pos: str
    text: str
    sentence: int
    sentence_words: frozenset[str]
    sentence_lemmas: frozenset[str]
    names: frozenset[str]
    dates: frozenset[str]
    numbers: frozenset[str]
    arguments: frozenset[str]
    plover: frozenset[str]
    concepts: frozenset[str]
    proper: bool
    doc_names: frozenset[str]
    story: str = ""
    group: int = 0
    vector: Vector = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.lemma[:4]


def _content(tokens: Iterable[Token]) -> frozenset[str]:
    return frozenset(
        t.lemma_.lower() for t in tokens if t.is_alpha and not t.is_stop and t.pos_ in _CONTENT_POS
    )


def _arguments(head: Token) -> frozenset[str]:
    args = {c.lemma_.lower() for c in head.children if c.dep_ in _ARG_DEPS}
    for child in head.children:
        if child.dep_ == "prep":
            args |= {g.lemma_.lower() for g in child.children if g.dep_ == "pobj"}
    return frozenset(args)


def mention_context(doc: Doc, index: int, start: int, end: int, story: str = "") -> MentionContext:
    """The context of the mention at characters ``start:end`` of ``doc`` (document ``index``)."""
    doc_names = frozenset(e.text.lower() for e in doc.ents if e.label_ in _NAMES)
    text = doc.text[start:end].lower()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        empty: frozenset[str] = frozenset()
        return MentionContext(
            doc=index, start=start, end=end, lemma=text.strip(), pos="X", text=text,
            sentence=-1, sentence_words=empty, sentence_lemmas=empty, names=empty, dates=empty,
            numbers=empty, arguments=empty, plover=empty, concepts=concepts_of(text.strip()),
            proper=False,
            doc_names=doc_names, story=story,
        )  # fmt: skip
    head = span.root
    sent = head.sent
    lemma = head.lemma_.lower()
    return MentionContext(
        doc=index,
        start=start,
        end=end,
        lemma=lemma,
        pos=head.pos_,
        text=text,
        sentence=sent.start,
        sentence_words=_content(sent),
        sentence_lemmas=frozenset(t.lemma_.lower() for t in sent),
        names=frozenset(e.text.lower() for e in sent.ents if e.label_ in _NAMES),
        dates=frozenset(e.text.lower() for e in sent.ents if e.label_ in ("DATE", "TIME")),
        numbers=frozenset(
            e.text.lower() for e in sent.ents if e.label_ in ("CARDINAL", "QUANTITY")
        ),
        arguments=_arguments(head),
        plover=frozenset(t.plover for t in triggers_for(lemma)),
        concepts=concepts_of(lemma),
        proper=head.pos_ == "PROPN",
        doc_names=doc_names,
        story=story,
    )


def _tfidf(bags: Sequence[Counter[str]], weight: dict[str, float] | None = None) -> list[Vector]:
    """Unit-length sub-linear tf-idf vectors of ``bags``, with document frequencies from the bags
    themselves; a term starting with a prefix in ``weight`` is multiplied by its weight."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    vectors = []
    for bag in bags:
        raw = {
            w: (1.0 + math.log(c))
            * math.log(n / df[w])
            * (weight.get(w[:2], 1.0) if weight else 1.0)
            for w, c in bag.items()
        }
        norm = math.sqrt(sum(x * x for x in raw.values())) or 1.0
        vectors.append({w: x / norm for w, x in raw.items() if x})
    return vectors


def document_vectors(docs: Sequence[Doc]) -> list[Vector]:
    """Unit-length sub-linear tf-idf vectors of the documents' content lemmas and entity texts
    (entities weighted twice), with document frequencies from the collection itself."""
    bags: list[Counter[str]] = []
    for doc in docs:
        bag: Counter[str] = Counter(
            t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop and t.pos_ in _CONTENT_POS
        )
        bag.update("E:" + e.text.lower() for e in doc.ents if e.label_ in _VECTOR_ENTS)
        bags.append(bag)
    return _tfidf(bags, {"E:": 2.0})


def name_vectors(docs: Sequence[Doc]) -> list[Vector]:
    """Unit-length sub-linear tf-idf vectors of what tells two similar incidents apart: the texts
    of the documents' named participants and places (:data:`_NAMES`) and the years they write,
    with document frequencies from the collection itself."""
    bags: list[Counter[str]] = []
    for doc in docs:
        bag: Counter[str] = Counter(e.text.lower() for e in doc.ents if e.label_ in _NAMES)
        bag.update("Y:" + year for year in _YEAR.findall(doc.text))
        bags.append(bag)
    return _tfidf(bags)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def _average_link(distances: np.ndarray, cut: float) -> list[int]:
    """Average-link cluster labels of a square distance matrix, cut at distance ``cut``."""
    if len(distances) == 1:
        return [1]
    # Rounding can make two identical vectors' cosine exceed 1: a distance is never below 0.
    distances = np.clip(distances, 0.0, None)
    tree = linkage(squareform(distances, checks=False), method="average")
    return [int(x) for x in fcluster(tree, t=cut, criterion="distance")]


def cluster_documents(vectors: Sequence[Vector], threshold: float) -> list[int]:
    """Average-link groups of documents whose mean cosine reaches ``threshold``."""
    n = len(vectors)
    if n == 0:
        return []
    distances = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            distances[i, j] = distances[j, i] = 1.0 - cosine(vectors[i], vectors[j])
    return _average_link(distances, 1.0 - threshold)


def _bisection(similarity: np.ndarray, min_docs: int) -> tuple[float, np.ndarray]:
    """The normalised cut of the best two-way split of the documents of a ``similarity`` matrix
    (zero diagonal) into parts of at least ``min_docs``, and the documents of its first part.

    The candidates are the prefixes of the documents ordered by the Fiedler vector of the
    normalised graph Laplacian (spectral bisection, Shi and Malik 2000); the one with the
    smallest normalised cut, ``cut / volume(A) + cut / volume(B)``, is kept."""
    degree = similarity.sum(axis=1) + 1e-9
    laplacian = np.eye(len(similarity)) - similarity / np.sqrt(np.outer(degree, degree))
    _, eigenvectors = np.linalg.eigh(laplacian)
    order = np.argsort(eigenvectors[:, 1] / np.sqrt(degree), kind="stable")
    best, best_k = math.inf, 0
    for k in range(min_docs, len(order) - min_docs + 1):
        part, rest = order[:k], order[k:]
        cut = float(similarity[np.ix_(part, rest)].sum())
        ncut = cut / degree[part].sum() + cut / degree[rest].sum()
        if ncut < best:
            best, best_k = ncut, k
    return best, order[:best_k]


def split_documents(
    ids: Sequence[int],
    vectors: Sequence[Vector],
    names: Sequence[Vector],
    max_ncut: float = SPLIT_NCUT,
    min_docs: int = SPLIT_MIN_DOCS,
) -> list[list[int]]:
    """The document group ``ids`` split into the parts that tell apart two similar incidents.

    The documents are compared by their term vectors and their name vectors (mean of the two
    cosines, :data:`SPLIT_NAME_WEIGHT`): two earthquakes share *quake*, *magnitude* and
    *aftershock* but not the region, the dead or the year. The group is cut in two where a
    spectral bisection (:func:`_bisection`) finds a normalised cut of at most ``max_ncut`` with
    at least ``min_docs`` documents on each side, and each part is split again the same way;
    a group without such a cut is one part."""
    n = len(ids)
    if n < 2 * min_docs:
        return [list(ids)]
    similarity = np.zeros((n, n))
    for a in range(n):
        for b in range(a + 1, n):
            value = (1.0 - SPLIT_NAME_WEIGHT) * cosine(
                vectors[ids[a]], vectors[ids[b]]
            ) + SPLIT_NAME_WEIGHT * cosine(names[ids[a]], names[ids[b]])
            similarity[a, b] = similarity[b, a] = max(0.0, value)

    def split(rows: list[int]) -> list[list[int]]:
        # rows: positions in ``ids``, in order; the similarities are computed once, above
        if len(rows) < 2 * min_docs:
            return [rows]
        ncut, first = _bisection(similarity[np.ix_(rows, rows)], min_docs)
        if ncut > max_ncut:
            return [rows]
        inside = set(first.tolist())
        return split([r for k, r in enumerate(rows) if k in inside]) + split(
            [r for k, r in enumerate(rows) if k not in inside]
        )

    return [[ids[r] for r in part] for part in split(list(range(n)))]


def group_documents(
    vectors: Sequence[Vector], names: Sequence[Vector], threshold: float
) -> list[int]:
    """The document groups of the linker: the average-link groups of :func:`cluster_documents`
    (mean cosine ``threshold``), each split by :func:`split_documents`; labels from 1."""
    groups = cluster_documents(vectors, threshold)
    members: dict[int, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        members[group].append(i)
    out = [0] * len(groups)
    label = 0
    for group in sorted(members):
        for part in split_documents(members[group], vectors, names):
            label += 1
            for i in part:
                out[i] = label
    return out


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def lemma_prior(
    pairs: dict[tuple[str, str], tuple[int, int]], a: str, b: str
) -> tuple[float, float]:
    """How often lemmas ``a`` and ``b`` corefer in the training counts (smoothed), and how much
    evidence there is for it (0 when never seen together, 1 from about 150 pairs)."""
    counts = pairs.get((a, b) if a <= b else (b, a))
    if counts is None:
        return 0.0, 0.0
    coref, total = counts
    return (coref + 1.0) / (total + 10.0), min(1.0, math.log1p(total) / 5.0)


def pair_features(
    a: MentionContext, b: MentionContext, pairs: dict[tuple[str, str], tuple[int, int]]
) -> list[float]:
    """The values of :data:`FEATURES` for mentions ``a`` and ``b``."""
    same_lemma = float(a.lemma == b.lemma)
    same_doc = a.doc == b.doc
    sentence_words = _jaccard(a.sentence_words, b.sentence_words)
    doc_cosine = 1.0 if same_doc else cosine(a.vector, b.vector)
    prior, seen = lemma_prior(pairs, a.lemma, b.lemma)
    same_group = float(a.group == b.group)
    same_concept = float(bool(a.concepts & b.concepts))
    return [
        1.0,
        same_lemma,
        float(a.stem == b.stem and not same_lemma),
        float(a.text == b.text),
        float(same_doc),
        float(same_doc and a.sentence == b.sentence),
        float(a.story == b.story),
        sentence_words,
        doc_cosine,
        _jaccard(a.names, b.names),
        _jaccard(a.arguments, b.arguments),
        _jaccard(a.dates, b.dates),
        _jaccard(a.numbers, b.numbers),
        float(bool(a.plover & b.plover)),
        float(a.pos == "VERB" and b.pos == "VERB"),
        float(a.pos == "NOUN" and b.pos == "NOUN"),
        _jaccard(a.doc_names, b.doc_names),
        sentence_words * same_lemma,
        doc_cosine * same_lemma,
        same_lemma * float(same_doc),
        prior,
        seen,
        prior * doc_cosine,
        float(a.lemma in _REPORTING or b.lemma in _REPORTING),
        prior * sentence_words,
        same_group,
        float(a.lemma in b.sentence_lemmas and b.lemma in a.sentence_lemmas),
        float(a.proper or b.proper),
        same_lemma * same_group,
        prior * same_group,
        same_concept,
        same_concept * doc_cosine,
        same_concept * same_group,
    ]


def prepare(
    docs: Sequence[Doc],
    spans: Sequence[Sequence[tuple[int, int]]],
    stories: Sequence[str],
    doc_threshold: float,
    groups: Sequence[int] | None = None,
    vectors: Sequence[Vector] | None = None,
) -> list[MentionContext]:
    """The contexts of every mention (``spans[i]`` are document ``i``'s), with their story,
    document vector (``vectors``, else :func:`document_vectors`) and document group (``groups``,
    else :func:`group_documents`) filled in."""
    if vectors is None:
        vectors = document_vectors(docs)
    if groups is None:
        groups = group_documents(vectors, name_vectors(docs), doc_threshold)
    out = []
    for index, (doc, doc_spans) in enumerate(zip(docs, spans, strict=True)):
        for start, end in doc_spans:
            context = mention_context(doc, index, start, end, stories[index])
            context.vector = vectors[index]
            context.group = groups[index]
            out.append(context)
    return out


def link_mentions(mentions: Sequence[MentionContext], model: PairModel) -> list[int]:
    """An event label for each mention: average-link clusters of each document group, cut where
    the mean link probability falls below ``model.threshold``."""
    blocks: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        blocks[m.group].append(i)
    labels = [0] * len(mentions)
    next_label = 0
    for ids in blocks.values():
        n = len(ids)
        distances = np.zeros((n, n))
        if n > 1:
            rows = [
                pair_features(mentions[ids[i]], mentions[ids[j]], model.lemma_pairs)
                for i in range(n)
                for j in range(i + 1, n)
            ]
            upper = np.triu_indices(n, 1)
            distances[upper] = 1.0 - model.probability(np.array(rows))
            distances = distances + distances.T
        local = _average_link(distances, 1.0 - model.threshold)
        for i, label in zip(ids, local, strict=True):
            labels[i] = next_label + label
        next_label += max(local) + 1
    return labels
