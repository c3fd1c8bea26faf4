"""One HTML page (Page) and the pieces every page context shares: feeds, links, months."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from agenda.dates import french_month
from agenda.maps import MapView
from agenda.model import Event
from agenda.urls import Links
from agenda.views import EventCard, month_key


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where it goes, with which template and context."""

    url: str
    template: str
    context: Any
    title: str
    description: str = ""
    noindex: bool = False
    map: MapView | None = None  # templates/_map.html: the page's map and its list of places


@dataclass(frozen=True)
class FeedLinks:
    """The three ways to subscribe to one iCalendar feed, plus its plain download."""

    title: str
    https: str
    webcal: str
    google: str


@dataclass(frozen=True)
class MonthGroup:
    """Events of one month, for listings grouped by month."""

    label: str
    cards: tuple[EventCard, ...]


@dataclass(frozen=True)
class NamedLink:
    """A label and where it leads."""

    label: str
    url: str
    count: int = 0


@dataclass(frozen=True)
class EmptyContext:
    """Pages that only need the site-wide variables."""

    extra: dict[str, str] = field(default_factory=dict)


def feed_links(title: str, path: str, links: Links) -> FeedLinks:
    """Subscribe links for the feed at `path`."""
    return FeedLinks(title, links.absolute(path), links.webcal(path), links.google_subscribe(path))


def group_by_month(
    events: Iterable[Event], cards: Mapping[str, EventCard], day_of_event: Any
) -> tuple[MonthGroup, ...]:
    """Consecutive events of the same month, in the order given."""
    groups: list[MonthGroup] = []
    current_month: date | None = None
    current: list[EventCard] = []
    for event in events:
        month = month_key(day_of_event(event))
        if month != current_month:
            if current_month is not None:
                groups.append(MonthGroup(french_month(current_month).capitalize(), tuple(current)))
            current_month, current = month, []
        current.append(cards[event.slug])
    if current_month is not None:
        groups.append(MonthGroup(french_month(current_month).capitalize(), tuple(current)))
    return tuple(groups)
