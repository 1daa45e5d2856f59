"""``eventwire report``: a situation report for a story, a place or a country
(:mod:`eventwire.report`). Importing this module registers the command on ``cli``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from eventwire.cli.common import check_output, report_errors, silence_stdout
from eventwire.cli.main import _db_option, _settings, cli
from eventwire.errors import EventwireError, OutputError
from eventwire.store import Store

__all__ = ["report_cmd"]


@click.command(name="report")
@click.option("--story", help="Report on this story id (see `eventwire stories`).")
@click.option("--place", help="Report on the events around this place (a place name).")
@click.option(
    "--radius",
    type=click.FloatRange(min=0, min_open=True, max=20_000),
    default=None,
    help="With --place: kilometres around the place [default: 50].",
)
@click.option("--country", help="Report on a country: ISO 3166-1 alpha-2 code (IQ, KE...).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events on or before this day.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "pdf"]),
    default="md",
    show_default=True,
    help="Markdown, a self-contained HTML page, or PDF.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help="File [default: stdout]."
)
@_db_option
@click.pass_context
@report_errors
def report_cmd(
    ctx: click.Context,
    story: str | None,
    place: str | None,
    radius: float | None,
    country: str | None,
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    output: str | None,
    db: str | None,
) -> None:
    """Write a situation report on a story (--story), the events around a place (--place,
    --radius) or a country (--country), optionally within a period (--since, --until).

    The report holds headline figures (events by type; killed, injured and displaced as low,
    best and high with the independent sources behind them), a map and a timeline, the key
    events with their evidence sentences, notable quotes, conflicting figures, warnings on
    copied, patchwork and attribution-stripped articles, and a note on method and coverage.
    Every number links to the evidence of its event. Figures are as reported, not verified.
    """
    from eventwire.report import Selection, build_report, render_report

    if sum(x is not None for x in (story, place, country)) != 1:
        raise click.UsageError("give exactly one of --story, --place or --country")
    if radius is not None and place is None:
        raise click.UsageError("--radius goes with --place")
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise click.UsageError("a PDF report goes to a file: add -o FILE")
    settings = _settings(ctx, store={"path": db})
    if output is not None:
        check_output(Path(output))
    try:
        selection = Selection(
            story=story,
            place=place,
            radius_km=radius,
            country=country,
            since=since.date() if since else None,
            until=until.date() if until else None,
        )
    except EventwireError as e:
        raise click.UsageError(str(e)) from e
    with Store(settings.store.path, read_only=True) as store:
        report = build_report(store, selection)
    data = render_report(report, fmt)
    if output is not None:
        try:
            Path(output).write_bytes(data)
        except OSError as e:
            raise OutputError(f"{output}: cannot write: {e.strerror or e}") from e
        click.echo(
            f"wrote {fmt} report to {output}: {report.coverage.events_shown} events, "
            f"{report.coverage.articles} articles",
            err=True,
        )
        return
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except OSError as e:
        silence_stdout()
        raise OutputError(f"cannot write the report to standard output: {e}") from e


cli.add_command(report_cmd)
