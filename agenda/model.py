"""The validated records: frozen, typed data with no I/O. Behaviour lives in functions.

The days and venues of an event are asked for hundreds of thousands of times in a
build of 10,000 events (sorting, listings, feeds): they are worked out once per record
(`cached_property`, kept beside the fields; equality and hashing look at fields only,
and so does pickling: the build cache hashes pickled records, whose bytes must not
depend on which values happened to be worked out already).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property

from agenda.dates import PARIS, as_paris_datetime, day_of
from agenda.event_terms import EventStatus, RegistrationKind


@dataclass(frozen=True)
class Partner:
    """An organisation that runs or supports events."""

    slug: str
    path: str
    name: str
    url: str = ""
    email: str = ""
    logo: str = ""
    description: str = ""


@dataclass(frozen=True)
class Venue:
    """A place where events happen."""

    slug: str
    path: str
    name: str
    address: str
    postal_code: str
    city: str
    departement: str  # a département code, always set after validation
    lat: float | None = None
    lon: float | None = None
    access: str = ""
    url: str = ""
    phone: str = ""
    accessibility: tuple[str, ...] = ()
    description: str = ""

    @property
    def full_address(self) -> str:
        """« 2 place de la Gare, 08000 Charleville-Mézières »."""
        return f"{self.address}, {self.postal_code} {self.city}"


def fields_only(record: object, worked_out: frozenset[str]) -> dict[str, object]:
    """A record's pickled state: its fields, without the values worked out from them."""
    return {k: v for k, v in vars(record).items() if k not in worked_out}


_SESSION_WORKED_OUT = frozenset({"first_day", "last_day"})
_EVENT_WORKED_OUT = frozenset({"first_day", "last_day", "venues"})


@dataclass(frozen=True)
class Session:
    """One occurrence of an event.

    Timed sessions hold Paris datetimes; all-day ones hold dates, with `end` the last
    day *inclusive* (as partners write it). `key` is what the calendar UID derives from.
    `venue` is where it takes place: its own venue, or the event's (resolved by validation).
    """

    start: date | datetime
    end: date | datetime | None
    key: str  # the session's `id`, or its position ("1", "2"…) when it has none
    venue: str | None = None  # a venue slug: the session's own, else the event's

    @property
    def all_day(self) -> bool:
        """True when the session covers whole days."""
        return not isinstance(self.start, datetime)

    def __getstate__(self) -> dict[str, object]:
        return fields_only(self, _SESSION_WORKED_OUT)

    @cached_property
    def first_day(self) -> date:
        """The day it starts."""
        return day_of(self.start)

    @cached_property
    def last_day(self) -> date:
        """The last day it touches (inclusive)."""
        if self.end is None:
            return self.first_day
        if isinstance(self.end, datetime):
            # A session ending at midnight does not touch the next day.
            end = self.end.astimezone(PARIS)
            if end.time() == time(0, 0) and end.date() > self.first_day:
                return date.fromordinal(end.date().toordinal() - 1)
            return end.date()
        return self.end

    @property
    def sort_key(self) -> datetime:
        """An aware datetime for ordering sessions of any kind."""
        return as_paris_datetime(self.start)


@dataclass(frozen=True)
class OpeningHours:
    """Weekly opening slots of an exhibition: weekdays (Monday = 0) and time ranges."""

    weekdays: tuple[int, ...]
    slots: tuple[tuple[time, time], ...]
    text: str  # as the partner wrote it, for display


@dataclass(frozen=True)
class Event:
    """A validated event."""

    slug: str
    path: str
    title: str
    organizer: str
    sessions: tuple[Session, ...]
    summary: str = ""
    venue: str | None = None  # the default venue of sessions that name none
    online: str = ""
    partners: tuple[str, ...] = ()
    opening_hours: tuple[OpeningHours, ...] = ()
    closed: tuple[date, ...] = ()
    themes: tuple[str, ...] = ()
    format: str = ""
    audience: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    price: str = ""
    registration: str = ""
    registration_kind: RegistrationKind = RegistrationKind.NONE
    accessibility: tuple[str, ...] = ()
    accessibility_from_venue: bool = False  # `accessibility` is the venue's, not written
    accessibility_notes: str = ""
    image: str = ""
    image_alt: str = ""
    image_credit: str = ""
    status: EventStatus = EventStatus.SCHEDULED
    previous_start: date | datetime | None = None
    tags: tuple[str, ...] = ()
    description_html: str = ""
    description_text: str = ""

    def __getstate__(self) -> dict[str, object]:
        return fields_only(self, _EVENT_WORKED_OUT)

    @cached_property
    def first_day(self) -> date:
        """The day of the first session."""
        return self.sessions[0].first_day

    @cached_property
    def last_day(self) -> date:
        """The last day of the last session (inclusive)."""
        return max(s.last_day for s in self.sessions)

    @property
    def start(self) -> date | datetime:
        """When the first session starts."""
        return self.sessions[0].start

    def session_venue(self, session: Session) -> str | None:
        """Where a session takes place: its own venue, else the event's (None: online)."""
        return session.venue or self.venue

    @cached_property
    def venues(self) -> tuple[str, ...]:
        """The venues the event visits, in the order of its sessions, each once."""
        visited = (self.session_venue(s) for s in self.sessions)
        return tuple(dict.fromkeys(v for v in visited if v))

    @property
    def main_venue(self) -> str | None:
        """The venue of a single-venue event, or the first a touring event visits."""
        visited = self.venues
        return visited[0] if visited else None

    @property
    def is_touring(self) -> bool:
        """True when its sessions take place in more than one venue."""
        return len(self.venues) > 1

    @property
    def venue_varies(self) -> bool:
        """True when its sessions are not all in one place: a touring event, or an event
        with some sessions online only."""
        return len({self.session_venue(s) for s in self.sessions}) > 1

    @property
    def attendance_mode(self) -> str:
        """offline, online or mixed (OpenAgenda and schema.org vocabulary)."""
        if self.venues and self.online:
            return "mixed"
        return "online" if self.online and not self.venues else "offline"

    @property
    def is_free(self) -> bool:
        """True when the price says « gratuit »."""
        return self.price.strip().lower() in ("gratuit", "gratuite", "entrée libre", "libre")

    @property
    def registration_open(self) -> bool:
        """False for a cancelled or postponed event: its registration is never offered."""
        return self.status.offers_registration

    def overlaps(self, first: date, last: date) -> bool:
        """True when a session takes place on a day between `first` and `last` (inclusive)."""
        return any(s.first_day <= last and s.last_day >= first for s in self.sessions)

    @property
    def is_exhibition_range(self) -> bool:
        """An all-day range of several days (an exhibition)."""
        return (
            len(self.sessions) == 1
            and self.sessions[0].all_day
            and (self.sessions[0].last_day > self.sessions[0].first_day)
        )

    def is_upcoming(self, today: date) -> bool:
        """Upcoming until its last day is over; an event under way counts as upcoming."""
        return self.last_day >= today

    def listed_session(self, today: date) -> Session:
        """The session listings show: the next one not yet over, else the last one."""
        return next((s for s in self.sessions if s.last_day >= today), self.sessions[-1])

    def next_day(self, today: date) -> date:
        """The day this event is listed under: its next session on or after today."""
        for session in self.sessions:
            if session.last_day >= today:
                return max(session.first_day, today)
        return self.last_day


def opening_slots(event: Event) -> list[tuple[datetime, datetime]]:
    """Every opening slot of an exhibition with opening hours, closed days removed."""
    if not (event.opening_hours and event.is_exhibition_range):
        return []
    session = event.sessions[0]
    closed = set(event.closed)
    slots: list[tuple[datetime, datetime]] = []
    day = session.first_day
    while day <= session.last_day:
        if day not in closed:
            for hours in event.opening_hours:
                if day.weekday() in hours.weekdays:
                    slots.extend(
                        (
                            datetime.combine(day, opens, tzinfo=PARIS),
                            datetime.combine(day, closes, tzinfo=PARIS),
                        )
                        for opens, closes in hours.slots
                    )
        day = date.fromordinal(day.toordinal() + 1)
    return sorted(slots)
