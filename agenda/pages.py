"""Every HTML page of the site: one function per page kind → Page(url, template, context).

The page list is computed once, here, in `all_pages`. Each context has a declared
shape (a dataclass), so a template's variables can be read from this file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.config import Departement, Term
from agenda.dates import french_date, french_month
from agenda.exports import event_jsonld
from agenda.maps import MapView, departement_map, region_map, venue_map
from agenda.model import Event, Partner, Session, Venue
from agenda.urls import Links
from agenda.views import (
    EventCard,
    SessionView,
    age_text,
    config_labels,
    event_card,
    month_key,
    opening_hours_text,
    previous_start_text,
    session_view,
)


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where it goes, with which template and context."""

    url: str
    template: str
    context: Any
    title: str
    description: str = ""
    noindex: bool = False
    map: MapView | None = None  # templates/_map.html: the page's map and its list of places


@dataclass(frozen=True)
class FeedLinks:
    """The three ways to subscribe to one iCalendar feed, plus its plain download."""

    title: str
    https: str
    webcal: str
    google: str


@dataclass(frozen=True)
class MonthGroup:
    """Events of one month, for listings grouped by month."""

    label: str
    cards: tuple[EventCard, ...]


@dataclass(frozen=True)
class NamedLink:
    """A label and where it leads."""

    label: str
    url: str
    count: int = 0


@dataclass(frozen=True)
class HomeContext:
    """The home page: upcoming events of the région, the départements, the feed."""

    months: tuple[MonthGroup, ...]
    departements: tuple[NamedLink, ...]
    themes: tuple[NamedLink, ...]
    feed: FeedLinks
    upcoming_count: int


@dataclass(frozen=True)
class DepartementContext:
    """A département: its upcoming events, its venues, its feed."""

    departement: Departement
    months: tuple[MonthGroup, ...]
    venues: tuple[NamedLink, ...]
    feed: FeedLinks


@dataclass(frozen=True)
class EventContext:
    """One event, everything about it."""

    event: Event
    card: EventCard
    sessions: tuple[SessionView, ...]
    is_past: bool
    venue: Venue | None
    map_url: str
    departement: NamedLink | None
    organizer: Partner
    partners: tuple[Partner, ...]
    themes: tuple[NamedLink, ...]
    audience_labels: tuple[str, ...]
    accessibility_labels: tuple[str, ...]
    age: str
    opening_hours: tuple[str, ...]
    closed: tuple[str, ...]
    previous_start: str
    registration_href: str
    ics_url: str
    google_add_url: str
    outlook_add_url: str
    jsonld: list[dict[str, Any]]


@dataclass(frozen=True)
class VenueContext:
    """A venue and its events."""

    venue: Venue
    departement: NamedLink
    map_url: str
    accessibility_labels: tuple[str, ...]
    upcoming: tuple[EventCard, ...]
    past: tuple[EventCard, ...]
    feed: FeedLinks


@dataclass(frozen=True)
class PartnerContext:
    """A partner and its events."""

    partner: Partner
    upcoming: tuple[EventCard, ...]
    past: tuple[EventCard, ...]
    feed: FeedLinks


@dataclass(frozen=True)
class ThemeContext:
    """The events of one theme."""

    theme: Term
    months: tuple[MonthGroup, ...]
    past: tuple[EventCard, ...]
    feed: FeedLinks


@dataclass(frozen=True)
class ArchivesContext:
    """Past events, most recent first, by month."""

    months: tuple[MonthGroup, ...]


@dataclass(frozen=True)
class EmptyContext:
    """Pages that only need the site-wide variables."""

    extra: dict[str, str] = field(default_factory=dict)


def feed_links(title: str, path: str, links: Links) -> FeedLinks:
    """Subscribe links for the feed at `path`."""
    return FeedLinks(title, links.absolute(path), links.webcal(path), links.google_subscribe(path))


def group_by_month(
    events: Iterable[Event], cards: dict[str, EventCard], day_of_event: Any
) -> tuple[MonthGroup, ...]:
    """Consecutive events of the same month, in the order given."""
    groups: list[MonthGroup] = []
    current_month: date | None = None
    current: list[EventCard] = []
    for event in events:
        month = month_key(day_of_event(event))
        if month != current_month:
            if current_month is not None:
                groups.append(MonthGroup(french_month(current_month).capitalize(), tuple(current)))
            current_month, current = month, []
        current.append(cards[event.slug])
    if current_month is not None:
        groups.append(MonthGroup(french_month(current_month).capitalize(), tuple(current)))
    return tuple(groups)


def _calendar_stamp(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _session_bounds(session: Session) -> tuple[date | datetime, date | datetime]:
    """Start and exclusive end, as calendars want them."""
    if session.all_day:
        return session.first_day, session.last_day + timedelta(days=1)
    end = session.end if session.end is not None else session.start + timedelta(hours=1)
    assert isinstance(session.start, datetime)
    return session.start, end


def google_add_link(event: Event, session: Session, location: str, page_url: str) -> str:
    """« Ajouter à Google Agenda » for one session."""
    start, end = _session_bounds(session)
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_calendar_stamp(start)}/{_calendar_stamp(end)}",
        "details": f"{event.summary}\n\n{page_url}".strip(),
        "location": location,
        "ctz": "Europe/Paris",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_add_link(event: Event, session: Session, location: str, page_url: str) -> str:
    """« Ajouter à Outlook.com » for one session."""
    start, end = _session_bounds(session)
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "allday": "true" if session.all_day else "false",
        "body": f"{event.summary}\n\n{page_url}".strip(),
        "location": location,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def registration_href(event: Event) -> str:
    """A link for the registration, when it is a URL, an e-mail or a phone number."""
    if event.registration_kind == "url":
        return event.registration
    if event.registration_kind == "email":
        return f"mailto:{event.registration}"
    if event.registration_kind == "phone":
        digits = "".join(c for c in event.registration if c.isdigit() or c == "+")
        return f"tel:{digits}"
    return ""


def event_page(
    event: Event, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """The page of one event."""
    config = catalogue.config
    today = catalogue.today
    venue = catalogue.venues.get(event.venue) if event.venue else None
    dep = catalogue.departement_of_event.get(event.slug)
    page_url = links.absolute(urls.event(event.slug))
    location = venue.full_address if venue else event.online
    next_session = next((s for s in event.sessions if s.last_day >= today), event.sessions[-1])
    context = EventContext(
        event=event,
        card=cards[event.slug],
        sessions=tuple(session_view(s, today) for s in event.sessions),
        is_past=not event.is_upcoming(today),
        venue=venue,
        map_url=links.osm(venue.lat, venue.lon, venue.full_address) if venue else "",
        departement=NamedLink(dep.name, urls.departement(dep.slug)) if dep else None,
        organizer=catalogue.partners[event.organizer],
        partners=tuple(catalogue.partners[p] for p in event.partners),
        themes=tuple(NamedLink(config.themes.get(t).label, urls.theme(t)) for t in event.themes),
        audience_labels=config_labels(config, "audiences", event.audience),
        accessibility_labels=config_labels(config, "accessibility", event.accessibility),
        age=age_text(event),
        opening_hours=tuple(opening_hours_text(h) for h in event.opening_hours),
        closed=tuple(french_date(d) for d in event.closed),
        previous_start=previous_start_text(event),
        registration_href=registration_href(event),
        ics_url=urls.event_ics(event.slug),
        google_add_url=google_add_link(event, next_session, location, page_url),
        outlook_add_url=outlook_add_link(event, next_session, location, page_url),
        jsonld=event_jsonld(event, catalogue, links),
    )
    description = event.summary or event.description_text[:200]
    return Page(urls.event(event.slug), "event.html", context, event.title, description)


def home_page(catalogue: Catalogue, cards: dict[str, EventCard], links: Links) -> Page:
    """The home page."""
    config = catalogue.config
    today = catalogue.today
    context = HomeContext(
        months=group_by_month(catalogue.upcoming, cards, lambda e: e.next_day(today)),
        departements=tuple(
            NamedLink(
                d.name,
                urls.departement(d.slug),
                len(catalogue.upcoming_by_departement.get(d.code, ())),
            )
            for d in config.departements
        ),
        themes=tuple(
            NamedLink(
                t.label,
                urls.theme(t.slug),
                _upcoming_count(catalogue.events_by_theme.get(t.slug, ()), today),
            )
            for t in config.themes.terms
        ),
        feed=feed_links(config.title, urls.region_feed(), links),
        upcoming_count=len(catalogue.upcoming),
    )
    return Page(urls.home(), "home.html", context, config.title, config.description)


def _upcoming_count(events: Iterable[Event], today: date) -> int:
    return sum(1 for e in events if e.is_upcoming(today))


def departement_page(
    dep: Departement, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """A département's page."""
    today = catalogue.today
    events = catalogue.upcoming_by_departement.get(dep.code, ())
    context = DepartementContext(
        departement=dep,
        months=group_by_month(events, cards, lambda e: e.next_day(today)),
        venues=tuple(
            NamedLink(f"{v.name} ({v.city})", urls.venue(v.slug))
            for v in catalogue.venues_by_departement.get(dep.code, ())
        ),
        feed=feed_links(
            f"{catalogue.config.title} – {dep.name}", urls.departement_feed(dep.slug), links
        ),
    )
    title = f"{dep.name} ({dep.code})"
    description = (
        f"Les rendez-vous de culture scientifique {dep.in_phrase} : "
        "ateliers, conférences, expositions."
    )
    return Page(urls.departement(dep.slug), "departement.html", context, title, description)


def _split(
    events: Iterable[Event], cards: dict[str, EventCard], today: date
) -> tuple[tuple[EventCard, ...], tuple[EventCard, ...]]:
    upcoming = tuple(cards[e.slug] for e in events if e.is_upcoming(today))
    past = tuple(cards[e.slug] for e in events if not e.is_upcoming(today))
    return upcoming, past


def venue_page(
    venue: Venue, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """A venue's page."""
    config = catalogue.config
    dep = config.departement_by_code(venue.departement)
    assert dep is not None
    upcoming, past = _split(catalogue.events_by_venue.get(venue.slug, ()), cards, catalogue.today)
    context = VenueContext(
        venue=venue,
        departement=NamedLink(dep.name, urls.departement(dep.slug)),
        map_url=links.osm(venue.lat, venue.lon, venue.full_address),
        accessibility_labels=config_labels(config, "accessibility", venue.accessibility),
        upcoming=upcoming,
        past=past,
        feed=feed_links(f"{config.title} – {venue.name}", urls.venue_feed(venue.slug), links),
    )
    return Page(
        urls.venue(venue.slug),
        "venue.html",
        context,
        f"{venue.name}, {venue.city}",
        venue.description,
    )


def partner_page(
    partner: Partner, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """A partner's page."""
    upcoming, past = _split(
        catalogue.events_by_partner.get(partner.slug, ()), cards, catalogue.today
    )
    context = PartnerContext(
        partner=partner,
        upcoming=upcoming,
        past=past,
        feed=feed_links(
            f"{catalogue.config.title} – {partner.name}", urls.partner_feed(partner.slug), links
        ),
    )
    return Page(
        urls.partner(partner.slug), "partner.html", context, partner.name, partner.description
    )


def theme_page(
    theme: Term, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """A theme's page."""
    today = catalogue.today
    events = catalogue.events_by_theme.get(theme.slug, ())
    upcoming = [e for e in events if e.is_upcoming(today)]
    context = ThemeContext(
        theme=theme,
        months=group_by_month(upcoming, cards, lambda e: e.next_day(today)),
        past=tuple(cards[e.slug] for e in events if not e.is_upcoming(today)),
        feed=feed_links(
            f"{catalogue.config.title} – {theme.label}", urls.theme_feed(theme.slug), links
        ),
    )
    description = f"Les rendez-vous « {theme.label} » de la culture scientifique dans le Grand Est."
    return Page(urls.theme(theme.slug), "theme.html", context, theme.label, description)


def archives_page(catalogue: Catalogue, cards: dict[str, EventCard]) -> Page:
    """Past events."""
    context = ArchivesContext(group_by_month(catalogue.past, cards, lambda e: e.last_day))
    return Page(urls.archives(), "archives.html", context, "Archives : événements passés")


def all_pages(catalogue: Catalogue, links: Links) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order."""
    cards = {slug: event_card(e, catalogue) for slug, e in catalogue.events.items()}
    yield replace(home_page(catalogue, cards, links), map=region_map(catalogue.venues.values()))
    for dep in catalogue.config.departements:
        dep_venues = catalogue.venues_by_departement.get(dep.code, ())
        yield replace(
            departement_page(dep, catalogue, cards, links), map=departement_map(dep, dep_venues)
        )
    for event in catalogue.events.values():
        yield event_page(event, catalogue, cards, links)
    for venue in catalogue.venues.values():
        yield replace(venue_page(venue, catalogue, cards, links), map=venue_map(venue))
    for partner in catalogue.partners.values():
        yield partner_page(partner, catalogue, cards, links)
    for theme in catalogue.config.themes.terms:
        yield theme_page(theme, catalogue, cards, links)
    yield archives_page(catalogue, cards)
    yield Page(
        urls.accessibility_statement(), "accessibilite.html", EmptyContext(), "Accessibilité"
    )
    yield Page(urls.not_found(), "404.html", EmptyContext(), "Page introuvable", noindex=True)
