"""`python build.py serve`: a real HTTP server on localhost that rebuilds on change and
keeps serving the last good site when content breaks."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from agenda.render import SITE_CSP
from agenda.serve import Debouncer, allow_live_reload, make_rebuilder, snapshot
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


# Bursts of changes: one rebuild --------------------------------------------------------


def rebuilds(log: Path) -> int:
    return log.read_text(encoding="utf-8").count("Site reconstruit")


def test_a_burst_of_200_changes_ends_in_one_rebuild(served_site):
    site, base, log = served_site
    wait_for(lambda: fetch(base + "/")[0] == 200, what="first build")
    before = rebuilds(log)
    # Like a `git checkout`: 200 files written one after the other, over about a second
    # (several of livereload's 0.8 s polls), with no pause long enough to rebuild.
    for number in range(100):
        site.event(f"rafale-{number:03d}", EVENT.replace("du serveur", f"rafale {number}"))
        site.write(f"assets/images/rafale-{number:03d}.txt", "x")
        time.sleep(0.005)
    wait_for(lambda: rebuilds(log) > before, what="the rebuild after the burst")
    time.sleep(2.5)  # room for any late, extra rebuild to show up
    assert rebuilds(log) - before == 1, log.read_text(encoding="utf-8")
    status, page = fetch(base + "/evenements/rafale-099/")
    assert status == 200 and "Atelier rafale 99" in page


def test_debouncer_waits_for_calm_and_runs_once():
    now = [0.0]
    files = {"a": (1, 1)}
    runs: list[float] = []
    debouncer = Debouncer(lambda: dict(files), lambda: runs.append(now[0]), clock=lambda: now[0])
    assert not debouncer.look()  # nothing changed
    for step in range(50):  # a change every 0.1 s for 5 s
        now[0] += 0.1
        files[f"f{step}"] = (step, 1)
        assert not debouncer.look()
    now[0] += 0.1
    assert not debouncer.look()  # calm for 0.1 s only
    now[0] += 0.25
    assert debouncer.look()  # calm for 0.35 s: one build
    now[0] += 5
    assert not debouncer.look()
    assert len(runs) == 1
    # A file changed, then put back as it was: nothing to rebuild.
    files["a"] = (2, 1)
    debouncer.look()
    files["a"] = (1, 1)
    now[0] += 0.1
    debouncer.look()
    now[0] += 1
    assert not debouncer.look() and len(runs) == 1


def test_snapshot_sees_the_watched_files_only(site: SiteTree):
    site.partner("mediatheque")
    site.write("content/.brouillon.md.swp", "x")
    site.write("notes.txt", "x")
    found = {Path(p).relative_to(site.root).as_posix() for p in snapshot(site.root)}
    assert "content/partners/mediatheque.yaml" in found
    assert "site_config.yaml" in found and "templates/base.html" in found
    assert "notes.txt" not in found and "content/.brouillon.md.swp" not in found


# Live reload under the pages' Content-Security-Policy ----------------------------------


def test_live_reload_snippet_is_allowed_by_hash_on_the_local_server_only(served_site):
    site, base, _log = served_site
    _status, page = wait_for(lambda: (s := fetch(base + "/"))[0] == 200 and s, what="home page")
    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    policy = html.unescape(policy)
    [snippet] = re.findall(r'<script type="text/javascript">(.*?)</script>', page, re.S)
    digest = base64.b64encode(hashlib.sha256(snippet.encode()).digest()).decode()
    assert f"script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}'" in policy
    assert "connect-src 'self'" in policy and "'unsafe-inline'" not in policy
    # The built file itself keeps the strict policy.
    built = (site.root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "sha256-" not in built and "script-src 'self'" in html.unescape(built)


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


@pytest.mark.browser
def test_browser_reloads_itself_without_csp_violation(served_site):
    from tests.test_browser import CHROMIUM_FLAGS, RECORD_VIOLATIONS, chromium_path

    path = chromium_path()
    if path is None:
        pytest.skip("chromium is missing (run scripts/install-test-tools.sh as root)")
    from playwright.sync_api import sync_playwright

    site, base, _log = served_site
    wait_for(lambda: fetch(base + "/")[0] == 200, what="first build")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_context().new_page()
            page.add_init_script(RECORD_VIOLATIONS)
            page.goto(base + "/evenements/atelier-serveur/", wait_until="load")
            # (A predicate given as text would need eval, which the policy rightly refuses.)
            wait_for(lambda: page.evaluate("() => window.LiveReload !== undefined"), 10, "JS")
            page.wait_for_timeout(500)  # the WebSocket opens
            assert page.evaluate("window.__violations") == []
            event = site.root / "content/events/atelier-serveur.md"
            event.write_text(
                event.read_text(encoding="utf-8").replace("du serveur", "rechargé"),
                encoding="utf-8",
            )
            wait_for(lambda: "Atelier rechargé" in page.title(), 20, "the reload")
            assert page.evaluate("window.__violations") == []
        finally:
            browser.close()
