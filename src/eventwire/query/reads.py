"""The reads of the query layer (see the package docstring).

Pagination: a list is sorted in a documented, total order (its last key is the row's id), and a
page is ``limit`` rows (capped at :data:`MAX_PAGE`) from a cursor. The cursor is opaque text: the
offset of the next row and a digest of the filters it was made for, so a cursor used with other
filters is refused instead of skipping rows silently. The store a server reads is a snapshot, so
offsets are stable between pages of one snapshot.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from eventwire.errors import EventwireError
from eventwire.fusion.read import event_detail, event_fields, list_events, plain_value
from eventwire.provenance.read import article_provenance, find_article
from eventwire.store import Store
from eventwire.store.events import EVENT_ORDER, EventFilters, event_where, like_pattern
from eventwire.stories.read import list_stories

__all__ = [
    "MAX_PAGE",
    "ArticleFilters",
    "EventQuery",
    "NotFound",
    "Page",
    "PageRequest",
    "Query",
    "QueryError",
]

#: The largest page a list returns, whatever ``limit`` asks.
MAX_PAGE = 500
DEFAULT_PAGE = 50


class QueryError(EventwireError):
    """A query that cannot be answered as asked (a bad cursor, a bad bounding box)."""


class NotFound(EventwireError):
    """No event, article or story by that id."""


#: The event filters of the query layer are those of the store's event reads.
EventQuery = EventFilters


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleFilters:
    """Filters of the article list."""

    since: date | None = None
    until: date | None = None
    story: str | None = None
    outlet: str | None = None
    q: str | None = None


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = DEFAULT_PAGE
    cursor: str | None = None


@dataclass(slots=True)
class Page:
    """One page of a list: its items, the cursor of the next page (None on the last) and how
    many rows match in all."""

    items: list[dict[str, Any]]
    next_cursor: str | None
    total: int
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "next_cursor": self.next_cursor, "total": self.total}


def _digest(filters: Any) -> str:
    data = json.dumps(asdict(filters) if filters is not None else {}, default=str, sort_keys=True)
    return hashlib.sha1(data.encode()).hexdigest()[:12]


def _encode(offset: int, filters: Any) -> str:
    raw = json.dumps({"o": offset, "f": _digest(filters)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(page: PageRequest, filters: Any) -> int:
    if not page.cursor:
        return 0
    try:
        padded = page.cursor + "=" * (-len(page.cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset, digest = int(data["o"]), str(data["f"])
    except (ValueError, KeyError, TypeError) as e:
        raise QueryError(f"not a cursor of this list: {page.cursor[:40]!r}") from e
    if offset < 0 or digest != _digest(filters):
        raise QueryError("the cursor was made for other filters: start again without it")
    return offset


def _limit(page: PageRequest) -> int:
    return max(1, min(int(page.limit), MAX_PAGE))


def _rows(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class Query:
    """Typed reads over one open store (read-only use)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con

    # ------------------------------------------------------------------ helpers
    def _page(
        self, sql: str, params: list[Any], order: str, page: PageRequest, filters: Any
    ) -> tuple[list[dict[str, Any]], str | None, int]:
        offset = _offset(page, filters)
        limit = _limit(page)
        count_row = self.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        total = int(count_row[0]) if count_row else 0
        rows = _rows(
            self.con.execute(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
        )
        nxt = _encode(offset + limit, filters) if offset + limit < total else None
        return rows, nxt, total

    def _require(self, table: str, what: str) -> None:
        if not self.store.has_table(table):
            raise EventwireError(f"{self.store.path}: this store has no {what} yet")

    # ------------------------------------------------------------------ events
    def events(self, filters: EventQuery, page: PageRequest) -> Page:
        """Events matching ``filters``: most independent sources first, then most articles,
        earliest report, id."""
        self._require("events", "events")
        where, params = event_where(filters)
        rows, nxt, total = self._page(
            f"SELECT * FROM events WHERE {where}", params, EVENT_ORDER, page, filters
        )
        return Page([event_fields(r) for r in rows], nxt, total)

    def event_list(self, filters: EventQuery) -> list[dict[str, Any]]:
        """Every event matching ``filters`` (up to ``filters.limit``), in the same order: what
        ``eventwire events`` prints."""
        return list_events(self.store, filters)

    def event_detail(self, ref: str) -> dict[str, Any]:
        """One event with its sources and evidence (by id, merged id or unique prefix), the
        store's own error when there is none (what ``eventwire event`` prints)."""
        return event_detail(self.store, ref)

    def event(self, ref: str) -> dict[str, Any]:
        """One event with its sources and evidence (by id, merged id or unique prefix)."""
        self._require("events", "events")
        try:
            return event_detail(self.store, ref)
        except EventwireError as e:
            raise NotFound(str(e)) from e

    def timeline(self, filters: EventQuery) -> dict[str, Any]:
        """Events per day (their start date) and articles per day (published), for the
        events matching ``filters`` and the articles of those events."""
        self._require("events", "events")
        where, params = event_where(filters)
        events = self.con.execute(
            "SELECT coalesce(date_start, CAST(first_published AS DATE)) AS d, count(*) "
            f"FROM events WHERE {where} GROUP BY d HAVING d IS NOT NULL ORDER BY d",
            params,
        ).fetchall()
        articles = self.con.execute(
            "SELECT CAST(a.published AS DATE) AS d, count(DISTINCT a.id) FROM articles a "
            "JOIN event_members m ON m.article_id = a.id "
            f"JOIN (SELECT event_id FROM events WHERE {where}) e ON e.event_id = m.event_id "
            "GROUP BY d HAVING d IS NOT NULL ORDER BY d",
            params,
        ).fetchall()
        return {
            "events": [{"date": d.isoformat(), "count": int(n)} for d, n in events],
            "articles": [{"date": d.isoformat(), "count": int(n)} for d, n in articles],
        }

    # ------------------------------------------------------------------ articles
    def articles(self, filters: ArticleFilters, page: PageRequest) -> Page:
        """Articles matching ``filters``, earliest published first (undated last), then id."""
        where: list[str] = ["TRUE"]
        params: list[Any] = []
        f = filters
        if f.since is not None:
            where.append("CAST(a.published AS DATE) >= ?")
            params.append(f.since)
        if f.until is not None:
            where.append("CAST(a.published AS DATE) <= ?")
            params.append(f.until)
        if f.story:
            where.append("s.story_id = ?")
            params.append(f.story)
        if f.outlet:
            where.append("(a.outlet ILIKE ? OR a.domain ILIKE ?)")
            params.extend([f.outlet, f.outlet])
        if f.q:
            where.append("(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')")
            params.extend([like_pattern(f.q)] * 2)
        joins = ""
        columns = "a.id, a.title, a.url, a.outlet, a.domain, a.published, a.language, a.word_count"
        if self.store.has_table("article_stories"):
            # an article of another language is in the story it is linked to
            member = "SELECT article_id, story_id FROM article_stories"
            if self.store.has_table("story_links"):
                member += " UNION ALL SELECT article_id, story_id FROM story_links"
            joins += f" LEFT JOIN ({member}) s ON s.article_id = a.id"
            columns += ", s.story_id"
        elif f.story:
            return Page([], None, 0)
        if self.store.has_table("provenance_articles"):
            joins += " LEFT JOIN provenance_articles p ON p.article_id = a.id"
            columns += ", p.kind AS provenance_kind, p.copied_share"
        sql = f"SELECT {columns} FROM articles a{joins} WHERE {' AND '.join(where)}"
        rows, nxt, total = self._page(sql, params, "a.published NULLS LAST, a.id", page, filters)
        return Page([{k: plain_value(v) for k, v in r.items()} for r in rows], nxt, total)

    def provenance(self, ref: str) -> dict[str, Any]:
        """An article's provenance (what ``eventwire provenance ARTICLE`` prints)."""
        return article_provenance(self.store, ref)

    def article(self, ref: str) -> dict[str, Any]:
        """One article: its provenance sentence by sentence, quotes, places and event
        mentions."""
        try:
            article_id = find_article(self.store, ref)
        except EventwireError as e:
            raise NotFound(str(e)) from e
        out = article_provenance(self.store, article_id)
        quotes = _rows(
            self.con.execute(
                "SELECT q.idx, q.content_start, q.content_end, q.speaker_start, q.speaker_end, "
                "q.speaker_text, q.speaker, q.speaker_role, q.kind, q.resolved, "
                "substr(a.text, q.content_start + 1, q.content_end - q.content_start) AS content "
                "FROM quotes q JOIN articles a ON a.id = q.article_id "
                "WHERE q.article_id = ? ORDER BY q.idx",
                [article_id],
            )
        )
        places = _rows(
            self.con.execute(
                'SELECT idx, start, "end", text, name, lat, lon, geonameid, country, admin1, '
                "precision, confidence FROM places WHERE article_id = ? ORDER BY idx",
                [article_id],
            )
        )
        mentions = _rows(
            self.con.execute(
                "SELECT m.idx, m.sentence_start, m.sentence_end, m.trigger_start, m.trigger_end, "
                "m.plover_type, m.plover_mode, m.acled_event_type, m.actor, m.target, "
                "m.place_name, m.date, m.status, m.killed_best, m.injured_best, "
                "m.displaced_best, m.speaker, "
                + ("e.event_id " if self.store.has_table("event_members") else "NULL AS event_id ")
                + "FROM event_mentions m "
                + (
                    "LEFT JOIN event_members e ON e.article_id = m.article_id "
                    "AND e.mention_idx = m.idx "
                    if self.store.has_table("event_members")
                    else ""
                )
                + "WHERE m.article_id = ? ORDER BY m.idx",
                [article_id],
            )
        )
        out["quotes"] = [{k: plain_value(v) for k, v in r.items()} for r in quotes]
        out["places"] = places
        out["event_mentions"] = [{k: plain_value(v) for k, v in r.items()} for r in mentions]
        return out

    # ------------------------------------------------------------------ stories
    def story_list(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Stories, largest first (what ``eventwire stories`` prints)."""
        return list_stories(self.store, limit=limit)

    def stories(self, page: PageRequest) -> Page:
        """Stories, largest first (articles, then independent sources, then id)."""
        self._require("stories", "stories")
        offset, limit = _offset(page, None), _limit(page)
        row = self.con.execute("SELECT count(*) FROM stories").fetchone()
        total = int(row[0]) if row else 0
        items = list_stories(self.store, limit=limit, offset=offset)
        nxt = _encode(offset + limit, None) if offset + limit < total else None
        return Page(items, nxt, total)

    def story(self, story_id: str) -> dict[str, Any]:
        """One story: its articles in time order, each with the articles it copies, its
        independent sources, flags and events."""
        self._require("stories", "stories")
        found = list_stories(self.store, story_id=story_id)
        if not found:
            raise NotFound(f"no story {story_id!r} in {self.store.path}")
        story = found[0]
        ids = [*story["article_ids"], *story["linked_article_ids"]]
        articles = _rows(
            self.con.execute(
                "SELECT a.id, a.title, a.url, a.outlet, a.published, p.kind AS provenance_kind, "
                "p.copied_share FROM articles a "
                "LEFT JOIN provenance_articles p ON p.article_id = a.id "
                "WHERE list_contains(?, a.id) ORDER BY a.published NULLS LAST, a.id",
                [ids],
            )
        )
        relations = _rows(
            self.con.execute(
                "SELECT article_id, donor_id, kind, score, similarity, sentences "
                "FROM article_relations WHERE list_contains(?, article_id) "
                "ORDER BY article_id, rank",
                [ids],
            )
        )
        flags = _rows(
            self.con.execute(
                "SELECT article_id, code, detail FROM flags "
                "WHERE list_contains(?, article_id) AND target_kind = 'article' "
                "ORDER BY article_id, code",
                [ids],
            )
        )
        by_article: dict[str, list[dict[str, Any]]] = {}
        for r in relations:
            by_article.setdefault(r["article_id"], []).append(
                {k: r[k] for k in ("donor_id", "kind", "score", "similarity", "sentences")}
            )
        flags_of: dict[str, list[str]] = {}
        for f in flags:
            flags_of.setdefault(f["article_id"], []).append(f["code"])
        story["articles"] = [
            {
                **{k: plain_value(v) for k, v in a.items()},
                "copies": by_article.get(a["id"], []),
                "flags": flags_of.get(a["id"], []),
            }
            for a in articles
        ]
        story["flags"] = dict(Counter(code for codes in flags_of.values() for code in codes))
        if self.store.has_table("events"):
            story["events"] = self.events(EventQuery(story=story_id), PageRequest(MAX_PAGE)).items
        return story

    # ------------------------------------------------------------------ quotes, places
    def quotes(self, *, article: str | None, speaker: str | None, page: PageRequest) -> Page:
        """Quotes with their speakers, by article time then position."""
        where: list[str] = ["TRUE"]
        params: list[Any] = []
        if article:
            where.append("q.article_id = ?")
            params.append(article)
        if speaker:
            where.append("(q.speaker ILIKE ? ESCAPE '\\' OR q.speaker_text ILIKE ? ESCAPE '\\')")
            params.extend([like_pattern(speaker)] * 2)
        sql = (
            "SELECT q.article_id, q.idx, q.speaker, q.speaker_text, q.speaker_role, q.kind, "
            "q.resolved, a.outlet, a.published, a.title, "
            "substr(a.text, q.content_start + 1, q.content_end - q.content_start) AS content "
            f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {' AND '.join(where)}"
        )
        filters = {"article": article, "speaker": speaker}
        rows, nxt, total = self._page(
            sql, params, "a.published NULLS LAST, q.article_id, q.idx", page, _Dict(filters)
        )
        return Page([{k: plain_value(v) for k, v in r.items()} for r in rows], nxt, total)

    def places(self, *, country: str | None, q: str | None, page: PageRequest) -> Page:
        """Resolved places with how many mentions and articles name them, most named first."""
        where: list[str] = ["lat IS NOT NULL AND lon IS NOT NULL"]
        params: list[Any] = []
        if country:
            where.append("upper(country) = upper(?)")
            params.append(country)
        if q:
            where.append("name ILIKE ? ESCAPE '\\'")
            params.append(like_pattern(q))
        sql = (
            "SELECT coalesce(CAST(geonameid AS VARCHAR), name) AS place_id, any_value(name) AS "
            "name, any_value(country) AS country, any_value(admin1) AS admin1, "
            "any_value(precision) AS precision, avg(lat) AS lat, avg(lon) AS lon, "
            "count(*) AS mentions, count(DISTINCT article_id) AS articles "
            f"FROM places WHERE {' AND '.join(where)} GROUP BY place_id"
        )
        filters = {"country": country, "q": q}
        rows, nxt, total = self._page(sql, params, "mentions DESC, place_id", page, _Dict(filters))
        return Page(rows, nxt, total)

    def stats(self) -> dict[str, Any]:
        return {k: plain_value(v) for k, v in self.store.stats().items()}


@dataclass(frozen=True, slots=True)
class _Dict:
    """Filters given as a plain mapping, for the cursor digest."""

    values: dict[str, Any]
