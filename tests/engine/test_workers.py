"""The partition loop the worker pool and the Dask engine share: order kept, memory bounded."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import WorkerDied
from eventwire.records import Article
from eventwire.workers import InlineWorkers, PoolWorkers, ordered_partitions


def _article(i: int) -> Article:
    return Article(
        id=f"a{i}", content_hash=f"h{i}", text=f"Text {i}.", source="w.jsonl", source_format="jsonl"
    )


@settings(max_examples=60, deadline=None)
@given(
    needs=st.lists(st.booleans(), max_size=80),
    size=st.integers(min_value=1, max_value=9),
    most=st.integers(min_value=1, max_value=4),
)
def test_results_come_back_in_order_with_at_most_most_partitions_out(
    needs: list[bool], size: int, most: int
) -> None:
    work = [(_article(i) if need else None, i) for i, need in enumerate(needs)]
    out = 0
    peak = 0
    lock = threading.Lock()
    sizes: list[int] = []

    def annotate(articles: list[Article]) -> list[Any]:
        time.sleep(0.001 * (len(articles) % 3))  # partitions finish out of order
        return [f"done {a.id}" for a in articles]

    with ThreadPoolExecutor(max_workers=3) as pool:

        def submit(articles: list[Article]) -> Future[list[Any]]:
            nonlocal out, peak
            with lock:
                out += 1
                peak = max(peak, out)
            sizes.append(len(articles))
            return pool.submit(annotate, articles)

        def result(future: Future[list[Any]]) -> list[Any]:
            nonlocal out
            value = future.result()
            with lock:
                out -= 1
            return value

        got = list(ordered_partitions(work, submit, partition_size=size, most=most, result=result))

    assert [ctx for _, ctx in got] == list(range(len(needs)))
    assert [a for a, _ in got] == [f"done a{i}" if need else None for i, need in enumerate(needs)]
    assert all(0 < n <= size for n in sizes)
    assert sum(sizes) == sum(needs)
    assert peak <= most + 1  # the newest partition is sent before the oldest is taken back


def _square_unless_last(limit: int, item: int) -> int:
    """Runs in a pool worker: the square of ``item``; the worker dies at ``limit``."""
    if item == limit:
        os._exit(3)
    return item * item


def test_a_pool_gives_results_in_order_and_names_a_worker_that_died() -> None:
    with PoolWorkers(2, in_flight=2) as pool:
        got = list(pool.map_ordered(_square_unless_last, -1, range(12)))
        assert got == [(i, i * i) for i in range(12)] and pool.tasks == 12
    died = r"store-stage worker .*exit code 3"
    with PoolWorkers(2) as pool, pytest.raises(WorkerDied, match=died):
        list(pool.map_ordered(_square_unless_last, 5, range(12)))
    assert list(InlineWorkers().map_ordered(_square_unless_last, -1, [3, 1])) == [(3, 9), (1, 1)]
