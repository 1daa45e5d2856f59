"""Incremental runs over a store's articles, shared by the provenance and stories stages.

A stage processes its candidate articles in the processing order (published time, undated last;
then ``ingested_at``; then id: :attr:`Candidate.key`) and records, for each processed article,
its place in that order and the hash of the inputs it was computed on. The result of an article
depends only on the articles before it, so a later run (:func:`plan_run`) keeps the processed
articles up to a cut and redoes the rest:

* the cut is at the first processed article whose input hash changed or that is no longer a
  candidate;
* and before every processed article that a new (or changed) candidate comes before;
* ``rebuild`` puts it at the start.

The articles after the cut are removed and processed again, in order, with the new ones: the
result is the one a first run over all candidates would give.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from eventwire.store.db import Store

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ArticleText",
    "Candidate",
    "Plan",
    "article_texts",
    "batches",
    "digest",
    "plan_run",
]

#: Articles committed per transaction when no settings say otherwise (``store.batch_size``).
DEFAULT_BATCH_SIZE = 64

_MIN = datetime.min


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """An article a stage may process, and the hash of the inputs it would be computed on."""

    article_id: str
    published: datetime | None  # naive UTC, as stored
    ingested_at: datetime
    input_hash: str

    @property
    def key(self) -> tuple[bool, datetime, datetime, str]:
        """Sort key of the processing order."""
        return (self.published is None, self.published or _MIN, self.ingested_at, self.article_id)


@dataclass(frozen=True, kw_only=True, slots=True)
class Plan:
    """What one run does: keep ``kept``, remove the results of ``removed``, process ``new``.

    ``everything``: the cut is at the start (nothing is kept), so a removal clears the stage's
    tables. ``recomputed`` counts the removed articles that are processed again.
    """

    kept: tuple[Candidate, ...]
    removed: tuple[str, ...]
    new: tuple[Candidate, ...]
    everything: bool
    recomputed: int = 0
    reason: str | None = None


def plan_run(
    candidates: Sequence[Candidate],
    processed: Mapping[str, str | None],
    *,
    rebuild: bool = False,
) -> Plan:
    """The plan of a run over ``candidates``, given the ``processed`` articles (ids and input
    hashes, in processing order)."""
    ordered = sorted(candidates, key=_key)
    by_id = {c.article_id: c for c in ordered}
    ids = list(processed)
    cut = 0 if rebuild else len(ids)
    reasons: list[str] = []
    if rebuild:
        reasons.append("rebuild requested")
    changed = [
        rank
        for rank, aid in enumerate(ids)
        if aid not in by_id or by_id[aid].input_hash != processed[aid]
    ]
    if changed:
        cut = min(cut, changed[0])
        reasons.append(f"{len(changed)} processed articles changed or left the store")
    kept_keys = [by_id[aid].key for aid in ids[:cut]]
    moved = {ids[rank] for rank in changed}
    placed = [c for c in ordered if c.article_id not in processed or c.article_id in moved]
    if placed and kept_keys and placed[0].key < kept_keys[-1]:
        cut = min(cut, bisect_right(kept_keys, placed[0].key))
        reasons.append("new articles come before processed ones")
    removed = tuple(ids[cut:])
    redo = set(removed)
    return Plan(
        kept=tuple(by_id[aid] for aid in ids[:cut]),
        removed=removed,
        new=tuple(c for c in ordered if c.article_id not in processed or c.article_id in redo),
        everything=cut == 0,
        recomputed=sum(1 for aid in redo if aid in by_id),
        reason="; ".join(reasons) if removed else None,
    )


def _key(candidate: Candidate) -> tuple[bool, datetime, datetime, str]:
    return candidate.key


def digest(items: Sequence[Candidate]) -> str:
    """Hash of the ids and input hashes of ``items``, in order."""
    h = hashlib.sha1()
    for c in items:
        h.update(f"{c.article_id}\t{c.input_hash}\n".encode())
    return h.hexdigest()


def batches(items: Sequence[Candidate], size: int) -> Iterator[Sequence[Candidate]]:
    """``items`` in consecutive slices of ``size``."""
    for at in range(0, len(items), size):
        yield items[at : at + size]


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleText:
    """What the stages read of an article: its text, title and sentence spans."""

    text: str
    title: str | None
    spans: tuple[tuple[int, int], ...]


def article_texts(store: Store, ids: Sequence[str]) -> dict[str, ArticleText]:
    """The texts of those of ``ids`` that have sentences."""
    rows = store.con.execute(
        'SELECT a.id, a.text, a.title, list(s.start ORDER BY s.idx), list(s."end" ORDER BY s.idx) '
        "FROM articles a JOIN sentences s ON s.article_id = a.id "
        "WHERE a.id IN (SELECT unnest(?::VARCHAR[])) GROUP BY a.id, a.text, a.title",
        [list(ids)],
    ).fetchall()
    return {
        str(aid): ArticleText(
            text=str(text),
            title=title,
            spans=tuple((int(s), int(e)) for s, e in zip(starts, ends, strict=True)),
        )
        for aid, text, title, starts, ends in rows
    }
