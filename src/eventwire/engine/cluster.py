"""The Dask engine: sources read and planned articles parsed on the workers of a Dask cluster.

The sources are read and normalised on the workers in read units (files grouped, large JSON
Lines files cut at line ends: :mod:`eventwire.engine.reading`), and taken back in order; the
command's process plans them against the store (new, updated, already stored) and writes.

The run sends the articles that need parsing in partitions (``engine.partition_size`` articles
each) to the cluster, at most ``engine.in_flight`` partitions per worker at a time so that memory
stays bounded, and takes the results back in the order the articles came: the store receives the
same batches, in the same order, as with the local engine, so the two give the same store.

Each worker loads the spaCy pipeline and the gazetteer once (the caches of
:func:`eventwire.nlp.load_nlp` and of the places package live per process) and runs spaCy in its
own process (``nlp.n_process`` is 1 on a worker). A worker that dies has its partitions run again
on another (``retries``); the scheduler, not this module, decides where each partition runs.

The store stages then send the part of their work that needs one article at a time to the same
workers (:meth:`DaskEngine.map_ordered`: provenance's fingerprints and headline checks,
:mod:`eventwire.provenance.prepare`), ahead of the sequential part that runs here.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, BinaryIO, TypeVar

import httpx

from eventwire.engine.reading import BUILTIN_READ, DocumentReader, HereSource, ReadUnit, read_units
from eventwire.errors import ConfigError
from eventwire.pipeline import ArticleProcessor, LocalEngine
from eventwire.records import Annotations, Article, Rejection
from eventwire.settings import Settings
from eventwire.stages import Pipeline, StageKind
from eventwire.workers import annotate_partition, ordered_partitions, ordered_results

__all__ = ["DaskEngine", "annotate_partition", "open_engine", "read_unit"]

log = logging.getLogger(__name__)

C = TypeVar("C")
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: How many times a partition is run again when the worker running it dies.
RETRIES = 3


def read_unit(reader: DocumentReader, unit: ReadUnit) -> list[Article | Rejection]:
    """The normalised articles and rejections of one read unit, in order (runs on a worker)."""
    return reader.read(unit)


class DaskEngine:
    """Annotations made on the workers of a connected ``distributed.Client``."""

    def __init__(self, client: Any, *, partition_size: int = 16, in_flight: int = 2) -> None:
        self.client = client
        self.partition_size = partition_size
        self.in_flight = in_flight
        self.partitions = 0  # partitions sent to the cluster
        self.read_tasks = 0  # read units sent to the cluster
        self.store_tasks = 0  # batches of the store stages' per-article work

    @property
    def description(self) -> str:
        """The cluster in words: its workers and where its dashboard is."""
        n = self._workers()
        return f"dask: {n} worker{'s' if n != 1 else ''}, dashboard {self.client.dashboard_link}"

    def _workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def documents(
        self,
        pipeline: Pipeline,
        settings: Settings,
        sources: Sequence[str],
        *,
        fetch: bool = False,
        client: httpx.Client | None = None,
        stdin: BinaryIO | None = None,
    ) -> Iterator[Article | Rejection]:
        """The sources read and normalised on the workers, one task per read unit
        (:mod:`eventwire.engine.reading`), at most ``in_flight`` units per worker out at a time,
        taken back in order; stdin and URLs are read here, in their places."""
        here = LocalEngine()
        if not settings.engine.read_on_workers:
            yield from here.documents(
                pipeline, settings, sources, fetch=fetch, client=client, stdin=stdin
            )
            return
        read = pipeline.one(StageKind.READ)
        split = read is not None and read.target == BUILTIN_READ
        reader = DocumentReader(pipeline, settings, fetch)
        [shared] = self.client.scatter([reader], broadcast=True, hash=False)
        pending: deque[Any] = deque()
        most = self.in_flight * self._workers()

        def oldest() -> Iterator[Article | Rejection]:
            entry = pending.popleft()
            if isinstance(entry, Rejection):
                yield entry
            elif isinstance(entry, HereSource):
                yield from here.documents(
                    pipeline, settings, [entry.source], fetch=fetch, client=client, stdin=stdin
                )
            else:
                yield from entry.result()

        for entry in read_units(sources, settings, split=split):
            if isinstance(entry, ReadUnit):
                self.read_tasks += 1
                entry = self.client.submit(read_unit, shared, entry, retries=RETRIES, pure=False)
            pending.append(entry)
            while len(pending) > most:
                yield from oldest()
        while pending:
            yield from oldest()

    def annotated(
        self, processor: ArticleProcessor, work: Iterable[tuple[Article | None, C]]
    ) -> Iterator[tuple[Annotations | None, C]]:
        if not processor.parses:
            yield from LocalEngine().annotated(processor, work)
            return
        remote = processor.with_settings(processor.settings.replace(nlp={"n_process": 1}))
        [shared] = self.client.scatter([remote], broadcast=True, hash=False)

        def submit(articles: list[Article]) -> Any:
            self.partitions += 1
            return self.client.submit(
                annotate_partition, shared, articles, retries=RETRIES, pure=False
            )

        yield from ordered_partitions(
            work,
            submit,
            partition_size=self.partition_size,
            most=self.in_flight * self._workers(),
        )

    @property
    def width(self) -> int:
        """The cluster's workers (:class:`eventwire.stages.Tasks`)."""
        return self._workers()

    def submit(self, fn: Callable[..., R], *args: Any) -> Any:
        """A task of a store stage's graph (:class:`eventwire.stages.Tasks`): a future that
        later tasks take as an argument; a task whose worker dies is run again, and a result
        lost with its worker is made again from its inputs."""
        self.store_tasks += 1
        return self.client.submit(fn, *args, retries=RETRIES, pure=False)

    def result(self, handle: Any) -> Any:
        """A task's result, brought here."""
        return handle.result()

    def map_ordered(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]
    ) -> Iterator[tuple[T, R]]:
        """The store stages' per-article work on the cluster (:class:`eventwire.workers.Workers`):
        ``shared`` sent once to every worker, one task per item, at most ``in_flight`` per
        worker out at a time, results in order; a task whose worker dies is run again."""
        [remote] = self.client.scatter([shared], broadcast=True, hash=False)

        def submit(item: T) -> Any:
            self.store_tasks += 1
            return self.client.submit(fn, remote, item, retries=RETRIES, pure=False)

        yield from ordered_results(items, submit, most=self.in_flight * self._workers())


@contextmanager
def open_engine(settings: Settings) -> Iterator[DaskEngine | None]:
    """The engine of the ``engine`` settings, for the length of a run: None for ``local`` (the
    run's default); for ``dask``, a client of the cluster at ``engine.scheduler``, or of a
    ``LocalCluster`` started here (``engine.workers`` processes, or one per CPU core) and shut
    down at the end."""
    e = settings.engine
    if e.name == "local":
        yield None
        return
    if e.name != "dask":  # the settings model allows only these two
        raise ConfigError(f"unknown engine {e.name!r}: local or dask")
    distributed: Any = importlib.import_module("distributed")  # typed loosely upstream

    cluster = None
    if e.scheduler:
        client = distributed.Client(e.scheduler, timeout=e.connect_timeout_s)
    else:
        workers = e.workers or os.cpu_count() or 1
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )
        client = distributed.Client(cluster)
    try:
        engine = DaskEngine(client, partition_size=e.partition_size, in_flight=e.in_flight)
        log.info("%s", engine.description)
        yield engine
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
