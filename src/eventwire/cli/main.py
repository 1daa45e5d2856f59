"""The ``eventwire`` command: thin wrappers that parse, call the library, print, and exit.

Exit codes (also in ``docs/cli.md``): 0 done; 1 done but inputs were rejected (only with
``--strict``); 2 bad command line; 3 bad settings; 4 store error; 5 NLP model missing; 6 none of
the named sources exists; 7 a gold file cannot be scored; 8 an output file cannot be written; 130
interrupted (committed batches are kept). Errors print as one line (:mod:`eventwire.cli.common`).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from eventwire import __version__
from eventwire.cli.common import check_output, report_errors, silence_stdout
from eventwire.cli.evaluate import eval_group, train_group
from eventwire.errors import (
    EventwireError,
    ExitCode,
    OutputError,
    SourceNotFound,
    one_line,
    printable,
)
from eventwire.export import EVENT_SCHEMAS, EXPORT_FORMATS, EXPORT_KINDS, export
from eventwire.settings import Settings, load_settings
from eventwire.store import Store
from eventwire.store.dataset import write_dataset

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])

MAX_LISTED_REJECTIONS = 50


def _settings(ctx: click.Context, **overrides: dict[str, Any]) -> Settings:
    settings: Settings = ctx.obj["settings"]
    return settings.replace(**overrides) if overrides else settings


def _db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(),
        default=None,
        help="DuckDB store file, or for reading a Parquet dataset folder (`export dataset`) "
        "[default: store.path setting, ./eventwire.duckdb].",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="eventwire")
@click.option("-v", "--verbose", count=True, help="Log more on stderr (-v info, -vv debug).")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="Settings file (TOML) [default: ./eventwire.toml if present, or $EVENTWIRE_CONFIG].",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, config: str | None) -> None:
    """eventwire: evidence-linked event data from news articles."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    if verbose == 0:
        # Library warnings about single rejected inputs are summarised at the end instead.
        logging.getLogger("eventwire").setLevel(logging.ERROR)
    try:
        ctx.obj = {"settings": load_settings(config)}
    except EventwireError as e:
        click.echo(f"error: {one_line(str(e))}", err=True)
        sys.exit(int(e.exit_code))


def _engine_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The --engine, --scheduler and --workers options of a command that can run on a Dask
    cluster (the ``engine`` settings); ``what`` starts the help of --engine."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default=None,
            help=f"{what}: here, or on a Dask cluster [default: engine.name setting, local].",
        ),
        click.option(
            "--scheduler",
            default=None,
            help="With --engine dask: a running scheduler's address (tcp://HOST:8786); without "
            "it a LocalCluster is started for the run.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            help="With --engine dask and no --scheduler: worker processes [default: one per core].",
        ),
    ]

    def apply(fn: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return apply


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@_db_option
@click.option("--fetch", is_flag=True, help="For feeds: fetch each item's linked page.")
@click.option("--model", default=None, help="spaCy pipeline [default: nlp.model setting].")
@click.option(
    "--n-process",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes that parse and extract (1: this process).",
)
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="Articles per commit.")
@_engine_options("Where parsing and extraction run")
@click.option("--strict", is_flag=True, help="Exit with code 1 when any input was rejected.")
@click.option(
    "--provenance/--no-provenance",
    default=True,
    show_default=True,
    help="After ingesting, run the store stages: trace copied sentences to their sources and "
    "update the stories.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr [default: only on a terminal].",
)
@click.pass_context
@report_errors
def ingest(
    ctx: click.Context,
    sources: tuple[str, ...],
    db: str | None,
    fetch: bool,
    model: str | None,
    n_process: int | None,
    batch_size: int | None,
    engine: str | None,
    scheduler: str | None,
    workers: int | None,
    strict: bool,
    provenance: bool,
    as_json: bool,
    progress: bool | None,
) -> None:
    """Read SOURCES into the store: files, folders, HTML, JSONL, RSS/Atom, WARC, URLs, or - for
    stdin.

    Runs the stages of the pipeline.stages setting (see `eventwire stages`): each article is
    normalised, its language identified, English ones parsed by spaCy (sentences, entities) and
    their claims extracted, and written in transactional batches; then copied sentences are
    traced to their sources and stories updated. Inputs that cannot be used are reported with
    the file and the reason; the run goes on. Running it again adds nothing new. With
    --engine dask, parsing and extraction run on the workers of a Dask cluster and give the
    same store.
    """
    from tqdm import tqdm

    from eventwire.engine import open_engine
    from eventwire.pipeline import run_pipeline
    from eventwire.stages import Pipeline, StageKind

    settings = _settings(
        ctx,
        store={"path": db, "batch_size": batch_size},
        nlp={"model": model, "n_process": n_process},
        engine={"name": engine, "scheduler": scheduler, "workers": workers},
    )
    pipeline = Pipeline.from_settings(settings)
    if not provenance:
        pipeline = pipeline.without(StageKind.STORE)
    missing = [s for s in sources if not _exists(s)]
    if missing and len(missing) == len(sources):
        raise SourceNotFound(f"no such file, folder or URL: {', '.join(missing)}")
    with (
        Store(settings.store.path) as store,
        open_engine(settings) as run_engine,
        tqdm(
            unit="doc",
            desc="ingest",
            file=sys.stderr,
            disable=None if progress is None else not progress,
            leave=False,
        ) as bar,
    ):
        if run_engine is not None:
            click.echo(run_engine.description, err=True)
        summary = run_pipeline(
            list(sources),
            settings=settings,
            store=store,
            pipeline=pipeline,
            fetch=fetch,
            on_document=bar.update,
            engine=run_engine,
        )
    result = summary.as_dict()
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print_summary(result, settings.store.path)
    if strict and summary.rejected:
        sys.exit(int(ExitCode.REJECTED))


def _exists(source: str) -> bool:
    from eventwire.ingest.web import is_url

    return source == "-" or is_url(source) or Path(source).exists()


def _print_summary(s: dict[str, Any], db: str) -> None:
    click.echo(
        f"{s['ingested']} new articles, {s['updated']} updated, {s['already_stored']} already "
        f"stored, {s['rejected']} rejected ({s['read']} documents read in {s['elapsed_s']:.1f} s)"
    )
    click.echo(f"  parsed with spaCy: {s['parsed']} articles, {s['words_parsed']} words")
    if s["parsed_in_parts"]:
        click.echo(
            f"  parsed in parts of at most 100,000 characters (longer than spaCy takes at once): "
            f"{s['parsed_in_parts']} articles"
        )
    if s["skipped_language"]:
        langs = ", ".join(f"{k}: {v}" for k, v in s["skipped_language_by_language"].items())
        click.echo(
            f"  not parsed, language not in nlp.languages: {s['skipped_language']} ({langs})"
        )
    rejections = s["rejections"]
    if rejections:
        click.echo("  rejected:")
        for r in rejections[:MAX_LISTED_REJECTIONS]:
            where = f"{r['source']}:{r['locator']}" if r["locator"] else r["source"]
            click.echo(f"    {printable(where)}: {r['reason']}: {one_line(r['message'])}")
        if len(rejections) > MAX_LISTED_REJECTIONS:
            click.echo(
                f"    ... and {len(rejections) - MAX_LISTED_REJECTIONS} more "
                "(eventwire export rejections --format csv)"
            )
    traced = s.get("provenance")
    if traced:
        kinds = ", ".join(f"{k} {v}" for k, v in traced["relation_kinds"].items()) or "none"
        grouped = s.get("stories")
        stories = f"; {grouped['stories']} stories" if grouped else ""
        click.echo(f"  provenance: {traced['processed']} articles traced; copies: {kinds}{stories}")
    fused = s.get("fusion")
    if fused:
        ratio = fused["mentions_per_event"]
        click.echo(
            f"  events: {fused['events']} events from {fused['members']} event mentions"
            + (f" ({ratio} mentions per event)" if ratio else "")
        )
    click.echo(f"  store: {db}")


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
@report_errors
def stats(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """Counts of what the store holds: articles, languages, formats, sentences, entities,
    rejections."""
    settings = _settings(ctx, store={"path": db})
    with Store(settings.store.path, read_only=True) as store:
        counts = store.stats()
    if as_json:
        click.echo(json.dumps(counts, indent=2, ensure_ascii=False))
        return
    click.echo(f"store: {settings.store.path} (schema {counts['schema_version']})")
    # Counts first, then breakdowns, in the order the store reports them.
    for key, value in counts.items():
        if isinstance(value, int | float) and key != "schema_version":
            click.echo(f"  {key.replace('_', ' ')}: {value}")
    for key, value in counts.items():
        if isinstance(value, dict) and value:
            parts = ", ".join(f"{printable(k)} {v}" for k, v in list(value.items())[:12])
            click.echo(f"  {key.replace('_', ' ')}: {parts}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the stages as JSON.")
@click.pass_context
@report_errors
def stages(ctx: click.Context, as_json: bool) -> None:
    """The stages of the pipeline.stages setting, in order, with what each requires and assigns.

    The pipeline is checked first: a stage whose requirement no earlier stage assigns is refused
    with the stage it needs (exit code 3).
    """
    from eventwire.stages import Pipeline

    pipeline = Pipeline.from_settings(_settings(ctx))
    rows = [
        {
            "stage": s.key,
            "kind": s.kind.value,
            "requires": list(s.requires),
            "assigns": list(s.assigns),
            "function": s.target,
            "description": s.description,
        }
        for s in pipeline.stages
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['stage']:<14} {row['kind']:<9} {row['description']}")
        click.echo(f"{'':<24} requires: {', '.join(row['requires']) or '-'}")
        click.echo(f"{'':<24} assigns:  {', '.join(row['assigns'])}")


#: The export kind that writes the whole store as a Parquet dataset folder.
DATASET = "dataset"


@cli.command(
    name="export",
    help=f"""Write KIND as JSON Lines, CSV, Parquet or GeoJSON, to a file or stdout.

    KIND is one of: {", ".join(EXPORT_KINDS)}. Columns are described in docs/codebook.md.
    GeoJSON is for events and places; --schema writes events in the columns of ACLED, UCDP GED
    or PLOVER.

    KIND dataset writes the whole store as a Parquet dataset in the folder -o (every table,
    those of articles' rows partitioned by publication date), which DuckDB, pandas and Dask read
    and which --db of the reading commands accepts (docs/scaling.md). With --engine dask the
    workers write the day partitions, each opening the store file read-only.
    """,
)
@click.argument("kind", type=click.Choice([*EXPORT_KINDS, DATASET]))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="[default: jsonl; parquet for dataset]",
)
@_db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="File (a folder for dataset) [default: stdout].",
)
@click.option(
    "--raw-csv",
    is_flag=True,
    help="CSV: write cells as stored; by default a cell a spreadsheet would run as a formula "
    "(starting with = + - @) gets a leading apostrophe.",
)
@click.option(
    "--schema",
    type=click.Choice(EVENT_SCHEMAS),
    default=None,
    help="events only: the columns of ACLED, UCDP GED or PLOVER (docs/codebook.md).",
)
@_engine_options("dataset only: where the tables' day partitions are written")
@click.pass_context
@report_errors
def export_cmd(
    ctx: click.Context,
    kind: str,
    fmt: str | None,
    db: str | None,
    output: str | None,
    raw_csv: bool,
    schema: str | None,
    engine: str | None,
    scheduler: str | None,
    workers: int | None,
) -> None:
    settings = _settings(
        ctx,
        store={"path": db},
        engine={"name": engine, "scheduler": scheduler, "workers": workers},
    )
    if kind == DATASET:
        from eventwire.engine import open_engine

        if fmt not in (None, "parquet"):
            raise click.UsageError("a dataset is written as Parquet (--format parquet)")
        if output is None:
            raise click.UsageError("export dataset needs -o FOLDER")
        with Store(settings.store.path, read_only=True) as store, open_engine(settings) as tasks:
            if tasks is not None:
                click.echo(tasks.description, err=True)
            manifest = write_dataset(
                store.con, Path(output), source=settings.store.path, tasks=tasks
            )
        rows = sum(t["rows"] for t in manifest["tables"].values())
        click.echo(
            f"wrote {len(manifest['tables'])} tables ({rows} rows) as a Parquet dataset "
            f"in {output}",
            err=True,
        )
        return
    if engine == "dask" or scheduler is not None or workers is not None:
        raise click.UsageError("--engine, --scheduler and --workers apply to export dataset only")
    fmt = fmt or "jsonl"
    if output is not None:
        if Path(output).is_dir():
            raise OutputError(f"{output}: cannot write: it is a folder")
        check_output(Path(output))
    with Store(settings.store.path, read_only=True) as store:
        if output is not None:
            count = export(store, kind, fmt, Path(output), raw=raw_csv, schema=schema)
            click.echo(f"wrote {count} {kind} to {output}", err=True)
            return
        try:
            export(store, kind, fmt, sys.stdout.buffer, raw=raw_csv, schema=schema)
        except OutputError:
            silence_stdout()
            raise


cli.add_command(eval_group)
cli.add_command(train_group)
import eventwire.cli.events  # noqa: E402 (registers `events` and `event`)
import eventwire.cli.provenance  # noqa: E402 (registers `provenance` and `stories`)
import eventwire.cli.report  # noqa: E402 (registers `report`)
import eventwire.cli.serve  # noqa: E402, F401 (registers `serve`)


def main() -> None:
    cli(prog_name="eventwire")
