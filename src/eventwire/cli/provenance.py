"""``eventwire provenance`` and ``eventwire stories``: thin wrappers over the provenance and
stories stages (:mod:`eventwire.provenance.run`, :mod:`eventwire.stories.run`) and their reads.
Importing this module registers both commands on ``cli``.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

from eventwire.cli.common import report_errors
from eventwire.cli.main import _db_option, _settings, cli
from eventwire.errors import printable
from eventwire.store import Store

__all__ = ["provenance_cmd", "stories_cmd"]

_TEXT_WIDTH = 96

# The most rows a query may ask for (DuckDB's LIMIT is a signed 64-bit integer).
_MAX_ROWS = 2**63 - 1


def _when(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "undated"


def _print_summary(passes: dict[str, Any], db: str) -> None:
    p = passes.get("provenance")
    g = passes.get("stories")
    if p is not None:
        how = f" ({p['recomputed']} recomputed: {p['reason']})" if p["recomputed"] else ""
        took = p["elapsed_s"] + (g["elapsed_s"] if g else 0.0)
        stories = f", {g['stories']} stories" if g else ""
        click.echo(
            f"provenance: {p['processed']} articles processed{how} in {took:.1f} s; "
            f"{p['indexed_articles']} articles indexed{stories}"
        )
        if p["relation_kinds"]:
            kinds = ", ".join(f"{k} {v}" for k, v in p["relation_kinds"].items())
            click.echo(f"  relations: {kinds}")
        if p["flags"]:
            click.echo(f"  flags: {', '.join(f'{k} {v}' for k, v in p['flags'].items())}")
    if g is not None and g["processed"]:
        click.echo(f"  stories: {g['new_stories']} new, {g['stories_touched']} touched")
    f = passes.get("fusion")
    if f is not None:
        ratio = (
            f" ({f['mentions_per_event']} mentions per event)" if f["mentions_per_event"] else ""
        )
        click.echo(
            f"  events: {f['processed']} articles fused; {f['events']} events from "
            f"{f['members']} event mentions{ratio}"
        )
    click.echo(f"  store: {db}")


def _print_article(r: dict[str, Any]) -> None:
    click.echo(f"{r['article_id']}  {printable(r['outlet'] or '-')}  {_when(r['published'])}")
    if r["title"]:
        click.echo(f"  title: {printable(r['title'])}")
    if r["url"]:
        click.echo(f"  url: {printable(r['url'])}")
    if not r["processed"]:
        click.echo(
            "  not traced: run `eventwire provenance --update` (only English articles with "
            "sentences are traced)"
        )
        return
    share = r["copied_share"] or 0.0
    click.echo(
        f"  relation: {r['kind'] or 'original'} ({share:.0%} of {r['matchable']} comparable "
        f"sentences found in earlier articles)"
    )
    earliest = r["earliest_source"]
    if earliest:
        click.echo(
            f"  earliest source: {earliest['article_id']} ({earliest['outlet'] or '-'}, "
            f"{_when(earliest['published'])})"
        )
    else:
        click.echo("  earliest source: this article")
    codes = list(dict.fromkeys(f["code"] for f in r["flags"] if f["target_kind"] == "article"))
    click.echo(f"  flags: {', '.join(codes) if codes else 'none'}")
    click.echo(f"  story: {r['story_id'] or '-'}")
    for rel in r["relations"]:
        click.echo(
            f"  donor {rel['donor_id']} {rel['kind']}: {rel['score']:.0%} of sentences, "
            f"similarity {rel['similarity']:.2f} ({printable(rel['outlet'] or '-')}, "
            f"{_when(rel['published'])})"
        )
    click.echo("")
    for s in r["sentences"]:
        text = printable(s["text"]) + "".join(f"  [{code}]" for code in s["flags"])
        lines = textwrap.wrap(text, _TEXT_WIDTH - 14) or [""]
        click.echo(f"  [{s['index']:>3}] {s['status']:<8} {lines[0]}")
        for line in lines[1:]:
            click.echo(f"{'':>17}{line}")
        for d in s["donors"]:
            click.echo(
                f"{'':>17}<- {d['article_id']} sentence {d['sentence_index']} "
                f"({d['outlet'] or '-'}, {_when(d['published'])}) similarity "
                f"{d['similarity']:.2f}"
            )


@click.command(name="provenance")
@click.argument("article", required=False)
@_db_option
@click.option(
    "--update",
    is_flag=True,
    help="First run the store stages of pipeline.stages: bring provenance, relations, flags, "
    "stories and events up to date with the store.",
)
@click.option("--rebuild", is_flag=True, help="With --update: recompute everything from scratch.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@report_errors
def provenance_cmd(
    ctx: click.Context,
    article: str | None,
    db: str | None,
    update: bool,
    rebuild: bool,
    as_json: bool,
) -> None:
    """Show where ARTICLE's text comes from, sentence by sentence; or, with --update, trace
    the store's new articles.

    ARTICLE is an article id or URL. Each sentence is listed with its status (original, copied,
    or short: too short to compare) and its donors: earlier articles (by published time, then
    ingest time) that carry the same or nearly the same sentence. The article's relation
    (verbatim-copy, rewrite, patchwork), its earliest source and its flags come first.

    --update processes the English articles not yet traced, in order of publication;
    running it again with no new article does nothing.
    """
    from eventwire.query import Query

    if article is None and not update:
        raise click.UsageError("give an ARTICLE id or URL, or --update")
    if rebuild and not update:
        raise click.UsageError("--rebuild goes with --update")
    settings = _settings(ctx, store={"path": db})
    summary: dict[str, Any] | None = None
    if update:
        from eventwire.pipeline import run_store_stages

        with Store(settings.store.path) as store:
            passes = run_store_stages(store, settings=settings, rebuild=rebuild)
        summary = {name: done.as_dict() for name, done in passes.items()}
        if article is None:
            if as_json:
                click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
            else:
                _print_summary(summary, settings.store.path)
            return
        if not as_json:
            _print_summary(summary, settings.store.path)
    assert article is not None  # checked above
    with Store(settings.store.path, read_only=True) as store:
        report = Query(store).provenance(article)
    if as_json:
        out = {"update": summary, **report} if summary is not None else report
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        _print_article(report)


@click.command(name="stories")
@_db_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show the N largest.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@report_errors
def stories_cmd(ctx: click.Context, db: str | None, limit: int | None, as_json: bool) -> None:
    """List stories, largest first: articles, independent sources, articles of other
    languages linked to the story, first and last published time, title.

    Independent sources count an original and all its reprints once. An article in a language
    that is not parsed joins the story it shares most place names, numbers and names with
    (column "other"; it is not counted as an independent source). Stories are made by
    `eventwire provenance --update`.
    """
    from eventwire.query import Query

    settings = _settings(ctx, store={"path": db})
    with Store(settings.store.path, read_only=True) as store:
        stories = Query(store).story_list(limit=min(limit, _MAX_ROWS) if limit else None)
    if as_json:
        click.echo(json.dumps(stories, indent=2, ensure_ascii=False))
        return
    if not stories:
        click.echo("no stories yet: run `eventwire provenance --update`")
        return
    click.echo(
        f"{'story':<23} {'articles':>8} {'sources':>7} {'other':>5}  {'first':<16}  "
        f"{'last':<16}  title"
    )
    for s in stories:
        click.echo(
            f"{s['story_id']:<23} {s['n_articles']:>8} {s['independent_sources']:>7} "
            f"{len(s['linked_article_ids']):>5}  "
            f"{_when(s['first_published']):<16}  {_when(s['last_published']):<16}  "
            f"{printable(s['title'] or '-')}"
        )


cli.add_command(provenance_cmd)
cli.add_command(stories_cmd)
