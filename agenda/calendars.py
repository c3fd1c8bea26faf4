"""The iCalendar files of the site: the région feed, one per département, venue, partner
and theme, and one per event (« ajouter à mon agenda »). Each event's VEVENTs are
serialised once (ical.CalendarWriter) and joined into every feed that carries it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

from agenda import urls
from agenda.cache import BuildCache
from agenda.catalogue import Catalogue
from agenda.history import History
from agenda.ical import CalendarWriter, FeedInfo, feed_events
from agenda.model import Event
from agenda.output import OutputFile
from agenda.urls import Links


def feed_count(catalogue: Catalogue) -> int:
    """How many calendars `calendar_files` makes."""
    config = catalogue.config
    slices = len(config.departements) + len(catalogue.venues) + len(catalogue.partners)
    return 1 + slices + len(config.themes.terms) + len(catalogue.events)


def calendar_files(
    catalogue: Catalogue,
    links: Links,
    history: History,
    jobs: int = 1,
    store: BuildCache | None = None,
) -> Iterator[OutputFile]:
    """The région feed, one per département, venue, partner and theme, one per event."""
    writer = CalendarWriter(catalogue, links, history, store)
    # Each event's VEVENTs are serialised once, over the cores; feeds only join them.
    writer.prepare([*catalogue.upcoming, *catalogue.past], jobs)
    for path, make in calendar_makers(catalogue, writer):
        yield OutputFile(urls.output_file(path), make())
    writer.keep_frames()


def calendar_makers(
    catalogue: Catalogue, writer: CalendarWriter
) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Every calendar's URL, in the order of `calendar_files`, with what makes it:
    `build.py serve` makes a feed only when it is asked for."""
    config = catalogue.config
    today = catalogue.today
    months = config.feed_past_months
    all_events = [*catalogue.upcoming, *catalogue.past]
    by_departement: dict[str, list[Event]] = {d.code: [] for d in config.departements}
    for event in all_events:
        # A touring event is in the feed of every département it visits.
        for dep in catalogue.departements_of_event.get(event.slug, ()):
            by_departement[dep.code].append(event)

    def feed(
        path: str, name: str, description: str, events: Iterable[Event]
    ) -> tuple[str, Callable[[], bytes]]:
        def make() -> bytes:
            kept = feed_events(events, today, months)
            return writer.calendar(kept, FeedInfo(name, description, path))

        return path, make

    yield feed(urls.region_feed(), config.title, config.description, all_events)
    for dep in config.departements:
        yield feed(
            urls.departement_feed(dep.slug),
            f"{config.title} – {dep.name}",
            f"Culture scientifique {dep.in_phrase} ({dep.code}).",
            by_departement[dep.code],
        )
    for venue in catalogue.venues.values():
        yield feed(
            urls.venue_feed(venue.slug),
            f"{venue.name} – {config.title}",
            f"Événements à {venue.name}, {venue.city}.",
            catalogue.events_by_venue.get(venue.slug, ()),
        )
    for partner in catalogue.partners.values():
        yield feed(
            urls.partner_feed(partner.slug),
            f"{partner.name} – {config.title}",
            f"Événements de {partner.name}.",
            catalogue.events_by_partner.get(partner.slug, ()),
        )
    for theme in config.themes.terms:
        yield feed(
            urls.theme_feed(theme.slug),
            f"{theme.label} – {config.title}",
            f"Événements « {theme.label} » dans le Grand Est.",
            catalogue.events_by_theme.get(theme.slug, ()),
        )
    for event in catalogue.events.values():
        # The event's own file holds it whatever its date: « ajouter à mon agenda ».
        info = FeedInfo(event.title, event.summary or event.title, urls.event_ics(event.slug))
        yield urls.event_ics(event.slug), partial(writer.calendar, [event], info)
