"""Work spread over the processor's cores: `parallel_map` runs a function on every item
in worker processes and returns the results in order.

Workers are forked from the build process, so they start with everything it already
holds (the catalogue, the templates): only the positions of the items go to a worker,
and only the results (bytes, records) come back. Where `fork` does not exist, where
there is a single core, or for a few items, the map runs in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a pool costs more than it saves (starting a worker takes ~10 ms).
MIN_ITEMS = 64

# The task of the pool being run: set in the parent just before the workers are forked,
# so they inherit it instead of receiving it through a pipe (it holds unpicklable
# things such as the template environment).
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


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
    jobs = jobs or available_cores()
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < MIN_ITEMS or not can_fork:
        results: list[Result] = []
        for item in items:
            results.append(function(item))
            if done is not None:
                done(1)
        return results
    global _task
    _task = (function, items)
    try:
        # Small chunks, several per worker: one slow chunk does not leave a core idle.
        size = max(1, len(items) // (jobs * 8))
        chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            results = []
            for part in pool.map(_run_chunk, chunks):
                results.extend(part)
                if done is not None:
                    done(len(part))
            return results
    finally:
        _task = None


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None, "a worker runs only inside parallel_map"
    function, items = _task
    start, end = bounds
    return [function(items[index]) for index in range(start, end)]
