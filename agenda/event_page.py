"""The page of one event: its context, calendar links, registration link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.dates import french_date
from agenda.jsonld import event_jsonld
from agenda.model import Event, Partner, Session, Venue
from agenda.page import NamedLink, Page
from agenda.urls import Links
from agenda.views import (
    EventCard,
    SessionView,
    age_text,
    config_labels,
    opening_hours_text,
    previous_start_text,
    session_view,
)


@dataclass(frozen=True)
class VenueStop:
    """One venue a touring event visits, as its page shows it."""

    venue: Venue
    departement: NamedLink | None
    map_url: str


@dataclass(frozen=True)
class EventContext:
    """One event, everything about it. `venue` is its venue (the first one a touring
    event visits); `stops` lists every venue of a touring event, empty otherwise."""

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
    stops: tuple[VenueStop, ...] = ()


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
    """A link for the registration, when it is a URL, an e-mail or a phone number; never
    for a cancelled or postponed event."""
    if not event.registration_open:
        return ""
    return event.registration_kind.href(event.registration)


def _departement_link(catalogue: Catalogue, code: str) -> NamedLink | None:
    dep = catalogue.config.departement_by_code(code)
    return NamedLink(dep.name, urls.departement(dep.slug)) if dep else None


def event_page(
    event: Event, catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links
) -> Page:
    """The page of one event."""
    config = catalogue.config
    today = catalogue.today
    venue = catalogue.venues.get(event.main_venue) if event.main_venue else None
    deps = catalogue.departements_of_event.get(event.slug, ())
    dep = deps[0] if deps else None
    page_url = links.absolute(urls.event(event.slug))
    next_session = next((s for s in event.sessions if s.last_day >= today), event.sessions[-1])
    next_venue = catalogue.venues.get(event.session_venue(next_session) or "")
    location = next_venue.full_address if next_venue else event.online
    touring = event.is_touring
    venue_varies = event.venue_varies

    def venue_of(session: Session) -> Venue | None:
        slug = event.session_venue(session)
        return catalogue.venues.get(slug) if venue_varies and slug else None

    stops = tuple(
        VenueStop(
            stop,
            _departement_link(catalogue, stop.departement),
            links.osm(stop.lat, stop.lon, stop.full_address),
        )
        for stop in (catalogue.venues[v] for v in event.venues if v in catalogue.venues)
        if touring
    )
    context = EventContext(
        event=event,
        card=cards[event.slug],
        sessions=tuple(session_view(s, today, venue_of(s)) for s in event.sessions),
        stops=stops,
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
