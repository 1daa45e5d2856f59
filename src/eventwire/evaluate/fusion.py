"""``eval fusion``: a store's events scored against events a reader wrote down for its corpus.

The expectations (``samples/events-expected.json`` for the sample corpus) list each real-world
event with the articles that report it, its independent sources as groups of articles, its
earliest report, its date and its figures' flags; the manifest (``samples/manifest.json``) ties
the article labels to URLs and titles, by which they are found in the store. Only articles in a
language the store parsed are expected (``parsed`` sources).

For each expected event, the store's event of the same PLOVER family that holds most of its
articles is its match (on a tie: fewest other articles, then a date overlapping the expected
one); articles the reader allows (``may_include``) do not count against it, and an ``optional``
event (one an events level may leave out) is listed but not scored. Scores: events found whole
(every expected article in the match), the article recall and purity of the matches,
independent sources equal to the reader's count, the earliest report found, the date
overlapping the expected one, the ``conflicting-figures`` flag where the reader saw a conflict
and not where not; and the mention-to-event ratio of the store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from eventwire.errors import GoldError, Reason
from eventwire.fusion.mentions import family_of
from eventwire.store import Store

__all__ = ["evaluate_fusion"]


def _read(path: Path, what: str, key: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError(Reason.MALFORMED_JSON, f"{path}: cannot read the {what}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise GoldError(Reason.MALFORMED_JSON, f"{path}: not {what}: no '{key}' list")
    return data


def _overlaps(row: tuple[Any, ...], start: str, end: str) -> bool:
    """Whether an events row's date interval (columns 4 and 5) meets ``start``..``end``."""
    return bool(row[4] and str(row[4]) <= end and str(row[5]) >= start)


def evaluate_fusion(store: Store, expected_path: Path, manifest_path: Path) -> dict[str, Any]:
    """Score ``store``'s events against the expected events; see the module docstring."""
    expected = _read(Path(expected_path), "an events expectation file", "events")
    manifest = _read(Path(manifest_path), "a corpus manifest", "articles")
    if not store.has_table("events"):
        raise GoldError(Reason.MALFORMED_JSON, f"{store.path}: the store has no events yet")
    by: dict[str, str] = {}
    for aid, url, title in store.con.execute("SELECT id, url, title FROM articles").fetchall():
        by[str(url)] = aid
        if title:
            by[str(title)] = aid
    articles = {a["id"]: a for a in manifest["articles"]}
    stored = {
        label: by.get(a.get("url") or "") or by.get(a.get("title") or "")
        for label, a in articles.items()
    }
    members: dict[str, set[str]] = defaultdict(set)
    for eid, aid in store.con.execute("SELECT event_id, article_id FROM event_members").fetchall():
        members[eid].add(aid)
    rows = store.con.execute(
        "SELECT event_id, plover_type, independent_sources, first_article_id, date_start, "
        "date_end, flags FROM events"
    ).fetchall()
    events = {r[0]: r for r in rows}
    results = []
    for e in expected["events"]:
        try:
            want = {
                stored[a]
                for a in e["articles"]
                if articles[a].get("language") == "en" and stored.get(a)
            }
            sources = sum(1 for s in e["independent_sources"] if s.get("parsed", True))
            family = family_of(e["plover_type"])
            report = e.get("earliest_report")
            earliest = stored.get(report["article"]) if report else None
            allowed = {stored[a] for a in e.get("may_include", []) if stored.get(a)}
            start, end = e["date"]["start"], e["date"]["end"]
        except (KeyError, TypeError) as err:
            raise GoldError(
                Reason.MALFORMED_JSON, f"{expected_path}: event {e.get('id')!r} lacks {err}"
            ) from err
        candidates = [eid for eid, r in events.items() if family_of(r[1]) == family]
        optional = bool(e.get("optional"))
        if not candidates or not want:
            results.append({"id": e["id"], "matched": None, "optional": optional})
            continue
        best = max(
            candidates,
            key=lambda x: (
                len(members[x] & want),
                -len(members[x] - want),
                _overlaps(events[x], start, end),
                x,
            ),
        )
        r = events[best]
        got = members[best]
        conflict_expected = "conflicting-figures" in e.get("flags", [])
        results.append(
            {
                "id": e["id"],
                "optional": optional,
                "matched": best,
                "whole": want <= got,
                "articles_found": len(got & want),
                "articles_expected": len(want),
                "articles_other": len(got - want - allowed),
                "sources": r[2],
                "sources_expected": sources,
                "earliest": r[3] == earliest if earliest else None,
                "date": bool(r[4] and str(r[4]) <= end and str(r[5]) >= start),
                "conflict_flag": ("conflicting-figures" in (r[6] or "")) == conflict_expected,
            }
        )
    scored = [x for x in results if not x["optional"]]  # an optional event may be left out
    n = len(scored)
    matched = [x for x in scored if x["matched"]]
    found = sum(x["articles_found"] for x in matched)
    expected_total = sum(x["articles_expected"] for x in matched)
    other = sum(x["articles_other"] for x in matched)
    fused, n_events = store.con.execute(
        "SELECT (SELECT count(*) FROM event_members), (SELECT count(*) FROM events)"
    ).fetchone() or (0, 0)
    mentions = store.con.execute("SELECT count(*) FROM event_mentions").fetchone() or (0,)

    def share(key: str) -> float:
        judged = [x for x in scored if not x["matched"] or x[key] is not None]
        hits = sum(1 for x in judged if x["matched"] and x[key])
        return round(hits / len(judged), 3) if judged else 0.0

    return {
        "n_expected": n,
        "whole": share("whole"),
        "article_recall": round(found / expected_total, 3) if expected_total else 0.0,
        "article_purity": round(found / (found + other), 3) if found + other else 0.0,
        "sources_exact": round(
            sum(1 for x in matched if x["sources"] == x["sources_expected"]) / n, 3
        )
        if n
        else 0.0,
        "earliest": share("earliest"),
        "date": share("date"),
        "conflict_flag": share("conflict_flag"),
        "events": int(n_events),
        "event_mentions": int(mentions[0]),
        "fused_mentions": int(fused),
        "mentions_per_event": round(fused / n_events, 2) if n_events else None,
        "by_event": results,
    }
