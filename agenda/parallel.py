"""Work spread over the processor's cores: `parallel_map` runs a function on every item
in worker processes and returns the results in order.

Workers are forked from the build process, so they start with everything it already
holds (the catalogue, the templates): only the positions of the items go to a worker,
and only the results (bytes, records) come back. Where `fork` does not exist, where
there is a single core, or for a few items, the map runs in the calling process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a pool costs more than it saves (starting a worker takes ~10 ms).
MIN_ITEMS = 64

# The tasks of the pools being run, by number: set in the parent just before the
# workers are forked, so they inherit them instead of receiving them through a pipe
# (they hold unpicklable things such as the template environment).
_tasks: dict[int, tuple[Callable[[Any], Any], Sequence[Any]]] = {}
_numbers = itertools.count()


def available_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parallel_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int = 0,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """[function(item) for item in items], computed by `jobs` processes (0: one per core).

    `done(count)` is called in this process as results arrive (for a progress bar).
    """
    return list(parallel_iter(function, items, jobs, done))


def parallel_iter(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int = 0,
    done: Callable[[int], None] | None = None,
) -> Iterator[Result]:
    """function(item) for each item, in order, as the workers finish them: the caller
    writes results while the next are made, instead of holding them all."""
    jobs = jobs or available_cores()
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < MIN_ITEMS or not can_fork:
        for item in items:
            yield function(item)
            if done is not None:
                done(1)
        return
    task = next(_numbers)
    _tasks[task] = (function, items)
    try:
        # Small chunks, several per worker: one slow chunk does not leave a core idle.
        size = max(1, len(items) // (jobs * 8))
        chunks = [
            (task, start, min(start + size, len(items))) for start in range(0, len(items), size)
        ]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for part in pool.map(_run_chunk, chunks):
                yield from part
                if done is not None:
                    done(len(part))
    finally:
        del _tasks[task]


def _run_chunk(bounds: tuple[int, int, int]) -> list[Any]:
    task, start, end = bounds
    function, items = _tasks[task]  # inherited from the parent when the worker was forked
    return [function(items[index]) for index in range(start, end)]
