"""Every HTML page of the site, in order: all_pages, the one list the build renders.

Each page kind has its own module (event_page, home_page, listing_pages, index_pages,
about_pages); each context has a declared shape (a dataclass), so a template's variables
can be read from its module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from agenda import urls
from agenda.about_pages import about_pages
from agenda.catalogue import Catalogue
from agenda.embed_pages import embed_pages
from agenda.event_page import event_page
from agenda.home_page import home_page
from agenda.index_pages import index_pages
from agenda.listing_pages import (
    archives_pages,
    departement_pages,
    listing_pages,
    partner_pages,
    theme_pages,
    venue_pages,
)
from agenda.maps import MapView, departement_map, region_map, venue_map
from agenda.page import EmptyContext, Page
from agenda.urls import Links
from agenda.views import event_card


def _with_map(pages: Iterable[Page], view: MapView | None) -> Iterator[Page]:
    """The pages of a listing, the first one carrying the map (later pages only list)."""
    for number, page in enumerate(pages):
        yield replace(page, map=view) if number == 0 else page


def all_pages(catalogue: Catalogue, links: Links) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order."""
    cards = {slug: event_card(e, catalogue) for slug, e in catalogue.events.items()}
    yield from _with_map(
        [home_page(catalogue, cards, links)], region_map(catalogue.venues.values())
    )
    yield from listing_pages(catalogue, cards)
    yield from index_pages(catalogue)
    for dep in catalogue.config.departements:
        dep_venues = catalogue.venues_by_departement.get(dep.code, ())
        yield from _with_map(
            departement_pages(dep, catalogue, cards, links), departement_map(dep, dep_venues)
        )
    for event in catalogue.events.values():
        yield event_page(event, catalogue, cards, links)
    for venue in catalogue.venues.values():
        yield from _with_map(venue_pages(venue, catalogue, cards, links), venue_map(venue))
    for partner in catalogue.partners.values():
        yield from partner_pages(partner, catalogue, cards, links)
    for theme in catalogue.config.themes.terms:
        yield from theme_pages(theme, catalogue, cards, links)
    yield from archives_pages(catalogue, cards)
    yield from about_pages(catalogue)
    yield from embed_pages(catalogue, links)  # /integrer/ and the <iframe> pages
    contact = {"contact_email": catalogue.config.contact_email}
    yield Page(
        urls.accessibility_statement(),
        "accessibilite.html",
        EmptyContext(contact if catalogue.config.contact_email else {}),
        "Accessibilité",
    )
    yield Page(urls.search(), "recherche.html", EmptyContext(), "Recherche", noindex=True)
    yield Page(urls.not_found(), "404.html", EmptyContext(), "Page introuvable", noindex=True)
