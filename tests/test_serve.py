"""`python build.py serve`: a real HTTP server on localhost that rebuilds on change and
keeps serving the last good site when content breaks."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from agenda.serve import make_rebuilder
from tests.conftest import REPO, SiteTree

EVENT = """
title: "Atelier du serveur"
venue: mediatheque-epinal
organizer: mediatheque
start: "2027-03-13 14:00"
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(condition, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
            if last:
                return last
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


@pytest.fixture
def served_site(site: SiteTree):
    site.partner("mediatheque")
    site.venue("mediatheque-epinal")
    site.event("atelier-serveur", EVENT)
    port = free_port()
    log = (site.root / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "serve",
            "--root",
            str(site.root),
            "--port",
            str(port),
            "--today",
            "2026-11-25",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=site.root,
    )
    try:
        yield site, f"http://127.0.0.1:{port}", site.root / "serve.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_serve_builds_serves_and_injects_live_reload(served_site):
    _site, base, _ = served_site
    status, page = wait_for(lambda: (s := fetch(base + "/"))[0] == 200 and s, what="home page")
    assert "Atelier du serveur" in page
    assert "livereload.js" in page  # the browser reloads itself after a rebuild
    status, event_page = fetch(base + "/evenements/atelier-serveur/")
    assert status == 200 and "Atelier du serveur" in event_page
    # Links point at the local server, not at the published base URL.
    assert 'href="/evenements/atelier-serveur/"' in page
    with urllib.request.urlopen(
        base + "/evenements/atelier-serveur/atelier-serveur.ics", timeout=5
    ) as r:
        assert r.read().startswith(b"BEGIN:VCALENDAR\r\n")


def test_serve_rebuilds_on_change_and_keeps_last_good_site_on_error(served_site):
    site, base, log = served_site
    wait_for(lambda: fetch(base + "/")[0] == 200, what="first build")
    path = site.root / "content/events/atelier-serveur.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Atelier du serveur", "Atelier renommé"),
        encoding="utf-8",
    )
    wait_for(
        lambda: "Atelier renommé" in fetch(base + "/")[1], what="rebuild after a content change"
    )

    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "venue: mediatheque-epinal", "venue: mediatheque-epinall"
        ),
        encoding="utf-8",
    )
    wait_for(
        lambda: "mediatheque-epinall" in log.read_text(encoding="utf-8"),
        what="the error in the log",
    )
    message = log.read_text(encoding="utf-8")
    assert "content/events/atelier-serveur.md:3: venue" in message
    assert "Vouliez-vous dire « mediatheque-epinal »" in message
    status, page = fetch(base + "/")
    assert status == 200 and "Atelier renommé" in page  # the last good site is still served

    css = site.root / "templates" / "base.html"
    css.write_text(
        css.read_text(encoding="utf-8").replace("</footer>", "<p>Pied modifié</p></footer>"),
        encoding="utf-8",
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("mediatheque-epinall", "mediatheque-epinal"),
        encoding="utf-8",
    )
    wait_for(lambda: "Pied modifié" in fetch(base + "/")[1], what="rebuild after a template change")


def test_rebuilder_reports_errors_and_keeps_output(site: SiteTree, tmp_path: Path, capsys):
    from datetime import date

    site.partner("mediatheque")
    site.venue("mediatheque-epinal")
    site.event("atelier-serveur", EVENT)
    out = tmp_path / "out"
    rebuild = make_rebuilder(site.root, date(2026, 11, 25), out, "http://127.0.0.1:8000")
    assert rebuild() is True
    before = (out / "index.html").read_bytes()
    site.event("casse", 'title: "x"\n')
    assert rebuild() is False
    assert (out / "index.html").read_bytes() == before
    assert "content/events/casse.md" in capsys.readouterr().err
