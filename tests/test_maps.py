"""The maps: which venues each map shows, the data its markers read, the list that is the
map without JavaScript, and the vendored Leaflet files (see tests/test_maps_browser.py for
what a person sees)."""

from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from agenda.config import Departement, load_config
from agenda.maps import (
    AREA_ZOOM,
    VENUE_ZOOM,
    coordinate,
    departement_map,
    osm_link,
    region_map,
    venue_map,
)
from agenda.model import Venue
from agenda.page import EmptyContext, Page
from agenda.render import make_environment, render_page, site_view
from agenda.urls import Links
from tests.conftest import REPO, BuiltSite

LEAFLET = REPO / "assets" / "vendor" / "leaflet"
HAUT_RHIN = Departement("68", "Haut-Rhin", "haut-rhin", "dans le Haut-Rhin")


def venue(slug: str, lat: float | None = 47.7305, lon: float | None = 7.3106, **fields) -> Venue:
    values = {
        "name": "La Nef des sciences",
        "address": "2 bis rue des Frères Lumière",
        "postal_code": "68200",
        "city": "Mulhouse",
        "departement": "68",
    }
    values.update(fields)
    return Venue(slug=slug, path=f"content/venues/{slug}.yaml", lat=lat, lon=lon, **values)


# The marker data -----------------------------------------------------------------------


def test_a_venue_with_coordinates_has_one_marker_at_street_zoom():
    view = venue_map(venue("nef"))
    assert view is not None and view.has_map
    assert view.kind == "lieu" and view.zoom == VENUE_ZOOM == 15
    assert view.label == "Carte : La Nef des sciences, Mulhouse"
    (place,) = view.places
    assert (place.lat, place.lon, place.url) == ("47.7305", "7.3106", "/lieux/nef/")
    assert place.address == "2 bis rue des Frères Lumière, 68200 Mulhouse"
    assert place.osm_url == (
        "https://www.openstreetmap.org/?mlat=47.7305&mlon=7.3106#map=16/47.7305/7.3106"
    )


def test_a_venue_without_coordinates_has_no_map():
    assert venue_map(venue("sedan", lat=None, lon=None)) is None


def test_departement_lists_venues_without_coordinates_and_maps_the_others():
    view = departement_map(HAUT_RHIN, [venue("a"), venue("b", lat=None, lon=None, name="B")])
    assert view is not None
    assert [p.url for p in view.places] == ["/lieux/a/"]
    assert [p.url for p in view.unmapped] == ["/lieux/b/"]
    assert not view.unmapped[0].mapped
    assert view.unmapped[0].osm_url.startswith("https://www.openstreetmap.org/search?query=")
    assert view.label == "Carte des lieux dans le Haut-Rhin"
    assert view.zoom == AREA_ZOOM


def test_no_venue_no_map_section():
    assert departement_map(HAUT_RHIN, []) is None
    assert region_map([]) is None


def test_only_unmapped_venues_give_a_list_without_a_map():
    view = departement_map(HAUT_RHIN, [venue("x", lat=None, lon=None)])
    assert view is not None and not view.has_map and len(view.unmapped) == 1


def test_region_map_orders_places_by_city_then_name():
    view = region_map(
        [
            venue("z", city="Épinal", name="Médiathèque"),
            venue("b", city="colmar", name="Musée"),
            venue("a", city="Colmar", name="Archives"),
        ]
    )
    assert view is not None
    assert [p.url for p in view.places] == ["/lieux/a/", "/lieux/b/", "/lieux/z/"]


@pytest.mark.parametrize(
    ("value", "text"),
    [(47.7305, "47.7305"), (7.0, "7"), (48.123456789, "48.123457"), (0.00001, "0.00001")],
)
def test_coordinates_are_plain_decimals(value, text):
    assert coordinate(value) == text


def test_osm_link_of_a_venue_without_coordinates_searches_its_address():
    link = osm_link(venue("s", lat=None, lon=None, address="Place d'Armes & co"))
    assert link == (
        "https://www.openstreetmap.org/search?query=Place+d%27Armes+%26+co%2C+68200+Mulhouse"
    )


# The rendered list and data-* attributes -----------------------------------------------


class Places(HTMLParser):
    """The data-* of each mapped element and the links of the map section."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.places: list[dict[str, str | None]] = []
        self.section: dict[str, str | None] = {}
        self.links: list[str | None] = []
        self.scripts: list[dict[str, str | None]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and "carte" in (values.get("class") or ""):
            self.section = values
            self._depth = 1
        elif self._depth and tag == "section":
            self._depth += 1
        if not self._depth:
            return
        if "data-lat" in values:
            self.places.append(values)
        if tag == "a":
            self.links.append(values.get("href"))
        if tag == "script":
            self.scripts.append(values)

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "section":
            self._depth -= 1


def render_with_map(view, base_url: str = "https://example.org") -> str:
    config = load_config(REPO)
    links = Links(base_url)
    env = make_environment(REPO / "templates", links)
    site = site_view(config, links, "/assets/css/site.css")
    page = Page("/essai/", "_map.html", EmptyContext(), "Essai", map=view)
    return render_page(env, page, site).decode("utf-8")


HOSTILE_NAME = '<script>alert("x")</script> & l\'"atelier"'


def test_names_and_addresses_are_escaped_in_attributes_and_text():
    view = departement_map(
        HAUT_RHIN,
        [venue("piege", name=HOSTILE_NAME, address='1 rue "<b>" & co', city="Mulhouse")],
    )
    text = render_with_map(view)
    assert "<script>alert" not in text and "<b>" not in text
    parser = Places()
    parser.feed(text)
    (place,) = parser.places
    # What carte.js reads back is exactly what the partner wrote.
    assert place["data-nom"] == HOSTILE_NAME
    assert place["data-adresse"] == '1 rue "<b>" & co, 68200 Mulhouse'
    assert (place["data-lat"], place["data-lon"], place["data-url"]) == (
        "47.7305",
        "7.3106",
        "/lieux/piege/",
    )
    # The only script is our module, a file of the site.
    (script,) = parser.scripts
    assert script.get("type") == "module"
    assert re.fullmatch(r"/assets/js/carte\.js\?v=\w{10}", script.get("src") or "")


def test_the_section_carries_leaflet_urls_under_a_sub_path():
    text = render_with_map(venue_map(venue("nef")), base_url="https://org.github.io/agenda")
    parser = Places()
    parser.feed(text)
    section = parser.section
    assert section["data-label"] == "Carte : La Nef des sciences, Mulhouse"
    assert section["data-zoom"] == "15"
    assert re.fullmatch(
        r"/agenda/assets/vendor/leaflet/leaflet\.js\?v=\w{10}", section["data-leaflet-js"] or ""
    )
    assert re.fullmatch(
        r"/agenda/assets/vendor/leaflet/leaflet\.css\?v=\w{10}", section["data-leaflet-css"] or ""
    )
    assert re.fullmatch(r"/agenda/assets/css/carte\.css\?v=\w{10}", section["data-carte-css"] or "")
    assert parser.scripts[0]["src"].startswith("/agenda/assets/js/carte.js?v=")


def test_a_list_without_coordinates_loads_no_script():
    text = render_with_map(departement_map(HAUT_RHIN, [venue("x", lat=None, lon=None)]))
    parser = Places()
    parser.feed(text)
    assert parser.scripts == [] and "data-carte" not in parser.section
    assert "pas encore de coordonnées" in text
    assert "/lieux/x/" in parser.links


# In the built fixture site -------------------------------------------------------------


def _section(built_site: BuiltSite, path: str) -> Places:
    parser = Places()
    parser.feed(built_site.read(path))
    return parser


def test_venue_page_shows_address_and_openstreetmap_link(built_site: BuiltSite):
    parser = _section(built_site, "/lieux/nef-mulhouse/")
    assert [p["data-nom"] for p in parser.places] == ["La Nef des sciences"]
    assert (
        "https://www.openstreetmap.org/?mlat=47.7305&mlon=7.3106#map=16/47.7305/7.3106"
        in parser.links
    )


def test_venue_page_without_coordinates_has_no_map(built_site: BuiltSite):
    text = built_site.read("/lieux/salle-sedan/")
    assert 'class="carte' not in text and "carte.js" not in text


def test_departement_and_home_pages_list_their_venues(built_site: BuiltSite):
    haut_rhin = _section(built_site, "/departements/haut-rhin/")
    assert [p["data-url"] for p in haut_rhin.places] == ["/lieux/nef-mulhouse/"]
    ardennes = _section(built_site, "/departements/ardennes/")
    assert ardennes.places == [] and "/lieux/salle-sedan/" in ardennes.links
    home = _section(built_site, "/")
    assert sorted(p["data-url"] or "" for p in home.places) == [
        "/lieux/mediatheque-epinal/",
        "/lieux/nef-mulhouse/",
    ]
    assert "/lieux/salle-sedan/" in home.links  # listed, not mapped


def test_privacy_note_is_on_the_accessibility_page(built_site: BuiltSite):
    text = html.unescape(built_site.read("/accessibilite/"))
    assert "Carte et vie privée" in text and "tile.openstreetmap.org" in text


# The vendored Leaflet ------------------------------------------------------------------


def _version_file() -> tuple[str, dict[str, str]]:
    lines = (LEAFLET / "VERSION.txt").read_text(encoding="utf-8").splitlines()
    version = lines[0].removeprefix("leaflet ")
    sums = {}
    for line in lines[lines.index("sha256:") + 1 :]:
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    return version, sums


def test_vendored_leaflet_matches_its_version_file():
    version, sums = _version_file()
    assert re.fullmatch(r"1\.9\.\d+", version)
    on_disk = {
        p.relative_to(LEAFLET).as_posix()
        for p in LEAFLET.rglob("*")
        if p.is_file() and p.name != "VERSION.txt"
    }
    assert set(sums) == on_disk
    for name, digest in sums.items():
        assert hashlib.sha256((LEAFLET / name).read_bytes()).hexdigest() == digest, name
    assert f't.version="{version}"' in (LEAFLET / "leaflet.js").read_text(encoding="utf-8")
    assert {"leaflet.js", "leaflet.css", "LICENSE.txt", "images/marker-icon.png"} <= on_disk


def test_vendored_leaflet_is_loaded_from_the_site_only():
    script = (REPO / "assets" / "js" / "carte.js").read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s\"'`]+", script))
    assert urls == {
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright",
        "https://leafletjs.com/",
    }
    assert "innerHTML" not in script  # popups are built as text


def test_vendor_command_is_documented():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "vendor-leaflet:" in makefile and "scripts/vendor-leaflet.sh" in makefile
    assert "make vendor-leaflet" in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert Path(REPO / "scripts" / "vendor-leaflet.sh").is_file()
