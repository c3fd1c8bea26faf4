"""schema.org JSON-LD of the event pages: the Event objects Google's event results read
(https://developers.google.com/search/docs/appearance/structured-data/event)."""

from __future__ import annotations

from typing import Any

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.dates import iso
from agenda.event_terms import EventStatus, RegistrationKind
from agenda.model import Event, Session, Venue
from agenda.urls import Links

# schema.org vocabulary (https://schema.org/EventStatusType, EventAttendanceModeEnumeration).
SCHEMA_ATTENDANCE = {
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}


def _place(venue: Venue, catalogue: Catalogue) -> dict[str, Any]:
    dep = catalogue.config.departement_by_code(venue.departement)
    place: dict[str, Any] = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "postalCode": venue.postal_code,
            "addressLocality": venue.city,
            "addressRegion": dep.name if dep else "",
            "addressCountry": "FR",
        },
    }
    if venue.lat is not None and venue.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.lat, "longitude": venue.lon}
    if venue.url:
        place["url"] = venue.url
    return place


def _location(
    event: Event, session: Session, catalogue: Catalogue
) -> dict[str, Any] | list[dict[str, Any]]:
    """The session's Place (a touring event moves), its VirtualLocation, or both."""
    slug = event.session_venue(session)
    venue = catalogue.venues.get(slug) if slug else None
    online = {"@type": "VirtualLocation", "url": event.online} if event.online else None
    if venue is not None and online is not None:
        return [_place(venue, catalogue), online]
    if venue is not None:
        return _place(venue, catalogue)
    assert online is not None  # validation requires a venue or an online URL
    return online


def event_jsonld(event: Event, catalogue: Catalogue, links: Links) -> list[dict[str, Any]]:
    """schema.org Event objects for Google's event results: one per session, each at
    its session's venue."""
    organizer = catalogue.partners[event.organizer]
    page_url = links.absolute(urls.event(event.slug))
    base: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or event.description_text[:500] or event.title,
        "url": page_url,
        "eventStatus": event.status.schema_org,
        "eventAttendanceMode": SCHEMA_ATTENDANCE[event.attendance_mode],
        "organizer": {
            "@type": "Organization",
            "name": organizer.name,
            "url": organizer.url or links.absolute(urls.partner(organizer.slug)),
        },
        "inLanguage": "fr",
    }
    if event.image:
        base["image"] = [links.absolute(urls.asset(event.image))]
    if event.age_min is not None or event.age_max is not None:
        low = event.age_min if event.age_min is not None else 0
        base["typicalAgeRange"] = (
            f"{low}-{event.age_max}" if event.age_max is not None else f"{low}-"
        )
    if event.is_free:
        base["isAccessibleForFree"] = True
    offers: dict[str, Any] = {"@type": "Offer", "url": page_url}
    if event.registration_kind is RegistrationKind.URL and event.registration_open:
        offers["url"] = event.registration
    if event.is_free:
        offers.update(price=0, priceCurrency="EUR")
    offers["availability"] = (
        "https://schema.org/SoldOut"
        if event.status is EventStatus.FULL
        else "https://schema.org/InStock"
    )
    base["offers"] = offers
    if event.status is EventStatus.RESCHEDULED and event.previous_start is not None:
        base["previousStartDate"] = iso(event.previous_start)
    if len(event.sessions) == 1:
        session = event.sessions[0]
        return [{**base, "location": _location(event, session, catalogue), **_dates(session)}]
    return [
        {
            **base,
            "location": _location(event, session, catalogue),
            **_dates(session),
            "@id": f"{page_url}#seance-{session.key}",
        }
        for session in event.sessions
    ]


def _dates(session: Session) -> dict[str, str]:
    dates = {"startDate": iso(session.start)}
    if session.end is not None:
        dates["endDate"] = iso(session.end)
    return dates
