"""Site search: the Pagefind command, the real index of the fixture site, the build
without the binary, and what a person does with it in a real browser."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from agenda import search, urls
from agenda.search import MISSING_WARNING, find_executable, pagefind_command
from tests.conftest import BuiltSite, SiteTree, build_fixture
from tests.test_browser import browser  # noqa: F401 (a fixture)


def test_command_indexes_the_staging_folder_in_french_under_pagefind(tmp_path: Path):
    command = pagefind_command(Path("/opt/pagefind_extended"), tmp_path)
    assert command[0] == "/opt/pagefind_extended"
    assert command[command.index("--site") + 1] == str(tmp_path)
    assert command[command.index("--output-subdir") + 1] == "pagefind"
    assert command[command.index("--force-language") + 1] == "fr"
    assert command[command.index("--glob") + 1] == "{evenements,lieux,partenaires}/**/*.html"
    assert urls.search_bundle() == "/pagefind/" and urls.search() == "/recherche/"


def test_no_page_outside_the_folders_given_to_pagefind_asks_to_be_indexed(
    built_site: BuiltSite,
):
    # Pagefind reads only search.INDEXED_FOLDERS: a template that marks another page
    # with data-pagefind-body must add its folder there.
    marked = {
        page.relative_to(built_site.out).parts[0]
        for page in built_site.out.rglob("*.html")
        if "data-pagefind-body" in page.read_text(encoding="utf-8")
    }
    assert marked == set(search.INDEXED_FOLDERS)


def test_the_pinned_binary_is_the_extended_one():
    executable = find_executable()
    assert executable is not None, "pip install -r requirements.lock"
    assert executable.name.startswith("pagefind_extended")


def test_a_sub_path_site_tells_the_script_its_base_and_bundle(fixture_site: SiteTree):
    out = fixture_site.root / "_site"
    build_fixture(fixture_site.root, out, base_url="https://example.org/agenda")
    page = (out / "recherche" / "index.html").read_text(encoding="utf-8")
    assert 'data-bundle="/agenda/pagefind/"' in page and 'data-base="/agenda/"' in page
    assert 'action="/agenda/recherche/"' in page
    # Pagefind stores URLs from the site root; the script puts /agenda/ in front.
    assert (out / "pagefind" / "pagefind.js").is_file()


def test_the_index_holds_events_venues_and_partners_only(built_site: BuiltSite):
    bundle = built_site.out / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind-worker.js", "wasm.fr.pagefind"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "index").glob("*.pf_index"))
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    import json

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    events = len(list(built_site.out.glob("evenements/*/index.html")))
    venues = len(list(built_site.out.glob("lieux/*/index.html")))
    partners = len(list(built_site.out.glob("partenaires/*/index.html")))
    assert entry["languages"]["fr"]["page_count"] == events + venues + partners
    # Listings carry no data-pagefind-body: only record pages are indexed.
    for listing in ("/", "/archives/", "/departements/haut-rhin/", "/recherche/"):
        assert "data-pagefind-body" not in built_site.read(listing), listing
    event = built_site.read("/evenements/exposition-hiver/")
    assert "data-pagefind-body" in event and 'data-pagefind-meta="date"' in event
    assert 'data-pagefind-meta="town:Mulhouse"' in event


def test_every_page_offers_the_search_form_hidden_and_the_links_shown(built_site: BuiltSite):
    for path in ("/", "/evenements/exposition-hiver/", "/404.html", "/recherche/"):
        page = built_site.read(path)
        header = page[page.index('<header class="site-header">') : page.index("</header>")]
        assert '<form role="search" action="/recherche/"' in header and " hidden>" in header
        assert '<label for="recherche-entete"' in header and 'name="q"' in header
        assert "data-search-fallback" in header and "Thématiques</a>" in header
        assert '<script type="module" src="/assets/js/recherche.js?v=' in page


def test_without_the_binary_the_build_warns_once_and_keeps_the_links(
    fixture_site: SiteTree, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from agenda.cli import main

    monkeypatch.setenv(search.EXECUTABLE_ENV, str(fixture_site.root / "pas-de-pagefind"))
    out = fixture_site.root / "_site"
    code = main(["--root", str(fixture_site.root), "--today", "2026-11-25", "--output", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err.count("Pagefind est introuvable") == 1
    assert MISSING_WARNING in captured.err
    assert not (out / "pagefind").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "data-search-form" not in home and "recherche.js" not in home
    assert "data-search-fallback" in home  # the links to départements and themes stay
    # The results page still answers (its URL is a promise), with the links to browse.
    assert "Départements" in (out / "recherche" / "index.html").read_text(encoding="utf-8")


def test_a_failing_indexer_publishes_nothing(
    fixture_site: SiteTree, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    out = fixture_site.root / "_site"
    build_fixture(fixture_site.root, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    failing = tmp_path / "pagefind-en-panne"
    failing.write_text("#!/bin/sh\necho 'panne' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv(search.EXECUTABLE_ENV, str(failing))
    with pytest.raises(search.SearchError, match="panne"):
        build_fixture(fixture_site.root, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert not list(out.parent.glob("._site.new-*"))


def test_an_index_made_from_the_same_pages_is_reused_and_a_changed_page_reindexes(
    fixture_site: SiteTree,
):
    if find_executable() is None:
        pytest.skip("Pagefind absent")
    out = fixture_site.root / "_site"
    build_fixture(fixture_site.root, out)
    bundle = out / "pagefind" / "pagefind.js"
    first = bundle.stat().st_ino
    build_fixture(fixture_site.root, out)
    assert bundle.stat().st_ino == first  # linked from the previous site, not made again

    event = fixture_site.root / "content/events/2027/atelier-complet.md"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace('"Atelier complet"', '"Atelier des lucioles"'), "utf-8")
    build_fixture(fixture_site.root, out)
    assert bundle.stat().st_ino != first
    index = b"".join(p.read_bytes() for p in (out / "pagefind").rglob("*.pf_*"))
    assert index  # a new index, made from the edited pages


def test_the_index_made_during_the_build_is_the_one_made_after_it(
    built_site: BuiltSite, tmp_path: Path
):
    # Pagefind starts once the pages are written and runs while the rest is made: it
    # must index exactly what indexing the finished site gives.
    executable = find_executable()
    if executable is None:
        pytest.skip("Pagefind absent")
    site = tmp_path / "site"
    shutil.copytree(built_site.out, site, ignore=shutil.ignore_patterns("pagefind"))
    search.index_site(executable, site)

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and p.name != search.INDEX_MARK
        }

    assert files(site / "pagefind") == files(built_site.out / "pagefind")


def test_a_build_failing_while_pagefind_runs_stops_it_and_publishes_nothing(
    fixture_site: SiteTree, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    import os
    import time

    from agenda import pipeline

    out = fixture_site.root / "_site"
    build_fixture(fixture_site.root, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    said_pid = tmp_path / "pid"
    slow = tmp_path / "pagefind-lent"
    slow.write_text(f"#!/bin/sh\necho $$ > {said_pid}\nexec sleep 120\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv(search.EXECUTABLE_ENV, str(slow))

    def disk_full_once_pagefind_runs(*args: object, **kwargs: object) -> None:
        deadline = time.monotonic() + 20
        while not said_pid.is_file() and time.monotonic() < deadline:
            time.sleep(0.02)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "data_files", disk_full_once_pagefind_runs)
    started = time.monotonic()
    with pytest.raises(OSError, match="No space"):
        build_fixture(fixture_site.root, out)
    assert time.monotonic() - started < 60  # not waiting for Pagefind's two minutes
    with pytest.raises(ProcessLookupError):
        os.kill(int(said_pid.read_text()), 0)  # stopped, and reaped
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert not list(out.parent.glob("._site.new-*"))


def test_a_page_written_after_indexing_started_is_indexed(tmp_path: Path):
    executable = find_executable()
    if executable is None:
        pytest.skip("Pagefind absent")
    site = tmp_path / "site"
    site.mkdir()
    page = '<html lang="fr"><body><main data-pagefind-body><h1>{}</h1></main></body></html>'
    for folder in ("evenements/a", "evenements/b"):
        (site / folder).mkdir(parents=True)
    (site / "evenements/a/index.html").write_text(page.format("Atelier"), encoding="utf-8")
    indexing = search.BackgroundIndex(executable, tmp_path / "published")
    indexing.start(site, "pages: a")
    # Pagefind is done with page a alone before b is written: only indexing again at
    # `finish` can count b.
    entry = site / "pagefind" / "pagefind-entry.json"
    deadline = time.monotonic() + 60
    while not entry.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the last files of the bundle
    (site / "evenements/b/index.html").write_text(page.format("Comètes"), encoding="utf-8")
    assert indexing.finish(site, "pages: a, b") is False
    mark = (site / "pagefind" / search.INDEX_MARK).read_text(encoding="utf-8")
    assert mark.endswith("pages: a, b\n")
    meta = (site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"page_count":2' in meta.replace(" ", "")


# In a real browser ---------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def root_server(built_site: BuiltSite) -> Iterator[str]:
    yield from _serve(built_site.out)


@pytest.fixture(scope="module")
def sub_path_server(tmp_path_factory: pytest.TempPathFactory, built_site: BuiltSite):
    """The fixture site built for https://example.org/agenda, served under /agenda/."""
    served = tmp_path_factory.mktemp("sous-chemin")
    root = served / "source"
    shutil.copytree(built_site.root, root, ignore=shutil.ignore_patterns("_site"))
    build_fixture(root, served / "agenda", base_url="https://example.org/agenda")
    yield from _serve(served)


@pytest.fixture
def page(browser):
    from tests.test_browser import PHONE, RECORD_VIOLATIONS

    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    csp: list[str] = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.csp_messages = csp  # type: ignore[attr-defined]
    yield page
    context.close()


def _results(page, base: str, query: str) -> list[dict[str, str]]:
    from playwright.sync_api import expect

    page.goto(f"{base}/recherche/?q={quote(query)}")
    # The count is announced in the live region once the search is done.
    expect(page.locator("[data-search-status]")).to_contain_text("pour « ", timeout=15000)
    return [
        {
            "title": item.locator("h2").inner_text(),
            "href": item.locator("a").first.get_attribute("href") or "",
            "meta": item.locator(".search-result__meta").inner_text(),
            "excerpt": item.locator(".search-result__excerpt").inner_text(),
        }
        for item in page.locator("[data-search-list] > li").all()
    ]


def _violations(page) -> list[str]:
    page.wait_for_timeout(50)
    return [*page.evaluate("window.__violations"), *page.csp_messages]


@pytest.mark.browser
@pytest.mark.parametrize("query", ["lumière", "lumiere", "LUMIÈRES", "lumieres"])
def test_a_french_word_finds_its_event_with_or_without_accents_and_inflected(
    page, root_server, query
):
    results = _results(page, root_server, query)
    first = results[0]
    assert first["title"] == "Exposition : la lumière en hiver"
    assert first["href"] == "/evenements/exposition-hiver/"
    # Date and town, shown with the result.
    assert "10 novembre 2026" in first["meta"] and "Mulhouse" in first["meta"]
    assert "lumière" in first["excerpt"].lower()
    assert page.locator("[data-search-status]").get_attribute("aria-live") == "polite"
    assert _violations(page) == []


@pytest.mark.browser
def test_venues_and_partners_are_found_too_and_a_miss_says_so(page, root_server):
    titles = [r["title"] for r in _results(page, root_server, "conférences")]
    assert "Conférence annulée" in titles
    venues = _results(page, root_server, "Sedan")
    assert any(r["href"].startswith("/lieux/") for r in venues)
    assert _results(page, root_server, "zzyzx") == []
    assert "Aucun résultat" in page.locator("[data-search-status]").inner_text()
    assert _violations(page) == []


@pytest.mark.browser
def test_the_script_swaps_the_links_for_the_form(page, root_server):
    page.goto(root_server + "/evenements/exposition-hiver/")
    assert page.get_by_role("search").first.is_visible()
    assert page.get_by_label("Rechercher").is_visible()
    assert not page.locator("header [data-search-fallback]").is_visible()
    assert _violations(page) == []


@pytest.mark.browser
def test_without_javascript_the_header_offers_the_links(browser, root_server):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(root_server + "/")
    assert page.locator("header [data-search-fallback]").is_visible()
    assert page.locator("header form[role=search]").is_hidden()
    context.close()


@pytest.mark.browser
def test_search_by_keyboard_only(page, root_server):
    page.goto(root_server + "/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "recherche-entete":
            break
    else:
        pytest.fail("the header search field is not reachable with Tab")
    page.keyboard.type("electricite lumiere")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=electricite+lumiere")
    from playwright.sync_api import expect

    expect(page.locator("[data-search-status]")).to_contain_text("résultat", timeout=15000)
    assert page.locator("#recherche-q").input_value() == "electricite lumiere"
    # From the field on the results page, Tab reaches the button, then the first result.
    page.locator("#recherche-q").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/evenements/exposition-hiver/"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/evenements/exposition-hiver/")
    assert _violations(page) == []


@pytest.mark.browser
def test_a_sub_path_site_finds_and_links_under_its_path(page, sub_path_server):
    results = _results(page, sub_path_server + "/agenda", "lumiere")
    assert results[0]["href"] == "/agenda/evenements/exposition-hiver/"
    page.locator("[data-search-list] a").first.click()
    page.wait_for_url("**/agenda/evenements/exposition-hiver/")
    assert page.locator("h1").inner_text().startswith("Exposition")
    assert _violations(page) == []


# `browser`: the module-scoped Debian chromium of tests/test_browser.py.
