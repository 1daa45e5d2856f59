"""The band keys of the sentence index in memory: sorted segments and an unsorted tail.

A posting is a band key and a sentence, coded as ``ref = ingest order << 20 | sentence index``
(:data:`SENTENCE_BITS`). A :class:`KeyTable` holds the sorted segments a store keeps in table
``band_postings`` (:mod:`eventwire.store.fingerprints` reads and writes them) and the tail of
postings added since the last sort. A key's sentences are found by a binary search in each
segment plus a look in the tail, whatever the number of postings. Each key keeps its first
``max_postings`` sentences in ingest order (:func:`capped`): the earliest carriers of a
boilerplate line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["SENTENCE_BITS", "KeyTable", "Segment", "capped"]

#: Bits of a posting's ref that hold the sentence index (the rest is the ingest order).
SENTENCE_BITS = 20
_SENTENCE_MASK = (1 << SENTENCE_BITS) - 1


@dataclass(frozen=True, slots=True)
class Segment:
    """A sorted run of postings: ``keys`` ascending, ``refs`` ascending within a key."""

    number: int
    keys: np.ndarray
    refs: np.ndarray


class KeyTable:
    """Band key -> sentences: the sorted segments of ``band_postings`` and its tail.

    A posting's ref is ``ingest order << 20 | sentence index``; ``names`` maps ingest orders to
    article ids. Each key keeps its first ``max_postings`` sentences in ingest order (the
    earliest carriers of a boilerplate line); later ones are not held. The table only grows:
    a store that removes an article drops its table and reads the store again.
    """

    def __init__(
        self,
        segments: list[Segment],
        names: dict[int, str],
        max_postings: int,
        tail: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self.segments = segments
        self.names = names
        self.max_postings = max_postings
        self.added: dict[int, list[int]] = {}  # the tail: key -> refs, in ingest order
        self.n_added = 0
        if tail is not None:
            for key, ref in zip(*(a.tolist() for a in tail), strict=True):
                self.added.setdefault(key, []).append(ref)
                self.n_added += 1

    @classmethod
    def from_postings(
        cls,
        segments: Sequence[tuple[int, np.ndarray, np.ndarray]],
        names: dict[int, str],
        max_postings: int,
    ) -> KeyTable:
        """A table from the stored ``(segment number, keys, refs)`` triples, in segment order
        (segment 0: the tail); ``names``: the article ids by ingest order."""
        held = []
        tail = None
        for number, keys, refs in segments:
            if number == 0:
                order = np.argsort(refs, kind="stable")
                tail = (keys[order], refs[order])
                continue
            ordered = bool(
                np.all((keys[1:] > keys[:-1]) | ((keys[1:] == keys[:-1]) & (refs[1:] >= refs[:-1])))
            )
            keys, refs = capped(keys, refs, max_postings, ordered=ordered)
            held.append(Segment(number, keys, refs))
        return cls(held, names, max_postings, tail)

    def _held(self, wanted: np.ndarray) -> list[list[tuple[int, int]]]:
        """For each segment, the ``(lo, hi)`` range of each wanted key."""
        out = []
        for segment in self.segments:
            lo = np.searchsorted(segment.keys, wanted, side="left").tolist()
            hi = np.searchsorted(segment.keys, wanted, side="right").tolist()
            out.append(list(zip(lo, hi, strict=True)))
        return out

    def add(
        self, article_id: str, order: int, bands: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Add a new article's ``(key, sentence index)`` pairs to the tail; return those held
        (a key already held by ``max_postings`` sentences takes no more)."""
        self.names[order] = article_id
        if not bands:
            return []
        wanted = np.asarray([key for key, _ in bands], dtype=np.int64)
        ranges = self._held(wanted)
        held_pairs = []
        for i, (key, sentence_index) in enumerate(bands):
            count = sum(hi - lo for (lo, hi) in (r[i] for r in ranges))
            added = self.added.setdefault(key, [])
            if count + len(added) < self.max_postings:
                added.append((order << SENTENCE_BITS) | sentence_index)
                held_pairs.append((key, sentence_index))
                self.n_added += 1
        return held_pairs

    def _next_number(self) -> int:
        return max((s.number for s in self.segments), default=0) + 1

    def seal(self) -> Segment:
        """Turn the tail into a new sorted segment (appended to ``segments``)."""
        keys = np.fromiter((key for key, refs in self.added.items() for _ in refs), dtype=np.int64)
        refs = np.fromiter((ref for refs in self.added.values() for ref in refs), dtype=np.int64)
        keys, refs = capped(keys, refs, self.max_postings)
        segment = Segment(self._next_number(), keys, refs)
        self.segments.append(segment)
        self.added = {}
        self.n_added = 0
        return segment

    def merge_last(self) -> Segment:
        """Merge the two newest segments into one (replacing them in ``segments``)."""
        older, newer = self.segments[-2], self.segments[-1]
        keys, refs = capped(
            np.concatenate([older.keys, newer.keys]),
            np.concatenate([older.refs, newer.refs]),
            self.max_postings,
        )
        merged = Segment(self._next_number(), keys, refs)
        self.segments[-2:] = [merged]
        return merged

    def lookup(self, keys: Sequence[int]) -> list[set[tuple[str, int]]]:
        wanted = np.asarray(keys, dtype=np.int64)
        ranges = self._held(wanted)
        out = []
        for i, key in enumerate(keys):
            coded: list[int] = []
            for segment, r in zip(self.segments, ranges, strict=True):
                lo, hi = r[i]
                if hi > lo:
                    coded.extend(segment.refs[lo:hi].tolist())
            coded.extend(self.added.get(key, ()))
            if len(coded) > self.max_postings:
                coded = sorted(coded)[: self.max_postings]
            found = set()
            for ref in coded:
                name = self.names.get(ref >> SENTENCE_BITS)
                if name is not None:
                    found.add((name, ref & _SENTENCE_MASK))
            out.append(found)
        return out


def capped(
    keys: np.ndarray, refs: np.ndarray, max_postings: int, *, ordered: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """``keys`` and ``refs`` sorted by key then ref (``ordered``: they already are), each key
    keeping its first ``max_postings`` refs."""
    if not ordered:
        order = np.lexsort((refs, keys))
        keys, refs = keys[order], refs[order]
    if len(keys) > max_postings > 0:
        # in sorted order, a row is among the first max_postings of its key unless the row
        # max_postings places earlier has the same key
        keep = np.ones(len(keys), dtype=bool)
        keep[max_postings:] = keys[max_postings:] != keys[:-max_postings]
        keys, refs = keys[keep], refs[keep]
    return np.ascontiguousarray(keys), np.ascontiguousarray(refs)
