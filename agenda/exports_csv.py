"""Open data as CSV: evenements.csv (one row per session or opening slot) and
lieux.csv, UTF-8, RFC 4180, made from the same records as the JSON (agenda/exports.py).

Spreadsheets run a cell that starts like a formula: such cells are neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from agenda.catalogue import Catalogue

# Open data ----------------------------------------------------------------------------
from agenda.exports import event_record, venue_record
from agenda.model import Event
from agenda.text import clean_text
from agenda.urls import Links

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
