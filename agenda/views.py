"""What the pages show of each record, computed once per record and reused by every
listing (so no template ever looks anything up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.config import SiteConfig
from agenda.dates import (
    PARIS,
    french_date,
    french_datetime,
    french_span,
    french_time,
    french_weekday,
    iso,
)
from agenda.event_terms import EventStatus
from agenda.model import Event, OpeningHours, Session, Venue


@dataclass(frozen=True)
class SessionView:
    """One session, in words and in ISO form for <time datetime>."""

    key: str
    text: str
    start_iso: str
    end_iso: str
    upcoming: bool
    venue: Venue | None = None  # set when the sessions of the event are in different venues


@dataclass(frozen=True)
class EventCard:
    """What a listing shows of an event."""

    slug: str
    url: str
    title: str
    summary: str
    status: str
    status_label: str
    when: str
    start_iso: str
    place: str
    departement: str
    format_label: str
    audience_labels: tuple[str, ...]
    price: str
    online: bool
    image: str
    image_alt: str
    city: str = ""
    age: str = ""  # « 8–12 ans », « dès 6 ans »
    free: bool = False  # shown as a « Gratuit » label
    accessibility: tuple[tuple[str, str], ...] = ()  # (slug, label): icon and its text


def status_label(event: Event) -> str:
    """The banner text for a status other than « scheduled », "" otherwise."""
    return "" if event.status is EventStatus.SCHEDULED else event.status.label


def session_view(session: Session, today: date, venue: Venue | None = None) -> SessionView:
    """A session for display; `venue` is given for a touring event, whose sessions are
    in different places."""
    end_iso = iso(session.end) if session.end is not None else ""
    return SessionView(
        key=session.key,
        text=french_span(session.start, session.end),
        start_iso=iso(session.start),
        end_iso=end_iso,
        upcoming=session.last_day >= today,
        venue=venue,
    )


def when_text(event: Event, today: date) -> str:
    """The date line of a card: one session in full, or the next of several."""
    if len(event.sessions) == 1:
        return french_span(event.sessions[0].start, event.sessions[0].end)
    count = len(event.sessions)
    upcoming = [s for s in event.sessions if s.last_day >= today]
    if upcoming and upcoming[0] is not event.sessions[0]:
        others = len(upcoming) - 1
        more = f" (et {others} autre{'s' if others > 1 else ''} date{'s' if others > 1 else ''})"
        return french_span(upcoming[0].start, upcoming[0].end) + (more if others else "")
    first, last = event.sessions[0], event.sessions[-1]
    return f"{count} dates, {french_span(first.start, first.end)} … {french_date(last.first_day)}"


def event_venues(event: Event, catalogue: Catalogue) -> tuple[Venue, ...]:
    """The venues an event visits, in the order of its sessions (several: touring)."""
    return tuple(catalogue.venues[v] for v in event.venues if v in catalogue.venues)


def towns_text(venues: tuple[Venue, ...]) -> str:
    """« Mulhouse, Épinal »: the towns of a touring event, each once."""
    return ", ".join(dict.fromkeys(v.city for v in venues))


def place_text(event: Event, venue: Venue | None, *more: Venue) -> str:
    """« Médiathèque, Sedan », « En ligne », or both; the towns of a touring event
    (`more` venues): « Mulhouse, Épinal », « 2 lieux, Mulhouse »."""
    if venue is not None and more:
        venues = (venue, *more)
        towns = towns_text(venues)
        several_towns = len({v.city for v in venues}) > 1
        text = towns if several_towns else f"{len(venues)} lieux, {towns}"
        return f"{text} et en ligne" if event.online else text
    if venue is not None and event.online:
        return f"{venue.name}, {venue.city} et en ligne"
    if venue is not None:
        return f"{venue.name}, {venue.city}"
    return "En ligne"


def event_card(event: Event, catalogue: Catalogue) -> EventCard:
    """Build the card of one event."""
    config = catalogue.config
    venues = event_venues(event, catalogue)
    deps = catalogue.departements_of_event.get(event.slug, ())
    return EventCard(
        slug=event.slug,
        url=urls.event(event.slug),
        title=event.title,
        summary=event.summary,
        status=event.status,
        status_label=status_label(event),
        when=when_text(event, catalogue.today),
        start_iso=iso(event.listed_session(catalogue.today).start),
        place=place_text(event, *venues) if venues else place_text(event, None),
        departement=", ".join(d.name for d in deps),
        format_label=config.formats.get(event.format).label if event.format else "",
        audience_labels=tuple(config.audiences.get(a).label for a in event.audience),
        price=event.price,
        online=bool(event.online),
        image=event.image,
        image_alt=event.image_alt,
        city=towns_text(venues),
        age=short_age_text(event),
        free=event.is_free,
        accessibility=tuple(
            (slug, config.accessibility.get(slug).label) for slug in event.accessibility
        ),
    )


def opening_hours_text(hours: OpeningHours) -> str:
    """« du mardi au dimanche, 14 h 00 – 18 h 00 »."""
    days = list(hours.weekdays)
    consecutive = len(days) > 2 and days == list(range(days[0], days[-1] + 1))
    if consecutive:
        day_text = f"du {french_weekday(days[0])} au {french_weekday(days[-1])}"
    else:
        names = [french_weekday(d) for d in days]
        day_text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
    slots = " et ".join(f"{french_time(_at(o))} – {french_time(_at(c))}" for o, c in hours.slots)
    return f"{day_text}, {slots}"


def _at(clock: time) -> datetime:
    return datetime.combine(date(2024, 1, 1), clock, tzinfo=PARIS)


def age_text(event: Event) -> str:
    """« de 8 à 12 ans », « dès 6 ans », « jusqu'à 10 ans », or ""."""
    if event.age_min is not None and event.age_max is not None:
        return f"de {event.age_min} à {event.age_max} ans"
    if event.age_min is not None:
        return f"dès {event.age_min} ans"
    if event.age_max is not None:
        return f"jusqu'à {event.age_max} ans"
    return ""


def short_age_text(event: Event) -> str:
    """The age on a card: « 8–12 ans », « dès 6 ans », « jusqu'à 10 ans », or ""."""
    if event.age_min is not None and event.age_max is not None:
        return f"{event.age_min}–{event.age_max} ans"
    return age_text(event)


def previous_start_text(event: Event) -> str:
    """The old date of a rescheduled event, in words."""
    if event.previous_start is None:
        return ""
    return french_datetime(event.previous_start)


def month_key(day: date) -> date:
    """The first day of the month, for grouping listings."""
    return day.replace(day=1)


def config_labels(config: SiteConfig, vocabulary: str, slugs: tuple[str, ...]) -> tuple[str, ...]:
    """Labels of vocabulary slugs, in order."""
    vocab = getattr(config, vocabulary)
    return tuple(vocab.get(s).label for s in slugs)
