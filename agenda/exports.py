"""Machine-readable outputs: open data (JSON, CSV), sitemap, Atom.

Field names of the open data follow OpenAgenda's export where they fit (timings,
attendanceMode, accessibility codes, age, conditions), since France has no official
event schema; the README documents each field.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.config import SiteConfig
from agenda.dates import iso
from agenda.history import History
from agenda.ical import UID_NAMESPACE, session_uid
from agenda.model import Event, Venue, opening_slots
from agenda.text import clean_text, xml_text
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


EVENT_CSV_COLUMNS = (
    "slug",
    "title",
    "status",
    "begin",
    "end",
    "all_day",
    "uid",
    "attendance_mode",
    "online_link",
    "venue_slug",
    "venue_name",
    "address",
    "postal_code",
    "city",
    "departement_code",
    "departement",
    "latitude",
    "longitude",
    "organizer",
    "partners",
    "themes",
    "format",
    "audience",
    "age_min",
    "age_max",
    "conditions",
    "free",
    "registration",
    "accessibility",
    "url",
    "ics",
)


# CSV injection (OWASP): a spreadsheet runs a cell that starts with one of these as a
# formula. Every text cell that does is prefixed with a single quote, which spreadsheets
# show as text. The numeric columns are left as numbers: latitude and longitude (a
# negative longitude is west of Greenwich, not a formula) and the ages (integers ≥ 0).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_CSV_COLUMNS = frozenset({"latitude", "longitude", "age_min", "age_max"})


def csv_text(value: str) -> str:
    """A text cell a spreadsheet will not run: control characters removed, and a
    leading `=`, `+`, `-`, `@`, tab or carriage return neutralised with a `'`."""
    cleaned = clean_text(value)
    if value.startswith(FORMULA_STARTS) or cleaned.lstrip().startswith(FORMULA_STARTS):
        return "'" + cleaned
    return cleaned


def csv_cells(values: dict[str, object]) -> dict[str, str]:
    """Cells as the CSV writes them: text neutralised (`csv_text`), numbers as they are;
    None is an empty cell, a boolean « oui » or « non »."""
    return {
        name: _cell(value) if name in NUMERIC_CSV_COLUMNS else csv_text(_cell(value))
        for name, value in values.items()
    }


def _csv(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> bytes:
    """RFC 4180 rows of ready cells, the header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row[name] for name in columns] for row in rows)
    return buffer.getvalue().encode("utf-8", errors="replace")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _venue_csv_cells(location: dict[str, Any] | None) -> dict[str, str]:
    """The venue columns of an event row, from its open-data `location` (None: online)."""
    place = location or {}
    return csv_cells(
        {
            "venue_slug": place.get("slug"),
            "venue_name": place.get("name"),
            "address": place.get("address"),
            "postal_code": place.get("postalCode"),
            "city": place.get("city"),
            "departement_code": place.get("departementCode"),
            "departement": place.get("departement"),
            "latitude": place.get("latitude"),
            "longitude": place.get("longitude"),
        }
    )


def _event_csv_cells(event: Event, record: dict[str, Any]) -> dict[str, str]:
    """The columns every row of one event shares."""
    codes = [code for code, on in record["accessibility"].items() if on]
    return csv_cells(
        {
            "slug": event.slug,
            "title": event.title,
            "status": event.status,
            "attendance_mode": event.attendance_mode,
            "online_link": event.online,
            "organizer": record["organizer"]["name"],
            "partners": " | ".join(p["name"] for p in record["partners"]),
            "themes": " | ".join(event.themes),
            "format": event.format,
            "audience": " | ".join(event.audience),
            "age_min": event.age_min,
            "age_max": event.age_max,
            "conditions": event.price,
            "free": event.is_free,
            "registration": event.registration,
            "accessibility": " | ".join(codes),
            "url": record["url"],
            "ics": record["ics"],
        }
    )


def event_csv_rows(event: Event, catalogue: Catalogue, links: Links) -> list[dict[str, str]]:
    """The rows of one event: one per session (or opening slot)."""
    record = event_record(event, catalogue, links)
    # An event's own cells, and those of the venue of its rows, are the same in every
    # row (an exhibition open daily has hundreds): each is cleaned once, not per row.
    shared = _event_csv_cells(event, record)
    main_venue = _venue_csv_cells(record["location"])
    rows = []
    for timing in record["timings"]:
        # A touring event's timing has its own venue; the others take the event's.
        venue = _venue_csv_cells(timing["location"]) if "location" in timing else main_venue
        rows.append(
            {
                **shared,
                "begin": csv_text(timing["begin"]),
                "end": csv_text(timing["end"]),
                "all_day": csv_text(_cell(timing["allDay"])),
                "uid": csv_text(_cell(timing["uid"])),
                **venue,
            }
        )
    return rows


def events_csv(catalogue: Catalogue, links: Links) -> bytes:
    """evenements.csv: one row per session (or opening slot), UTF-8, RFC 4180."""
    events = (*catalogue.upcoming, *catalogue.past)
    rows = (row for event in events for row in event_csv_rows(event, catalogue, links))
    return _csv(rows, EVENT_CSV_COLUMNS)


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


VENUE_CSV_COLUMNS = (
    "slug",
    "name",
    "address",
    "postal_code",
    "city",
    "departement_code",
    "departement",
    "latitude",
    "longitude",
    "access",
    "website",
    "phone",
    "accessibility",
    "url",
    "ics",
)


def venues_csv(catalogue: Catalogue, links: Links) -> bytes:
    """lieux.csv: one row per venue."""
    rows = []
    for venue in catalogue.venues.values():
        record = venue_record(venue, catalogue, links)
        rows.append(
            csv_cells(
                {
                    "slug": venue.slug,
                    "name": venue.name,
                    "address": venue.address,
                    "postal_code": venue.postal_code,
                    "city": venue.city,
                    "departement_code": venue.departement,
                    "departement": record["departement"],
                    "latitude": venue.lat,
                    "longitude": venue.lon,
                    "access": venue.access,
                    "website": venue.url,
                    "phone": venue.phone,
                    "accessibility": " | ".join(
                        c for c, on in record["accessibility"].items() if on
                    ),
                    "url": record["url"],
                    "ics": record["ics"],
                }
            )
        )
    return _csv(rows, VENUE_CSV_COLUMNS)


# Sitemap and Atom ---------------------------------------------------------------------

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"


def sitemap_xml(page_urls: list[str], links: Links) -> bytes:
    """sitemap.xml listing every indexable page."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path in page_urls:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = xml_text(links.absolute(path))
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _atom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def atom_feed(catalogue: Catalogue, links: Links, history: History, limit: int = 50) -> bytes:
    """feed.xml: the most recently published events, newest first (Atom 1.0, RFC 4287)."""
    from agenda.dates import french_date

    config = catalogue.config
    events = sorted(
        catalogue.events.values(),
        key=lambda e: (history.of(e.path).created, e.slug),
        reverse=True,
    )[:limit]
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "fr"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        # xml_text: ElementTree writes any character, even those XML 1.0 forbids.
        safe = {name: xml_text(value) for name, value in attrs.items()}
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", safe)
        if text is not None:
            element.text = xml_text(text)
        return element

    sub(feed, "title", config.title)
    sub(feed, "subtitle", config.description)
    sub(feed, "id", links.absolute(urls.home()))
    sub(
        feed, "link", href=links.absolute(urls.atom_feed()), rel="self", type="application/atom+xml"
    )
    sub(feed, "link", href=links.absolute(urls.home()), rel="alternate", type="text/html")
    newest = max((history.of(e.path).modified for e in events), default=None)
    sub(feed, "updated", _atom_time(newest or datetime(2025, 1, 1, tzinfo=UTC)))
    author = sub(feed, "author")
    sub(author, "name", config.title)
    for event in events:
        record = history.of(event.path)
        entry = sub(feed, "entry")
        status = "" if event.status == "scheduled" else f" ({event.status})"
        sub(entry, "title", f"{french_date(event.start)} – {event.title}{status}")
        sub(entry, "id", f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, event.slug)}")
        sub(
            entry,
            "link",
            href=links.absolute(urls.event(event.slug)),
            rel="alternate",
            type="text/html",
        )
        sub(entry, "published", _atom_time(record.created))
        sub(entry, "updated", _atom_time(record.modified))
        sub(entry, "summary", event.summary or event.description_text[:300] or event.title)
        for theme in event.themes:
            sub(entry, "category", term=theme, label=config.themes.get(theme).label)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"
