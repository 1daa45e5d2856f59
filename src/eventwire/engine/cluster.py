"""The Dask engine: planned articles parsed and annotated on the workers of a Dask cluster.

The run sends the articles that need parsing in partitions (``engine.partition_size`` articles
each) to the cluster, at most ``engine.in_flight`` partitions per worker at a time so that memory
stays bounded, and takes the results back in the order the articles came: the store receives the
same batches, in the same order, as with the local engine, so the two give the same store.

Each worker loads the spaCy pipeline and the gazetteer once (the caches of
:func:`eventwire.nlp.load_nlp` and of the places package live per process) and runs spaCy in its
own process (``nlp.n_process`` is 1 on a worker). A worker that dies has its partitions run again
on another (``retries``); the scheduler, not this module, decides where each partition runs.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from eventwire.errors import ConfigError
from eventwire.pipeline import ArticleProcessor, LocalEngine
from eventwire.records import Annotations, Article
from eventwire.settings import Settings

__all__ = ["DaskEngine", "annotate_partition", "open_engine"]

log = logging.getLogger(__name__)

C = TypeVar("C")

#: How many times a partition is run again when the worker running it dies.
RETRIES = 3


def annotate_partition(processor: ArticleProcessor, articles: list[Article]) -> list[Annotations]:
    """The annotations of ``articles``, in order (runs on a worker)."""
    return [processor.annotate(doc, a) for doc, a in processor.parse((a.text, a) for a in articles)]


class DaskEngine:
    """Annotations made on the workers of a connected ``distributed.Client``."""

    def __init__(self, client: Any, *, partition_size: int = 16, in_flight: int = 2) -> None:
        self.client = client
        self.partition_size = partition_size
        self.in_flight = in_flight
        self.partitions = 0  # partitions sent to the cluster

    @property
    def description(self) -> str:
        """The cluster in words: its workers and where its dashboard is."""
        n = self._workers()
        return f"dask: {n} worker{'s' if n != 1 else ''}, dashboard {self.client.dashboard_link}"

    def _workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def annotated(
        self, processor: ArticleProcessor, work: Iterable[tuple[Article | None, C]]
    ) -> Iterator[tuple[Annotations | None, C]]:
        if not processor.parses:
            yield from LocalEngine().annotated(processor, work)
            return
        remote = ArticleProcessor(
            processor.pipeline, processor.settings.replace(nlp={"n_process": 1})
        )
        [shared] = self.client.scatter([remote], broadcast=True, hash=False)
        pending: deque[tuple[list[tuple[Article | None, C]], Any]] = deque()
        most = self.in_flight * self._workers()

        def submit(chunk: list[tuple[Article | None, C]]) -> None:
            articles = [a for a, _ in chunk if a is not None]
            future = None
            if articles:
                future = self.client.submit(
                    annotate_partition, shared, articles, retries=RETRIES, pure=False
                )
                self.partitions += 1
            pending.append((chunk, future))

        def oldest() -> Iterator[tuple[Annotations | None, C]]:
            chunk, future = pending.popleft()
            results = iter(future.result() if future is not None else ())
            for article, ctx in chunk:
                yield (next(results) if article is not None else None), ctx

        chunk: list[tuple[Article | None, C]] = []
        to_parse = 0
        for article, ctx in work:
            chunk.append((article, ctx))
            to_parse += article is not None
            # a partition closes at its size in articles to parse, or when many entries that
            # need no parse (rejections, metadata updates) wait behind it
            if to_parse >= self.partition_size or len(chunk) >= 4 * self.partition_size:
                submit(chunk)
                chunk, to_parse = [], 0
                while len(pending) > most:
                    yield from oldest()
        if chunk:
            submit(chunk)
        while pending:
            yield from oldest()


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
