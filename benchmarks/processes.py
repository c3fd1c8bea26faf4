"""Whole-process measurements for the benchmark runner: wall time and peak memory of a
command, and the time a development server takes to show an edited page."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# The title of the page `build.py serve` answers before its first build is written.
BUILDING = "<title>Construction en cours</title>"
POLL_SECONDS = 0.02  # how often the edited page is fetched while waiting for the new text


class BenchmarkError(Exception):
    """A measured command failed or a server never answered."""


# How often the memory of a measured command's processes is added up.
SAMPLE_SECONDS = 0.25


@dataclass(frozen=True)
class Run:
    """One finished process: wall seconds, the peak resident memory of its largest
    process (ru_maxrss) and the peak of all its processes together, in bytes."""

    seconds: float
    peak_rss: int
    # The sum of the proportional set sizes (PSS: a page shared by n processes counts
    # 1/n in each) of the command and every process it started, sampled: our build
    # runs worker processes and Pagefind beside itself, Hugo is one process.
    peak_total: int = 0


def settle_disk() -> None:
    """Write what the previous command left in the page cache before timing the next.

    A build writes up to 4.7 GB (50,000 events); the kernel flushes it over the next
    seconds, and a command started meanwhile waits on the disk for its own reads and
    writes: `check` at 50,000 events took 30.4 s right after 4.7 GB were written and
    5.4 s after a `sync`. Without this, each measure would include the flush of the
    one before it, in whatever order the scenarios run."""
    os.sync()


def run_measured(
    command: Sequence[str], cwd: Path, log: Path, env: Mapping[str, str] | None = None
) -> Run:
    """Run `command` to its end; time it, read its peak RSS (ru_maxrss) from wait4, and
    sample the memory of all its processes together.

    Output goes to `log`, not to a pipe: a pipe nobody reads would stall a chatty
    child and add its wait to the measure."""
    settle_disk()
    with log.open("wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=_env(env)
        )
        sampler = _TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        peak_total = sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text("utf-8", errors="replace")[-2000:]
        raise BenchmarkError(f"{' '.join(command)} a échoué ({process.returncode}) :\n{tail}")
    # Linux gives ru_maxrss in kibibytes.
    return Run(seconds, usage.ru_maxrss * 1024, peak_total)


class _TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            self.peak = max(self.peak, tree_pss(self.pid))
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stopped.set()
        self.join()
        return self.peak


def tree_pss(pid: int) -> int:
    """The PSS in bytes of `pid` and all its descendants (0 where /proc cannot tell)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # « pid (name) state ppid … »: the name may hold spaces and parentheses.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue  # ended meanwhile, or not ours to read
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
                break
    return total


def _env(extra: Mapping[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra or {})
    return env


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    """The body of `url`, or None while the server does not answer, answers an error, or
    cuts its answer short (Hugo's server does while it rebuilds)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return None


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until `condition()` holds, polling every POLL_SECONDS; BenchmarkError after
    `timeout`."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise BenchmarkError(f"{what} : rien après {timeout:.0f} s")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Stop a server the way a person does (Ctrl-C), then kill it if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def reload_seconds(
    command: Sequence[str],
    cwd: Path,
    log: Path,
    home_url: str,
    page_url: str,
    edit: Callable[[], str],
    env: Mapping[str, str] | None = None,
    startup_timeout: float = 900.0,
    ready: str = "",
) -> float:
    """Start a development server, wait until the page to edit is served as built (not a
    « build in progress » placeholder), then time from `edit()` (which writes a file and
    returns the new text) until `page_url` shows that text."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=_env(env)
        )
        try:

            def built() -> bool:
                if process.poll() is not None:
                    tail = log.read_text("utf-8", errors="replace")[-2000:]
                    raise BenchmarkError(f"le serveur s'est arrêté :\n{tail}")
                # Our server answers every URL with a placeholder until its first build
                # is written: the first build must not count in the edit's delay.
                if ready and ready not in log.read_text("utf-8", errors="replace"):
                    return False
                home, page = fetch(home_url), fetch(page_url)
                return home is not None and page is not None and BUILDING not in page

            wait_until(built, startup_timeout, f"{page_url} n'est pas servie")
            settle_disk()
            started = time.perf_counter()
            token = edit()

            def shows_token() -> bool:
                body = fetch(page_url)
                return body is not None and token in body

            wait_until(shows_token, 300.0, f"{page_url} ne montre pas la modification")
            return time.perf_counter() - started
        finally:
            stop(process)


def folder_bytes(folder: Path) -> int:
    """Sum of the sizes of every file under `folder`."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def html_pages(folder: Path) -> int:
    """Number of HTML files under `folder` (redirect stubs included)."""
    return sum(1 for _ in folder.rglob("*.html"))
