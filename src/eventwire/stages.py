"""Stage registry: every pipeline stage under a versioned name, with its contract.

A stage declares what it ``requires`` (fields an earlier stage must have assigned) and what it
``assigns``, so :func:`check_pipeline` can refuse an impossible pipeline before anything runs,
naming the stage that is missing or misplaced. The built-in stages are declared in the table
below, in the order of the default pipeline; each names the function that does the work as
``"module:function"``, imported the first time the stage runs, so reading the registry loads no
spaCy, DuckDB or gazetteer. Stage functions are plain module-level functions: a pipeline is
picklable (its stages travel as names) and runs the same in ``n_process`` workers and on a Dask
cluster.

The kinds of stage, in the order a pipeline runs them, and the call each kind's function takes:

========== ============================================================================
``read``    ``func(sources, *, settings, fetch, client, stdin)`` -> raw documents and rejections
``document`` ``func(stream, *, settings)`` -> articles and rejections (normalisation)
``parse``   ``func(items, *, settings)`` -> ``(spaCy Doc, context)`` pairs, order kept
``extract`` ``func(doc, article, found)`` -> the :class:`~eventwire.records.Claims` it adds
``store``   ``func(store, *, settings, rebuild)`` -> a summary; a pass over the stored articles
========== ============================================================================

Contract fields are dotted names: ``raw.*`` (what a reader found), ``article.*`` (a normalised
article), ``doc.*`` (spaCy annotations), ``claims.*``/``flags.*`` (extracted claims) and the
store-wide results (``provenance.*``, ``stories``).
"""

from __future__ import annotations

import functools
import importlib
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from eventwire.errors import ConfigError

if TYPE_CHECKING:
    from eventwire.settings import Settings

__all__ = [
    "InlineTasks",
    "InlineWorkers",
    "Pipeline",
    "StageKind",
    "StageSpec",
    "Tasks",
    "Workers",
    "WorkersOnly",
    "check_pipeline",
    "get_stage",
    "list_stages",
    "ordered_results",
    "register_stage",
]

F = TypeVar("F", bound=Callable[..., Any])
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


class StageKind(StrEnum):
    """What a stage works on; a pipeline runs the kinds in this order."""

    READ = "read"
    DOCUMENT = "document"
    PARSE = "parse"
    EXTRACT = "extract"
    STORE = "store"


_KIND_ORDER = {kind: rank for rank, kind in enumerate(StageKind)}


@dataclass(frozen=True, kw_only=True, slots=True)
class StageSpec:
    """A registered stage: its versioned name, kind, contract and the function behind it."""

    name: str
    version: int
    kind: StageKind
    target: str  # "package.module:function"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    description: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def load(self) -> Callable[..., Any]:
        """The stage's function, imported on first use."""
        return _resolve(self.key, self.target)


@functools.cache
def _resolve(key: str, target: str) -> Callable[..., Any]:
    module, _, attr = target.partition(":")
    try:
        func = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"stage {key}: cannot load {target}: {e}") from e
    if not callable(func):
        raise ConfigError(f"stage {key}: {target} is not callable")
    return func  # type: ignore[no-any-return]


_REGISTRY: dict[str, StageSpec] = {}


def _add(spec: StageSpec) -> None:
    existing = _REGISTRY.get(spec.key)
    if existing is not None and existing.target != spec.target:
        raise ConfigError(f"stage {spec.key} is already registered ({existing.target})")
    _REGISTRY[spec.key] = spec


def register_stage(
    name: str,
    *,
    version: int,
    kind: StageKind | str,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    description: str = "",
) -> Callable[[F], F]:
    """Register a module-level function as stage ``name@version``; used as a decorator.

    The function must take the call of its ``kind`` (see the module docstring) and be importable
    by its module and name, so that a pipeline can be pickled and run in other processes.
    """

    def decorate(func: F) -> F:
        if "<" in func.__qualname__:
            raise ConfigError(
                f"stage {name}@{version}: {func.__qualname__} is not a module-level function"
            )
        _add(
            StageSpec(
                name=name,
                version=version,
                kind=StageKind(kind),
                target=f"{func.__module__}:{func.__qualname__}",
                requires=tuple(requires),
                assigns=tuple(assigns),
                description=description or (func.__doc__ or "").strip().split("\n")[0],
            )
        )
        return func

    return decorate


def get_stage(name: str) -> StageSpec:
    """A stage by ``name@version``, or by bare ``name`` for its newest version."""
    if "@" in name:
        if name not in _REGISTRY:
            raise ConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(_REGISTRY))}")
        return _REGISTRY[name]
    versions = [s for s in _REGISTRY.values() if s.name == name]
    if not versions:
        raise ConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return max(versions, key=lambda s: s.version)


def list_stages() -> list[StageSpec]:
    """Every registered stage, by name and version."""
    return sorted(_REGISTRY.values(), key=lambda s: (s.name, s.version))


def _providers(field: str) -> list[str]:
    return [s.key for s in list_stages() if field in s.assigns]


def check_pipeline(names: Iterable[str]) -> list[StageSpec]:
    """Resolve stage names and check the pipeline can run: one ``read`` and one ``document``
    stage, the kinds in their order, no stage twice, a parse stage before any extract stage,
    and every stage's requirements assigned by a stage before it. A refusal names the stage and
    the stage it needs."""
    specs = [get_stage(name) for name in names]
    seen: dict[str, StageSpec] = {}
    for spec in specs:
        if spec.name in seen:
            raise ConfigError(f"stage {spec.name!r} appears twice in the pipeline")
        seen[spec.name] = spec
    for earlier, later in itertools.pairwise(specs):
        if _KIND_ORDER[later.kind] < _KIND_ORDER[earlier.kind]:
            raise ConfigError(
                f"stage {later.key} ({later.kind.value}) cannot run after "
                f"{earlier.key} ({earlier.kind.value}): kinds run in the order "
                f"{', '.join(k.value for k in StageKind)}"
            )
    if any(s.kind is StageKind.EXTRACT for s in specs) and not any(
        s.kind is StageKind.PARSE for s in specs
    ):
        first = next(s for s in specs if s.kind is StageKind.EXTRACT)
        parsers = " or ".join(s.key for s in list_stages() if s.kind is StageKind.PARSE)
        raise ConfigError(
            f"stage {first.key} extracts from a parsed article, and the pipeline has no parse "
            f"stage: add {parsers} before it"
        )
    position = {spec.key: i for i, spec in enumerate(specs)}
    available: set[str] = set()
    for spec in specs:
        for field in spec.requires:
            if field in available:
                continue
            providers = _providers(field)
            if not providers:
                raise ConfigError(
                    f"stage {spec.key} requires {field}, which no registered stage assigns"
                )
            present = [p for p in providers if p in position]
            if present:
                raise ConfigError(
                    f"stage {spec.key} requires {field}, assigned by stage {present[0]}, "
                    f"which runs after it: put {present[0]} before {spec.key}"
                )
            raise ConfigError(
                f"stage {spec.key} requires {field}, assigned by stage "
                f"{' or '.join(providers)}, which the pipeline lacks: add it before {spec.key}"
            )
        available.update(spec.assigns)
    for kind in (StageKind.READ, StageKind.DOCUMENT):
        count = sum(1 for s in specs if s.kind is kind)
        if count != 1:
            known = ", ".join(s.key for s in list_stages() if s.kind is kind)
            raise ConfigError(
                f"a pipeline needs exactly one {kind.value} stage ({known}); it has {count}"
            )
    return specs


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A checked list of stages. Picklable: its stages are specs (names and import paths)."""

    stages: tuple[StageSpec, ...]

    @classmethod
    def of(cls, names: Sequence[str]) -> Pipeline:
        """The pipeline of ``names`` (``name`` or ``name@version``), checked."""
        return cls(tuple(check_pipeline(names)))

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        """The pipeline named by the ``pipeline.stages`` setting, checked."""
        return cls.of(settings.pipeline.stages)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.stages)

    def of_kind(self, kind: StageKind) -> tuple[StageSpec, ...]:
        """The stages of one kind, in pipeline order."""
        return tuple(s for s in self.stages if s.kind is kind)

    def one(self, kind: StageKind) -> StageSpec | None:
        """The stage of a kind that occurs at most once (read, document, parse)."""
        found = self.of_kind(kind)
        return found[0] if found else None

    def upto(self, name: str) -> Pipeline:
        """Stage ``name`` and the stages before it that it needs, directly or through another
        (by their contracts): the per-article pipeline that scoring ``name`` runs."""
        target = get_stage(name).name
        names = [s.name for s in self.stages]
        if target not in names:
            raise ConfigError(f"stage {name!r} is not in the pipeline {', '.join(self.names)}")
        at = names.index(target)
        wanted = set(self.stages[at].requires)
        parse = self.one(StageKind.PARSE)
        if self.stages[at].kind is StageKind.EXTRACT and parse is not None:
            wanted |= set(parse.assigns)  # an extract stage takes a parsed article
        kept = [self.stages[at]]
        for spec in reversed(self.stages[:at]):
            if wanted & set(spec.assigns):
                kept.append(spec)
                wanted |= set(spec.requires)
        return Pipeline.of([s.key for s in reversed(kept)])

    def without(self, kind: StageKind) -> Pipeline:
        """This pipeline minus the stages of ``kind`` (checked again)."""
        return Pipeline.of([s.key for s in self.stages if s.kind is not kind])


# --------------------------------------------------------------------------- built-in stages
# In the order of the default pipeline. Changing what a stage produces for the same input means
# registering a new version.

_BUILTIN = (
    StageSpec(
        name="ingest",
        version=1,
        kind=StageKind.READ,
        target="eventwire.ingest:read_sources",
        assigns=("raw.text", "raw.metadata"),
        description="Read files, folders, HTML, JSONL, RSS/Atom, WARC, URLs and stdin",
    ),
    StageSpec(
        name="normalise",
        version=1,
        kind=StageKind.DOCUMENT,
        target="eventwire.normalise:normalise",
        requires=("raw.text", "raw.metadata"),
        assigns=(
            "article.text",
            "article.id",
            "article.published",
            "article.language",
            "article.dateline",
        ),
        description="Clean text, strip boilerplate, parse datelines, canonical URL, id, language",
    ),
    StageSpec(
        name="nlp",
        version=1,
        kind=StageKind.PARSE,
        target="eventwire.nlp:parse_stream",
        requires=("article.text", "article.language"),
        assigns=("doc.sentences", "doc.entities", "doc.parse"),
        description="spaCy sentences, named entities and dependency parse (nlp.model)",
    ),
    StageSpec(
        name="times",
        version=1,
        kind=StageKind.EXTRACT,
        target="eventwire.extract:extract_times_stage",
        requires=("article.text", "article.published"),
        assigns=("claims.times",),
        description="Time expressions normalised against the publication date (Duckling + rules)",
    ),
    StageSpec(
        name="figures",
        version=1,
        kind=StageKind.EXTRACT,
        target="eventwire.extract:extract_figures_stage",
        requires=("doc.sentences", "doc.parse"),
        assigns=("claims.figures",),
        description="Killed, injured, displaced, arrested, kidnapped, missing and other figures",
    ),
    StageSpec(
        name="quotes",
        version=1,
        kind=StageKind.EXTRACT,
        target="eventwire.extract:extract_quotes_stage",
        requires=("doc.sentences", "doc.parse", "doc.entities"),
        assigns=("claims.quotes", "flags.quotes"),
        description="Attributions (who said what) with speakers resolved or flagged",
    ),
    StageSpec(
        name="places",
        version=1,
        kind=StageKind.EXTRACT,
        target="eventwire.extract:extract_places_stage",
        requires=("doc.entities", "article.dateline"),
        assigns=("claims.places",),
        description="Place mentions resolved against the gazetteer, with precision and confidence",
    ),
    StageSpec(
        name="events",
        version=1,
        kind=StageKind.EXTRACT,
        target="eventwire.extract:extract_events_stage",
        requires=(
            "doc.sentences",
            "doc.parse",
            "article.published",
            "claims.times",
            "claims.figures",
            "claims.places",
            "claims.quotes",
        ),
        assigns=("claims.events",),
        description="Event mentions: PLOVER and ACLED types, actors, place, date, figures",
    ),
    StageSpec(
        name="provenance",
        version=1,
        kind=StageKind.STORE,
        target="eventwire.provenance.run:run_provenance",
        requires=("article.text", "article.published", "article.language", "doc.sentences"),
        assigns=("provenance.donors", "provenance.relations", "flags.provenance"),
        description="Copied sentences traced to their donors; copy, rewrite, patchwork relations",
    ),
    StageSpec(
        name="stories",
        version=1,
        kind=StageKind.STORE,
        target="eventwire.stories:run_stories",
        requires=("article.text", "article.published", "provenance.relations"),
        assigns=("stories",),
        description="Articles clustered into stories, with their independent sources",
    ),
    StageSpec(
        name="fusion",
        version=1,
        kind=StageKind.STORE,
        target="eventwire.fusion.run:run_fusion",
        requires=("claims.events", "provenance.donors", "provenance.relations", "stories"),
        assigns=("events",),
        description="Event mentions fused into events: sources, evidence, figures side by side",
    ),
)

for _spec in _BUILTIN:
    _add(_spec)


# --------------------------------------------------------------------------- workers
# What a store stage is handed for the part of its work that needs one article at a time: the
# protocol and the in-process case here, the process pool in eventwire.workers, the Dask
# cluster in eventwire.engine.


@runtime_checkable
class Workers(Protocol):
    """Where a store stage sends the part of its work that needs one article at a time
    (:mod:`eventwire.provenance.prepare`): here, the ``nlp.n_process`` pool or a Dask cluster."""

    def map_ordered(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]
    ) -> Iterator[tuple[T, R]]:
        """``(item, fn(shared, item))`` for each item, in order; ``shared`` is sent once to each
        worker, and only a bounded number of items is out at a time."""
        ...


class InlineWorkers:
    """The work done here, one item at a time, when asked for."""

    def map_ordered(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]
    ) -> Iterator[tuple[T, R]]:
        for item in items:
            yield item, fn(shared, item)


@runtime_checkable
class Tasks(Protocol):
    """A graph of tasks: each ``submit`` gives a handle at once, and a handle can be an argument
    of later tasks, which then run where their inputs are, without the inputs coming back here
    (a Dask cluster: :class:`eventwire.engine.cluster.DaskEngine`). A store stage built as a
    join (:mod:`eventwire.provenance.join`) runs on it."""

    @property
    def width(self) -> int:
        """How many tasks run at once (the workers)."""
        ...

    def submit(self, fn: Callable[..., R], *args: Any) -> Any:
        """A handle on ``fn(*args)``, where handles among ``args`` stand for their results."""
        ...

    def result(self, handle: Any) -> Any:
        """What the task of ``handle`` returned, brought here."""
        ...


class InlineTasks:
    """:class:`Tasks` run here, each when submitted: the handle is the result."""

    width = 1

    def submit(self, fn: Callable[..., R], *args: Any) -> R:
        return fn(*args)

    def result(self, handle: R) -> R:
        return handle


class WorkersOnly:
    """Workers that are also :class:`Tasks` (a Dask engine), seen as :class:`Workers` only, so
    that a store stage sends them its per-article work and does the rest here."""

    def __init__(self, workers: Workers) -> None:
        self.workers = workers

    def map_ordered(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]
    ) -> Iterator[tuple[T, R]]:
        return self.workers.map_ordered(fn, shared, items)


def ordered_results(
    items: Iterable[T],
    submit: Callable[[T], Any],
    *,
    most: int,
    result: Callable[[Any], R] = lambda future: future.result(),
) -> Iterator[tuple[T, R]]:
    """``(item, result)`` for each item in order, each submitted as one task, at most ``most``
    out at a time."""
    pending: deque[tuple[T, Any]] = deque()
    for item in items:
        pending.append((item, submit(item)))
        while len(pending) > most:
            first, future = pending.popleft()
            yield first, result(future)
    while pending:
        first, future = pending.popleft()
        yield first, result(future)
