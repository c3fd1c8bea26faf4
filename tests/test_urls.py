"""The public URLs of CONTRACT §3, links under a sub-path, subscribe links, output files."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from agenda import urls
from agenda.urls import Links


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (urls.home(), "/"),
        (urls.departement("meurthe-et-moselle"), "/departements/meurthe-et-moselle/"),
        (urls.departement_feed("vosges"), "/departements/vosges/agenda.ics"),
        (urls.event("atelier-robots"), "/evenements/atelier-robots/"),
        (urls.event_ics("atelier-robots"), "/evenements/atelier-robots/atelier-robots.ics"),
        (urls.venue("mediatheque-epinal"), "/lieux/mediatheque-epinal/"),
        (urls.partner("la-nef-des-sciences"), "/partenaires/la-nef-des-sciences/"),
        (urls.theme("astronomie-espace"), "/thematiques/astronomie-espace/"),
        (urls.archives(), "/archives/"),
        (urls.region_feed(), "/agenda.ics"),
        (urls.events_json(), "/evenements.json"),
        (urls.sitemap(), "/sitemap.xml"),
        (urls.atom_feed(), "/feed.xml"),
        (urls.not_found(), "/404.html"),
        (urls.venue_feed("salle"), "/lieux/salle/agenda.ics"),
        (urls.partner_feed("p"), "/partenaires/p/agenda.ics"),
        (urls.theme_feed("mathematiques"), "/thematiques/mathematiques/agenda.ics"),
        (urls.accessibility_statement(), "/accessibilite/"),
        (urls.departements_index(), "/departements/"),
        (urls.venues_index(), "/lieux/"),
        (urls.partners_index(), "/partenaires/"),
        (urls.themes_index(), "/thematiques/"),
    ],
)
def test_contract_urls(url, expected):
    assert url == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (urls.upcoming_listing(), "/agenda/"),
        (urls.upcoming_listing(1), "/agenda/"),
        (urls.upcoming_listing(2), "/agenda/page/2/"),
        (urls.departement_listing("vosges", 1), "/departements/vosges/"),
        (urls.departement_listing("vosges", 3), "/departements/vosges/page/3/"),
        (urls.departement_past("vosges"), "/departements/vosges/passes/"),
        (urls.departement_past("vosges", 2), "/departements/vosges/passes/page/2/"),
        (urls.venue_listing("salle", 2), "/lieux/salle/page/2/"),
        (urls.partner_listing("p", 2), "/partenaires/p/page/2/"),
        (urls.theme_listing("mathematiques", 2), "/thematiques/mathematiques/page/2/"),
        (urls.archives_listing(1), "/archives/"),
        (urls.archives_listing(4), "/archives/page/4/"),
        (urls.about(), "/a-propos/"),
        (urls.legal_notice(), "/mentions-legales/"),
        (urls.favicon_svg(), "/assets/images/favicon.svg"),
        (urls.favicon_png(), "/assets/images/favicon-32.png"),
    ],
)
def test_team_urls_once_published_are_promises(url, expected):
    assert url == expected


def test_listing_pages_never_collide_with_a_record_page():
    # « page » is not a valid-looking slug clash: /lieux/page/ would be a venue named
    # « page », while listing pages always sit one level deeper (/lieux/<slug>/page/2/).
    assert urls.venue_listing("page", 2) == "/lieux/page/page/2/"
    assert urls.venue_listing("page", 2) != urls.venue("page")


def test_asset_paths():
    assert urls.asset("assets/images/robot.svg") == "/assets/images/robot.svg"
    assert urls.asset("/content/events/photo.jpg") == "/content/events/photo.jpg"


@pytest.mark.parametrize(
    ("url", "file"),
    [
        ("/", "index.html"),
        ("/departements/vosges/", "departements/vosges/index.html"),
        ("/departements/vosges/agenda.ics", "departements/vosges/agenda.ics"),
        ("/evenements/a/", "evenements/a/index.html"),
        ("/evenements/a/a.ics", "evenements/a/a.ics"),
        ("/archives/", "archives/index.html"),
        ("/agenda.ics", "agenda.ics"),
        ("/evenements.json", "evenements.json"),
        ("/404.html", "404.html"),
        ("", "index.html"),
    ],
)
def test_output_file_mapping(url, file):
    assert urls.output_file(url) == file


ROOT = Links("https://agenda-csti-grandest.fr")
SUB = Links("https://csti.github.io/agenda")


def test_href_at_the_domain_root():
    assert ROOT.base_path == ""
    assert ROOT.href("/") == "/"
    assert ROOT.href(urls.event("a")) == "/evenements/a/"


def test_href_under_a_sub_path():
    assert SUB.base_path == "/agenda"
    assert SUB.href("/") == "/agenda/"
    assert SUB.href(urls.event("a")) == "/agenda/evenements/a/"
    assert SUB.href(urls.asset("assets/css/site.css")) == "/agenda/assets/css/site.css"


@pytest.mark.parametrize(
    "link",
    ["https://example.org/x", "mailto:contact@example.org", "tel:+33329000000", "#contenu"],
)
def test_href_leaves_external_links_alone(link):
    assert SUB.href(link) == link
    assert ROOT.href(link) == link


def test_absolute():
    assert ROOT.absolute("/agenda.ics") == "https://agenda-csti-grandest.fr/agenda.ics"
    assert SUB.absolute("/evenements/a/") == "https://csti.github.io/agenda/evenements/a/"


def test_webcal():
    assert ROOT.webcal("/agenda.ics") == "webcal://agenda-csti-grandest.fr/agenda.ics"
    assert (
        SUB.webcal(urls.departement_feed("vosges"))
        == "webcal://csti.github.io/agenda/departements/vosges/agenda.ics"
    )
    assert (
        Links("http://localhost:8000").webcal("/agenda.ics") == "webcal://localhost:8000/agenda.ics"
    )


def test_google_subscribe():
    link = SUB.google_subscribe("/agenda.ics")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "calendar.google.com",
        "/calendar/r",
    )
    [cid] = parse_qs(parts.query)["cid"]
    assert cid == "webcal://csti.github.io/agenda/agenda.ics"
    # The webcal address is fully percent-encoded inside the query.
    assert "cid=webcal%3A%2F%2Fcsti.github.io%2Fagenda%2Fagenda.ics" in link
    assert unquote(link.split("cid=", 1)[1]) == cid


def test_osm_links():
    assert ROOT.osm(48.1725, 6.4497, "ignored") == (
        "https://www.openstreetmap.org/?mlat=48.1725&mlon=6.4497#map=17/48.1725/6.4497"
    )
    search = ROOT.osm(None, None, "48 rue Saint-Michel, 88000 Épinal")
    parts = urlsplit(search)
    assert parts.path == "/search"
    assert parse_qs(parts.query)["query"] == ["48 rue Saint-Michel, 88000 Épinal"]
    assert ROOT.osm(48.1, None, "x").startswith("https://www.openstreetmap.org/search?")
