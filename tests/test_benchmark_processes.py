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


# Prints how much of what was written the kernel still holds, unwritten.
PRINT_DIRTY = """
for line in open("/proc/meminfo", encoding="ascii"):
    if line.startswith("Dirty:"):
        print(int(line.split()[1]) * 1024)
"""


def test_what_a_command_wrote_reaches_the_disk_before_the_next_is_timed(
    tmp_path: Path,
) -> None:
    # The tests run one at a time: nothing else writes 64 MB meanwhile. Without the
    # sync, the 64 MB would still be dirty when the next command starts.
    (tmp_path / "sortie.bin").write_bytes(bytes(64 * MB))
    log = tmp_path / "log"
    run_measured([sys.executable, "-c", PRINT_DIRTY], tmp_path, log)
    assert int(log.read_text(encoding="ascii")) < 32 * MB
