"""`python build.py serve`: serve the site on localhost, update it and reload the browser
when content, templates, assets or the configuration change, or when the day changes.

The site is kept in memory (agenda/live_site.py): an update reads again only the files
that changed and renders nothing; each page is made when the browser asks for it.

Two threads, two jobs. The web server (agenda/devserver.py) runs on a daemon thread and
answers every request at once from the last good site. Every update runs on the main
thread, one at a time: Python delivers Ctrl+C (and SIGTERM, turned into an exit here) to
the main thread only, so an update stops at once.

Changes are told by the system (agenda/watch.py). A burst of changes (a `git checkout`
touching hundreds of files, an editor saving several files) ends in one update: the
loop waits until nothing has changed for QUIET_SECONDS. Changes made during an update
are seen by the next look and end in exactly one more update, after the same calm.

`today` is read again at each update (unless `--today` fixes it), and the loop updates
just after midnight in Paris, so a server started on 31 December lists 1 January's
upcoming events the next morning.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import NoReturn, Protocol

from agenda.config import load_config
from agenda.dates import add_days, french_date, paris_today, start_of_day
from agenda.devserver import Answer, LocalServer, read_answer
from agenda.errors import ContentError, format_text
from agenda.live_site import LiveSite
from agenda.watch import ChangeWatcher

# Rebuild once nothing has changed for this long: an editor's save or a `git checkout`
# comes as events milliseconds apart.
QUIET_SECONDS = 0.15
POLL_SECONDS = 0.05  # how often the changes (and the clock) are looked at


class Rebuilder(Protocol):
    """Rebuilds the site for `today`; True when the new site is published. On an error it
    says what is wrong and leaves the last good site in place. `answer` is what the local
    server answers for a URL path, from the last good site.

    The seam for another builder: anything with this shape can replace `make_rebuilder`'s.
    """

    def __call__(self, today: date) -> bool: ...

    def answer(self, url_path: str) -> Answer | None: ...


class RebuilderFactory(Protocol):
    """Makes the Rebuilder of a site folder, with links to `base_url`; `out_dir` is the
    folder `build` writes, whose search index the server shows."""

    def __call__(self, root: Path, out_dir: Path, base_url: str) -> Rebuilder: ...


@dataclass
class LiveRebuilder:
    """Updates the site `serve` holds in memory (agenda/live_site.py): an update reads
    again only the files that changed and renders nothing; each page is made when the
    browser asks for it. On error it prints the problems and keeps the last good site."""

    site: LiveSite

    def __call__(self, today: date) -> bool:
        started = time.perf_counter()
        try:
            update = self.site.update(today)
        except ContentError as exc:
            print(format_text(exc.problems), file=sys.stderr)
            print("Le site précédent reste en ligne ; corrigez puis enregistrez.", file=sys.stderr)
            return False
        except Exception as exc:  # a bug must not stop the server either
            print(
                f"Erreur interne du générateur : {type(exc).__name__}: {exc}\n"
                "Le site précédent reste en ligne. Signalez-la avec cette sortie.",
                file=sys.stderr,
            )
            return False
        seconds = time.perf_counter() - started
        print(
            f"Site reconstruit : {update.events} événements, {update.reread} fiche(s) relue(s) "
            f"sur {update.files}, en {seconds:.2f} s ; pages faites à la demande "
            f"({self.site.memo.rendered} rendues depuis le lancement).",
            flush=True,
        )
        return True

    def answer(self, url_path: str) -> Answer | None:
        """The answer from the site served now; None until a first update succeeded."""
        return read_answer(self.site.read, url_path) if self.site.ready else None


def make_rebuilder(
    root: Path, out_dir: Path, base_url: str, *, jobs: int = 0, use_cache: bool = True
) -> LiveRebuilder:
    """The rebuilder of `serve`: the site in memory, updated on each change.

    The build cache stays in memory for the life of the server (each file's record,
    VEVENTs, pictures, programmes), on top of `.cache/agenda/` unless `use_cache` is
    False (`--no-cache`); `jobs` is `--jobs`, used when many files must be read again.
    The search index shown is the one in `out_dir`, written by the last `build`.
    """
    from agenda.cache import open_cache

    store = open_cache(root, use_cache, keep_in_memory=True)
    return LiveRebuilder(LiveSite(root, base_url, store, search_folder=out_dir, jobs=jobs))


class Debouncer:
    """Calls `action` once per burst of changes, after QUIET_SECONDS of calm.

    `look()` is called every POLL_SECONDS with the current snapshot; it returns True
    when it ran the action.
    """

    def __init__(
        self,
        take: Callable[[], object],
        action: Callable[[], object],
        quiet: float = QUIET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.take = take
        self.action = action
        self.quiet = quiet
        self.clock = clock
        self.built = take()  # what the last build saw
        self.seen = self.built
        self.changed_at: float | None = None

    def look(self) -> bool:
        current = self.take()
        now = self.clock()
        if current != self.seen:
            self.seen = current
            self.changed_at = now
            return False
        if self.changed_at is None or now - self.changed_at < self.quiet:
            return False
        self.changed_at = None
        if current == self.built:
            return False  # changed, then changed back
        self.built = current
        self.action()
        return True


def next_midnight(now: datetime) -> datetime:
    """The first midnight in Paris after the aware instant `now`.

    Compare it with other aware datetimes, never subtract it from one in Paris time:
    Python subtracts datetimes of the same zone as wall-clock times, which is an hour off
    across a change of summer time.
    """
    return start_of_day(add_days(paris_today(now), 1))


@dataclass(frozen=True)
class Days:
    """Where `today` comes from: fixed by `--today`, or else the clock, read in Paris."""

    fixed: date | None
    clock: Callable[[], datetime]  # an aware "now"

    def read(self) -> tuple[date, datetime | None]:
        """The date a rebuild uses now, and when it next changes (None: never, it is fixed).

        Both come from one reading of the clock, so that they always agree.
        """
        if self.fixed is not None:
            return self.fixed, None
        now = self.clock()
        return paris_today(now), next_midnight(now)

    def has_changed_since(self, moment: datetime | None) -> bool:
        """True once the clock has passed `moment` (a `next_change`)."""
        return moment is not None and self.clock() >= moment


class RebuildLoop:
    """Every rebuild of the site, one at a time, on the thread that calls it.

    `step()` looks once: it rebuilds when the watched files have settled after a change,
    or when the day has changed since the last rebuild started. `on_published` runs
    after each successful rebuild (the server then reloads the browsers).
    """

    def __init__(
        self,
        rebuild: Callable[[date], bool],
        days: Days,
        take: Callable[[], object],
        on_published: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rebuild = rebuild
        self.days = days
        self.on_published = on_published
        self.debouncer = Debouncer(take, self._after_change, clock=clock)
        self.built_for: date | None = None  # the `today` of the last rebuild
        # Checked at every look rather than slept towards: a laptop asleep at midnight
        # wakes up past it, and the loop looks every POLL_SECONDS anyway.
        self.day_changes_at: datetime | None = None

    def build(self) -> bool:
        """Rebuild now for the current date; True when the new site is published."""
        # Read before the rebuild: one that runs past midnight is followed by another.
        today, self.day_changes_at = self.days.read()
        published = self.rebuild(today)
        self.built_for = today
        if published:
            self.on_published()
        return published

    def _after_change(self) -> None:
        print("Modification détectée : reconstruction du site…", flush=True)
        self.build()

    def step(self) -> bool:
        """Look once at the files and the clock; True when it rebuilt."""
        if self.debouncer.look():
            return True
        if self.days.has_changed_since(self.day_changes_at):
            today, _ = self.days.read()
            print(f"Nouveau jour, {french_date(today)} : reconstruction du site…", flush=True)
            self.build()
            return True
        return False

    def run(self, check_stop: Callable[[], None]) -> NoReturn:
        """Build, then look every POLL_SECONDS until `check_stop` raises."""
        self.build()
        while True:
            check_stop()
            time.sleep(POLL_SECONDS)
            self.step()


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
REPEAT_SIGNAL_SECONDS = 0.01  # a fork takes milliseconds


# The functions Python runs in this process around each fork (logging's locks, the only
# ones written in Python): an exception raised in them is printed and dropped.
_AT_FORK_CODE = frozenset(
    function.__code__
    for name in ("_acquireLock", "_releaseLock", "_prepareFork", "_afterFork")
    if (function := getattr(logging, name, None)) is not None and hasattr(function, "__code__")
)


class StopSignal:
    """Ctrl+C or SIGTERM, turned into an exception in the main thread, where rebuilds run:
    it unwinds the rebuild under way, and the output writer removes its staging folder
    on the way out. The worker processes of a rebuild (agenda/parallel.py) finish the
    few pages they are rendering; the rest of their work is cancelled.

    A signal that comes while Python forks a worker would raise inside its at-fork
    hooks, where the exception is dropped: it is sent again once the fork is done. The
    signal is also remembered, so that `check` stops the server after the rebuild if
    it was dropped anyway.
    """

    def __init__(self) -> None:
        self.received: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler."""
        self.received = signum
        if frame is not None and frame.f_code in _AT_FORK_CODE:
            main = threading.main_thread().ident
            assert main is not None
            threading.Timer(REPEAT_SIGNAL_SECONDS, signal.pthread_kill, (main, signum)).start()
            return
        self.check()

    def check(self) -> None:
        """Raise KeyboardInterrupt (Ctrl+C) or SystemExit (128 + the signal) once one came."""
        if self.received == signal.SIGINT:
            raise KeyboardInterrupt
        if self.received is not None:
            raise SystemExit(128 + self.received)


def serve(
    root: Path,
    host: str,
    port: int,
    days: Days,
    base_url: str | None,
    output: Path | None,
    make_rebuild: RebuilderFactory = make_rebuilder,
) -> None:
    """Serve the site until interrupted (Ctrl+C or SIGTERM)."""
    config = load_config(root)
    out_dir = (output if output is not None else root / config.output_dir).absolute()
    # Links must point at this local server, whatever base_url the config publishes to.
    local_url = base_url or f"http://{host}:{port}"
    rebuild = make_rebuild(root, out_dir, local_url)
    server = LocalServer(rebuild.answer, host, port)
    server.start()  # before the first build: a port already taken is said at once
    print(f"Site servi sur http://{host}:{port}/ (Ctrl+C pour arrêter).", flush=True)
    if not (out_dir / "pagefind").is_dir():
        print(
            "La recherche du site ne répondra pas : elle utilise l'index de la dernière "
            "construction (« python build.py build »), et il n'y en a pas encore.",
            flush=True,
        )
    watcher = ChangeWatcher(root)
    if not watcher.start():
        print("Le système ne signale pas les modifications : elles sont cherchées.", flush=True)
    loop = RebuildLoop(rebuild, days, lambda: watcher.look(), server.reload_browsers)
    stop = StopSignal()
    previous = {number: signal.signal(number, stop.handle) for number in STOP_SIGNALS}
    try:
        loop.run(stop.check)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        watcher.stop()
        server.stop()
