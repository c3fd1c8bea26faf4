"""Open data as JSON: every event (evenements.json) and every venue (lieux.json).

Field names of the open data follow OpenAgenda's export where they fit (timings,
attendanceMode, accessibility codes, age, conditions), since France has no official
event schema; the README documents each field.
"""

from __future__ import annotations

import json
from typing import Any

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.config import SiteConfig
from agenda.dates import iso
from agenda.ical import session_uid
from agenda.model import Event, Venue, opening_slots
from agenda.urls import Links

# Open data ----------------------------------------------------------------------------


def openagenda_accessibility(config: SiteConfig, slugs: tuple[str, ...]) -> dict[str, bool]:
    """OpenAgenda's five handicap codes (hi, vi, pi, mi, ii), each true or false."""
    codes = {t.openagenda: False for t in config.accessibility.terms}
    for slug in slugs:
        codes[config.accessibility.get(slug).openagenda] = True
    return codes


def json_bytes(document: dict[str, Any]) -> bytes:
    # Compact: at 10,000 events the indented file weighed 50 MB. Key order is the
    # records' own, so two builds of one commit give the same bytes. A lone surrogate
    # cannot be written as UTF-8 (validation refuses it): replaced rather than crashing.
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return text.encode("utf-8", errors="replace")


def venue_location(slug: str | None, catalogue: Catalogue, links: Links) -> dict[str, Any] | None:
    """A venue as the `location` of the open data (None: online)."""
    venue = catalogue.venues.get(slug) if slug else None
    if venue is None:
        return None
    dep = catalogue.config.departement_by_code(venue.departement)
    return {
        "slug": venue.slug,
        "name": venue.name,
        "address": venue.address,
        "postalCode": venue.postal_code,
        "city": venue.city,
        "departement": dep.name if dep else "",
        "departementCode": venue.departement,
        "region": "Grand Est",
        "latitude": venue.lat,
        "longitude": venue.lon,
        "access": venue.access,
        "url": links.absolute(urls.venue(venue.slug)),
    }


def _timings(event: Event, catalogue: Catalogue, links: Links) -> list[dict[str, Any]]:
    """The timings; when its sessions are not all in one place (a touring event), each
    carries its session's `location` (null: online)."""
    slots = opening_slots(event)
    if slots:
        return [
            {"begin": iso(begin), "end": iso(end), "allDay": False, "uid": None}
            for begin, end in slots
        ]
    timings = []
    for session in event.sessions:
        timing: dict[str, Any] = {
            "begin": iso(session.start),
            "end": iso(session.end)
            if session.end is not None
            else (session.last_day.isoformat() if session.all_day else ""),
            "allDay": session.all_day,
            "uid": session_uid(event.slug, session.key),
        }
        if event.venue_varies:
            timing["location"] = venue_location(event.session_venue(session), catalogue, links)
        timings.append(timing)
    return timings


def event_record(event: Event, catalogue: Catalogue, links: Links) -> dict[str, Any]:
    """One event as open data. `location` is its venue, or the first one a touring event
    visits; each timing of a touring event then has its own `location`."""
    config = catalogue.config
    location = venue_location(event.main_venue, catalogue, links)
    organizer = catalogue.partners[event.organizer]
    return {
        "slug": event.slug,
        "url": links.absolute(urls.event(event.slug)),
        "title": event.title,
        "summary": event.summary,
        "description": event.description_text,
        "status": event.status,
        "previousStart": iso(event.previous_start) if event.previous_start else None,
        "attendanceMode": event.attendance_mode,
        "onlineAccessLink": event.online or None,
        "timings": _timings(event, catalogue, links),
        "firstDate": event.first_day.isoformat(),
        "lastDate": event.last_day.isoformat(),
        "location": location,
        "organizer": {
            "slug": organizer.slug,
            "name": organizer.name,
            "url": organizer.url or None,
        },
        "partners": [{"slug": p, "name": catalogue.partners[p].name} for p in event.partners],
        "themes": list(event.themes),
        "format": event.format or None,
        "audience": list(event.audience),
        "age": {"min": event.age_min, "max": event.age_max},
        "conditions": event.price,
        "free": event.is_free,
        "registration": (
            {"type": event.registration_kind, "value": event.registration}
            if event.registration
            else None
        ),
        "accessibility": openagenda_accessibility(config, event.accessibility),
        "accessibilityNotes": event.accessibility_notes,
        "image": (
            {
                "url": links.absolute(urls.asset(event.image)),
                "alt": event.image_alt,
                "credit": event.image_credit,
            }
            if event.image
            else None
        ),
        "tags": list(event.tags),
        "ics": links.absolute(urls.event_ics(event.slug)),
    }


def events_json(catalogue: Catalogue, links: Links) -> bytes:
    """evenements.json: every event (upcoming first, then past), with the licence."""
    config = catalogue.config
    document = {
        "title": config.title,
        "source": links.absolute(urls.home()),
        "licence": {"name": config.licence_name, "url": config.licence_url},
        "timezone": "Europe/Paris",
        "date": catalogue.today.isoformat(),
        "events": [
            event_record(e, catalogue, links) for e in (*catalogue.upcoming, *catalogue.past)
        ],
    }
    return json_bytes(document)


def venue_record(venue: Venue, catalogue: Catalogue, links: Links) -> dict[str, Any]:
    """One venue as open data."""
    config = catalogue.config
    dep = config.departement_by_code(venue.departement)
    return {
        "slug": venue.slug,
        "name": venue.name,
        "address": venue.address,
        "postalCode": venue.postal_code,
        "city": venue.city,
        "departementCode": venue.departement,
        "departement": dep.name if dep else "",
        "region": "Grand Est",
        "latitude": venue.lat,
        "longitude": venue.lon,
        "access": venue.access,
        "website": venue.url or None,
        "phone": venue.phone or None,
        "accessibility": openagenda_accessibility(config, venue.accessibility),
        "url": links.absolute(urls.venue(venue.slug)),
        "ics": links.absolute(urls.venue_feed(venue.slug)),
    }


def venues_json(catalogue: Catalogue, links: Links) -> bytes:
    """lieux.json: every venue, with the licence."""
    config = catalogue.config
    document = {
        "title": f"{config.title} – lieux",
        "source": links.absolute(urls.home()),
        "licence": {"name": config.licence_name, "url": config.licence_url},
        "venues": [venue_record(v, catalogue, links) for v in catalogue.venues.values()],
    }
    return json_bytes(document)
