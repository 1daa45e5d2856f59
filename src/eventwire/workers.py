"""Articles annotated in partitions elsewhere, taken back in order: the shared loop of the
process-pool and Dask engines, and the process pool of ``nlp.n_process``.

:func:`ordered_partitions` cuts the run's stream of ``(article or None, context)`` pairs into
partitions of ``partition_size`` articles to parse, hands each to ``submit`` (which returns a
future: a :class:`concurrent.futures.Future` or a Dask one), keeps at most ``most`` partitions
out at a time so that memory stays bounded, and yields the results in the order the pairs came.
The store therefore receives the same batches in the same order whoever did the work.

:func:`pooled_annotations` is the local engine with ``nlp.n_process`` above 1: that many worker
processes, each loading the spaCy pipeline and the gazetteer once, each running the parse stage
*and* every extract stage on its partitions (spaCy's own ``n_process`` would parse in the
workers and extract here, leaving this process the bottleneck). The workers are started fresh
(``spawn``) when the first partition is sent: a forked copy of a process that has run Duckling
inherits a Haskell runtime that cannot run in it. A worker that dies (killed, out of memory)
stops the run with :class:`~eventwire.errors.WorkerDied` naming it: the batch being made is not
committed, the committed ones are kept, and the same command run again finishes the job.

:class:`~eventwire.stages.Workers` (defined with the stage registry, so that the stages need not
import this module) is what the store stages use for the part of their work that needs one
article at a time (:mod:`eventwire.provenance.prepare`): :class:`InlineWorkers` does it here,
:class:`PoolWorkers` in a pool of fresh processes (``nlp.n_process`` above 1), and the Dask
engine on its cluster (:class:`eventwire.engine.DaskEngine`). Each takes the items in order,
keeps a bounded number out at a time and gives the results back in order, so the stage writes
the same rows whoever did the work.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, Self, TypeVar

from spacy.tokens import Doc

from eventwire.errors import WorkerDied
from eventwire.records import Annotations, Article
from eventwire.settings import Settings
from eventwire.stages import InlineWorkers, Workers, ordered_results

__all__ = [
    "InlineWorkers",
    "PoolWorkers",
    "Workers",
    "annotate_partition",
    "ordered_partitions",
    "ordered_results",
    "pooled_annotations",
]

C = TypeVar("C")
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

Submit = Callable[[list[Article]], Any]


class ArticleProcessor(Protocol):
    """What the workers run: :class:`eventwire.pipeline.ArticleProcessor` (picklable)."""

    @property
    def settings(self) -> Settings: ...

    def parse(self, items: Iterable[tuple[str, Article]]) -> Iterator[tuple[Doc, Article]]: ...

    def annotate(self, doc: Doc, article: Article) -> Annotations: ...

    def with_settings(self, settings: Settings) -> Self: ...


def annotate_partition(processor: ArticleProcessor, articles: list[Article]) -> list[Annotations]:
    """The annotations of ``articles``, in order (runs in a worker process)."""
    return [processor.annotate(doc, a) for doc, a in processor.parse((a.text, a) for a in articles)]


def ordered_partitions(
    work: Iterable[tuple[Article | None, C]],
    submit: Submit,
    *,
    partition_size: int,
    most: int,
    result: Callable[[Any], list[Annotations]] = lambda future: future.result(),
) -> Iterator[tuple[Annotations | None, C]]:
    """For each ``(article, context)`` of ``work`` in order, the article's annotations (None
    when the article is None) with its context; the articles are annotated by ``submit``, a
    partition at a time, at most ``most`` partitions out at once (see the module)."""

    def chunks() -> Iterator[list[tuple[Article | None, C]]]:
        chunk: list[tuple[Article | None, C]] = []
        to_parse = 0
        for article, ctx in work:
            chunk.append((article, ctx))
            to_parse += article is not None
            # a partition closes at its size in articles to parse, or when many entries that
            # need no parse (rejections, metadata updates) wait behind it
            if to_parse >= partition_size or len(chunk) >= 4 * partition_size:
                yield chunk
                chunk, to_parse = [], 0
        if chunk:
            yield chunk

    def send(chunk: list[tuple[Article | None, C]]) -> Any:
        articles = [a for a, _ in chunk if a is not None]
        return submit(articles) if articles else None

    def take(future: Any) -> list[Annotations]:
        return result(future) if future is not None else []

    for chunk, done in ordered_results(chunks(), send, most=most, result=take):
        found = iter(done)
        for article, ctx in chunk:
            yield (next(found) if article is not None else None), ctx


def _death(processes: dict[int, Any], what: str = "a parsing worker") -> str:
    """Which worker died and how, from the pool's processes (the others are being stopped)."""
    ended = [(pid, p.exitcode) for pid, p in processes.items() if p.exitcode not in (None, 0)]
    first = next(
        ((pid, code) for pid, code in ended if code != -signal.SIGTERM),
        ended[0] if ended else None,
    )
    if first is None:
        return f"{what} died"
    pid, code = first
    how = f"signal {-code}" if code < 0 else f"exit code {code}"
    return f"{what} (pid {pid}) died ({how})"


def pooled_annotations(
    processor: ArticleProcessor,
    work: Iterable[tuple[Article | None, C]],
    *,
    workers: int,
    partition_size: int,
    in_flight: int,
) -> Iterator[tuple[Annotations | None, C]]:
    """:func:`ordered_partitions` over a pool of ``workers`` processes (see the module)."""
    remote = processor.with_settings(processor.settings.replace(nlp={"n_process": 1}))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_leave_interrupts_to_the_run,
    )
    processes: dict[int, Any] = {}

    def died() -> WorkerDied:
        processes.update(getattr(pool, "_processes", None) or {})
        for process in processes.values():
            process.join(timeout=5)
        return WorkerDied(
            f"{_death(processes)}; the batches committed before it are kept: run the same "
            "command again to finish"
        )

    def submit(articles: list[Article]) -> Future[list[Annotations]]:
        try:
            future = pool.submit(annotate_partition, remote, articles)
        except BrokenProcessPool:
            raise died() from None
        processes.update(getattr(pool, "_processes", None) or {})
        return future

    def result(future: Future[list[Annotations]]) -> list[Annotations]:
        try:
            return future.result()
        except BrokenProcessPool:
            raise died() from None

    finished = False
    try:
        yield from ordered_partitions(
            work, submit, partition_size=partition_size, most=in_flight * workers, result=result
        )
        finished = True
    finally:
        if not finished:  # stopped (an error, Ctrl-C, a closed generator): no waiting for work
            for process in processes.values():
                if process.is_alive():
                    process.terminate()
        pool.shutdown(wait=finished, cancel_futures=True)


class PoolWorkers:
    """A pool of ``workers`` processes (started fresh, as the parsing pool's) for the store
    stages of a run with ``nlp.n_process`` above 1; use it as a context manager."""

    def __init__(self, workers: int, *, in_flight: int = 2) -> None:
        self.workers = workers
        self.most = max(1, in_flight * workers)
        self.tasks = 0
        self._processes: dict[int, Any] = {}  # every worker started, to say which one died
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_leave_interrupts_to_the_run,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)

    def map_ordered(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T]
    ) -> Iterator[tuple[T, R]]:
        def submit(item: T) -> Future[R]:
            self.tasks += 1
            try:
                future = self._pool.submit(fn, shared, item)
            except BrokenProcessPool:
                raise self._died() from None
            self._processes.update(getattr(self._pool, "_processes", None) or {})
            return future

        def result(future: Future[R]) -> R:
            try:
                return future.result()
            except BrokenProcessPool:
                raise self._died() from None

        yield from ordered_results(items, submit, most=self.most, result=result)

    def _died(self) -> WorkerDied:
        self._processes.update(getattr(self._pool, "_processes", None) or {})
        for process in self._processes.values():
            process.join(timeout=5)
        who = _death(self._processes, "a store-stage worker")
        return WorkerDied(
            f"{who}; the batches committed before it are kept: run the same command again to finish"
        )


def _leave_interrupts_to_the_run() -> None:
    """Workers ignore Ctrl-C: the command's process stops them and says what happened."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
