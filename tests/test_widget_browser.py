"""The embeddable agenda in a real browser (Debian's chromium through Playwright): a
partner's page on another origin embeds the widget served by the agenda's site, which
answers with `Access-Control-Allow-Origin: *` as GitHub Pages does.

The host page carries the strict CSP that docs/integrer.md asks partners for, so these
tests also prove it is enough. Screenshots land in tests/output/widget/ (git-ignored)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from agenda.embed_pages import SliceOption, element_snippet, frame_snippet
from agenda.widget import SliceKind
from tests.conftest import build_fixture, make_fixture_tree
from tests.test_browser import QuietHandler, browser  # noqa: F401 — browser is a fixture
from tests.test_quality import _serve, axe_source, run_axe  # noqa: F401 — a fixture

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "tests" / "output" / "widget"
FIXTURE_NOW = "2026-11-25T10:00:00+01:00"  # the fixture's today, in Paris


class CorsHandler(QuietHandler):
    """Serves the built site as GitHub Pages does: every file with
    `Access-Control-Allow-Origin: *`, so other origins may read the JSON and load the
    module script (a module is always fetched in CORS mode)."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


@dataclass(frozen=True)
class Served:
    """A built site behind its own server: the base URL its pages were built for."""

    base: str  # "http://127.0.0.1:PORT" or "http://127.0.0.1:PORT/agenda"
    out: Path


def _serve_built(tmp: Path, sub_path: str) -> tuple[Served, Callable[[], None]]:
    """Start a CORS server over `tmp/www`, then build the fixture site for its address
    into `www` + `sub_path` (the port must be known before the build writes links)."""
    www = tmp / "www"
    www.mkdir()
    httpd, origin = _serve(www, CorsHandler)
    root = tmp / "site"
    make_fixture_tree(root)
    out = www / sub_path.strip("/") if sub_path else www
    base = origin + sub_path.rstrip("/")
    build_fixture(root, out, base)
    return Served(base, out), httpd.shutdown


@pytest.fixture(scope="module")
def agenda_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served, stop = _serve_built(tmp_path_factory.mktemp("widget-root"), "")
    yield served
    stop()


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served, stop = _serve_built(tmp_path_factory.mktemp("widget-sub"), "/agenda")
    yield served
    stop()


@dataclass(frozen=True)
class Host:
    """A partner's website on another origin: writes pages, returns their URL."""

    folder: Path
    origin: str

    def page(self, name: str, snippet: str, agenda_origin: str) -> str:
        # What docs/integrer.md tells partners to allow, and nothing else.
        policy = (
            f"default-src 'none'; script-src {agenda_origin}; connect-src {agenda_origin}; "
            f"frame-src {agenda_origin}"
        )
        (self.folder / name).write_text(
            '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n'
            "<title>Médiathèque de Saint-Dié : les sciences</title>\n</head>\n<body>\n"
            "<main>\n<h1>Médiathèque de Saint-Dié</h1>\n<h2>Les sciences près de chez vous</h2>\n"
            f"{snippet}\n</main>\n</body>\n</html>\n",
            encoding="utf-8",
        )
        return f"{self.origin}/{name}"


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    folder = tmp_path_factory.mktemp("partenaire")
    httpd, origin = _serve(folder, QuietHandler)  # a plain host: no CORS header of its own
    yield Host(folder, origin)
    httpd.shutdown()


def origin_of(base: str) -> str:
    return "/".join(base.split("/")[:3])


def snippet(site: Served, kind: SliceKind, slug: str, title: str, page: str, limit: int) -> str:
    option = SliceOption(slug, title, title, site.base + page, "")
    return element_snippet(kind, option, site.base + "/assets/js/agenda-csti.js", limit)


@pytest.fixture
def new_page(browser) -> Iterator[Callable[..., object]]:
    contexts = []

    def opener(javascript: bool = True, width: int = 800):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            locale="fr-FR",
            timezone_id="Europe/Paris",
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        if javascript:
            page.clock.set_fixed_time(FIXTURE_NOW)
        return page

    yield opener
    for context in contexts:
        context.close()


def widget_ready(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('agenda-csti')].every("
        "w => w.dataset.etat === 'pret' || w.dataset.etat === 'erreur')",
        timeout=10_000,
    )


def test_widget_shows_the_events_on_another_origin(new_page, agenda_site, host):
    code = snippet(
        agenda_site,
        SliceKind.DEPARTEMENT,
        "vosges",
        "Agenda des sciences dans les Vosges",
        "/departements/vosges/",
        5,
    )
    page = new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(host.page("vosges.html", code, origin_of(agenda_site.base)))
    widget_ready(page)
    widget = page.locator("agenda-csti")
    assert widget.get_attribute("data-etat") == "pret", errors
    assert widget.get_attribute("aria-busy") == "false"
    items = widget.locator("li")
    assert items.count() == 5
    first = items.nth(0)
    assert first.locator("time").inner_text().startswith("3 dates, samedi 9 janvier 2027")
    assert first.locator("time").get_attribute("datetime") == "2027-01-09T10:00:00+01:00"
    link = first.get_by_role("link")
    assert link.inner_text() == "Cycle : trois samedis d'astronomie"
    assert link.get_attribute("href") == f"{agenda_site.base}/evenements/cycle-trois-seances/"
    assert "Épinal" in first.inner_text()
    assert widget.locator(".agenda-csti__statut", has_text="Complet").is_visible()
    more = widget.locator(".agenda-csti__plus a")
    assert more.inner_text() == "Agenda des sciences dans les Vosges (5 à venir)"
    assert more.get_attribute("href") == f"{agenda_site.base}/departements/vosges/"
    # The host's text colour and font reach the list (no shadow root, no colour of ours).
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('agenda-csti li')).fontFamily"
        " === getComputedStyle(document.querySelector('h2')).fontFamily"
    )
    # Our zero-specificity styles applied despite the host's CSP (no 'unsafe-inline').
    assert (
        page.evaluate(
            "() => getComputedStyle(document.querySelector('.agenda-csti__liste')).listStyleType"
        )
        == "none"
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "hote-departement.png", full_page=True)


def test_host_page_has_no_accessibility_violation(new_page, agenda_site, host, axe_source):
    code = snippet(
        agenda_site, SliceKind.REGION, "", "Agenda des sciences dans le Grand Est", "/", 8
    )
    page = new_page()
    page.goto(host.page("region.html", code, origin_of(agenda_site.base)))
    widget_ready(page)
    assert page.locator("agenda-csti li").count() == 8
    assert run_axe(page, axe_source) == []


def test_hostile_titles_stay_text(new_page, agenda_site, host):
    code = snippet(agenda_site, SliceKind.VENUE, "salle-sedan", "Salle", "/lieux/salle-sedan/", 5)
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(host.page("sedan.html", code, origin_of(agenda_site.base)))
    widget_ready(page)
    title = page.locator("agenda-csti a", has_text="Sciences, jeux")
    assert (
        title.inner_text()
        == "Sciences, jeux ; et \\ défis </script><script>alert('titre')</script>"
    )
    assert page.locator("agenda-csti script").count() == 0
    assert dialogs == []


def test_limit_and_an_unknown_slice(new_page, agenda_site, host):
    good = snippet(
        agenda_site, SliceKind.THEME, "astronomie-espace", "Astronomie", "/thematiques/x/", 2
    )
    bad = snippet(agenda_site, SliceKind.VENUE, "lieu-inconnu", "Mon lieu", "/lieux/x/", 5)
    page = new_page()
    page.goto(host.page("deux.html", good + "\n" + bad, origin_of(agenda_site.base)))
    widget_ready(page)
    first, second = page.locator("agenda-csti").nth(0), page.locator("agenda-csti").nth(1)
    assert first.locator("li").count() == 2
    assert second.get_attribute("data-etat") == "erreur"
    assert second.get_attribute("aria-busy") == "false"
    status = second.get_by_role("status")
    assert status.inner_text() == "L’agenda des sciences n’a pas pu être chargé pour le moment."
    # The partner's own link stays, so the agenda is one click away.
    assert second.get_by_role("link").inner_text() == "Mon lieu"


def test_without_javascript_the_fallback_link_shows(new_page, agenda_site, host):
    code = snippet(
        agenda_site,
        SliceKind.DEPARTEMENT,
        "vosges",
        "Agenda des sciences dans les Vosges",
        "/departements/vosges/",
        5,
    )
    url = host.page("sans-js.html", code, origin_of(agenda_site.base))
    page = new_page(javascript=False)
    page.goto(url)
    link = page.get_by_role("link", name="Agenda des sciences dans les Vosges")
    assert link.is_visible()
    assert link.get_attribute("href") == f"{agenda_site.base}/departements/vosges/"
    assert page.locator("agenda-csti li").count() == 0


def test_a_site_under_a_sub_path_works(new_page, sub_path_site, host):
    assert sub_path_site.base.endswith("/agenda")
    code = snippet(
        sub_path_site, SliceKind.PARTNER, "nef-test", "La Nef", "/partenaires/nef-test/", 3
    )
    page = new_page()
    page.goto(host.page("sous-dossier.html", code, origin_of(sub_path_site.base)))
    widget_ready(page)
    widget = page.locator("agenda-csti")
    assert widget.get_attribute("data-etat") == "pret"
    links = widget.locator("li a")
    assert links.count() == 3
    href = links.nth(0).get_attribute("href") or ""
    assert href.startswith(f"{sub_path_site.base}/evenements/")
    # The link leads to a real page of the site.
    page.goto(href)
    assert page.locator("h1").count() == 1 and "Page introuvable" not in page.title()


def test_iframe_shows_the_frame_page_without_script(new_page, agenda_site, host):
    option = SliceOption(
        "vosges",
        "Vosges",
        "Agenda des sciences dans les Vosges",
        f"{agenda_site.base}/departements/vosges/",
        f"{agenda_site.base}/integrer/cadre/departement/vosges/",
    )
    page = new_page()
    page.goto(host.page("cadre.html", frame_snippet(option, 3), origin_of(agenda_site.base)))
    frame = page.frame_locator("iframe")
    first = frame.locator("li a").first
    first.wait_for(timeout=10_000)
    assert first.get_attribute("target") == "_top"
    assert first.get_attribute("href", timeout=1_000) == (
        f"{agenda_site.base}/evenements/cycle-trois-seances/"
    )
    assert page.locator("iframe").get_attribute("title") == "Agenda des sciences dans les Vosges"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "hote-cadre.png", full_page=True)
    first.click()
    page.wait_for_url(f"{agenda_site.base}/evenements/cycle-trois-seances/")  # whole window


def test_frame_page_has_no_accessibility_violation(new_page, agenda_site, axe_source):
    page = new_page()
    page.goto(agenda_site.base + "/integrer/cadre/departement/vosges/")
    assert run_axe(page, axe_source) == []


def test_generator_snippet_works_once_pasted(new_page, agenda_site, host, axe_source):
    page = new_page(width=1280)
    page.goto(agenda_site.base + "/integrer/?lieu=nef-mulhouse")
    page.locator("[data-generateur]").wait_for(state="visible", timeout=10_000)
    assert page.locator("#integrer-genre").input_value() == "lieu"
    assert page.locator("#integrer-lieu").input_value() == "nef-mulhouse"
    page.locator("#integrer-limite").fill("3")
    code = page.locator("#integrer-code").input_value()
    assert f'src="{agenda_site.base}/assets/js/agenda-csti.js"' in code
    assert '<agenda-csti lieu="nef-mulhouse" limite="3">' in code
    # The preview runs the same script, on the site's own strict CSP.
    preview = page.locator("[data-generateur-apercu] agenda-csti")
    page.wait_for_function(
        "() => document.querySelector('[data-generateur-apercu] agenda-csti')"
        "?.dataset.etat === 'pret'",
        timeout=10_000,
    )
    assert preview.locator("li").count() >= 1
    widget_ready(page)
    assert run_axe(page, axe_source) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "integrer.png", full_page=True)
    # Copy: the button says so (or explains how to copy by hand).
    page.get_by_role("button", name="Copier le code").click()
    # The clipboard answers asynchronously: wait for the status line, do not read it
    # right after the click (it was still empty in one run).
    expect(page.locator("[data-generateur-statut]")).to_contain_text(
        re.compile("copi", re.IGNORECASE), timeout=10_000
    )

    # Pasted in a partner's page on another origin, the snippet works.
    pasted = new_page()
    pasted.goto(host.page("colle.html", code, origin_of(agenda_site.base)))
    widget_ready(pasted)
    items = pasted.locator("agenda-csti li")
    assert 1 <= items.count() <= 3
    assert (items.nth(0).get_by_role("link").get_attribute("href") or "").startswith(
        f"{agenda_site.base}/evenements/"
    )
    pasted.screenshot(path=SCREENSHOTS / "hote-lieu.png", full_page=True)

    # The iframe form: its snippet, and a preview of the frame page.
    page.get_by_label("Cadre <iframe> (sans script)").check()
    code = page.locator("#integrer-code").input_value()
    assert code.startswith(f'<iframe src="{agenda_site.base}/integrer/cadre/lieu/nef-mulhouse/"')
    page.frame_locator("[data-generateur-apercu] iframe").locator("li a").first.wait_for(
        timeout=10_000
    )


def test_generator_page_without_javascript_keeps_the_ready_made_snippets(new_page, agenda_site):
    page = new_page(javascript=False)
    page.goto(agenda_site.base + "/integrer/")
    assert not page.locator("[data-generateur]").is_visible()
    code = page.locator("#code-region-element").input_value()
    assert "<agenda-csti>" in code and "agenda-csti.js" in code
    assert page.get_by_role("link", name="Agenda des sciences dans le Grand Est").is_visible()


def test_generator_page_does_not_scroll_sideways_on_a_small_phone(new_page, agenda_site):
    page = new_page(width=320)
    page.goto(agenda_site.base + "/integrer/?lieu=nef-mulhouse")
    page.locator("[data-generateur]").wait_for(state="visible", timeout=10_000)
    widget_ready(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/integrer/ scrolls sideways by {overflow}px at 320px"


def test_generator_under_a_sub_path_gives_the_sub_path_script(new_page, sub_path_site):
    page = new_page()
    page.goto(sub_path_site.base + "/integrer/?departement=vosges")
    page.locator("[data-generateur]").wait_for(state="visible", timeout=10_000)
    code = page.locator("#integrer-code").input_value()
    assert f'src="{sub_path_site.base}/assets/js/agenda-csti.js"' in code
    assert f'<a href="{sub_path_site.base}/departements/vosges/">' in code
    page.wait_for_function(
        "() => document.querySelector('[data-generateur-apercu] agenda-csti')"
        "?.dataset.etat === 'pret'",
        timeout=10_000,
    )
    link = page.locator("[data-generateur-apercu] li a").first
    assert (link.get_attribute("href") or "").startswith(f"{sub_path_site.base}/evenements/")
