"""All validated records by slug, plus the read-only indexes the pages need.

Every index is built in one pass over the events, so the cost grows linearly.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from agenda.config import Departement, SiteConfig, normalise_term
from agenda.model import Event, Partner, Venue
from agenda.validate import ValidContent


@dataclass(frozen=True)
class Catalogue:
    """The content, indexed. `upcoming` and `past` are split at `today` (Paris)."""

    config: SiteConfig
    today: date
    partners: dict[str, Partner]
    venues: dict[str, Venue]
    events: dict[str, Event]
    upcoming: tuple[Event, ...]  # soonest first
    past: tuple[Event, ...]  # most recent first
    # The départements each event visits, in the order of its sessions (none: online).
    departements_of_event: dict[str, tuple[Departement, ...]]
    upcoming_by_departement: dict[str, tuple[Event, ...]]
    past_by_departement: dict[str, tuple[Event, ...]]  # most recent first
    venues_by_departement: dict[str, tuple[Venue, ...]]
    events_by_venue: dict[str, tuple[Event, ...]]
    events_by_partner: dict[str, tuple[Event, ...]]
    events_by_theme: dict[str, tuple[Event, ...]]

    def departement_by_slug(self, slug: str) -> Departement:
        """A département by its URL slug."""
        return next(d for d in self.config.departements if d.slug == slug)


def sort_text(text: str) -> str:
    """A key that sorts French text as a reader expects: « Épinal » before « Remiremont »."""
    return normalise_term(text)


def upcoming_order(event: Event, today: date) -> tuple[date, str, str, str]:
    """Sort key for upcoming listings: the day and time of the session listed, then title."""
    session = event.listed_session(today)
    start = session.sort_key.isoformat() if session.first_day >= today else ""
    return (event.next_day(today), start, sort_text(event.title), event.slug)


def with_venue_accessibility(event: Event, venues: Mapping[str, Venue]) -> Event:
    """An event that says nothing of its accessibility takes its venue's, marked as such:
    a wheelchair-accessible médiathèque stays so for every event it hosts, and the page
    says where the information comes from. A touring event visits several venues: none
    speaks for all of them."""
    venue = venues.get(event.venues[0]) if len(event.venues) == 1 else None
    if event.accessibility or venue is None or not venue.accessibility:
        return event
    return _with_accessibility(event, venue.accessibility)


# `serve` builds the catalogue at every update: the same event with the same venue is
# then the same object, with the days and venues it has already worked out.
@functools.lru_cache(maxsize=65536)
def _with_accessibility(event: Event, accessibility: tuple[str, ...]) -> Event:
    return replace(event, accessibility=accessibility, accessibility_from_venue=True)


def build_catalogue(content: ValidContent, config: SiteConfig, today: date) -> Catalogue:
    """Index the content for `today`."""
    partners = {p.slug: p for p in sorted(content.partners, key=lambda p: p.slug)}
    venues = {v.slug: v for v in sorted(content.venues, key=lambda v: v.slug)}
    events = {
        e.slug: with_venue_accessibility(e, venues)
        for e in sorted(content.events, key=lambda e: e.slug)
    }
    departements = {d.code: d for d in config.departements}

    upcoming = sorted(
        (e for e in events.values() if e.is_upcoming(today)),
        key=lambda e: upcoming_order(e, today),
    )
    past = sorted(
        (e for e in events.values() if not e.is_upcoming(today)),
        key=lambda e: (e.last_day, e.sessions[-1].sort_key.isoformat(), e.slug),
        reverse=True,
    )
    ordered = upcoming + past

    departements_of_event: dict[str, tuple[Departement, ...]] = {}
    by_departement: dict[str, list[Event]] = defaultdict(list)
    past_by_departement: dict[str, list[Event]] = defaultdict(list)
    by_venue: dict[str, list[Event]] = defaultdict(list)
    by_partner: dict[str, list[Event]] = defaultdict(list)
    by_theme: dict[str, list[Event]] = defaultdict(list)
    for event in ordered:
        # A touring event is listed at every venue and in every département it visits.
        visited = [venues[slug] for slug in event.venues if slug in venues]
        deps = tuple(
            dict.fromkeys(
                departements[v.departement] for v in visited if v.departement in departements
            )
        )
        departements_of_event[event.slug] = deps
        for venue in visited:
            by_venue[venue.slug].append(event)
        for dep in deps:
            if event.is_upcoming(today):
                by_departement[dep.code].append(event)
            else:
                past_by_departement[dep.code].append(event)
        for slug in dict.fromkeys((event.organizer, *event.partners)):
            by_partner[slug].append(event)
        for theme in event.themes:
            by_theme[theme].append(event)

    venues_by_departement: dict[str, list[Venue]] = defaultdict(list)
    for venue in sorted(
        venues.values(), key=lambda v: (sort_text(v.city), sort_text(v.name), v.slug)
    ):
        venues_by_departement[venue.departement].append(venue)

    return Catalogue(
        config=config,
        today=today,
        partners=partners,
        venues=venues,
        events=events,
        upcoming=tuple(upcoming),
        past=tuple(past),
        departements_of_event=departements_of_event,
        upcoming_by_departement={k: tuple(v) for k, v in by_departement.items()},
        past_by_departement={k: tuple(v) for k, v in past_by_departement.items()},
        venues_by_departement={k: tuple(v) for k, v in venues_by_departement.items()},
        events_by_venue={k: tuple(v) for k, v in by_venue.items()},
        events_by_partner={k: tuple(v) for k, v in by_partner.items()},
        events_by_theme={k: tuple(v) for k, v in by_theme.items()},
    )
