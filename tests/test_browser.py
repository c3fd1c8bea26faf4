"""What a person sees, in a real browser: Debian's chromium driven by Playwright, on a
phone-sized screen, over a real HTTP server serving the built fixture site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BuiltSite

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}


# The maps' tiles: the one server the pages reach besides the site. Tests never reach it:
# every context answers its requests with a plain grey PNG.
TILE_HOST = "https://tile.openstreetmap.org/"


def _png(size: int = 256, grey: int = 0xDD) -> bytes:
    """A plain grey square, like a tile of countryside."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    row = b"\x00" + bytes([grey]) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


TILE = _png()


def answer_tiles(context) -> None:
    """Serve map tiles locally in this browser context."""
    context.route(
        TILE_HOST + "**",
        lambda route: route.fulfill(status=200, body=TILE, headers={"content-type": "image/png"}),
    )


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site.out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: run scripts/install-test-tools.sh")
        pytest.skip("chromium is missing (run scripts/install-test-tools.sh as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", device_scale_factor=2)
    answer_tiles(context)
    page = context.new_page()
    yield page
    context.close()


PAGES = [
    "/",
    "/departements/haut-rhin/",
    "/evenements/exposition-hiver/",
    "/evenements/conference-annulee/",
    "/evenements/atelier-markdown-piege/",
    "/lieux/nef-mulhouse/",
    "/partenaires/nef-test/",
    "/thematiques/astronomie-espace/",
    "/archives/",
    "/accessibilite/",
    "/404.html",
    "/agenda/",
    "/lieux/",
    "/a-propos/",
    "/mentions-legales/",
    "/departements/vosges/passes/",
]


def test_home_first_screen_shows_an_event_card_at_375_pixels(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 667}, locale="fr-FR")
    page = context.new_page()
    page.goto(server + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    first_card_top = page.evaluate(
        "document.querySelector('main .card').getBoundingClientRect().top"
    )
    context.close()
    assert overflow <= 0, f"the home page scrolls sideways by {overflow}px at 375px"
    assert first_card_top < 667 - 40, f"the first event card starts at {first_card_top}px"


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling_at_320_pixels(browser, server, path):
    context = browser.new_context(viewport=NARROW, locale="fr-FR")
    answer_tiles(context)
    page = context.new_page()
    page.goto(server + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a 320px screen"


def test_skip_link_is_first_visible_on_focus_and_moves_to_main(phone, server):
    phone.goto(server + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Aller au contenu", "#contenu"]
    box = phone.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.left, r.width, r.height]; })()"
    )
    assert box[0] >= 0 and box[1] >= 0 and box[2] > 10 and box[3] > 10, (
        "skip link not visible when focused"
    )
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "contenu"


def test_keyboard_focus_is_visible(phone, server):
    phone.goto(server + "/")
    for _ in range(3):
        phone.keyboard.press("Tab")
    outline = phone.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: list[float], background: list[float]) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS_JS = """
(selector) => Array.from(document.querySelectorAll(selector)).filter(e => e.offsetParent !== null).map(e => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  let node = e, background = null;
  while (node && node.nodeType === 1) {
    const b = parse(getComputedStyle(node).backgroundColor);
    if (b.length < 4 || b[3] > 0.5) { background = b; break; }
    node = node.parentElement;
  }
  return {text: e.textContent.trim().slice(0, 40), colour: parse(getComputedStyle(e).color), background: background || [255, 255, 255]};
})
"""


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        (
            "/",
            "main p, main a, main h1, main h2, main h3, main li, main time, footer a, footer p, header a",
        ),
        ("/", "[class*=status], [class*=badge]"),
        (
            "/evenements/conference-annulee/",
            "main p, main a, main h1, main h2, main dd, main dt, [class*=status], [class*=banner]",
        ),
    ],
)
def test_text_contrast_meets_wcag_aa(phone, server, path, selector):
    phone.goto(server + path)
    elements = phone.evaluate(COLOURS_JS, selector)
    assert elements, selector
    too_low = [
        (e["text"], round(contrast(e["colour"], e["background"]), 2))
        for e in elements
        if e["text"] and contrast(e["colour"], e["background"]) < 4.5
    ]
    assert too_low == []


def test_cancelled_event_is_marked_as_prominently_as_its_title(phone, server):
    phone.goto(server + "/evenements/conference-annulee/")
    h1 = phone.locator("h1")
    assert "Conférence annulée" in h1.inner_text()
    banner = phone.get_by_text("Annulé", exact=False).first
    assert banner.is_visible()
    h1_box, banner_box = h1.bounding_box(), banner.bounding_box()
    assert h1_box and banner_box
    # The banner sits right by the title, in the first screen on a phone.
    assert banner_box["y"] < PHONE["height"]
    assert abs(banner_box["y"] - (h1_box["y"] + h1_box["height"])) < 200


def test_everything_reads_without_javascript(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/evenements/cycle-trois-seances/")
    text = page.inner_text("main")
    context.close()
    for expected in (
        "samedi 9 janvier 2027",
        "samedi 23 janvier 2027",
        "Médiathèque, Épinal",
        "Ajouter à mon agenda",
    ):
        assert expected in text


# Content-Security-Policy: nothing the pages need is blocked ---------------------------

# Records every CSP violation the page reports, from before its first byte is parsed
# (Playwright's init scripts are not subject to the page's policy).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def csp_problems(page, url: str) -> list[str]:
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(url, wait_until="load")
    if page.locator("section[data-carte]").count():  # draw the map: Leaflet, tiles
        page.locator("section[data-carte]").scroll_into_view_if_needed()
        page.wait_for_selector(".leaflet-tile-loaded", timeout=10_000)
    page.wait_for_timeout(50)  # violation events are dispatched asynchronously
    return [*page.evaluate("window.__violations"), *console]


@pytest.fixture
def csp_page(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    answer_tiles(context)
    page = context.new_page()
    yield page
    context.close()


def test_no_csp_violation_on_any_page(csp_page, server, built_site: BuiltSite):
    pages = sorted(
        "/" + p.relative_to(built_site.out).as_posix().removesuffix("index.html")
        for p in built_site.out.rglob("*.html")
        if not p.relative_to(built_site.out).as_posix().startswith("admin/")
    )
    kinds = {p.split("/")[1] for p in pages}
    assert {"", "evenements", "lieux", "partenaires", "thematiques", "departements"} <= kinds
    assert {"archives", "accessibilite", "404.html"} <= kinds
    found = {}
    for path in pages:
        problems = csp_problems(csp_page, server + path)
        if problems:
            found[path] = problems
    assert found == {}
    # The stylesheet really applied (a blocked stylesheet would leave the page unstyled).
    csp_page.goto(server + "/")
    assert csp_page.evaluate("document.styleSheets.length") >= 1


def test_filters_run_and_fetch_their_index_without_csp_violation(csp_page, server):
    # The filters' module and the JSON index it fetches are allowed; nothing else.
    for path in (
        "/?theme=astronomie-espace&gratuit=1",
        "/departements/vosges/?format=atelier",
        "/thematiques/astronomie-espace/?quand=dates&du=2027-01-01",
    ):
        problems = csp_problems(csp_page, server + path)
        csp_page.wait_for_function(
            "() => /correspond/.test(document.querySelector('[data-filtres-statut]').textContent)"
        )
        problems += csp_page.evaluate("window.__violations")
        assert problems == [], path
        assert csp_page.locator("[data-filtres-resultats] li").count() >= 1


def test_the_violation_recorder_does_see_violations(csp_page, server):
    csp_page.goto(server + "/", wait_until="load")
    csp_page.evaluate(
        """() => { const s = document.createElement("script");
        s.textContent = "window.__ran = 1"; document.body.append(s);
        const d = document.createElement("div"); d.innerHTML = '<img src="https://example.org/x.png">'; }"""
    )
    csp_page.wait_for_timeout(100)
    violations = csp_page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violations)
    assert csp_page.evaluate("window.__ran") is None  # the inline script did not run


def decap_dist(tmp_path_factory) -> Path | None:
    """Decap's dist/ folder from npm's offline cache, or None (no npm, not cached)."""
    import subprocess
    import tarfile

    from agenda import cms

    npm = shutil.which("npm")
    if npm is None:
        return None
    folder = tmp_path_factory.mktemp("decap")
    try:
        subprocess.run(
            [npm, "pack", f"decap-cms@{cms.DECAP_VERSION}", "--offline", "--silent"],
            cwd=folder,
            capture_output=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    tarballs = list(folder.glob("decap-cms-*.tgz"))
    if not tarballs:
        return None
    with tarfile.open(tarballs[0]) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package" / "dist"


def test_admin_page_runs_decap_without_csp_violation(browser, server, tmp_path_factory):
    from agenda import cms

    dist = decap_dist(tmp_path_factory)
    if dist is None:
        pytest.skip(f"decap-cms@{cms.DECAP_VERSION} is not in npm's offline cache")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    served: list[str] = []

    def route(route_request) -> None:
        url = route_request.request.url
        if url.startswith(cms.DECAP_ORIGIN_PATH):
            file = dist / url.removeprefix(cms.DECAP_ORIGIN_PATH).split("?")[0]
            if file.is_file():
                served.append(file.name)
                route_request.fulfill(
                    path=str(file),
                    headers={
                        "content-type": "application/javascript",
                        "access-control-allow-origin": "*",
                    },
                )
                return
        if url.startswith(server):
            route_request.continue_()
        else:
            route_request.abort()  # no network in tests: GitHub answers nothing

    context.route("**/*", route)
    page = context.new_page()
    problems = csp_problems(page, server + "/admin/")
    # Decap started: it read config.yml (ajv, hence 'unsafe-eval') and drew its login.
    page.wait_for_selector("button", timeout=20_000)
    page.wait_for_timeout(1000)
    problems += page.evaluate("window.__violations")
    text = page.inner_text("body")
    context.close()
    assert "decap-cms.js" in served
    assert "GitHub" in text
    assert sorted(set(problems)) == []
