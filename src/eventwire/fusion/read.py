"""Reading events back: the event list and one event with its sources and evidence, as plain
data (what ``eventwire events`` and ``eventwire event`` print)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from eventwire.errors import EventwireError
from eventwire.fusion.combine import FIGURE_KINDS
from eventwire.store import Store
from eventwire.store.events import EventFilters, EventTables
from eventwire.store.sql import iso_utc

__all__ = ["event_detail", "event_fields", "list_events", "plain_value"]


def plain_value(value: Any) -> Any:
    """A stored value as JSON data: times as ISO 8601 UTC, dates as ISO dates."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def event_fields(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: plain_value(v) for k, v in row.items() if k.split("_")[0] not in FIGURE_KINDS}
    out["figures"] = {
        kind: {
            "low": row[f"{kind}_low"],
            "best": row[f"{kind}_best"],
            "high": row[f"{kind}_high"],
        }
        for kind in FIGURE_KINDS
        if row[f"{kind}_best"] is not None
    }
    out["flags"] = [f for f in (row["flags"] or "").split("|") if f]
    return out


def _tables(store: Store) -> EventTables:
    if not store.has_table("events"):
        raise EventwireError(
            f"{store.path}: this store has no events yet: run `eventwire provenance --update` "
            "(or ingest again) to fuse its event mentions"
        )
    return EventTables(store)


def list_events(store: Store, filters: EventFilters | None = None) -> list[dict[str, Any]]:
    """The events matching ``filters``, most independent sources first."""
    return [event_fields(r) for r in _tables(store).listing(filters or EventFilters())]


def event_detail(store: Store, ref: str) -> dict[str, Any]:
    """One event (by id, alias or unique id prefix): its fields, each independent source with
    its articles and figures, and every member mention's sentence, copies marked."""
    tables = _tables(store)
    found = tables.resolve(ref)
    if found is None:
        raise EventwireError(f"no event {ref!r} in {store.path} (see `eventwire events`)")
    event_id, alias = found
    row = tables.event(event_id)
    assert row is not None  # resolved above
    members = tables.members(event_id)
    sources: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, float, str, int]] = set()
    for m in members:
        source = sources.setdefault(
            m["source_group"],
            {"source": m["source_group"], "outlets": [], "articles": [], "figures": []},
        )
        if m["outlet"] and m["outlet"] not in source["outlets"]:
            source["outlets"].append(m["outlet"])
        if m["article_id"] not in source["articles"]:
            source["articles"].append(m["article_id"])
        if m["copied"]:
            continue
        for kind in FIGURE_KINDS:
            value = m[f"{kind}_best"]
            said = (kind, value, m["article_id"], m["sentence_start"])
            if value is not None and said not in seen:
                seen.add(said)
                source["figures"].append(
                    {
                        "kind": kind,
                        "value": value,
                        "article_id": m["article_id"],
                        "outlet": m["outlet"],
                        "published": plain_value(m["published"]),
                        "speaker": m["speaker"],
                        "sentence": m["sentence"],
                    }
                )
    counted: dict[str, bool] = defaultdict(bool)
    for m in members:
        counted[m["source_group"]] |= not m["copied"]
    out = event_fields(row)
    if alias:
        out["merged_id"] = ref
    out["sources"] = [{**s, "independent": counted[k]} for k, s in sources.items()]
    out["evidence"] = [
        {
            "article_id": m["article_id"],
            "outlet": m["outlet"],
            "published": plain_value(m["published"]),
            "title": m["title"],
            "url": m["url"],
            "sentence": m["sentence"],
            "sentence_span": [m["sentence_start"], m["sentence_end"]],
            "trigger": m["trigger"],
            "trigger_span": [m["trigger_start"], m["trigger_end"]],
            "actor": m["mention_actor"],
            "actor_span": _find(m, m["mention_actor"]),
            "target": m["mention_target"],
            "target_span": _find(m, m["mention_target"]),
            "place_span": plain_value(m["place_span"]),
            "date_span": plain_value(m["date_span"]),
            "figure_spans": [
                {"kind": f["kind"], "span": plain_value(f["span"])} for f in m["figure_spans"] or ()
            ],
            "copied": m["copied"],
            "donor_article_id": m["donor_article_id"],
            "source": m["source_group"],
            "status": m["status"],
            "date": {
                "start": plain_value(m["date_start"]),
                "end": plain_value(m["date_end"]),
                "precision": m["date_precision"],
                "source": m["date_source"],
            },
            "figures": {k: m[f"{k}_best"] for k in FIGURE_KINDS if m[f"{k}_best"] is not None},
            "speaker": m["speaker"],
            "earliest": m["article_id"] == row["first_article_id"],
        }
        for m in members
    ]
    return out


def _find(member: dict[str, Any], text: str | None) -> list[int] | None:
    """The article offsets of ``text`` in the member's sentence (any case), when it is there
    as written (actors are normalised: "the army" may be stored as "Iraqi military")."""
    if not text:
        return None
    at = str(member["sentence"]).lower().find(text.lower())
    if at < 0:
        return None
    start = int(member["sentence_start"]) + at
    return [start, start + len(text)]
