"""The maps in a real browser (Debian's chromium driven by Playwright, over the built
fixture site): Leaflet draws them with their markers and attribution, the page's CSP is
respected, the list of places stands in without JavaScript, the keyboard goes in and out,
and the page still scrolls. There is no network: tile requests are answered with a small
PNG, and counted."""

from __future__ import annotations

import re

import pytest

from tests.test_browser import (  # noqa: F401 — browser and server are fixtures
    PHONE,
    RECORD_VIOLATIONS,
    TILE,
    TILE_HOST,
    browser,
    server,
)

pytestmark = pytest.mark.browser


class MapPage:
    """A phone-sized page whose tile requests are answered locally and recorded."""

    def __init__(self, browser, javascript: bool = True) -> None:
        self.context = browser.new_context(
            viewport=PHONE, locale="fr-FR", java_script_enabled=javascript
        )
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.tiles: list[str] = []
        self.elsewhere: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(TILE_HOST):
            self.tiles.append(url)
            route.fulfill(status=200, body=TILE, headers={"content-type": "image/png"})
        elif url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort()

    def open_map(self, url: str, markers: int = 1):
        """Go to the page, bring its map section on screen, wait for Leaflet and tiles."""
        page = self.page
        page.goto(url, wait_until="load")
        page.locator("section.carte").scroll_into_view_if_needed()
        page.wait_for_selector(".carte__plan.leaflet-container", timeout=10_000)
        page.wait_for_function(
            "n => document.querySelectorAll('.leaflet-marker-icon').length === n",
            arg=markers,
            timeout=10_000,
        )
        page.wait_for_function(
            "() => document.querySelector('.leaflet-tile-loaded') !== null", timeout=10_000
        )
        return page

    def violations(self) -> list[str]:
        self.page.wait_for_timeout(50)
        return self.page.evaluate("window.__violations")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def maps(browser):
    opened: list[MapPage] = []

    def open_page(javascript: bool = True) -> MapPage:
        opened.append(MapPage(browser, javascript))
        return opened[-1]

    yield open_page
    for item in opened:
        item.close()


def test_venue_page_shows_its_place_on_a_leaflet_map(maps, server):
    view = maps()
    page = view.open_map(server + "/lieux/nef-mulhouse/")
    plan = page.locator(".carte__plan")
    assert plan.get_attribute("role") == "region"
    assert plan.get_attribute("aria-label") == "Carte : La Nef des sciences, Mulhouse"
    assert plan.bounding_box()["height"] > 200  # carte.css applied
    marker = page.locator(".leaflet-marker-icon")
    assert marker.get_attribute("alt") == "La Nef des sciences"
    # Leaflet found its vendored marker image through leaflet.css.
    assert re.search(
        r"/assets/vendor/leaflet/images/marker-icon(-2x)?\.png$", marker.get_attribute("src")
    )
    attribution = page.locator(".leaflet-control-attribution")
    assert "© les contributeurs d’OpenStreetMap" in attribution.inner_text()
    assert (
        attribution.get_by_role("link", name="les contributeurs d’OpenStreetMap").get_attribute(
            "href"
        )
        == "https://www.openstreetmap.org/copyright"
    )
    # Street level, from the one tile host the CSP allows; nothing else left the machine.
    assert view.tiles and all(t.startswith(TILE_HOST + "15/") for t in view.tiles)
    assert view.elsewhere == []
    assert view.violations() == []
    # The address and link stay under the map.
    assert page.get_by_role("link", name="Voir sur OpenStreetMap").is_visible()


def test_marker_popup_links_to_the_venue_page(maps, server):
    page = maps().open_map(server + "/", markers=2)
    assert page.locator(".carte__plan").get_attribute("aria-label") == (
        "Carte des lieux de l'agenda dans le Grand Est"
    )
    marker = page.get_by_role("button", name="Médiathèque, Épinal")
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    link.wait_for(timeout=5_000)
    assert link.inner_text() == "Médiathèque, Épinal"
    assert link.get_attribute("href") == "/lieux/mediatheque-epinal/"
    assert (
        "48 rue Saint-Michel, 88000 Épinal" in page.locator(".leaflet-popup-content").inner_text()
    )


def test_departement_page_shows_its_venues(maps, server):
    view = maps()
    page = view.open_map(server + "/departements/haut-rhin/")
    assert page.locator(".leaflet-marker-icon").get_attribute("alt") == "La Nef des sciences"
    assert page.locator(".carte__plan").get_attribute("aria-label") == (
        "Carte des lieux dans le Haut-Rhin"
    )
    assert view.violations() == []


def test_home_page_maps_all_venues_fitted_and_lists_the_others(maps, server):
    view = maps()
    page = view.open_map(server + "/", markers=2)
    # Mulhouse and Épinal both in view: fitted, not at street level.
    zooms = {int(t.removeprefix(TILE_HOST).split("/")[0]) for t in view.tiles}
    assert max(zooms) <= 10
    box = page.locator(".carte__plan").bounding_box()
    for marker in page.locator(".leaflet-marker-icon").all():
        m = marker.bounding_box()
        assert box["x"] <= m["x"] and m["x"] + m["width"] <= box["x"] + box["width"]
        assert box["y"] <= m["y"] and m["y"] + m["height"] <= box["y"] + box["height"]
    assert page.locator("section.carte a[href='/lieux/salle-sedan/']").count() == 1
    assert view.violations() == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/lieux/nef-mulhouse/",
            {
                "https://www.openstreetmap.org/?mlat=47.7305&mlon=7.3106#map=16/47.7305/7.3106",
            },
        ),
        (
            "/departements/haut-rhin/",
            {
                "/lieux/nef-mulhouse/",
                "https://www.openstreetmap.org/?mlat=47.7305&mlon=7.3106#map=16/47.7305/7.3106",
            },
        ),
    ],
)
def test_without_javascript_the_list_and_links_are_there(maps, server, path, expected):
    view = maps(javascript=False)
    page = view.page
    page.goto(server + path)
    section = page.locator("section.carte")
    links = {a.get_attribute("href") for a in section.locator("a").all()}
    assert expected <= links
    for link in section.locator("a").all():
        assert link.is_visible()
    assert page.locator(".leaflet-container").count() == 0
    assert view.tiles == []


def test_keyboard_goes_into_the_map_to_its_marker_and_out(maps, server):
    page = maps().open_map(server + "/lieux/nef-mulhouse/")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").focus()
    inside = "(() => !!document.activeElement.closest('.carte__plan'))()"
    describe = (
        "(() => { const e = document.activeElement; return [e.className, e.getAttribute('alt')"
        " || e.textContent.trim().slice(0, 60)]; })()"
    )
    seen_in_map: list[list[str]] = []
    for _ in range(80):  # Tab through the page until the map
        page.keyboard.press("Tab")
        if page.evaluate(inside):
            break
    else:
        pytest.fail("Tab never reached the map")
    assert "carte__plan" in page.evaluate("document.activeElement.className")  # the map itself
    for _ in range(20):  # then through it and out
        seen_in_map.append(page.evaluate(describe))
        page.keyboard.press("Tab")
        if not page.evaluate(inside):
            break
    else:
        pytest.fail(f"Tab never left the map: {seen_in_map}")
    assert any(
        "leaflet-marker-icon" in cls and alt == "La Nef des sciences" for cls, alt in seen_in_map
    )
    # Out of the map: next comes the fallback's link, then the rest of the page.
    assert page.evaluate("document.activeElement.textContent.trim()") == "Voir sur OpenStreetMap"
    # And back in with Shift+Tab.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(inside)


def test_the_wheel_scrolls_the_page_not_the_map(maps, server):
    view = maps()
    page = view.open_map(server + "/lieux/nef-mulhouse/")
    box = page.locator(".carte__plan").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20)
    before = page.evaluate("window.scrollY")
    tiles_before = len(view.tiles)
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > before
    assert all(t.startswith(TILE_HOST + "15/") for t in view.tiles[tiles_before:])
