"""Paginated listings: /agenda/, each département, venue, partner, theme, archives."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.config import Departement, Term
from agenda.index_pages import upcoming_count
from agenda.model import Event, Partner, Venue
from agenda.page import FeedLinks, MonthGroup, NamedLink, Page, feed_links, group_by_month
from agenda.pagination import PAST_LIMIT, Pager, paginate
from agenda.urls import Links
from agenda.views import EventCard, config_labels


@dataclass(frozen=True)
class ListingContext:
    """One page of the région's upcoming events (/agenda/, /agenda/page/n/)."""

    months: tuple[MonthGroup, ...]
    pager: Pager


@dataclass(frozen=True)
class DepartementContext:
    """A département, one page of its upcoming events, its venues, its feed."""

    departement: Departement
    months: tuple[MonthGroup, ...]
    venues: tuple[NamedLink, ...]
    feed: FeedLinks
    pager: Pager
    past_url: str
    past_count: int


@dataclass(frozen=True)
class VenueContext:
    """A venue and its events."""

    venue: Venue
    departement: NamedLink
    map_url: str
    accessibility_labels: tuple[str, ...]
    upcoming: tuple[EventCard, ...]
    past: tuple[EventCard, ...]  # the most recent PAST_LIMIT
    feed: FeedLinks
    pager: Pager
    past_count: int
    past_url: str  # where all of them are: the département's past events


@dataclass(frozen=True)
class PartnerContext:
    """A partner and one page of its events."""

    partner: Partner
    upcoming: tuple[EventCard, ...]
    past: tuple[EventCard, ...]  # the most recent PAST_LIMIT
    feed: FeedLinks
    pager: Pager
    past_count: int
    past_url: str


@dataclass(frozen=True)
class ThemeContext:
    """One page of the events of one theme."""

    theme: Term
    months: tuple[MonthGroup, ...]
    past: tuple[EventCard, ...]  # the most recent PAST_LIMIT
    feed: FeedLinks
    pager: Pager
    past_count: int
    past_url: str


@dataclass(frozen=True)
class ArchivesContext:
    """One page of past events, most recent first, by month: the région's, or one
    département's (then `departement` is set)."""

    months: tuple[MonthGroup, ...]
    pager: Pager
    departement: NamedLink | None = None


def _months(
    events: Sequence[Event], cards: Mapping[str, EventCard], today: date
) -> tuple[MonthGroup, ...]:
    return group_by_month(events, cards, lambda e: e.next_day(today))


def listing_pages(catalogue: Catalogue, cards: Mapping[str, EventCard]) -> Iterator[Page]:
    """/agenda/, /agenda/page/2/…: every upcoming event of the région, by month."""
    today = catalogue.today
    for pager, chunk in paginate(catalogue.upcoming, urls.upcoming_listing):
        context = ListingContext(_months(chunk, cards, today), pager)
        yield Page(
            urls.upcoming_listing(pager.number),
            "listing.html",
            context,
            "Tout l'agenda" + pager.title_suffix,
            "Tous les rendez-vous à venir de la culture scientifique dans le Grand Est.",
        )


def departement_pages(
    dep: Departement, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> Iterator[Page]:
    """A département's pages: its upcoming events, PAGE_SIZE a page, then its past ones."""
    today = catalogue.today
    events = catalogue.upcoming_by_departement.get(dep.code, ())
    past = catalogue.past_by_departement.get(dep.code, ())
    venues = tuple(
        NamedLink(
            f"{v.name} ({v.city})",
            urls.venue(v.slug),
            upcoming_count(catalogue.events_by_venue.get(v.slug, ()), today),
        )
        for v in catalogue.venues_by_departement.get(dep.code, ())
    )
    feed = feed_links(
        f"{catalogue.config.title} – {dep.name}", urls.departement_feed(dep.slug), links
    )
    description = (
        f"Les rendez-vous de culture scientifique {dep.in_phrase} : "
        "ateliers, conférences, expositions."
    )
    for pager, chunk in paginate(events, lambda n: urls.departement_listing(dep.slug, n)):
        context = DepartementContext(
            departement=dep,
            months=_months(chunk, cards, today),
            venues=venues,
            feed=feed,
            pager=pager,
            past_url=urls.departement_past(dep.slug),
            past_count=len(past),
        )
        title = f"{dep.name} ({dep.code}){pager.title_suffix}"
        yield Page(
            urls.departement_listing(dep.slug, pager.number),
            "departement.html",
            context,
            title,
            description,
        )
    dep_link = NamedLink(dep.name, urls.departement(dep.slug))
    for pager, chunk in paginate(past, lambda n: urls.departement_past(dep.slug, n)):
        yield Page(
            urls.departement_past(dep.slug, pager.number),
            "archives.html",
            ArchivesContext(group_by_month(chunk, cards, lambda e: e.last_day), pager, dep_link),
            f"Événements passés {dep.in_phrase}{pager.title_suffix}",
        )


def _split(events: Iterable[Event], today: date) -> tuple[list[Event], list[Event]]:
    upcoming = [e for e in events if e.is_upcoming(today)]
    past = [e for e in events if not e.is_upcoming(today)]
    return upcoming, past


def venue_pages(
    venue: Venue, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> Iterator[Page]:
    """A venue's pages: its upcoming events PAGE_SIZE a page; its latest past ones."""
    config = catalogue.config
    dep = config.departement_by_code(venue.departement)
    assert dep is not None
    upcoming, past = _split(catalogue.events_by_venue.get(venue.slug, ()), catalogue.today)
    for pager, chunk in paginate(upcoming, lambda n: urls.venue_listing(venue.slug, n)):
        context = VenueContext(
            venue=venue,
            departement=NamedLink(dep.name, urls.departement(dep.slug)),
            map_url=links.osm(venue.lat, venue.lon, venue.full_address),
            accessibility_labels=config_labels(config, "accessibility", venue.accessibility),
            upcoming=tuple(cards[e.slug] for e in chunk),
            past=tuple(cards[e.slug] for e in past[:PAST_LIMIT]),
            feed=feed_links(f"{config.title} – {venue.name}", urls.venue_feed(venue.slug), links),
            pager=pager,
            past_count=len(past),
            past_url=urls.departement_past(dep.slug),
        )
        yield Page(
            urls.venue_listing(venue.slug, pager.number),
            "venue.html",
            context,
            f"{venue.name}, {venue.city}{pager.title_suffix}",
            venue.description,
        )


def partner_pages(
    partner: Partner, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> Iterator[Page]:
    """A partner's pages: its upcoming events PAGE_SIZE a page; its latest past ones."""
    upcoming, past = _split(catalogue.events_by_partner.get(partner.slug, ()), catalogue.today)
    feed = feed_links(
        f"{catalogue.config.title} – {partner.name}", urls.partner_feed(partner.slug), links
    )
    for pager, chunk in paginate(upcoming, lambda n: urls.partner_listing(partner.slug, n)):
        context = PartnerContext(
            partner=partner,
            upcoming=tuple(cards[e.slug] for e in chunk),
            past=tuple(cards[e.slug] for e in past[:PAST_LIMIT]),
            feed=feed,
            pager=pager,
            past_count=len(past),
            past_url=urls.archives(),
        )
        yield Page(
            urls.partner_listing(partner.slug, pager.number),
            "partner.html",
            context,
            partner.name + pager.title_suffix,
            partner.description,
        )


def theme_pages(
    theme: Term, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> Iterator[Page]:
    """A theme's pages: its upcoming events by month, PAGE_SIZE a page; its latest past ones."""
    today = catalogue.today
    upcoming, past = _split(catalogue.events_by_theme.get(theme.slug, ()), today)
    feed = feed_links(
        f"{catalogue.config.title} – {theme.label}", urls.theme_feed(theme.slug), links
    )
    description = f"Les rendez-vous « {theme.label} » de la culture scientifique dans le Grand Est."
    for pager, chunk in paginate(upcoming, lambda n: urls.theme_listing(theme.slug, n)):
        context = ThemeContext(
            theme=theme,
            months=_months(chunk, cards, today),
            past=tuple(cards[e.slug] for e in past[:PAST_LIMIT]),
            feed=feed,
            pager=pager,
            past_count=len(past),
            past_url=urls.archives(),
        )
        yield Page(
            urls.theme_listing(theme.slug, pager.number),
            "theme.html",
            context,
            theme.label + pager.title_suffix,
            description,
        )


def archives_pages(catalogue: Catalogue, cards: Mapping[str, EventCard]) -> Iterator[Page]:
    """Past events of the région, most recent first, PAGE_SIZE a page."""
    for pager, chunk in paginate(catalogue.past, urls.archives_listing):
        context = ArchivesContext(group_by_month(chunk, cards, lambda e: e.last_day), pager)
        yield Page(
            urls.archives_listing(pager.number),
            "archives.html",
            context,
            "Archives : événements passés" + pager.title_suffix,
        )
