"""``eventwire eval TASK``: score a stage against gold data and write its predictions.

Each command is a thin wrapper over an ``evaluate_*`` function of :mod:`eventwire.evaluate`, run
with the settings of the command line (``--config`` and ``EVENTWIRE_*`` apply), so that what is
scored is what ``eventwire ingest`` stores with the same settings; gold formats are those of
``../shared/data/FORMATS.md``. Scores print as a table, or as JSON with ``--json``.
A gold file that cannot be scored (:mod:`eventwire.gold`) ends the command with a one-line error
naming the file and line (exit code 7); a ``--predictions`` file whose folder does not exist or
cannot be written is refused before the evaluation starts (exit code 8).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from eventwire.cli.common import check_output, report_errors
from eventwire.settings import Settings, load_settings

__all__ = ["eval_group", "train_group"]

F = TypeVar("F", bound=Callable[..., Any])


def _checked(func: F) -> F:
    """Run an eval command under :func:`report_errors`, its ``--predictions`` file checked first."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("predictions") is not None:
            check_output(kwargs["predictions"])
        return func(*args, **kwargs)

    return report_errors(run)  # type: ignore[return-value]


def _settings() -> Settings:
    """The settings of the command line (loaded by the ``eventwire`` group)."""
    obj = click.get_current_context().find_root().obj
    return obj["settings"] if obj else load_settings()


def _common(func: F) -> F:
    func = _checked(func)
    func = click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")(func)
    func = click.option(
        "--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records."
    )(func)
    func = click.option(
        "--predictions",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write the predictions, in the gold file's format, to this file.",
    )(func)
    func = click.option(
        "--gold",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        required=True,
        help="Gold file (JSON Lines, see shared/data/FORMATS.md).",
    )(func)
    return func


def _flatten(scores: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in scores.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flatten(value, f"{name}."))
        elif not isinstance(value, list):
            rows.append((name, value))
    return rows


def _report(scores: dict[str, Any], *, as_json: bool, gold: Path) -> None:
    if as_json:
        click.echo(json.dumps(scores, indent=2, ensure_ascii=False, default=str))
        return
    click.echo(f"gold: {gold}")
    for name, value in _flatten(scores):
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        click.echo(f"  {name:<48} {shown}")


@click.group(name="eval")
def eval_group() -> None:
    """Score a stage against gold data (formats in shared/data/FORMATS.md)."""


@eval_group.command(name="timex")
@_common
@click.option(
    "--region-lines",
    type=click.IntRange(min=1),
    default=None,
    help="Score only mentions on the first N lines: the region the gold annotators covered "
    "(MEANTIME annotates the headline, dateline and first sentences: use 6).",
)
@click.option(
    "--half",
    type=click.Choice(["dev", "test"]),
    default=None,
    help="Only even (dev) or odd (test) records.",
)
def eval_timex(
    gold: Path,
    predictions: Path | None,
    limit: int | None,
    as_json: bool,
    region_lines: int | None,
    half: str | None,
) -> None:
    """Time expressions: span P/R/F1 (strict and relaxed), type and value accuracy."""
    from eventwire.evaluate import evaluate_timex

    scores = evaluate_timex(
        gold,
        predictions_out=predictions,
        limit=limit,
        half=half,
        region_lines=region_lines,
        settings=_settings(),
    )
    _report(scores, as_json=as_json, gold=gold)


@eval_group.command(name="quotes")
@_common
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.3,
    show_default=True,
    help="Share of the gold content span a prediction must cover to match.",
)
@click.option(
    "--speech-only",
    is_flag=True,
    help="Only speech, belief and according-to cues (no stance verbs such as 'criticized'): "
    "scores an extractor that `eventwire ingest` does not run (it stores both).",
)
def eval_quotes(
    gold: Path,
    predictions: Path | None,
    limit: int | None,
    as_json: bool,
    threshold: float,
    speech_only: bool,
) -> None:
    """Attributions: content-span P/R/F1 (overlap and exact), source and cue accuracy."""
    from eventwire.evaluate import evaluate_quotes

    scores = evaluate_quotes(
        gold,
        predictions_out=predictions,
        limit=limit,
        settings=_settings(),
        threshold=threshold,
        stance=not speech_only,
    )
    _report(scores, as_json=as_json, gold=gold)


@eval_group.command(name="geo")
@_common
@click.option(
    "--given-spans",
    is_flag=True,
    help="Resolve the gold place-name spans only (no recognition): share within 161 km, exact "
    "GeoNames id, mean/median error, AUC.",
)
@click.option(
    "--half",
    type=click.Choice(["dev", "test"]),
    default=None,
    help="Only even (dev) or odd (test) records.",
)
def eval_geo(
    gold: Path,
    predictions: Path | None,
    limit: int | None,
    as_json: bool,
    given_spans: bool,
    half: str | None,
) -> None:
    """Places: resolution of gold spans (--given-spans), or recognition P/R/F1 then resolution."""
    from eventwire.evaluate import evaluate_geo

    scores = evaluate_geo(
        gold,
        given_spans=given_spans,
        predictions_out=predictions,
        limit=limit,
        half=half,
        settings=_settings(),
    )
    _report(scores, as_json=as_json, gold=gold)


@eval_group.command(name="clusters")
@_common
def eval_clusters(gold: Path, predictions: Path | None, limit: int | None, as_json: bool) -> None:
    """Stories: B-cubed and pairwise P/R/F1 of the online clustering against gold clusters, and
    the share of hard-negative pairs (same topic, different cluster) put in one story.

    --predictions writes the gold records with `cluster` set to the predicted story id.
    """
    from eventwire.evaluate import evaluate_clusters

    scores = evaluate_clusters(gold, predictions_out=predictions, limit=limit)
    _report(scores, as_json=as_json, gold=gold)


def _default_corpus() -> Path | None:
    for root in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = root / "samples" / "corpus"
        if candidate.is_dir():
            return candidate
    return None


@eval_group.command(name="copies")
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Source texts: JSON Lines with `id` and `text` (a clusters gold file will do).",
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Source texts from anything `eventwire ingest` reads (English articles) "
    "[default without --gold: samples/corpus].",
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every generated copy sentence with its edit, true source and predicted donors.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Use only the first N texts."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the edits.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_checked
def eval_copies(
    gold: Path | None,
    corpus: Path | None,
    predictions: Path | None,
    limit: int | None,
    seed: int,
    as_json: bool,
) -> None:
    """Copied-sentence detection on a syndication set generated from source texts.

    Every second text is indexed; each gets a copy whose sentences carry one light edit each
    (alias swapped such as Daesh -> ISIS or U.S. -> USA, punctuation, a word added or dropped,
    or none), shuffled and mixed with sentences of the other texts (negatives). Reports precision
    and recall of the copied-sentence decisions (a copy traced to the wrong source counts
    against both) and recall per edit type. Sources: --gold, else --corpus, else samples/corpus.
    """
    from eventwire.evaluate import evaluate_copies, read_corpus

    if gold is not None:
        scores = evaluate_copies(gold, limit=limit, seed=seed, predictions_out=predictions)
        _report(scores, as_json=as_json, gold=gold)
        return
    source = corpus or _default_corpus()
    if source is None:
        raise click.UsageError("no samples/corpus here: give --gold FILE or --corpus PATH")
    texts = read_corpus([str(source)], settings=_settings())
    scores = evaluate_copies(articles=texts, limit=limit, seed=seed, predictions_out=predictions)
    _report(scores, as_json=as_json, gold=source)


def _model_file(flag: str, dest: str, what: str, trainer: str) -> Callable[[F], F]:
    """An option naming a model file written by ``eventwire train TRAINER``."""
    return click.option(
        flag,
        dest,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help=f"{what} written by `eventwire train {trainer}` (default: the packaged one).",
    )


@eval_group.command(name="events")
@_common
@click.option(
    "--rules-only",
    is_flag=True,
    help="muc4: the rules' incident types, without the learned incident model.",
)
@_model_file("--incident-model", "incident_path", "muc4: a model", "incidents")
def eval_events(
    gold: Path,
    predictions: Path | None,
    limit: int | None,
    as_json: bool,
    rules_only: bool,
    incident_path: Path | None,
) -> None:
    """Event types: per-label P/R/F1, macro and micro, on any taxonomy of the events format
    (PLOVER, ACLED at event-type and sub-event-type level, police, protest, MUC-4)."""
    from eventwire.evaluate import evaluate_events
    from eventwire.events.incidents import IncidentModel

    scores = evaluate_events(
        gold,
        predictions_out=predictions,
        limit=limit,
        settings=_settings(),
        incident_model=IncidentModel.load(incident_path) if incident_path else None,
        rules_only=rules_only,
    )
    _report(scores, as_json=as_json, gold=gold)


@eval_group.command(name="coref")
@_common
@click.option(
    "--given-mentions",
    is_flag=True,
    help="Take the gold event mention spans as input and score only the linking.",
)
@click.option(
    "--linker",
    type=click.Choice(["model", "lemma"]),
    default="model",
    show_default=True,
    help="The learned lexical linker, or the same-lemma-in-one-story baseline.",
)
@_model_file("--model", "model_path", "A model", "coref")
def eval_coref(
    gold: Path,
    predictions: Path | None,
    limit: int | None,
    as_json: bool,
    given_mentions: bool,
    linker: str,
    model_path: Path | None,
) -> None:
    """Cross-document event coreference: MUC, B-cubed, CEAF-e and CoNLL F1 over the whole file
    (event mentions, singletons included), mention detection, and the document grouping's
    B-cubed against the gold `cluster`."""
    from eventwire.evaluate.coref import evaluate_coref
    from eventwire.fusion.model import PairModel

    scores = evaluate_coref(
        gold,
        given_mentions=given_mentions,
        predictions_out=predictions,
        limit=limit,
        settings=_settings(),
        linker=linker,
        model=PairModel.load(model_path) if model_path else None,
    )
    _report(scores, as_json=as_json, gold=gold)


@eval_group.command(name="fusion")
@click.option(
    "--expected",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The events a reader counts in the corpus (samples/events-expected.json).",
)
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The corpus manifest tying article labels to URLs (samples/manifest.json).",
)
@click.option("--db", type=click.Path(dir_okay=False), required=True, help="The ingested store.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_checked
def eval_fusion(expected: Path, manifest: Path, db: str, as_json: bool) -> None:
    """The events of a store (ingest the corpus first) against the events a reader wrote down
    for it: events found whole, article recall and purity, independent sources, earliest
    report, date, conflicting-figures flags, and the mention-to-event ratio."""
    from eventwire.evaluate.fusion import evaluate_fusion
    from eventwire.store import Store

    with Store(db, read_only=True) as store:
        scores = evaluate_fusion(store, expected, manifest)
    if as_json:
        click.echo(json.dumps(scores, indent=2, ensure_ascii=False))
        return
    by_event = scores.pop("by_event")
    _report(scores, as_json=False, gold=expected)
    for x in by_event:
        if x["matched"] is None:
            click.echo(f"  {x['id']}: no event of its type")
            continue
        optional = " (optional, not scored)" if x["optional"] else ""
        click.echo(
            f"  {x['id']}: {x['matched']} articles {x['articles_found']}/{x['articles_expected']}"
            f" (+{x['articles_other']}), sources {x['sources']}/{x['sources_expected']}"
            f"{'' if x['earliest'] in (True, None) else ', earliest differs'}"
            f"{'' if x['date'] else ', date differs'}"
            f"{'' if x['conflict_flag'] else ', conflict flag differs'}{optional}"
        )


#: The options the train commands share.
_MODEL_OUT = click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the model (JSON).",
)
_TRAIN_LIMIT = click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Train on the first N records."
)
_REPORT_JSON = click.option(
    "--json", "as_json", is_flag=True, help="Print the training report as JSON."
)


@click.group(name="train")
def train_group() -> None:
    """Learn a model the project ships from gold data (formats in shared/data/FORMATS.md)."""


@train_group.command(name="coref")
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="A coref gold file whose documents carry a topic and a cluster (ECB+ train).",
)
@_MODEL_OUT
@_TRAIN_LIMIT
@_REPORT_JSON
@report_errors
def train_coref_command(gold: Path, out: Path, limit: int | None, as_json: bool) -> None:
    """The lexical event linker (eventwire.fusion.lexical): lemma-pair counts, logistic
    regression weights and the link threshold, chosen by cross-validation over topics."""
    from eventwire.evaluate.coref import train_coref

    check_output(out)
    report = train_coref(gold, out, limit=limit, settings=_settings())
    _report(report, as_json=as_json, gold=gold)


@train_group.command(name="subevents")
@click.option(
    "--gold",
    "gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    multiple=True,
    help="An events gold file of acled records (CASE 2021 codes); repeat for several.",
)
@_MODEL_OUT
@_REPORT_JSON
@report_errors
def train_subevents_command(gold: tuple[Path, ...], out: Path, as_json: bool) -> None:
    """The ACLED sub-event model (eventwire.events.retype): a logistic regression over each
    main mention's sentence and coding, and its override threshold, chosen by cross-validation."""
    from eventwire.evaluate.events import train_subevents

    check_output(out)
    report = train_subevents(list(gold), out, settings=_settings())
    _report(report, as_json=as_json, gold=gold[0])


@train_group.command(name="incidents")
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="An events gold file of muc4 records (the MUC-4 development corpus).",
)
@_MODEL_OUT
@_TRAIN_LIMIT
@_REPORT_JSON
@report_errors
def train_incidents_command(gold: Path, out: Path, limit: int | None, as_json: bool) -> None:
    """The MUC-4 incident model (eventwire.events.incidents): a logistic regression per
    incident type over each message's rules and words, its thresholds chosen by
    cross-validation."""
    from eventwire.evaluate.events import train_incidents

    check_output(out)
    report = train_incidents(gold, out, limit=limit, settings=_settings())
    _report(report, as_json=as_json, gold=gold)
