"""The local web server of `serve`: answers every request from the site it is given
(whole versions while the site is replaced), livereload under the pages' CSP, reloads
from any thread."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from agenda.devserver import (
    LIVE_SCRIPT,
    Answer,
    LocalServer,
    ServeError,
    allow_live_reload,
    content_type,
    read_answer,
    with_live_reload,
)
from agenda.render import SITE_CSP


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def built(version: str) -> dict[str, bytes]:
    """A small site, as the files of its output folder."""
    page = (
        f"<!DOCTYPE html><html><head><title>{version}</title></head><body>{version}</body></html>"
    )
    return {
        "index.html": page.encode(),
        "evenements/atelier/index.html": page.encode(),
        "agenda.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "404.html": b"<!DOCTYPE html><html><head></head><body>perdu</body></html>",
    }


class ServedSite:
    """The site the test server shows: replaced whole, as `serve` replaces its own."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] | None = None  # None: not built yet
        self.slow: dict[str, float] = {}  # URL paths that take that long to make

    def answer(self, url_path: str) -> Answer | None:
        files = self.files  # one version for the whole request
        time.sleep(self.slow.get(url_path, 0))
        return None if files is None else read_answer(files.get, url_path)


@pytest.fixture
def local_server() -> Iterator[tuple[LocalServer, str, ServedSite]]:
    site = ServedSite()
    server = LocalServer(site.answer, "127.0.0.1", free_port())
    server.start()
    try:
        yield server, f"http://127.0.0.1:{server.port}", site
    finally:
        server.stop()


# What one URL answers ------------------------------------------------------------------


def test_read_answer_serves_files_folders_and_the_404_page():
    files = built("v1")
    home = read_answer(files.get, "")
    assert home.status == 200 and b"v1" in home.body
    assert home.content_type == "text/html; charset=utf-8"
    page = read_answer(files.get, "evenements/atelier/")
    assert page.status == 200
    assert read_answer(files.get, "evenements/atelier") == Answer(
        302, location="/evenements/atelier/"
    )
    ics = read_answer(files.get, "agenda.ics")
    assert ics.content_type == "text/calendar; charset=utf-8"
    missing = read_answer(files.get, "evenements/inconnu/")
    assert missing.status == 404 and b"perdu" in missing.body


@pytest.mark.parametrize(
    "url_path", ["../secret.txt", "evenements/../../secret.txt", "/secret.txt", "a\0b"]
)
def test_read_answer_refuses_paths_that_climb_out(url_path: str):
    asked: list[str] = []

    def read(path: str) -> bytes | None:
        asked.append(path)
        return b"secret" if "secret" in path else built("v1").get(path)

    answer = read_answer(read, url_path)
    assert answer.status == 404 and b"secret" not in answer.body


def test_read_answer_has_a_french_404_page_when_the_site_has_none():
    answer = read_answer({}.get, "evenements/inconnu/")
    assert answer.status == 404
    assert b'lang="fr"' in answer.body and b"Page introuvable" in answer.body


def test_content_type_names_the_charset_of_text_only():
    assert content_type(Path("feed.xml")) == "application/xml; charset=utf-8"
    assert content_type(Path("evenements.json")) == "application/json; charset=utf-8"
    assert content_type(Path("site.css")) == "text/css; charset=utf-8"
    assert content_type(Path("photo.webp")) == "image/webp"
    assert content_type(Path("fragment.pf_fragment")) == "application/octet-stream"
    assert content_type(Path("config.yml")) == "text/yaml; charset=utf-8"  # Decap's
    assert content_type(Path("catalogue.jsonld")) == "application/ld+json; charset=utf-8"


# livereload under the pages' Content-Security-Policy -----------------------------------


def test_allow_live_reload_keeps_the_rest_of_the_policy():
    policy = allow_live_reload(SITE_CSP, b"<script>x()</script>")
    assert policy.startswith("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    assert "; connect-src 'self'; style-src 'self';" in policy  # no token twice
    assert "img-src 'self' https://tile.openstreetmap.org" in policy
    assert allow_live_reload("default-src 'none'", b"x").endswith("connect-src 'self'")
    assert "'none' 'self'" not in allow_live_reload("script-src 'none'", b"x")
    assert allow_live_reload("default-src 'none'", b"x").startswith(
        "default-src 'none'; script-src 'self' 'sha256-"
    )


def test_with_live_reload_adds_the_loader_and_opens_the_policy_for_it_only():
    page = (
        b'<html><head><meta http-equiv="Content-Security-Policy" '
        b'content="default-src &#x27;none&#x27;"></head><body></body></html>'
    )
    served = with_live_reload(page)
    assert LIVE_SCRIPT + b"</head>" in served
    assert b"script-src &#x27;self&#x27; &#x27;sha256-" in served
    assert with_live_reload(b"no head here") == b"no head here"


# The real server, on its thread --------------------------------------------------------


def test_server_answers_get_and_head_with_live_reload(local_server):
    _server, base, site = local_server
    site.files = built("v1")
    status, headers, body = get(base + "/")
    assert status == 200 and b"v1" in body and LIVE_SCRIPT in body
    assert headers["Cache-Control"] == "no-store"
    assert int(headers["Content-Length"]) == len(body)
    status, headers, body = get(base + "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    status, _headers, body = get(base + "/livereload.js")
    assert status == 200 and b"LiveReload" in body
    status, _headers, body = get(base + "/evenements/atelier")  # followed to the folder
    assert status == 200 and b"v1" in body


def test_server_says_the_site_is_being_built_when_there_is_none_yet(local_server):
    _server, base, _site = local_server
    started = time.monotonic()
    status, _headers, body = get(base + "/")
    assert time.monotonic() - started < 1
    assert status == 503 and b"Construction en cours" in body
    assert LIVE_SCRIPT in body  # it reloads itself once the site is built


def test_server_answers_whole_versions_while_the_site_is_replaced(local_server):
    _server, base, site = local_server
    site.files = built("v0")
    stop = threading.Event()

    def rebuild_forever() -> int:
        count = 0
        while not stop.is_set():
            count += 1
            site.files = built(f"v{count}")
            time.sleep(0.001)
        return count

    builder = threading.Thread(target=rebuild_forever)
    builder.start()
    try:
        answers = [get(base + "/evenements/atelier/") for _ in range(150)]
    finally:
        stop.set()
        builder.join()
    statuses = {status for status, _headers, _body in answers}
    assert statuses == {200}
    versions = {body.split(b"<title>")[1].split(b"</title>")[0] for *_rest, body in answers}
    assert len(versions) > 1  # the site was replaced while the pages were asked for
    for _status, headers, body in answers:  # every answer is one whole version
        assert int(headers["Content-Length"]) == len(body) and body.endswith(b"</html>")


def test_a_slow_page_does_not_hold_up_the_others(local_server):
    _server, base, site = local_server
    site.files = built("v1")
    site.slow["lent/"] = 2  # a page being made: the sitemap of a large site, say
    slow = threading.Thread(target=get, args=(base + "/lent/",))
    slow.start()
    time.sleep(0.2)
    started = time.monotonic()
    status, _headers, _body = get(base + "/evenements/atelier/")
    assert status == 200 and time.monotonic() - started < 1
    slow.join()


def test_reload_browsers_from_another_thread_reaches_open_pages(local_server):
    server, base, site = local_server
    site.files = built("v1")

    async def open_page_and_wait_for_reload() -> dict[str, object]:
        socket_url = base.replace("http://", "ws://") + "/livereload"
        connection = await websocket_connect(socket_url)
        # livereload.js's handshake: hello, then info with the page's URL.
        await connection.write_message(json.dumps({"command": "hello"}))
        assert json.loads(str(await connection.read_message()))["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": base + "/"}))
        await asyncio.sleep(0.2)  # the server now counts this page among the open ones
        threading.Thread(target=server.reload_browsers).start()
        message = await asyncio.wait_for(connection.read_message(), timeout=5)
        connection.close()
        return dict(json.loads(str(message)))

    message = asyncio.run(open_page_and_wait_for_reload())
    assert message["command"] == "reload" and message["path"] == "*"


def test_a_port_already_taken_is_said_in_french(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = LocalServer(lambda _url_path: None, "127.0.0.1", port)
        with pytest.raises(ServeError, match=f"--port {port + 1}"):
            server.start()
