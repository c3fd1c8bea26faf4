"""The benchmark's measure of a command: time, largest process, and all its processes
together (a build with workers and Pagefind beside it is not one process)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.processes import BenchmarkError, run_measured, tree_pss

MB = 1_000_000

# A parent that holds 150 MB and starts a child holding 200 MB, both for a second.
TWO_PROCESSES = """
import subprocess, sys, time
held = bytearray(150 * 1000 * 1000)
child = subprocess.Popen([sys.executable, "-c",
    "import time; b = bytearray(200 * 1000 * 1000); time.sleep(1.5)"])
time.sleep(1.5)
child.wait()
"""


def test_all_the_processes_of_a_command_are_added_up(tmp_path: Path) -> None:
    run = run_measured([sys.executable, "-c", TWO_PROCESSES], tmp_path, tmp_path / "log")
    assert 200 * MB <= run.peak_rss < 300 * MB  # the largest process alone
    assert run.peak_total >= 340 * MB  # both together
    assert run.seconds >= 1.5


def test_a_failing_command_says_what_it_printed(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "print('en panne'); raise SystemExit(3)"]
    with pytest.raises(BenchmarkError, match="en panne"):
        run_measured(command, tmp_path, tmp_path / "log")


def test_the_memory_of_this_process_is_read() -> None:
    import os

    assert tree_pss(os.getpid()) > 10 * MB
    assert tree_pss(2**22 + 7) == 0  # no such process


def _dirty_bytes() -> int:
    for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
        if line.startswith("Dirty:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no Dirty: line in /proc/meminfo")


def test_what_a_command_wrote_reaches_the_disk_before_the_next_is_timed(
    tmp_path: Path,
) -> None:
    # The tests run one at a time: nothing else writes 64 MB meanwhile.
    from benchmarks.processes import settle_disk

    written = tmp_path / "sortie.bin"
    written.write_bytes(bytes(64 * MB))
    settle_disk()
    assert _dirty_bytes() < 32 * MB
