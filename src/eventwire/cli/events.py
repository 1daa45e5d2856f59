"""``eventwire events`` and ``eventwire event``: the events level read back
(:mod:`eventwire.fusion.read`). Importing this module registers both commands on ``cli``."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from typing import Any

import click

from eventwire.cli.common import report_errors
from eventwire.cli.main import _db_option, _settings, cli
from eventwire.errors import printable
from eventwire.store import Store

__all__ = ["event_cmd", "events_cmd"]

_STATUSES = ("happened", "claimed", "planned", "threatened", "projected", "denied")
_CSV_COLUMNS = (
    "event_id",
    "date_start",
    "date_end",
    "date_precision",
    "plover_type",
    "acled_event_type",
    "acled_sub_event_type",
    "status",
    "actor",
    "target",
    "place_name",
    "admin1",
    "country_iso",
    "lat",
    "lon",
    "independent_sources",
    "articles",
    "outlets",
    "killed_best",
    "first_outlet",
    "first_published",
    "story_id",
    "flags",
)


def _clean(value: Any, width: int | None = None) -> str:
    """A value for one cell of the terminal table: control characters escaped, long values cut."""
    text = "-" if value is None or value == "" else printable(str(value))
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _date(e: dict[str, Any]) -> str:
    start, end = e.get("date_start"), e.get("date_end")
    if not start or not end:
        return str(start or "-")
    return start if start == end else f"{start}..{end[5:] if end[:4] == start[:4] else end}"


@click.command(name="events")
@_db_option
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events on or before this day.")
@click.option("--country", help="ISO 3166-1 alpha-2 code of the country (IQ, KE...).")
@click.option("--place", help="Place, admin1 or admin2 name.")
@click.option("--type", "plover_type", help="PLOVER type (ASSAULT...) or ACLED event type.")
@click.option("--actor", help="Part of an actor's or a target's name.")
@click.option("--status", type=click.Choice(_STATUSES))
@click.option("--min-sources", type=click.IntRange(min=0), help="At least N independent sources.")
@click.option("--story", help="Events of this story id.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show the first N.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.pass_context
@report_errors
def events_cmd(
    ctx: click.Context,
    db: str | None,
    since: datetime | None,
    until: datetime | None,
    country: str | None,
    place: str | None,
    plover_type: str | None,
    actor: str | None,
    status: str | None,
    min_sources: int | None,
    story: str | None,
    limit: int | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """List events, most independent sources first: date, type, status, place, sources,
    articles, deaths, actor and target.

    An event is one real-world happening however many articles report it; a wire story and its
    reprints count as one independent source. Events are made by the fusion stage of `eventwire
    ingest` (or `eventwire provenance --update`).
    """
    from eventwire.query import EventQuery, Query

    if as_json and as_csv:
        raise click.UsageError("--json and --csv cannot be used together")
    settings = _settings(ctx, store={"path": db})
    filters = EventQuery(
        since=since.date() if since else None,
        until=until.date() if until else None,
        country=country,
        place=place,
        plover_type=plover_type,
        actor=actor,
        status=status,
        min_sources=min_sources,
        story=story,
        limit=min(limit, 2**62) if limit else None,
    )
    with Store(settings.store.path, read_only=True) as store:
        events = Query(store).event_list(filters)
    if as_json:
        click.echo(json.dumps(events, indent=2, ensure_ascii=False))
        return
    if as_csv:
        from eventwire.export import neutralise_cell

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(_CSV_COLUMNS)
        for e in events:
            flat = {**e, "killed_best": e["figures"].get("killed", {}).get("best")}
            flat["flags"] = "|".join(e["flags"])
            writer.writerow([neutralise_cell(flat.get(c)) for c in _CSV_COLUMNS])
        return
    if not events:
        filtered = filters != EventQuery(limit=filters.limit)
        click.echo("no events match" if filtered else "no events yet")
        return
    click.echo(
        f"{'event':<16} {'date':<17} {'type':<9} {'status':<10} {'place':<22} "
        f"{'src':>3} {'art':>4} {'killed':>6}  actor -> target"
    )
    for e in events:
        killed = e["figures"].get("killed", {}).get("best")
        who = f"{_clean(e['actor'], 30)} -> {_clean(e['target'], 30)}"
        click.echo(
            f"{e['event_id']:<16} {_date(e):<17} {e['plover_type']:<9} {e['status']:<10} "
            f"{_clean(e['place_name'], 22):<22} {e['independent_sources']:>3} "
            f"{e['articles']:>4} {_clean(None if killed is None else int(killed)):>6}  {who}"
        )
    click.echo(f"{len(events)} events")


@click.command(name="event")
@click.argument("event_id")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@report_errors
def event_cmd(ctx: click.Context, event_id: str, db: str | None, as_json: bool) -> None:
    """Show one event: its fields, each independent source with its figures, and every
    sentence that reports it with its outlet and time (copies marked).

    EVENT_ID is an event id, an id that was merged into another event (it resolves to that
    event), or a unique prefix of one.
    """
    from eventwire.query import Query

    settings = _settings(ctx, store={"path": db})
    with Store(settings.store.path, read_only=True) as store:
        e = Query(store).event_detail(event_id)
    if as_json:
        click.echo(json.dumps(e, indent=2, ensure_ascii=False))
        return
    if "merged_id" in e:
        click.echo(f"{e['merged_id']} was merged into {e['event_id']}")
    click.echo(f"event {e['event_id']}: {e['plover_type']} ({e['status']})")
    acled = " / ".join(x for x in (e["acled_event_type"], e["acled_sub_event_type"]) if x)
    rows = [
        ("type", f"{e['plover_type']} ({e['plover_type_agree']} of {e['mentions']} mentions)"),
        ("mode", e["plover_mode"]),
        ("acled", acled or None),
        ("actor", e["actor"]),
        ("target", e["target"]),
        (
            "place",
            ", ".join(
                _clean(x)
                for x in (e["place_name"], e["admin2"], e["admin1"], e["country_iso"])
                if x
            )
            or None,
        ),
        ("precision", e["place_precision"]),
        (
            "date",
            f"{_date(e)} ({e['date_precision']}, {e['date_source']})" if e["date_start"] else None,
        ),
        ("denied", "a source reports a denial" if e["denied"] else None),
        (
            "reports",
            f"{e['articles']} articles, {e['outlets']} outlets, "
            f"{e['independent_sources']} independent sources",
        ),
        (
            "earliest",
            f"{e['first_outlet'] or '-'} {e['first_published'] or ''} ({e['first_article_id']})",
        ),
        ("story", e["story_id"]),
        ("flags", ", ".join(e["flags"]) or None),
    ]
    for kind, f in e["figures"].items():
        rows.append((kind, f"low {f['low']:g}, best {f['best']:g}, high {f['high']:g}"))
    for name, value in rows:
        if value is not None:
            click.echo(f"  {name + ':':<10} {_clean(value)}")
    click.echo("sources:")
    for s in e["sources"]:
        mark = "" if s["independent"] else " (copies only: not counted)"
        click.echo(f"  {_clean(', '.join(s['outlets']))}: {len(s['articles'])} articles{mark}")
        for f in s["figures"]:
            said = f" said by {_clean(f['speaker'])}" if f["speaker"] else ""
            click.echo(
                f"    {f['kind']} {f['value']:g} ({_clean(f['outlet'])}, {f['published']}{said})"
            )
    click.echo("evidence:")
    shown: set[tuple[str, int]] = set()
    for m in e["evidence"]:
        sentence = (m["article_id"], m["sentence_span"][0])
        if sentence in shown:
            continue
        shown.add(sentence)
        mark = " [copy of " + str(m["donor_article_id"]) + "]" if m["copied"] else ""
        first = " [earliest]" if m["earliest"] else ""
        click.echo(
            f"  {_clean(m['outlet'])} {m['published'] or 'undated'} {m['article_id']}{mark}{first}"
        )
        click.echo(f"    {_clean(m['sentence'], 300)}")


cli.add_command(events_cmd)
cli.add_command(event_cmd)
