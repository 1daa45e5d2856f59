"""``eventwire provenance`` and ``eventwire stories``: thin wrappers over the provenance and
stories stages (:mod:`eventwire.provenance.run`, :mod:`eventwire.stories.run`) and their reads.
Importing this module registers both commands on ``cli``.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

from eventwire.cli.main import _db_option, _errors, _settings, cli
from eventwire.settings import Settings
from eventwire.store import Store

__all__ = ["provenance_cmd", "run_provenance_and_stories", "stories_cmd"]

_TEXT_WIDTH = 96


def _when(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "undated"


def run_provenance_and_stories(
    store: Store, settings: Settings, *, rebuild: bool = False
) -> dict[str, object]:
    """Run provenance, then stories, over ``store``; their summary as one dict (the provenance
    counts with the stories' counts)."""
    from eventwire.provenance.run import run_provenance
    from eventwire.stories import run_stories

    traced = run_provenance(store, settings=settings, rebuild=rebuild)
    grouped = run_stories(store, settings=settings, rebuild=rebuild)
    return {
        "processed": traced.processed,
        "recomputed": traced.recomputed,
        "reason": traced.reason,
        "relation_kinds": dict(sorted(traced.kinds.items())),
        "flags": dict(sorted(traced.flags.items())),
        "new_stories": grouped.new_stories,
        "stories_touched": grouped.stories_touched,
        "indexed_articles": traced.indexed_articles,
        "stories": grouped.stories,
        "elapsed_s": round(traced.elapsed_s + grouped.elapsed_s, 3),
    }


def _print_summary(s: dict[str, Any], db: str) -> None:
    how = f" ({s['recomputed']} recomputed: {s['reason']})" if s["recomputed"] else ""
    click.echo(
        f"provenance: {s['processed']} articles processed{how} in {s['elapsed_s']:.1f} s; "
        f"{s['indexed_articles']} articles indexed, {s['stories']} stories"
    )
    if s["relation_kinds"]:
        kinds = ", ".join(f"{k} {v}" for k, v in s["relation_kinds"].items())
        click.echo(f"  relations: {kinds}")
    if s["flags"]:
        click.echo(f"  flags: {', '.join(f'{k} {v}' for k, v in s['flags'].items())}")
    if s["processed"]:
        click.echo(f"  stories: {s['new_stories']} new, {s['stories_touched']} touched")
    click.echo(f"  store: {db}")


def _print_article(r: dict[str, Any]) -> None:
    click.echo(f"{r['article_id']}  {r['outlet'] or '-'}  {_when(r['published'])}")
    if r["title"]:
        click.echo(f"  title: {r['title']}")
    if r["url"]:
        click.echo(f"  url: {r['url']}")
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
            f"similarity {rel['similarity']:.2f} ({rel['outlet'] or '-'}, "
            f"{_when(rel['published'])})"
        )
    click.echo("")
    for s in r["sentences"]:
        text = s["text"] + "".join(f"  [{code}]" for code in s["flags"])
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
    help="First bring provenance, relations, flags and stories up to date with the store.",
)
@click.option("--rebuild", is_flag=True, help="With --update: recompute everything from scratch.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@_errors
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
    from eventwire.provenance.read import article_provenance

    if article is None and not update:
        raise click.UsageError("give an ARTICLE id or URL, or --update")
    if rebuild and not update:
        raise click.UsageError("--rebuild goes with --update")
    settings = _settings(ctx, store={"path": db})
    summary: dict[str, Any] | None = None
    if update:
        with Store(settings.store.path) as store:
            summary = run_provenance_and_stories(store, settings, rebuild=rebuild)
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
        report = article_provenance(store, article)
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
@_errors
def stories_cmd(ctx: click.Context, db: str | None, limit: int | None, as_json: bool) -> None:
    """List stories, largest first: articles, independent sources, first and last published
    time, title.

    Independent sources count an original and all its reprints once. Stories are made by
    `eventwire provenance --update`.
    """
    from eventwire.stories import list_stories

    settings = _settings(ctx, store={"path": db})
    with Store(settings.store.path, read_only=True) as store:
        stories = list_stories(store, limit=limit)
    if as_json:
        click.echo(json.dumps(stories, indent=2, ensure_ascii=False))
        return
    if not stories:
        click.echo("no stories yet: run `eventwire provenance --update`")
        return
    click.echo(f"{'story':<23} {'articles':>8} {'sources':>7}  {'first':<16}  {'last':<16}  title")
    for s in stories:
        click.echo(
            f"{s['story_id']:<23} {s['n_articles']:>8} {s['independent_sources']:>7}  "
            f"{_when(s['first_published']):<16}  {_when(s['last_published']):<16}  "
            f"{s['title'] or '-'}"
        )


cli.add_command(provenance_cmd)
cli.add_command(stories_cmd)
