"""The fusion run over a store: the stage after stories, turning event mentions into events.

Events are the connected groups of the linked pairs of mentions (:func:`~eventwire.fusion.pairs.
linked`) plus the copy links (a mention in a copied sentence joins the mentions of its donor
sentence of the same family), split where a rule keeps two members apart
(:mod:`~eventwire.fusion.split`). A run over new articles only compares their mentions with the
members of the blocks they fall in (:func:`~eventwire.fusion.mentions.block_keys`) and merges
what they link.

A run:

1. plans: the candidates (articles the stories stage assigned) whose input hash is new or
   changed, in publication order (donors before their copies), and the processed articles that
   are no longer candidates;
2. per batch of those articles, in one transaction: the events they were members of are taken
   apart, with those of the processed mentions copied from them (and of copies of those), and
   their other members are fused again; the batch's mentions and those members are linked to
   each other and to the stored mentions of their blocks; every event they touch is recombined
   (:func:`~eventwire.fusion.combine.combine`), split again with its neighbours in the blocks
   when a rule keeps two members of the group apart, and rewritten; an id that disappears
   becomes an alias of the event that took its earliest member. A mention left in no event (a
   copy not linked to its donor, alone) keeps its blocking keys, so that a later mention still
   meets it whatever the order of arrival.

Event ids come from the earliest original member (:func:`~eventwire.fusion.combine.event_id_for`):
when two events merge, the older one's id survives.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eventwire.fusion.combine import (
    DERIVED_SHARE,
    FIGURE_KINDS,
    EventRecord,
    UnionFind,
    combine,
)
from eventwire.fusion.dating import redate
from eventwire.fusion.mentions import (
    FusionMention,
    Key,
    block_keys,
    blocking,
    content_words,
    index_prefixes,
)
from eventwire.fusion.pairs import DEFAULT_WEIGHTS, FusionWeights, kept_apart, linked
from eventwire.fusion.split import donor_mention, has_conflict, split_group
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.events import EventTables

__all__ = ["FusionSummary", "mention_from_row", "run_fusion"]

log = logging.getLogger(__name__)

#: Articles fused per transaction when no settings say otherwise.
DEFAULT_BATCH = 4096
#: Mentions a run keeps read between batches (a stored mention does not change during a run:
#: stories and provenance are complete before fusion starts); past it the cache starts again.
CACHE_MENTIONS = 200_000
#: At most this many members in a conflicted group split again with its neighbours: past it, the
#: neighbours beside the fewest of its events stay out (on a long run of look-alike incidents
#: the neighbours reach every event of the story's week, and the split costs the square of the
#: members of a block).
NEIGHBOUR_MEMBERS = 5_000


@dataclass(kw_only=True)
class FusionSummary:
    """What one fusion run did, and the totals after it."""

    processed: int = 0
    removed: int = 0
    events_written: int = 0
    merged: int = 0
    comparisons: int = 0
    events: int = 0
    members: int = 0
    elapsed_s: float = 0.0

    @property
    def ratio(self) -> float | None:
        """Fused mentions per event."""
        return round(self.members / self.events, 2) if self.events else None

    def as_dict(self) -> dict[str, object]:
        return {
            "processed": self.processed,
            "removed": self.removed,
            "events_written": self.events_written,
            "merged": self.merged,
            "comparisons": self.comparisons,
            "events": self.events,
            "members": self.members,
            "mentions_per_event": self.ratio,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def mention_from_row(
    row: dict[str, Any],
    redated: dict[Key, str | None] | None = None,
    fresh: list[tuple[str, int, str, str | None]] | None = None,
) -> FusionMention:
    """A :class:`FusionMention` from a row of :meth:`EventTables.mentions`; a copied sentence's
    date is read again against its donor's publication time, unless the store kept it. Reading
    a date again parses the sentence: the result is kept in ``redated`` by mention, and added
    to ``fresh`` as ``(article_id, idx, donor_id, value)`` for the store, when given."""
    date_value = row["date_value"]
    if row["donor_id"] is not None and row["date_source"] == "text":
        key = (row["article_id"], int(row["idx"]))
        if redated is not None and key in redated:
            date_value = redated[key]
        elif row.get("redated_known"):
            date_value = row["redated"]
            if redated is not None:
                redated[key] = date_value
        else:
            span = row.get("date_span")
            date_value = redate(
                row["sentence"],
                date_value,
                published=row["published"],
                donor_published=row["donor_published"],
                offset=span[0] if span else None,
                end=span[1] if span else None,
            )
            if redated is not None:
                redated[key] = date_value
            if fresh is not None:
                fresh.append((key[0], key[1], str(row["donor_id"]), date_value))
    return FusionMention(
        article_id=row["article_id"],
        idx=int(row["idx"]),
        sentence_index=int(row["sentence_index"]),
        sentence_start=int(row["sentence_start"]),
        sentence_end=int(row["sentence_end"]),
        trigger_start=int(row["trigger_start"]),
        trigger_end=int(row["trigger_end"]),
        trigger=row["trigger"] or "",
        plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        acled_event_type=row["acled_event_type"],
        acled_sub_event_type=row["acled_sub_event_type"],
        actor=row["actor"],
        target=row["target"],
        place_name=row["place_name"],
        lat=row["lat"],
        lon=row["lon"],
        place_precision=row["place_precision"],
        geonameid=row["geonameid"],
        country=row["country"],
        admin1=row["admin1"],
        date_value=date_value,
        date_granularity=row["date_granularity"],
        date_source=row["date_source"],
        killed=(row["killed_low"], row["killed_best"], row["killed_high"]),
        injured=(row["injured_low"], row["injured_best"], row["injured_high"]),
        displaced=(row["displaced_low"], row["displaced_best"], row["displaced_high"]),
        status=row["status"],
        speaker=row["speaker"],
        published=row["published"],
        outlet=row["outlet"],
        story_id=row["story_id"],
        donor_id=row["donor_id"],
        donor_sentence=row["donor_sentence"],
        donor_published=row["donor_published"],
        words=content_words(row["sentence"] or ""),
    )


@functools.cache
def _admin2_lookup() -> Callable[[int], str | None] | None:
    """admin2 names from the gazetteer (loaded once per process; None when it cannot be)."""
    try:
        from eventwire.places.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    except Exception as e:
        log.warning("no admin2 names: the gazetteer cannot be loaded (%s)", e)
        return None

    def admin2(geonameid: int) -> str | None:
        entry = gazetteer.by_geonameid(geonameid)
        return entry.admin2 if entry is not None else None

    return admin2


class _Run:
    def __init__(self, store: Store, weights: FusionWeights) -> None:
        self.store = store
        self.tables = EventTables(store)
        self.weights = weights
        self.cache: dict[Key, FusionMention] = {}
        # the mentions of the donor sentences of every mention loaded (read once, loaded as
        # mentions themselves): to check the copies of them, and to link them
        self.donor_sentences: dict[tuple[str, int], list[FusionMention]] = {}
        # the dates of copied sentences read against their donors (kept for the whole run)
        self.redated: dict[Key, str | None] = {}
        self.new_dates: list[tuple[str, int, str, str | None]] = []

    def load(self, rows: Iterable[dict[str, Any]]) -> list[FusionMention]:
        """Mentions from stored rows; a copy that contradicts its donor sentence is read as an
        original (:func:`_contradicts`)."""
        rows = list(rows)
        mentions = [mention_from_row(row, self.redated, self.new_dates) for row in rows]
        wanted = sorted(
            {
                (m.donor_id, m.donor_sentence)
                for m in mentions
                if m.donor_id is not None and m.donor_sentence is not None
            }
            - self.donor_sentences.keys()
        )
        if wanted:
            for sentence in wanted:
                self.donor_sentences[sentence] = []
            # donors are earlier articles, so this ends where the sentences have no donor
            for d in self.load(self.tables.mentions_in_sentences(wanted)):
                self.donor_sentences[(d.article_id, d.sentence_index)].append(d)
        out = []
        for row, m in zip(rows, mentions, strict=True):
            if (
                m.donor_id is not None
                and m.donor_sentence is not None
                and _contradicts(m, self.donor_sentences[(m.donor_id, m.donor_sentence)])
            ):
                m = mention_from_row({**row, **_UNCOPIED})
            self.cache[m.key] = m
            out.append(m)
        return out

    def get(self, keys: Iterable[Key]) -> dict[Key, FusionMention]:
        wanted = [k for k in dict.fromkeys(keys) if k not in self.cache]
        if wanted:
            self.load(self.tables.mentions(wanted))
        return {k: self.cache[k] for k in keys if k in self.cache}

    def fuse(self, batch: Sequence[str], hashes: dict[str, str], summary: FusionSummary) -> None:
        """Fuse the mentions of the articles ``batch`` (new, changed or gone) into the store's
        events and record the input hashes of those still candidates (``hashes``), in one
        transaction."""
        t = self.tables
        if len(self.cache) + len(self.donor_sentences) > CACHE_MENTIONS:
            self.cache.clear()
            self.donor_sentences.clear()
        batch_set = set(batch)
        with self.store.transaction("fusion write failed, batch rolled back"):
            t.remove_dates(batch)  # the kept dates of the batch's mentions are read again
            # 1. the events the batch's articles were in are taken apart, and those of the
            # processed mentions copied from them (a copy that arrived before its donor)
            # (and the copies of those copies: a copy links through its donor's event)
            copied = {k for k in t.copies_of(batch) if k[0] not in batch_set}
            frontier = sorted({(m.article_id, m.sentence_index) for m in self.get(copied).values()})
            reached = set(frontier)
            while frontier:
                reprints = [r for r in t.copies_of_sentences(frontier) if r[0] not in batch_set]
                copied.update((a, i) for a, i, _ in reprints)
                frontier = sorted({(a, x) for a, _, x in reprints} - reached)
                reached.update(frontier)
            copies = sorted(copied)
            touched = {*t.events_of_articles(batch), *t.event_of(copies).values()}
            old_events = sorted(touched)
            old_members = t.members_of_events(old_events)
            pool_keys = [*copies, *(k for k in old_members if k[0] not in batch_set)]
            log.debug(
                "fusion batch: %d articles, %d copies of them, %d events taken apart (%d members)",
                len(batch),
                len(copies),
                len(old_events),
                len(old_members),
            )
            # (the mentions of an article that is no longer a candidate leave its events)
            pool = self.load(t.mentions_of_articles([a for a in batch if a in hashes]))
            pool.extend(self.get(pool_keys).values())
            pool = [m for m in pool if m.status != "background"]
            t.remove_events(old_events)
            in_pool = {m.key for m in pool}
            # (a mention in no event has keys too: below)
            t.remove_blocks(sorted(in_pool), articles=batch)

            uf = UnionFind()
            for m in pool:
                uf.find(m.key)

            # 2. copy links: a copied sentence's mention joins its donor sentence's mentions
            linked_copies: set[Key] = set()
            donors = [
                (m.donor_id, m.donor_sentence)
                for m in pool
                if m.donor_id is not None and m.donor_sentence is not None
            ]
            # (every loaded mention's donor sentence is loaded with it: _Run.load)
            donor_mentions = {
                sentence: [d for d in self.donor_sentences[sentence] if d.status != "background"]
                for sentence in dict.fromkeys(donors)
            }
            # a donor mention links when it is in the pool or an event's member; a copy whose
            # donor is not fused yet waits for it (the donor's run takes the copy in)
            member_of = t.event_of(
                [d.key for ds in donor_mentions.values() for d in ds if d.key not in in_pool]
            )
            for m in pool:
                if m.donor_id is None or m.donor_sentence is None:
                    continue
                available = [
                    d
                    for d in donor_mentions.get((m.donor_id, m.donor_sentence), [])
                    if d.key in in_pool or d.key in member_of
                ]
                d = donor_mention(m, available)
                if d is not None:
                    uf.union(d.key, m.key)
                    linked_copies.add(m.key)
                    if d.key in member_of:
                        uf.union(("event", member_of[d.key]), d.key)

            # 3. pairs inside the blocks: the pool with itself and with the stored members
            matching = [m for m in pool if m.key not in linked_copies]
            blocks = {m.key: blocking(m) for m in matching}
            exact = sorted({k for b in blocks.values() for k in b.lookup})
            prefixes = sorted({p for b in blocks.values() for p in b.prefixes})
            mates = t.block_mates(exact, batch, prefixes)
            mates = {k: [x for x in v if (x[0], x[1]) not in in_pool] for k, v in mates.items()}
            stored = self.get([(a, i) for v in mates.values() for a, i, _ in v])
            for a, i, eid in (x for v in mates.values() for x in v):
                if eid is not None:
                    uf.union(("event", eid), (a, i))
            # the pool's own keys, to pair pool mentions with each other
            by_key: dict[str, list[FusionMention]] = defaultdict(list)
            for m in matching:
                for block in blocks[m.key].own:
                    by_key[block].append(m)
            # the keys under each prefix looked up (a story-day, a story-day and country, an
            # undated mention's story)
            under = index_prefixes([*by_key, *mates], prefixes)
            seen: set[tuple[Key, Key]] = set()
            for m in matching:
                keys, starts = blocks[m.key].lookup, blocks[m.key].prefixes
                found = [b for p in starts for b in under.get(p, ())]
                others: list[FusionMention] = []
                for block in dict.fromkeys([*keys, *found]):
                    others.extend(by_key.get(block, ()))
                    others.extend(
                        stored[(a, i)] for a, i, _ in mates.get(block, ()) if (a, i) in stored
                    )
                for o in others:
                    if o.key == m.key:
                        continue
                    pair = (m.key, o.key) if m.key < o.key else (o.key, m.key)
                    if pair in seen:
                        continue
                    seen.add(pair)
                    if uf.find(m.key) == uf.find(o.key):
                        continue
                    summary.comparisons += 1
                    if linked(m, o, self.weights):
                        uf.union(m.key, o.key)

            # 4. every event touched: its stored members join the component
            pool_roots = {uf.find(m.key) for m in pool}
            linked_events = {
                str(node[1])
                for node in list(uf.parent)
                if isinstance(node, tuple) and node[0] == "event" and uf.find(node) in pool_roots
            }
            members_of = t.members_of_events(sorted(linked_events))
            for k, eid in members_of.items():
                uf.union(("event", eid), k)
            everything = self.get(list(members_of))
            everything.update({m.key: m for m in pool})
            # the stored mentions in no event that a mention of the batch linked
            waiting = {
                (a, i): stored[(a, i)]
                for v in mates.values()
                for a, i, eid in v
                if eid is None and (a, i) in stored and uf.find((a, i)) in pool_roots
            }
            t.remove_blocks(sorted(waiting))
            everything.update(waiting)
            components = _components(everything, uf)
            # a group in which a rule keeps two members apart is split again with its events'
            # neighbours (the events with a member under one of their blocking keys): the parts
            # of a chain depend on the links beside it (fusion/split.py)
            conflicted = {root for root, ms in components.items() if has_conflict(ms, self.weights)}
            direct = len(linked_events)
            if conflicted:
                chained = sorted(e for e in linked_events if uf.find(("event", e)) in conflicted)
                room = NEIGHBOUR_MEMBERS - sum(
                    len(ms) for root, ms in components.items() if root in conflicted
                )
                pairs = t.block_neighbours(chained)
                added = _nearest_neighbours(pairs, t.sizes_of_events, linked_events, room)
                for eid, neighbour in pairs:
                    if neighbour in added:
                        uf.union(("event", eid), ("event", neighbour))
                more = t.members_of_events(sorted(added))
                for k, eid in more.items():
                    uf.union(("event", eid), k)
                everything.update(self.get(list(more)))
                members_of.update(more)
                linked_events |= added
                conflicted = {uf.find(root) for root in conflicted}
                components = _components(everything, uf)
            log.debug(
                "fusion batch: %d mentions linked to %d events, %d with their neighbours, "
                "%d members",
                len(pool),
                direct,
                len(linked_events),
                len(members_of),
            )

            # 5. the events, written; ids that disappear become aliases
            dominant = t.dominant_donors(sorted({k[0] for k in everything}), DERIVED_SHARE)
            admin2 = _admin2_lookup() if any(m.geonameid for m in everything.values()) else None
            events: list[EventRecord] = []
            for root, component in components.items():
                events.extend(
                    record
                    for members in split_group(
                        component, self.weights, connected=root not in conflicted
                    )
                    if (record := combine(members, dominant, admin2_of=admin2)) is not None
                )
            new_of: dict[Key, str] = {
                em.mention.key: e.event_id for e in events for em in e.members
            }
            merged: dict[str, str] = {}
            previous: dict[str, list[Key]] = defaultdict(list)
            for k, eid in {**old_members, **members_of}.items():
                previous[eid].append(k)
            current = {e.event_id for e in events}
            # an event linked to but left with the same members as stored is the same record
            # (its members' articles are not in the batch): it stays as it is
            same = {
                e.event_id
                for e in events
                if e.event_id in linked_events
                and {em.mention.key for em in e.members} == set(previous.get(e.event_id, ()))
            }
            t.remove_events(sorted(linked_events - same))
            events = [e for e in events if e.event_id not in same]
            for eid, had in previous.items():
                if eid in current:
                    continue
                successors = sorted(
                    (new_of[k] for k in had if k in new_of),
                    key=lambda x: (-sum(new_of.get(k) == x for k in had), x),
                )
                if successors:
                    merged[eid] = successors[0]
            # a mention in no event (a copy not linked to its donor, alone) keeps its keys, so
            # that a later mention can still join it whatever the order of arrival
            alone = [m for k, m in sorted(everything.items()) if k not in new_of]
            t.write(
                [_event_row(e) for e in events],
                [_member_row(e, em) for e in events for em in e.members],
                [
                    *(
                        (key, m.article_id, m.idx)
                        for e in events
                        for m in _matching_members(e)
                        for key in block_keys(m)
                    ),
                    *((key, m.article_id, m.idx) for m in alone for key in block_keys(m)),
                ],
            )
            t.alias(merged)
            t.remove_processed([a for a in batch if a not in hashes])
            t.mark_processed(hashes)
            t.save_dates(self.new_dates)
            self.new_dates.clear()
            summary.events_written += len(events)
            summary.merged += len(merged)


def _nearest_neighbours(
    pairs: Sequence[tuple[str, str]],
    sizes_of: Callable[[Sequence[str]], dict[str, int]],
    linked: set[str],
    room: int,
) -> set[str]:
    """The neighbour events (``pairs`` of ``(event, neighbour)``) a conflicted group is split
    with: those not ``linked`` already, the ones beside the most of the group's events first
    (then by id), as long as their members fit in ``room`` (:data:`NEIGHBOUR_MEMBERS`)."""
    beside: dict[str, int] = defaultdict(int)
    for _, neighbour in pairs:
        if neighbour not in linked:
            beside[neighbour] += 1
    order = sorted(beside, key=lambda e: (-beside[e], e))
    sizes = sizes_of(order)
    out: set[str] = set()
    for eid in order:
        size = sizes.get(eid, 0)
        if size > room:
            break
        room -= size
        out.add(eid)
    return out


def _components(
    mentions: dict[Key, FusionMention], uf: UnionFind
) -> dict[object, list[FusionMention]]:
    """The mentions by the root of their connected group."""
    out: dict[object, list[FusionMention]] = defaultdict(list)
    for k, m in mentions.items():
        out[uf.find(k)].append(m)
    return out


_UNCOPIED = {"donor_id": None, "donor_sentence": None, "donor_published": None}


def _contradicts(copy: FusionMention, donors: Sequence[FusionMention]) -> bool:
    """Whether a mention in a copied sentence reports another incident than its donor sentence:
    the donor sentence has mentions of the same family and status group, and a rule of
    :func:`~eventwire.fusion.pairs.kept_apart` keeps each of them apart from the copy (another
    country, a point place too far, days apart). A sentence reused with another place and day
    ("... had fled Goma since May 2" from "... had fled Gao since April 9") is such a copy: its
    mention is an original report, dated against its own article."""
    same = [d for d in donors if d.family == copy.family and d.group == copy.group]
    return bool(same) and all(kept_apart(copy, d) for d in same)


def _matching_members(event: EventRecord) -> list[FusionMention]:
    """The members later mentions are compared with: all but the copies whose donor sentence
    is in the event (they joined through their donor and are compared through it)."""
    sentences = {(em.mention.article_id, em.mention.sentence_index) for em in event.members}
    return [
        em.mention
        for em in event.members
        if (em.mention.donor_id, em.mention.donor_sentence) not in sentences
    ]


def _event_row(e: EventRecord) -> tuple[Any, ...]:
    figures: list[float | None] = []
    for kind in FIGURE_KINDS:
        figures.extend(e.figures.get(kind, (None, None, None)))
    return (
        e.event_id,
        e.plover_type,
        e.plover_type_agree,
        e.plover_mode,
        e.plover_mode_agree,
        e.acled_event_type,
        e.acled_event_type_agree,
        e.acled_sub_event_type,
        e.acled_sub_event_type_agree,
        e.actor,
        e.target,
        e.place_name,
        e.geonameid,
        e.lat,
        e.lon,
        e.place_precision,
        e.admin1,
        e.admin2,
        e.country_iso,
        e.date_start,
        e.date_end,
        e.date_precision,
        e.date_source,
        e.status,
        e.denied,
        e.mentions,
        e.articles,
        e.outlets,
        e.independent_sources,
        e.first_article_id,
        e.first_outlet,
        e.first_published,
        e.story_id,
        *figures,
        "|".join(e.flags),
    )


def _member_row(e: EventRecord, em: Any) -> tuple[Any, ...]:
    m: FusionMention = em.mention
    iv = m.interval
    return (
        e.event_id,
        m.article_id,
        m.idx,
        m.sentence_start,
        m.sentence_end,
        m.trigger_start,
        m.trigger_end,
        m.outlet,
        m.published,
        m.copied,
        m.donor_id,
        em.source_group,
        iv.start if iv else None,
        iv.end if iv else None,
        iv.precision if iv else None,
        iv.source if iv else None,
        m.status,
        m.killed[1],
        m.injured[1],
        m.displaced[1],
        m.speaker,
    )


def run_fusion(
    store: Store,
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    weights: FusionWeights = DEFAULT_WEIGHTS,
    batch_size: int | None = None,
) -> FusionSummary:
    """Bring the events up to date with the stored event mentions, stories and provenance.

    ``rebuild`` fuses every article again from scratch. Articles are fused ``batch_size`` at a
    time, each batch in one transaction (default: the larger of :data:`DEFAULT_BATCH` and
    ``store.batch_size``); the events do not depend on it.
    """
    started = time.perf_counter()
    if batch_size is None:
        batch_size = max(DEFAULT_BATCH, settings.store.batch_size if settings is not None else 0)
    run = _Run(store, weights)
    summary = FusionSummary()
    with store.failures("fusion run failed"):
        tables = run.tables
        if rebuild:
            with store.transaction("cannot clear the events"):
                tables.clear()
        candidates = tables.candidates()
        processed = tables.processed()
        # in publication order: donors before their copies, and a batch of a backlog touches
        # the events of a few days rather than of the whole store
        published = tables.publication_order()
        todo = sorted(
            (a for a, h in candidates.items() if processed.get(a) != h),
            key=lambda a: (published.get(a, ""), a),
        )
        gone = sorted(a for a in processed if a not in candidates)
        summary.removed = len(gone)
        work = [*gone, *todo]
        for start in range(0, len(work), batch_size):
            batch = work[start : start + batch_size]
            run.fuse(batch, {a: candidates[a] for a in batch if a in candidates}, summary)
            summary.processed += sum(a in candidates for a in batch)
            log.info("fusion: %d of %d articles", start + len(batch), len(work))
        summary.members, summary.events = tables.mention_totals()
    summary.elapsed_s = time.perf_counter() - started
    return summary
