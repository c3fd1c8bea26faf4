"""What a printable programme says of each event, in words: the sessions of the period
at the places of the programme, the place, audience, price, registration, accessibility."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from agenda import urls
from agenda.catalogue import Catalogue, sort_text
from agenda.dates import as_paris_datetime, french_date, french_span, start_of_day
from agenda.event_terms import EventStatus
from agenda.model import Event, Session
from agenda.programme_layout import Entry
from agenda.urls import Links
from agenda.views import age_text, opening_hours_text, previous_start_text

# Sessions listed one by one; more are summed up (« et 12 autres dates »).
MAX_SESSIONS = 4


@dataclass(frozen=True)
class Window:
    """The days a programme covers (both inclusive) and, for a venue or a département,
    the venues whose sessions count (None: every session, wherever it is)."""

    first: date
    last: date
    venues: Collection[str] | None = None


def sessions_in(event: Event, window: Window) -> tuple[Session, ...]:
    """The event's sessions that touch the window's days, at its venues."""
    return tuple(
        s
        for s in event.sessions
        if s.first_day <= window.last
        and s.last_day >= window.first
        and (window.venues is None or event.session_venue(s) in window.venues)
    )


def programme_entries(
    events: Collection[Event], window: Window, catalogue: Catalogue, links: Links
) -> tuple[Entry, ...]:
    """The entries of the events taking place in the window, in date order (an
    exhibition under way counts from the window's first day), then by title."""
    kept = [(e, sessions_in(e, window)) for e in events]
    opens = start_of_day(window.first)

    def order(item: tuple[Event, tuple[Session, ...]]) -> tuple[datetime, str, str]:
        event, sessions = item
        return (
            max(as_paris_datetime(sessions[0].start), opens),
            sort_text(event.title),
            event.slug,
        )

    return tuple(
        entry(event, sessions, catalogue, links)
        for event, sessions in sorted(((e, s) for e, s in kept if s), key=order)
    )


def entry(event: Event, sessions: tuple[Session, ...], catalogue: Catalogue, links: Links) -> Entry:
    """One event of a programme: the given sessions, with their places."""
    return Entry(
        url=links.absolute(urls.event(event.slug)),
        title=event.title,
        status=status_text(event),
        when=when_lines(event, sessions),
        places=place_lines(event, sessions, catalogue),
        details=detail_lines(event, catalogue),
    )


def status_text(event: Event) -> str:
    """« ANNULÉ », « COMPLET »…, with the former date of a rescheduled event; "" when
    the event is scheduled."""
    if event.status is EventStatus.SCHEDULED:
        return ""
    label = event.status.label.upper()
    if event.status is EventStatus.RESCHEDULED and event.previous_start is not None:
        return f"{label} (au lieu du {previous_start_text(event)})"
    return label


def when_lines(event: Event, sessions: tuple[Session, ...]) -> tuple[str, ...]:
    """The sessions in words, the first MAX_SESSIONS one a line; an exhibition's range
    and opening hours."""
    lines = [french_span(s.start, s.end) for s in sessions[:MAX_SESSIONS]]
    others = len(sessions) - MAX_SESSIONS
    if others > 0:
        plural = "s" if others > 1 else ""
        lines.append(
            f"et {others} autre{plural} date{plural}, jusqu'au {french_date(sessions[-1].last_day)}"
        )
    lines += [f"Ouvert {opening_hours_text(h)}" for h in event.opening_hours]
    if event.closed:
        lines.append("Fermé le " + ", ".join(french_date(d) for d in event.closed[:3]))
    return tuple(lines)


def place_lines(
    event: Event, sessions: tuple[Session, ...], catalogue: Catalogue
) -> tuple[str, ...]:
    """Each venue of the sessions with its address, then « En ligne » for an online event;
    only « En ligne » once an event has moved online (its venue no longer holds it)."""
    if event.status is EventStatus.MOVED_ONLINE:
        return ("En ligne",)
    slugs = dict.fromkeys(v for s in sessions if (v := event.session_venue(s)))
    venues = [catalogue.venues[v] for v in slugs if v in catalogue.venues]
    lines = [f"{v.name}, {v.full_address}" for v in venues]
    if event.online:
        lines.append("Aussi en ligne" if lines else "En ligne")
    return tuple(lines)


def detail_lines(event: Event, catalogue: Catalogue) -> tuple[str, ...]:
    """Summary, kind and audience, price, registration, accessibility: each on its line."""
    config = catalogue.config
    lines: list[str] = []
    if event.summary:
        lines.append(event.summary)
    audience = [config.audiences.get(a).label for a in event.audience]
    if age := age_text(event):
        audience.append(age)
    kind = config.formats.get(event.format).label if event.format else ""
    public = f"Public : {', '.join(audience)}" if audience else ""
    if kind or public:
        lines.append(" · ".join(part for part in (kind, public) if part))
    if event.price:
        lines.append(f"Tarif : {event.price}")
    if event.registration and event.registration_open:
        lines.append(f"Inscription : {event.registration}")
    access = [config.accessibility.get(a).label for a in event.accessibility]
    if access:
        source = " (selon le lieu)" if event.accessibility_from_venue else ""
        lines.append(f"Accessibilité{source} : {', '.join(access)}")
    if event.accessibility_notes:
        lines.append(f"Accessibilité : {event.accessibility_notes}")
    return tuple(lines)
