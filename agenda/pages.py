"""Every HTML page of the site, in order: all_pages, the one list the build renders.

Each page kind has its own module (event_page, home_page, listing_pages, index_pages,
about_pages); each context has a declared shape (a dataclass), so a template's variables
can be read from its module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial

from agenda import urls
from agenda.about_pages import about_pages
from agenda.catalogue import Catalogue
from agenda.config import Departement
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
from agenda.model import Event, Venue
from agenda.page import EmptyContext, Page
from agenda.urls import Links
from agenda.views import EventCard, event_card


def _with_map(pages: Iterable[Page], view: MapView | None) -> Iterator[Page]:
    """The pages of a listing, the first one carrying the map (later pages only list)."""
    for number, page in enumerate(pages):
        yield replace(page, map=view) if number == 0 else page


@dataclass(frozen=True)
class PageGroup:
    """Pages made together (a listing and its numbered pages, or one event's page), all at
    or under `url`: `build.py serve` makes a group only when one of its pages is asked for."""

    url: str
    make: Callable[[], list[Page]]


def all_pages(catalogue: Catalogue, links: Links) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order."""
    cards = {slug: event_card(e, catalogue) for slug, e in catalogue.events.items()}
    for group in page_groups(catalogue, links, cards):
        yield from group.make()


class LazyCards(Mapping[str, EventCard]):
    """The events' cards, each made the first time a page lists it: `serve` shows a few
    pages after an edit, which need a few cards, not ten thousand."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.made: dict[str, EventCard] = {}

    def __getitem__(self, slug: str) -> EventCard:
        card = self.made.get(slug)
        if card is None:
            card = self.made[slug] = event_card(self.catalogue.events[slug], self.catalogue)
        return card

    def __iter__(self) -> Iterator[str]:
        return iter(self.catalogue.events)

    def __len__(self) -> int:
        return len(self.catalogue.events)


def page_groups(
    catalogue: Catalogue, links: Links, cards: Mapping[str, EventCard]
) -> Iterator[PageGroup]:
    """Every page of the site by group, in the order of `all_pages`; nothing is made
    before a group's `make` is called."""
    config = catalogue.config

    def group(url: str, make: Callable[[], Iterable[Page]]) -> PageGroup:
        return PageGroup(url, lambda: list(make()))

    yield group(
        urls.home(),
        lambda: _with_map(
            [home_page(catalogue, cards, links)], region_map(catalogue.venues.values())
        ),
    )
    yield group(urls.upcoming_listing(), lambda: listing_pages(catalogue, cards))
    yield group(urls.home(), lambda: index_pages(catalogue))  # /departements/, /lieux/…
    for dep in config.departements:
        yield group(urls.departement(dep.slug), partial(_departement, dep, catalogue, cards, links))
    for event in catalogue.events.values():
        yield group(urls.event(event.slug), partial(_event, event, catalogue, cards, links))
    for venue in catalogue.venues.values():
        yield group(urls.venue(venue.slug), partial(_venue, venue, catalogue, cards, links))
    for partner in catalogue.partners.values():
        yield group(
            urls.partner(partner.slug), partial(partner_pages, partner, catalogue, cards, links)
        )
    for theme in config.themes.terms:
        yield group(urls.theme(theme.slug), partial(theme_pages, theme, catalogue, cards, links))
    yield group(urls.archives(), lambda: archives_pages(catalogue, cards))
    yield group(urls.home(), lambda: about_pages(catalogue))  # /a-propos/, /mentions-legales/
    yield group(urls.embed(), lambda: embed_pages(catalogue, links))  # and the <iframe> pages
    yield group(urls.home(), lambda: _last_pages(catalogue))


def _departement(
    dep: Departement, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> Iterator[Page]:
    dep_venues = catalogue.venues_by_departement.get(dep.code, ())
    return _with_map(
        departement_pages(dep, catalogue, cards, links), departement_map(dep, dep_venues)
    )


def _event(
    event: Event, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> list[Page]:
    return [event_page(event, catalogue, cards, links)]


def _venue(
    venue: Venue, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> Iterator[Page]:
    return _with_map(venue_pages(venue, catalogue, cards, links), venue_map(venue))


def _last_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The accessibility statement, the search page and the error page."""
    contact = {"contact_email": catalogue.config.contact_email}
    yield Page(
        urls.accessibility_statement(),
        "accessibilite.html",
        EmptyContext(contact if catalogue.config.contact_email else {}),
        "Accessibilité",
    )
    yield Page(urls.search(), "recherche.html", EmptyContext(), "Recherche", noindex=True)
    yield Page(urls.not_found(), "404.html", EmptyContext(), "Page introuvable", noindex=True)
