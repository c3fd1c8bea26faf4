"""evenements-openagenda.json: every event in the shape of OpenAgenda's event export.

The README's correspondence table maps evenements.json to OpenAgenda (used by the
Fête de la science). Several names collide with different types there (`title` is
`{"fr": …}`, `status` a number, `registration` a list), so this view is a file of
its own and evenements.json keeps its shape for the consumers it already has.
OpenAgenda keeps one place per event: a touring event becomes one record per venue.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from typing import Any, TypeVar

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.dates import PARIS, iso
from agenda.event_terms import EventStatus, RegistrationKind
from agenda.exports import json_bytes, openagenda_accessibility, venue_location
from agenda.model import Event, Session, opening_slots
from agenda.urls import Links

T = TypeVar("T")

# OpenAgenda caps `description` (the short one) at 200 characters.
DESCRIPTION_MAX = 200
# A session without an end lasts an hour, as in the iCalendar feeds (agenda/ical.py).
DEFAULT_DURATION = timedelta(hours=1)


class OpenAgendaStatus(IntEnum):
    """OpenAgenda's `status` codes."""

    SCHEDULED = 1
    RESCHEDULED = 2
    MOVED_ONLINE = 3
    POSTPONED = 4
    FULL = 5
    CANCELLED = 6


class OpenAgendaAttendance(IntEnum):
    """OpenAgenda's `attendanceMode` codes."""

    OFFLINE = 1
    ONLINE = 2
    MIXED = 3


STATUS_CODES = {
    EventStatus.SCHEDULED: OpenAgendaStatus.SCHEDULED,
    EventStatus.RESCHEDULED: OpenAgendaStatus.RESCHEDULED,
    EventStatus.MOVED_ONLINE: OpenAgendaStatus.MOVED_ONLINE,
    EventStatus.POSTPONED: OpenAgendaStatus.POSTPONED,
    EventStatus.FULL: OpenAgendaStatus.FULL,
    EventStatus.CANCELLED: OpenAgendaStatus.CANCELLED,
}
ATTENDANCE_CODES = {
    "offline": OpenAgendaAttendance.OFFLINE,
    "online": OpenAgendaAttendance.ONLINE,
    "mixed": OpenAgendaAttendance.MIXED,
}
# OpenAgenda's registration types; a registration written as plain text has none and
# goes into `conditions` instead.
REGISTRATION_TYPES = {
    RegistrationKind.URL: "link",
    RegistrationKind.EMAIL: "email",
    RegistrationKind.PHONE: "phone",
}


def _fr(value: T) -> dict[str, T]:
    """A multilingual OpenAgenda value: the site writes French only."""
    return {"fr": value}


def short_description(event: Event) -> str:
    """The summary, else the start of the description, else the title, ≤ 200 characters."""
    text = event.summary or " ".join(event.description_text.split()) or event.title
    if len(text) <= DESCRIPTION_MAX:
        return text
    return text[: DESCRIPTION_MAX - 1].rstrip() + "…"


def _day_timings(first: date, last: date) -> list[dict[str, str]]:
    # OpenAgenda refuses a timing longer than a day: a date range is one timing per day.
    timings = []
    day = first
    while day <= last:
        begin = datetime.combine(day, time(0, 0), tzinfo=PARIS)
        end = datetime.combine(day, time(23, 59), tzinfo=PARIS)
        timings.append({"begin": iso(begin), "end": iso(end)})
        day += timedelta(days=1)
    return timings


def session_timings(session: Session) -> list[dict[str, str]]:
    """A session as OpenAgenda timings: ISO 8601 date-times with their UTC offset."""
    if session.all_day:
        return _day_timings(session.first_day, session.last_day)
    assert isinstance(session.start, datetime)  # a timed session starts at a time
    end = session.end if isinstance(session.end, datetime) else session.start + DEFAULT_DURATION
    return [{"begin": iso(session.start), "end": iso(end)}]


def event_timings(event: Event, sessions: tuple[Session, ...]) -> list[dict[str, str]]:
    """The opening slots of an exhibition with opening hours, else each session's timings."""
    slots = opening_slots(event)
    if slots:
        return [{"begin": iso(begin), "end": iso(end)} for begin, end in slots]
    return [timing for session in sessions for timing in session_timings(session)]


def _location(slug: str | None, catalogue: Catalogue, links: Links) -> dict[str, Any] | None:
    """The open data's `location` (exports.venue_location) in OpenAgenda's names."""
    ours = venue_location(slug, catalogue, links)
    if ours is None or slug is None:
        return None
    return {
        **{key: ours[key] for key in ("slug", "name", "address", "postalCode", "city")},
        "department": ours["departement"],
        "region": ours["region"],
        "countryCode": "FR",
        "latitude": ours["latitude"],
        "longitude": ours["longitude"],
        "access": _fr(ours["access"]),
        "website": catalogue.venues[slug].url or None,
        "url": ours["url"],
    }


def _registration(event: Event) -> list[dict[str, str]]:
    kind = REGISTRATION_TYPES.get(event.registration_kind)
    # A cancelled or postponed event never offers its registration (as on its page).
    if kind is None or not event.registration or not event.registration_open:
        return []
    return [{"type": kind, "value": event.registration}]


def _conditions(event: Event) -> str:
    text_registration = event.registration_kind is RegistrationKind.TEXT and event.registration_open
    if text_registration and event.registration:
        return " – ".join(p for p in (event.price, f"Inscription : {event.registration}") if p)
    return event.price


def _keywords(event: Event, catalogue: Catalogue) -> list[str]:
    """French labels of its themes, format and audiences, then its tags, each once."""
    config = catalogue.config
    labels = [config.themes.get(t).label for t in event.themes]
    if event.format:
        labels.append(config.formats.get(event.format).label)
    labels += [config.audiences.get(a).label for a in event.audience]
    return list(dict.fromkeys([*labels, *event.tags]))


def _stops(event: Event) -> list[tuple[str, str | None, tuple[Session, ...]]]:
    """(slug, venue, sessions) per record: one, or one per place a touring event visits."""
    if not event.venue_varies:
        return [(event.slug, event.main_venue, event.sessions)]
    places = dict.fromkeys(event.session_venue(s) for s in event.sessions)
    return [
        (
            f"{event.slug}--{place or 'en-ligne'}",
            place,
            tuple(s for s in event.sessions if event.session_venue(s) == place),
        )
        for place in places
    ]


def openagenda_records(
    event: Event, catalogue: Catalogue, links: Links
) -> Iterator[dict[str, Any]]:
    """The event as OpenAgenda records: one, or one per venue of a touring event."""
    config = catalogue.config
    for slug, place, sessions in _stops(event):
        location = _location(place, catalogue, links)
        if location is None:
            mode = OpenAgendaAttendance.ONLINE
        else:
            mode = OpenAgendaAttendance.MIXED if event.online else OpenAgendaAttendance.OFFLINE
        yield {
            "slug": slug,
            "url": links.absolute(urls.event(event.slug)),
            "title": _fr(event.title),
            "description": _fr(short_description(event)),
            "longDescription": _fr(event.description_text),
            "conditions": _fr(_conditions(event)),
            "keywords": _fr(_keywords(event, catalogue)),
            "timings": event_timings(event, sessions),
            "timezone": "Europe/Paris",
            "status": int(STATUS_CODES[event.status]),
            "attendanceMode": int(mode),
            "onlineAccessLink": event.online or None,
            "location": location,
            "accessibility": openagenda_accessibility(config, event.accessibility),
            "age": {"min": event.age_min, "max": event.age_max},
            "registration": _registration(event),
            "image": {"url": links.absolute(urls.asset(event.image))} if event.image else None,
            "imageCredits": event.image_credit or None,
            # Additional fields (OpenAgenda's « champs additionnels »): the vocabularies'
            # slugs of site_config.yaml.
            "themes": list(event.themes),
            "format": event.format or None,
            "audience": list(event.audience),
        }


def openagenda_json(catalogue: Catalogue, links: Links) -> bytes:
    """evenements-openagenda.json: `{total, events}` as OpenAgenda exports, plus the licence."""
    config = catalogue.config
    events = [
        record
        for event in (*catalogue.upcoming, *catalogue.past)
        for record in openagenda_records(event, catalogue, links)
    ]
    document = {
        "title": config.title,
        "source": links.absolute(urls.home()),
        "licence": {"name": config.licence_name, "url": config.licence_url},
        "total": len(events),
        "events": events,
    }
    return json_bytes(document)
