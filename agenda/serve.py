"""`python build.py serve`: build, serve on localhost, rebuild and reload the browser
when content, templates, assets or the configuration change (livereload).

A burst of changes (a `git checkout` touching hundreds of files, an editor saving
several files) ends in one rebuild: the watcher waits until nothing has changed for
QUIET_SECONDS before rebuilding. livereload's own polling is not used for this: it
runs a task once per changed file it notices, one file per 0.8 s poll, which turns a
checkout of 200 files into 200 rebuilds.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from agenda.config import load_config
from agenda.errors import ContentError, format_text

WATCHED = ("content", "templates", "assets", "site_config.yaml")
QUIET_SECONDS = 0.3  # rebuild once nothing has changed for this long
POLL_SECONDS = 0.1  # how often the watched files are looked at


def make_rebuilder(root: Path, today: date, out_dir: Path, base_url: str) -> Callable[[], bool]:
    """A callback that rebuilds the site; on error it prints and keeps the last good site."""
    from agenda.pipeline import build_site

    def rebuild() -> bool:
        try:
            report = build_site(root, today, out_dir, base_url)
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
        for warning in report.warnings:
            print(warning, file=sys.stderr)
        print(f"Site reconstruit : {report.pages} pages en {report.seconds:.1f} s.", flush=True)
        return True

    return rebuild


Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path, names: tuple[str, ...] = WATCHED) -> Snapshot:
    """Every watched file with its modification time and size."""
    found: Snapshot = {}

    def add(path: Path) -> None:
        try:
            stat = path.stat()
        except OSError:
            return  # removed meanwhile: the next look sees it gone
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)

    for name in names:
        top = root / name
        if top.is_file():
            add(top)
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for file in files:
                if not file.startswith(".") and not file.endswith(("~", ".swp")):
                    add(Path(folder, file))
    return found


class Debouncer:
    """Calls `action` once per burst of changes, after QUIET_SECONDS of calm.

    `look()` is called every POLL_SECONDS with the current snapshot; it returns True
    when it ran the action.
    """

    def __init__(
        self,
        take: Callable[[], Snapshot],
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


def make_watcher(debouncer: Debouncer) -> Any:
    """A livereload Watcher that rebuilds through `debouncer` and then reloads browsers.

    livereload calls `start(callback)`; when it returns True, livereload leaves the
    polling to us and `callback` asks `examine()` what to reload.
    """
    from livereload.watcher import Watcher
    from tornado import ioloop

    class DebouncedWatcher(Watcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.reload_pending = False
            self.timer: Any = None

        def start(self, callback: Callable[[], None]) -> bool:
            def tick() -> None:
                if debouncer.look():
                    self.reload_pending = True
                    callback()

            self.timer = ioloop.PeriodicCallback(tick, POLL_SECONDS * 1000)
            self.timer.start()
            return True

        def examine(self) -> tuple[str | None, float | None]:
            if self._changes:
                return self._changes.pop()  # type: ignore[no-any-return]
            if self.reload_pending:
                self.reload_pending = False
                self.filepath = None  # reload the whole page
                # "__livereload__" reloads at once, whatever the time of the last reload.
                return "__livereload__", None
            return None, None

    return DebouncedWatcher()


_CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_INLINE = re.compile(rb"<script[^>]*>(.*?)</script>", re.S)


def allow_live_reload(policy: str, snippet: bytes) -> str:
    """The page's policy, opened for livereload only: its inline loader (by hash), its
    script from this server and its WebSocket back to this server."""
    match = _INLINE.search(snippet)
    body = match.group(1) if match else snippet
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split(" ", 1)[0] for d in directives]
    for name, extra in (
        ("script-src", ("'self'", f"'sha256-{digest}'")),
        ("connect-src", ("'self'",)),
    ):
        if name in names:  # add the missing sources to the page's own (the maps' 'self')
            index = names.index(name)
            sources = [s for s in directives[index].split()[1:] if s != "'none'"]
            sources += [s for s in extra if s not in sources]
            directives[index] = " ".join([name, *sources])
        else:
            directives.append(" ".join([name, *extra]))
    return "; ".join(directives)


def _patch_live_script_injector() -> None:
    """On the local server only, let each page's CSP accept livereload's snippet: the
    built files keep their strict policy; only what this server sends is changed."""
    from livereload import server as livereload_server

    injector = livereload_server.LiveScriptInjector
    if getattr(injector, "agenda_csp", False):
        return
    original = injector.transform_first_chunk

    def transform_first_chunk(
        self: Any, status_code: int, headers: Any, chunk: bytes, finishing: bool
    ) -> tuple[int, Any, bytes]:
        status_code, headers, chunk = original(self, status_code, headers, chunk, finishing)
        match = _CSP_META.search(chunk)
        if match and self.script in chunk:
            policy = allow_live_reload(html.unescape(match.group(1).decode()), self.script)
            meta = (
                b'<meta http-equiv="Content-Security-Policy" content="%s">'
                % html.escape(policy).encode()
            )
            new = chunk[: match.start()] + meta + chunk[match.end() :]
            if "Content-Length" in headers:
                headers["Content-Length"] = str(
                    int(headers["Content-Length"]) + len(new) - len(chunk)
                )
            chunk = new
        return status_code, headers, chunk

    injector.transform_first_chunk = transform_first_chunk
    injector.agenda_csp = True


def serve(
    root: Path,
    host: str,
    port: int,
    today: date,
    base_url: str | None,
    output: Path | None,
) -> None:
    """Serve the site until interrupted."""
    from livereload import Server

    config = load_config(root)
    out_dir = output if output is not None else root / config.output_dir
    # Links must point at this local server, whatever base_url the config publishes to.
    local_url = base_url or f"http://{host}:{port}"
    rebuild = make_rebuilder(root, today, out_dir, local_url)
    debouncer = Debouncer(lambda: snapshot(root), rebuild)
    if not rebuild() and not out_dir.is_dir():
        out_dir.mkdir(parents=True)
    _patch_live_script_injector()
    server = Server(watcher=make_watcher(debouncer))
    for name in WATCHED:
        server.watch(str(root / name))  # recorded only; DebouncedWatcher does the looking
    print(f"Site servi sur http://{host}:{port}/ (Ctrl+C pour arrêter).", flush=True)
    server.serve(host=host, port=port, root=str(out_dir), restart_delay=0)
