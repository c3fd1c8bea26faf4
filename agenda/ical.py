"""iCalendar feeds and per-event files, through the `icalendar` library.

RFC 5545 with RFC 7986 calendar properties. One VEVENT per session; an exhibition
with opening hours becomes weekly recurring slots (RRULE) minus its closed days
(EXDATE), so calendars show when it is open rather than one block of weeks.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

from agenda import urls
from agenda.cache import BuildCache, generator_version, key_of
from agenda.catalogue import Catalogue
from agenda.dates import PARIS, add_days
from agenda.event_terms import EventStatus
from agenda.history import History
from agenda.model import Event, OpeningHours, Session, Venue
from agenda.parallel import parallel_map
from agenda.text import CONTROL_RE, clean_line, clean_text
from agenda.urls import Links

# The build cache's folder for serialised VEVENTs.
NAMESPACE = "ical"
FRAME = "ical-frames"  # and for the calendars' own properties
PRODID = "-//Agenda CSTI Grand Est//agenda-csti-grand-est//FR"
# Name-based UIDs (RFC 4122 UUIDv5) in the project's own namespace: stable across
# edits of text, time and place, and revealing no host (RFC 7986 §5.3).
UID_NAMESPACE = uuid.UUID("6f1f7a52-3d1e-5c1b-9a55-0c5c7e2a9d41")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


# Every text goes through one of these before `component.add`, whatever validation let
# through: no line break or control character can start a new property or component.


class _Text(icalendar.vText):
    """A TEXT value escaped exactly as RFC 5545 §3.3.11 says.

    The library's own escaping first reads a literal `\\N` as a line break (so a title
    written `Salle \\N4` came back as two lines); here every backslash is escaped, then
    `;`, `,` and line feeds, and nothing is read into the partner's text.
    """

    def to_ical(self) -> bytes:
        escaped = (
            str(self)
            .replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\n", "\\n")
        )
        return escaped.encode("utf-8")


def _line(text: str) -> _Text:
    """A one-line TEXT value (SUMMARY, LOCATION, NAME…): line breaks become spaces."""
    return _Text(clean_line(text))


def _text(text: str) -> _Text:
    """A multi-line TEXT value (DESCRIPTION): LF kept, written as `\\n`."""
    return _Text(clean_text(text))


def _param(text: str) -> str:
    """A parameter value (CN=…): one line, no double quote (RFC 5545 §3.2 forbids it in
    a parameter value); the library quotes values holding `;`, `:` or `,`."""
    return _line(text).replace('"', "'")


# `\s` matches what str.isspace() calls whitespace, Unicode spaces included.
_NOT_IN_URI_RE = re.compile(rf"\s|{CONTROL_RE.pattern}")


def _uri(text: str) -> str:
    """A URI value: no whitespace or control character at all."""
    return _NOT_IN_URI_RE.sub("", text)


# RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF + one space). The library
# folds character by character (one `encode` per character: a quarter of a cold build);
# this folds on octets, in one pass per line, with the same rules: never inside a UTF-8
# sequence, and never right after a backslash or a caret, so an escape such as `\\,` or
# RFC 6868's `^n` stays on one line for clients that unfold badly.
FOLD_OCTETS = 74  # content octets per line; a continuation line adds its leading space


def fold_line(line: str) -> bytes:
    """One content line as UTF-8, folded so no line exceeds 75 octets with its space."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return data
    pieces = []
    start = 0
    while len(data) - start > FOLD_OCTETS:
        cut = start + FOLD_OCTETS
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to its lead
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def serialise(component: icalendar.cal.component.Component) -> bytes:
    """A component (and its subcomponents) as CRLF-ended, folded content lines."""
    lines = component.content_lines()
    return b"".join(fold_line(line) + b"\r\n" for line in lines if line)


def session_uid(event_slug: str, key: str) -> str:
    """The UID of one session: derived from the event slug and the session id or position."""
    return f"{uuid.uuid5(UID_NAMESPACE, f'{event_slug}/{key}')}"


@dataclass(frozen=True)
class FeedInfo:
    """What a calendar says about itself."""

    name: str
    description: str
    path: str  # its own URL path


def feed_events(events: Iterable[Event], today: date, past_months: int) -> list[Event]:
    """Events a feed carries: all upcoming, and past ones of the last months.

    Cancelled events leave the feed once past: subscribers have no use for them.
    """
    horizon = add_days(today, -31 * past_months)
    kept = []
    for event in events:
        if event.is_upcoming(today) or (
            event.last_day >= horizon and event.status is not EventStatus.CANCELLED
        ):
            kept.append(event)
    return kept


def _exclusive_end(session: Session) -> date | datetime:
    if session.all_day:
        # DTEND of an all-day event is exclusive (RFC 5545 §3.6.1): the day after.
        return session.last_day + timedelta(days=1)
    if session.end is not None:
        return session.end
    assert isinstance(session.start, datetime)
    return session.start + timedelta(hours=1)


def _description(event: Event, page_url: str, catalogue: Catalogue) -> str:
    parts = []
    if event.status.sentence:
        parts.append(event.status.sentence)
    if event.summary:
        parts.append(event.summary)
    if event.description_text:
        parts.append(event.description_text)
    practical = []
    if event.price:
        practical.append(f"Tarif : {event.price}")
    if event.registration and event.registration_open:
        practical.append(f"Inscription : {event.registration}")
    if event.online:
        practical.append(f"En ligne : {event.online}")
    organizer = catalogue.partners[event.organizer]
    practical.append(f"Organisé par {organizer.name}")
    parts.append("\n".join(practical))
    parts.append(f"Plus d'informations : {page_url}")
    return "\n\n".join(parts)


def _location(event: Event, venue: Venue | None) -> str:
    if venue is not None:
        return f"{venue.name}, {venue.full_address}"
    return event.online


def _common(
    component: icalendar.Event,
    event: Event,
    venue: Venue | None,
    catalogue: Catalogue,
    links: Links,
    history: History,
) -> None:
    """What every VEVENT of an event carries; `venue` is its session's (LOCATION, GEO)."""
    page_url = links.absolute(urls.event(event.slug))
    record = history.of(event.path)
    component.add("dtstamp", record.modified)
    component.add("created", record.created)
    component.add("last-modified", record.modified)
    component.add("summary", _line(event.status.summary_prefix + event.title))
    component.add("description", _text(_description(event, page_url, catalogue)))
    component.add("location", _line(_location(event, venue)))
    if venue is not None and venue.lat is not None and venue.lon is not None:
        component.add("geo", (venue.lat, venue.lon))
    component.add("url", _uri(page_url))
    organizer = catalogue.partners[event.organizer]
    address = (
        f"mailto:{organizer.email}"
        if organizer.email
        else links.absolute(urls.partner(organizer.slug))
    )
    component.add("organizer", _uri(address), parameters={"CN": _param(organizer.name)})
    if event.themes:
        labels = [_line(catalogue.config.themes.get(t).label) for t in event.themes]
        component.add("categories", labels)
    component.add("status", event.status.ical_status)
    component.add("sequence", record.sequence)
    component.add("transp", "TRANSPARENT" if event.is_exhibition_range else "OPAQUE")
    if event.image:
        image_url = links.absolute(urls.asset(event.image))
        component.add("image", _uri(image_url), parameters={"VALUE": "URI", "DISPLAY": "BADGE"})


def _opening_slots(event: Event, hours: OpeningHours, index: int) -> list[icalendar.Event]:
    """Weekly recurring slots of an exhibition between its first and last day."""
    session = event.sessions[0]
    first, last = session.first_day, session.last_day
    components = []
    for slot_index, (opens, closes) in enumerate(hours.slots, start=1):
        # First opening day on or after the first day of the exhibition.
        day = first
        while day.weekday() not in hours.weekdays:
            day += timedelta(days=1)
        if day > last:
            continue
        component = icalendar.Event()
        start = datetime.combine(day, opens, tzinfo=PARIS)
        component.add("dtstart", start)
        component.add("dtend", datetime.combine(day, closes, tzinfo=PARIS))
        until = datetime.combine(last, closes, tzinfo=PARIS).astimezone(UTC)
        component.add(
            "rrule",
            {"FREQ": "WEEKLY", "BYDAY": [WEEKDAY_CODES[d] for d in hours.weekdays], "UNTIL": until},
        )
        excluded = [
            datetime.combine(d, opens, tzinfo=PARIS)
            for d in event.closed
            if first <= d <= last and d.weekday() in hours.weekdays
        ]
        if excluded:
            component.add("exdate", excluded)
        component.add(
            "uid", session_uid(event.slug, f"{session.key}/horaires-{index}-{slot_index}")
        )
        components.append(component)
    return components


def event_components(
    event: Event, catalogue: Catalogue, links: Links, history: History
) -> list[icalendar.Event]:
    """The VEVENTs of one event: one per session, or the opening slots of an exhibition.

    Each is located at its session's venue: a touring event moves from town to town.
    """

    def venue_of(session: Session) -> Venue | None:
        slug = event.session_venue(session)
        return catalogue.venues.get(slug) if slug else None

    located: list[tuple[icalendar.Event, Venue | None]] = []
    if event.opening_hours and event.is_exhibition_range:
        venue = venue_of(event.sessions[0])
        for index, hours in enumerate(event.opening_hours, start=1):
            located.extend((c, venue) for c in _opening_slots(event, hours, index))
    else:
        for session in event.sessions:
            component = icalendar.Event()
            component.add("uid", session_uid(event.slug, session.key))
            component.add("dtstart", session.start)
            component.add("dtend", _exclusive_end(session))
            located.append((component, venue_of(session)))
    for component, venue in located:
        _common(component, event, venue, catalogue, links, history)
    return [component for component, _ in located]


@functools.lru_cache(maxsize=64)
def _timezone_block(first_year: int, last_year: int) -> bytes:
    """A VTIMEZONE covering only the given years (shorter than 1970–2038), serialised
    once: a thousand feeds share a handful of them."""
    timezone = icalendar.Timezone.from_tzid(
        "Europe/Paris", first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    return serialise(timezone)


def _timezone_for(events: list[Event]) -> bytes:
    """The VTIMEZONE for the years the events of a feed cover."""
    if not events:
        return _timezone_block(2025, 2025)
    first_year = min(e.first_day.year for e in events)
    last_year = max(e.last_day.year for e in events)
    return _timezone_block(first_year, last_year)


class CalendarWriter:
    """Writes calendars, serialising each event's VEVENTs once however many feeds
    carry it (an event sits in up to seven feeds: région, département, venue, partners,
    themes, its own file)."""

    def __init__(
        self,
        catalogue: Catalogue,
        links: Links,
        history: History,
        store: BuildCache | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.links = links
        self.history = history
        self.store = store  # where blocks and frames of earlier builds are kept
        self._blocks: dict[str, bytes] = {}
        # The frames used, by cache key, and the keys of those made here (keep_frames).
        self._frames: dict[str, bytes] = {}
        self._fresh_frames: list[str] = []

    def prepare(self, events: list[Event], jobs: int = 1) -> None:
        """Serialise the VEVENTs of `events` now: from the build cache (`store`) when
        nothing they are made from changed, the others over `jobs` processes."""
        store = self.store
        wanted = [event for event in events if event.slug not in self._blocks]
        version = generator_version()
        keys = [key_of(version, self._inputs(event)) if store else "" for event in wanted]
        # All in one pack: 10,000 small files would take longer to open than to fill.
        found = store.get_many(NAMESPACE, keys) if store else [None] * len(wanted)
        todo: list[tuple[Event, str]] = []
        for event, key, kept in zip(wanted, keys, found, strict=True):
            if isinstance(kept, bytes):
                self._blocks[event.slug] = kept
            else:
                todo.append((event, key))
        blocks = parallel_map(self._serialise, [event for event, _ in todo], jobs)
        for (event, _), block in zip(todo, blocks, strict=True):
            self._blocks[event.slug] = block
        if store:
            used = {key: self._blocks[event.slug] for event, key in zip(wanted, keys, strict=True)}
            store.keep_together(NAMESPACE, used, fresh=[key for _, key in todo])

    def keep_frames(self) -> None:
        """Store the calendar frames this writer made or read, together (call once every
        feed is written)."""
        if self.store:
            self.store.keep_together(FRAME, self._frames, fresh=self._fresh_frames)

    def _inputs(self, event: Event) -> str:
        """Everything an event's VEVENTs are made from, as text to hash: the event, the
        venues of its sessions, its organiser, its file's history, its themes' labels.

        Written with `repr`, not pickled: a pickle tells which objects are the same
        object, which differs between a record just read and one from the cache, and
        the key would change when its value does not."""
        venues = [self.catalogue.venues.get(slug) for slug in event.venues]
        organizer = self.catalogue.partners.get(event.organizer)
        themes = [self.catalogue.config.themes.get(t).label for t in event.themes]
        history = self.history.of(event.path)
        return repr((event, venues, organizer, themes, history, self.links.base_url))

    def _serialise(self, event: Event) -> bytes:
        components = event_components(event, self.catalogue, self.links, self.history)
        return b"".join(serialise(c) for c in components)

    def event_block(self, event: Event) -> bytes:
        """The serialised VEVENTs of one event (each component through `icalendar`)."""
        block = self._blocks.get(event.slug)
        if block is None:
            block = self._serialise(event)
            self._blocks[event.slug] = block
        return block

    def calendar(self, events: list[Event], feed: FeedInfo) -> bytes:
        """One VCALENDAR with the given events, as CRLF-ended, folded bytes."""
        frame = self._frame(feed)
        # The time zone, then the events, go just before the closing line of the
        # calendar the library wrote.
        closing = b"END:VCALENDAR\r\n"
        assert frame.endswith(closing)
        body = b"".join(self.event_block(event) for event in events)
        return frame[: -len(closing)] + _timezone_for(events) + body + closing

    def _frame(self, feed: FeedInfo) -> bytes:
        """The calendar's own properties, kept in the build cache: 11,000 feeds at
        10,000 events, each as long to build through the library as a small event."""
        hours = self.catalogue.config.feed_refresh_hours
        key = key_of(generator_version(), FRAME, feed.name, feed.description, feed.path)
        key = key_of(key, self.links.base_url, str(hours))
        kept = self.store.get(FRAME, key) if self.store else None
        if isinstance(kept, bytes):
            self._frames[key] = kept
            return kept
        frame = self._make_frame(feed, hours)
        if self.store:
            self._frames[key] = frame
            self._fresh_frames.append(key)
            self.store.hold(FRAME, key, frame)  # stored by keep_frames
        return frame

    def _make_frame(self, feed: FeedInfo, hours: int) -> bytes:
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        # NAME and the X-WR- names are TEXT, but the library writes properties it does
        # not know as they come: vText escapes their `\\`, `;`, `,` and line feeds.
        calendar.add("name", _line(feed.name))
        calendar.add("x-wr-calname", _line(feed.name))
        calendar.add("description", _text(feed.description))
        calendar.add("x-wr-caldesc", _text(feed.description))
        calendar.add("x-wr-timezone", "Europe/Paris")
        feed_url = _uri(self.links.absolute(feed.path))
        calendar.add("url", feed_url)
        calendar.add("source", feed_url, parameters={"VALUE": "URI"})
        calendar.add("refresh-interval", timedelta(hours=hours), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", f"PT{hours}H")
        return serialise(calendar)


def build_calendar(
    events: list[Event],
    feed: FeedInfo,
    catalogue: Catalogue,
    links: Links,
    history: History,
) -> bytes:
    """One VCALENDAR with the given events (for a single calendar; feeds use CalendarWriter)."""
    return CalendarWriter(catalogue, links, history).calendar(events, feed)
