"""parallel_map: the same results as a plain loop, in order, errors included."""

from __future__ import annotations

import os

import pytest

from agenda.errors import ContentError, Problem
from agenda.parallel import MIN_ITEMS, parallel_map


def test_results_come_back_in_order_from_several_processes() -> None:
    items = list(range(MIN_ITEMS * 5))
    pids: set[int] = set()

    def square_and_pid(number: int) -> tuple[int, int]:
        return number * number, os.getpid()

    results = parallel_map(square_and_pid, items, jobs=2)
    assert [value for value, _ in results] == [n * n for n in items]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids  # the work was done by the workers


def test_a_few_items_or_one_job_run_in_this_process() -> None:
    assert parallel_map(lambda n: os.getpid(), [1, 2, 3], jobs=2) == [os.getpid()] * 3
    assert set(parallel_map(lambda n: os.getpid(), list(range(200)), jobs=1)) == {os.getpid()}


def test_the_progress_callback_counts_every_item() -> None:
    counted: list[int] = []
    parallel_map(str, list(range(300)), jobs=2, done=counted.append)
    assert sum(counted) == 300


def test_a_content_error_in_a_worker_reaches_the_caller_with_its_problems() -> None:
    problem = Problem("templates/event.html", 4, "", "erreur de gabarit", "Corrigez.")

    def render(number: int) -> int:
        if number == 150:
            raise ContentError([problem])
        return number

    with pytest.raises(ContentError) as raised:
        parallel_map(render, list(range(300)), jobs=2)
    assert raised.value.problems == [problem]
