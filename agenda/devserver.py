"""The local web server of `build.py serve`: answers every request from the site it is
given, on a thread of its own, and tells open pages to reload (livereload).

The site is a function from a URL path to an Answer (`LocalServer(answer, …)`): `serve`
gives the site it keeps in memory (agenda/live_site.py), read through `read_answer`.
Requests are answered on worker threads, so a page being made never holds up the others,
and the rebuilds, on the main thread (agenda/serve.py), never hold up a request.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import logging
import mimetypes
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tornado import httputil, web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

START_TIMEOUT_SECONDS = 10.0
STOP_TIMEOUT_SECONDS = 0.5

# livereload's loader, as its own Server writes it: it fetches /livereload.js from this
# server, which opens a WebSocket back to it and reloads the page when told to.
LIVE_SCRIPT = (
    b'<script type="text/javascript">(function(){'
    b'var s=document.createElement("script");'
    b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    b's.src="//"+window.location.hostname+":"+port'
    b'+ "/livereload.js?port=" + port;'
    b"document.head.appendChild(s);"
    b"})();</script>"
)

# Shown while no site has been built yet (first build running, or failed): livereload's
# loader is put into it like into any page, so it reloads itself after the first build.
NOT_BUILT_PAGE = (
    "<!DOCTYPE html>\n"
    '<html lang="fr"><head><meta charset="utf-8"><title>Construction en cours</title>'
    "</head><body><h1>Construction en cours</h1>"
    "<p>Le site n'est pas encore construit : la première construction est en cours, ou "
    "elle a échoué (le terminal dit pourquoi). Cette page se rechargera d'elle-même dès "
    "que le site sera prêt.</p></body></html>\n"
).encode()


# The site served: the answer for a URL path (decoded, without its leading slash), or
# None while there is no site yet (the first build is running, or it failed).
SiteAnswer = Callable[[str], "Answer | None"]


class ServeError(Exception):
    """The local server could not start (its port is taken, its address is wrong)."""


@dataclass(frozen=True)
class Answer:
    """What the server sends back for one URL."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None  # for a redirect


# Types of the site's files that Python's table may not know (it depends on the system).
EXTRA_TYPES = {
    ".yml": "text/yaml",  # /admin/config.yml, which Decap reads
    ".jsonld": "application/ld+json",  # /catalogue.jsonld
    ".ics": "text/calendar",
    ".webmanifest": "application/manifest+json",
}
TEXT_TYPES = ("application/json", "application/xml", "application/ld+json")


def content_type(path: Path) -> str:
    """The Content-Type of a built file, with its charset for text (the site is UTF-8)."""
    kind = EXTRA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") or kind in TEXT_TYPES:
        return f"{kind}; charset=utf-8"
    return kind


# When the site has no 404 page of its own.
NOT_FOUND_PAGE = (
    b'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
    b"<title>Page introuvable</title></head><body><p>Page introuvable.</p></body></html>\n"
)


def read_answer(read: Callable[[str], bytes | None], url_path: str) -> Answer:
    """The answer for `url_path` (decoded, without its leading slash) from a site given
    as `read`: the bytes of a path of the output folder, or None when it has none."""
    if "\0" in url_path or url_path.startswith("/") or ".." in url_path.split("/"):
        return Answer(404, read("404.html") or NOT_FOUND_PAGE)
    path = url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path
    body = read(path)
    if body is not None:
        return Answer(200, body, content_type(Path(path)))
    if path == url_path and read(url_path + "/index.html") is not None:
        # Relative links in the page are written for its folder URL, as on a real host.
        return Answer(302, location="/" + quote(url_path) + "/")
    return Answer(404, read("404.html") or NOT_FOUND_PAGE)


class SiteFileHandler(web.RequestHandler):
    """Serves the site; never waits for a rebuild."""

    def initialize(self, answer: SiteAnswer) -> None:
        self.answer = answer

    async def get(self, url_path: str) -> None:
        answer = await IOLoop.current().run_in_executor(None, self.answer, url_path)
        if answer is None:
            answer = Answer(503, NOT_BUILT_PAGE)
        self.set_status(answer.status)
        # Always ask again: a rebuilt page must show on the reload that follows.
        self.set_header("Cache-Control", "no-store")
        if answer.location is not None:
            self.redirect(answer.location)
            return
        self.set_header("Content-Type", answer.content_type)
        self.finish(answer.body)  # tornado sends no body to a HEAD request

    async def head(self, url_path: str) -> None:
        await self.get(url_path)


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


def with_live_reload(chunk: bytes, script: bytes = LIVE_SCRIPT) -> bytes:
    """An HTML page with livereload's loader before `</head>` and its CSP opened for it.

    Only what this server sends is changed: the built files keep their strict policy.
    """
    if b"</head>" not in chunk:
        return chunk
    chunk = chunk.replace(b"</head>", script + b"</head>", 1)
    match = _CSP_META.search(chunk)
    if match is None:
        return chunk
    policy = allow_live_reload(html.unescape(match.group(1).decode()), script)
    meta = b'<meta http-equiv="Content-Security-Policy" content="%s">' % (
        html.escape(policy).encode()
    )
    return chunk[: match.start()] + meta + chunk[match.end() :]


class LiveReloadTransform(web.OutputTransform):
    """Puts livereload's loader into every HTML page this server sends."""

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        if "html" in headers.get("Content-Type", ""):
            new = with_live_reload(chunk)
            if "Content-Length" in headers:
                length = int(headers["Content-Length"]) + len(new) - len(chunk)
                headers["Content-Length"] = str(length)
            chunk = new
        return status_code, headers, chunk


def make_application(answer: SiteAnswer) -> web.Application:
    """livereload's WebSocket and script, then the built site for every other URL."""
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from livereload.watcher import Watcher

    # livereload's handler logs its watcher's last file when it reloads; ours has none.
    LiveReloadHandler.watcher = Watcher()
    LiveReloadHandler.live_css = False  # a rebuild may change anything: reload the page
    return web.Application(
        handlers=[
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", SiteFileHandler, {"answer": answer}),
        ],
        transforms=[LiveReloadTransform],
    )


def _reload_pages() -> None:
    from livereload.handlers import LiveReloadHandler

    LiveReloadHandler.reload_waiters("*")


class LocalServer:
    """The HTTP server, on a daemon thread with its own event loop.

    `start` returns once the port is open (or raises ServeError); `reload_browsers` and
    `stop` may be called from any thread.
    """

    def __init__(self, answer: SiteAnswer, host: str, port: int) -> None:
        self.answer = answer
        self.host = host
        self.port = port
        self._ready = threading.Event()
        self._loop: IOLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="serveur-http", daemon=True)

    def start(self) -> None:
        """Open the port and answer requests until `stop` (or the end of the process)."""
        # Without this, every 404 (a favicon) would print an English warning.
        logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT_SECONDS):
            raise ServeError("le serveur local n'a pas démarré à temps.")
        if self._error is not None:
            reason = self._error.strerror or self._error
            raise ServeError(
                f"impossible d'écouter sur {self.host}:{self.port} ({reason}). "
                "Ce port est peut-être déjà pris : relancez avec un autre, par exemple "
                f"« python build.py serve --port {self.port + 1} »."
            )

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._stopped = asyncio.Event()
        try:
            server: HTTPServer = make_application(self.answer).listen(self.port, address=self.host)
        except OSError as exc:
            self._error = exc
            self._ready.set()
            return
        self._loop = IOLoop.current()
        self._ready.set()
        await self._stopped.wait()
        server.stop()

    def reload_browsers(self) -> None:
        """Tell every open page to reload; safe from any thread (add_callback is the one
        IOLoop method that is)."""
        if self._loop is not None:
            self._loop.add_callback(_reload_pages)

    def stop(self) -> None:
        """Close the port; waits STOP_TIMEOUT_SECONDS at most (the thread is a daemon)."""
        if self._loop is not None and self._stopped is not None:
            self._loop.add_callback(self._stopped.set)
        self._thread.join(STOP_TIMEOUT_SECONDS)
