"""`python build.py serve`: a real HTTP server process on localhost that rebuilds on
change on one thread while it keeps answering from the last good site, stops at once on
Ctrl+C or SIGTERM, and moves `today` forward at midnight."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from agenda.dates import PARIS
from agenda.serve import (
    QUIET_SECONDS,
    Days,
    Debouncer,
    LiveRebuilder,
    RebuildLoop,
    StopSignal,
    make_rebuilder,
    next_midnight,
)
from agenda.watch import snapshot
from tests.conftest import REPO, SiteTree, make_fixture_tree

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


@contextmanager
def running_server(
    root: Path, *options: str
) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """`build.py serve` on `root` in its own process; its output goes to root/serve.log."""
    port = free_port()
    log_path = root / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "build.py"),
                "serve",
                "--root",
                str(root),
                "--port",
                str(port),
                *options,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=root,
        )
        try:
            yield process, f"http://127.0.0.1:{port}", log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def served_site(site: SiteTree):
    site.partner("mediatheque")
    site.venue("mediatheque-epinal")
    site.event("atelier-serveur", EVENT)
    with running_server(site.root, "--today", "2026-11-25") as (_process, base, log):
        yield site, base, log


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
    # Only the edited file was read again.
    wait_for(lambda: log.read_text(encoding="utf-8").count("Site reconstruit") >= 2, what="log")
    built = re.findall(r"(\d+) fiche\(s\) relue\(s\) sur (\d+)", log.read_text())
    assert built[1] == ("1", built[0][1])

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
    site.partner("mediatheque")
    site.venue("mediatheque-epinal")
    site.event("atelier-serveur", EVENT)
    rebuild = make_rebuilder(site.root, tmp_path / "out", "http://127.0.0.1:8000")
    assert rebuild.answer("") is None  # nothing to show before the first build
    assert rebuild(date(2026, 11, 25)) is True
    before = rebuild.answer("")
    assert before is not None and b"Atelier du serveur" in before.body
    site.event("casse", 'title: "x"\n')
    assert rebuild(date(2026, 11, 25)) is False
    assert rebuild.answer("") == before  # the last good site is still the one shown
    assert "content/events/casse.md" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # serve writes no output folder


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
    # The page `build` writes keeps the strict policy: only the local server opens it.
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(site.root)]
    subprocess.run([*command, "--today", "2026-11-25"], check=True, capture_output=True)
    built = (site.root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "sha256-" not in built and "script-src 'self'" in html.unescape(built)


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


# A slow rebuild: the server keeps answering, and stops at once ------------------------

GENERATED_EVENTS = 120  # a rebuild of about a second, even with the build cache warm


def generated_event(number: int, title: str | None = None) -> str:
    day = date(2027, 1, 4) + timedelta(days=number % 300)
    return (
        "---\n"
        f'title: "{title or f"Rendez-vous généré {number}"}"\n'
        f'summary: "Un rendez-vous de science numéro {number}."\n'
        "venue: mediatheque-epinal\n"
        "organizer: mediatheque-test\n"
        f'start: "{day.isoformat()} 14:00"\n'
        f'end: "{day.isoformat()} 16:00"\n'
        "---\nUne description **courte**.\n"
    )


@pytest.fixture(scope="session")
def slow_site_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site plus GENERATED_EVENTS events, built once so that its build cache
    (.cache/) is warm: each server then starts in seconds, as on a partner's machine."""
    from agenda.pipeline import build_site

    root = tmp_path_factory.mktemp("slow") / "site"
    make_fixture_tree(root)
    folder = root / "content" / "events" / "generes"
    folder.mkdir(parents=True)
    for number in range(GENERATED_EVENTS):
        (folder / f"genere-{number:03d}.md").write_text(generated_event(number), encoding="utf-8")
    build_site(root, date(2026, 11, 25), root / "_site", "http://127.0.0.1:8000")
    return root


@pytest.fixture
def slow_site(slow_site_template: Path, tmp_path: Path):
    """A copy of the slow site, served; yields once its first build is done."""
    root = tmp_path / "site"
    shutil.copytree(slow_site_template, root, ignore=shutil.ignore_patterns("_site"))
    with running_server(root, "--today", "2026-11-25") as (process, base, log):
        wait_for(lambda: rebuilds(log) >= 1, 180, "the first build")
        yield SiteTree(root), process, base, log


def log_text(log: Path) -> str:
    return log.read_text(encoding="utf-8")


def start_rebuild(site: SiteTree, number: int, title: str) -> Path:
    """Rename one generated event; returns its file as soon as the server says it is
    rebuilding (looked for every 10 ms: the rebuild lasts about a second)."""
    log = site.root / "serve.log"
    started = log_text(log).count("Modification détectée")
    path = site.root / "content" / "events" / "generes" / f"genere-{number:03d}.md"
    path.write_text(generated_event(number, title), encoding="utf-8")
    deadline = time.monotonic() + 30
    while log_text(log).count("Modification détectée") == started:
        assert time.monotonic() < deadline, "the rebuild did not start"
        time.sleep(0.01)
    return path


def timed_fetch(url: str) -> tuple[float, int, str]:
    started = time.monotonic()
    status, text = fetch(url)
    return time.monotonic() - started, status, text


def test_pages_answer_at_once_during_a_rebuild(slow_site):
    site, _process, base, log = slow_site
    before = rebuilds(log)
    start_rebuild(site, 7, "Rendez-vous renommé")
    # Ask for pages again and again until the rebuilt event shows: those asked before
    # were answered from the old site, at once and whole.
    urls = ("/", "/evenements/genere-007/", "/agenda.ics", "/assets/css/site.css")
    rounds: list[list[tuple[str, float, int, str]]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rounds.append([(url, *timed_fetch(base + url)) for url in urls])
        if "Rendez-vous renommé" in rounds[-1][1][3]:
            break
    for url, seconds, status, text in (answer for r in rounds for answer in r):
        assert status == 200, url
        assert seconds < 0.5, f"{url} took {seconds:.2f} s during a rebuild"
        assert text.rstrip().endswith(("</html>", "END:VCALENDAR", "}")), url  # whole files
    # Once rebuilt, the edited event is what the server answers.
    assert "Rendez-vous renommé" in fetch(base + "/evenements/genere-007/")[1]
    wait_for(lambda: rebuilds(log) == before + 1, 30, "the end of the rebuild")
    time.sleep(QUIET_SECONDS + 1)
    assert rebuilds(log) == before + 1  # one edit, one rebuild


def test_changes_during_a_rebuild_end_in_exactly_one_more_rebuild(slow_site):
    site, _process, base, log = slow_site
    before = rebuilds(log)
    start_rebuild(site, 3, "Premier changement")
    for number in range(50):  # a burst of 50 writes while the rebuild runs
        site.write(
            f"content/events/rafale/rafale-{number:02d}.md",
            generated_event(number, f"Rafale {number}"),
        )
        time.sleep(0.005)
    wait_for(lambda: rebuilds(log) >= before + 2, 180, "the rebuild after the burst")
    time.sleep(QUIET_SECONDS + 2)  # room for any late, extra rebuild to show up
    text = log_text(log)
    assert rebuilds(log) == before + 2, text
    assert text.count("Modification détectée") == 2, text
    status, page = fetch(base + "/evenements/rafale-49/")
    assert status == 200 and "Rafale 49" in page


def processes_of(port: str) -> list[str]:
    """The server's processes still alive: itself and its forked workers share its command."""
    found = subprocess.run(
        ["pgrep", "-f", f"serve --root .* --port {port}"], capture_output=True, text=True
    )
    return found.stdout.split()


@pytest.mark.parametrize(
    ("stop", "status"),
    [
        (signal.SIGINT, 130),  # Ctrl+C
        (signal.SIGTERM, 128 + signal.SIGTERM),  # `kill` of the server alone
    ],
)
def test_a_signal_stops_the_server_at_once_even_mid_rebuild(slow_site, stop, status):
    site, process, base, log = slow_site
    start_rebuild(site, 11, "Interrompu")  # the signal comes as the rebuild starts
    started = time.monotonic()
    process.send_signal(stop)
    assert process.wait(timeout=10) == status
    assert time.monotonic() - started < 2
    # serve keeps the site in memory: it never writes an output folder, half or whole.
    assert [p.name for p in site.root.iterdir() if "_site" in p.name] == []
    time.sleep(0.5)
    assert processes_of(base.rsplit(":", 1)[1]) == []  # no worker left running
    assert "Traceback" not in log_text(log)


def test_serve_takes_the_build_options_jobs_and_no_cache(site: SiteTree):
    site.partner("mediatheque")
    site.venue("mediatheque-epinal")
    site.event("atelier-serveur", EVENT)
    options = ("--today", "2026-11-25", "--jobs", "1", "--no-cache")
    with running_server(site.root, *options) as (_process, base, log):
        wait_for(lambda: fetch(base + "/")[0] == 200, what="first build")
        assert rebuilds(log) == 1
    assert not (site.root / ".cache").exists()  # --no-cache: nothing kept on disk


def test_serve_on_a_taken_port_says_so_in_french(site: SiteTree):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [
                sys.executable,
                str(REPO / "build.py"),
                "serve",
                "--root",
                str(site.root),
                "--port",
                port,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 1
    assert f"Impossible de servir le site : impossible d'écouter sur 127.0.0.1:{port}" in (
        result.stderr
    )
    assert f"--port {int(port) + 1}" in result.stderr
    assert not (site.root / "_site").exists()  # said before building anything


# Today moves at midnight ---------------------------------------------------------------


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


@pytest.mark.parametrize(
    ("now", "midnight"),
    [
        ("2026-12-31 09:15", "2027-01-01 00:00"),
        ("2026-12-31 23:59:59", "2027-01-01 00:00"),
        ("2027-01-01 00:00", "2027-01-02 00:00"),  # midnight itself: the next one
        ("2027-03-28 01:00", "2027-03-29 00:00"),  # the spring-forward day (23 h)
        ("2027-10-31 01:00", "2027-11-01 00:00"),  # the fall-back day (25 h)
    ],
)
def test_next_midnight_is_the_next_paris_midnight(now: str, midnight: str):
    assert next_midnight(paris(now)) == paris(midnight)


def test_next_midnight_reads_the_instant_in_paris():
    utc = datetime.fromisoformat("2026-12-31T23:30:00+00:00")  # 00:30 on 1 January in Paris
    assert next_midnight(utc) == paris("2027-01-02 00:00")
    # The spring-forward day lasts 23 hours of real time.
    start = paris("2027-03-28 00:00")
    assert next_midnight(start).timestamp() - start.timestamp() == 23 * 3600


def test_days_fixed_by_the_option_never_change():
    days = Days(date(2026, 11, 25), clock=lambda: paris("2027-01-01 10:00"))
    assert days.read() == (date(2026, 11, 25), None)
    assert not days.has_changed_since(None)


def test_days_from_the_clock_are_read_in_paris():
    days = Days(None, clock=lambda: datetime.fromisoformat("2026-12-31T23:30:00+00:00"))
    assert days.read() == (date(2027, 1, 1), paris("2027-01-02 00:00"))


NEW_YEAR_EVE = """
title: "Soirée du réveillon"
venue: mediatheque-epinal
organizer: mediatheque
start: "2026-12-31 20:00"
end: "2026-12-31 23:00"
"""


def test_the_loop_rebuilds_just_after_midnight_with_the_new_date(site: SiteTree, tmp_path: Path):
    site.partner("mediatheque")
    site.venue("mediatheque-epinal")
    site.event("reveillon", NEW_YEAR_EVE)
    out = tmp_path / "out"
    now = [paris("2026-12-31 23:59:58")]
    published: list[date] = []
    loop = RebuildLoop(
        make_rebuilder(site.root, out, "http://127.0.0.1:8000"),
        Days(None, clock=lambda: now[0]),
        lambda: snapshot(site.root),
        on_published=lambda: published.append(now[0].date()),
    )
    rebuild = loop.rebuild
    assert isinstance(rebuild, LiveRebuilder)

    def page(url_path: str) -> str:
        answer = rebuild.answer(url_path)
        assert answer is not None and answer.status == 200
        return answer.body.decode("utf-8")

    assert loop.build() and loop.built_for == date(2026, 12, 31)
    assert "Soirée du réveillon" in page("")
    now[0] = paris("2026-12-31 23:59:59.900")
    assert not loop.step()  # not yet
    now[0] = paris("2027-01-01 00:00:00.050")
    assert loop.step()  # just after midnight
    assert loop.built_for == date(2027, 1, 1)
    assert published == [date(2026, 12, 31), date(2027, 1, 1)]
    # The evening is over: it leaves the upcoming events for the archives.
    assert "Soirée du réveillon" not in page("")
    assert "Soirée du réveillon" in page("archives/")
    assert not loop.step()  # once per day
    assert loop.day_changes_at == paris("2027-01-02 00:00")


def test_a_rebuild_that_runs_past_midnight_is_followed_by_one_for_the_new_day(site: SiteTree):
    now = [paris("2027-01-01 23:59:59")]
    days: list[date] = []

    def slow_rebuild(today: date) -> bool:
        days.append(today)
        now[0] += timedelta(seconds=2)  # the rebuild ends after midnight
        return True

    loop = RebuildLoop(
        slow_rebuild, Days(None, clock=lambda: now[0]), lambda: snapshot(site.root), lambda: None
    )
    loop.build()
    assert loop.step()
    assert not loop.step()
    assert days == [date(2027, 1, 1), date(2027, 1, 2)]


def test_the_loop_runs_one_more_rebuild_for_changes_made_during_one(site: SiteTree):
    site.partner("mediatheque")
    clock = [0.0]
    days: list[date] = []

    def rebuild_while_files_change(today: date) -> bool:
        # A partner saves three files while the site is being rebuilt.
        if len(days) == 1:
            for number in range(3):
                site.partner(f"pendant-{number}")
                clock[0] += 0.05
        days.append(today)
        return True

    loop = RebuildLoop(
        rebuild_while_files_change,
        Days(date(2026, 11, 25), clock=lambda: paris("2026-11-25 10:00")),
        lambda: snapshot(site.root),
        on_published=lambda: None,
        clock=lambda: clock[0],
    )
    loop.build()
    site.partner("avant")  # the change that starts the second rebuild
    rebuilt = []
    for _ in range(40):  # 4 s of looks, one every 0.1 s
        clock[0] += 0.1
        rebuilt.append(loop.step())
    assert rebuilt.count(True) == 2, rebuilt  # the change's, then one for those during it
    assert days == [date(2026, 11, 25)] * 3


# Stop signals --------------------------------------------------------------------------


def test_stop_signal_raises_in_the_main_thread_and_is_remembered():
    stop = StopSignal()
    stop.check()  # nothing received: nothing to do
    with pytest.raises(KeyboardInterrupt):
        stop.handle(signal.SIGINT, sys._getframe())
    with pytest.raises(KeyboardInterrupt):
        stop.check()  # still there if the first exception was dropped
    terminated = StopSignal()
    with pytest.raises(SystemExit) as exit_info:
        terminated.handle(signal.SIGTERM, sys._getframe())
    assert exit_info.value.code == 128 + signal.SIGTERM
