"""The home page: the weekend, the week and the next events, bounded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.index_pages import departement_links, theme_links
from agenda.page import FeedLinks, NamedLink, Page, feed_links
from agenda.pagination import HOME_NEXT_LIMIT, HOME_WEEK_LIMIT
from agenda.urls import Links
from agenda.views import EventCard


@dataclass(frozen=True)
class HomeContext:
    """The home page: the weekend, the week, the next events (bounded), the départements,
    the themes, the feed. The full listing is at urls.upcoming_listing()."""

    weekend: tuple[EventCard, ...]
    week: tuple[EventCard, ...]
    upcoming: tuple[EventCard, ...]  # « Prochainement »: after the week's events
    departements: tuple[NamedLink, ...]
    themes: tuple[NamedLink, ...]
    feed: FeedLinks
    upcoming_count: int
    listing_url: str


def weekend_days(today: date) -> tuple[date, date]:
    """The coming weekend: Saturday and Sunday of this week (only Sunday left on a Sunday)."""
    if today.weekday() == 6:
        return today, today
    saturday = today + timedelta(days=5 - today.weekday())
    return saturday, saturday + timedelta(days=1)


def home_page(catalogue: Catalogue, cards: Mapping[str, EventCard], links: Links) -> Page:
    """The home page: what a visitor needs first, bounded whatever the content's size."""
    config = catalogue.config
    today = catalogue.today
    saturday, sunday = weekend_days(today)
    weekend = [e for e in catalogue.upcoming if e.overlaps(saturday, sunday)]
    weekend = weekend[:HOME_WEEK_LIMIT]
    shown = {e.slug for e in weekend}
    week_end = today + timedelta(days=6)
    week = [e for e in catalogue.upcoming if e.slug not in shown and e.overlaps(today, week_end)][
        :HOME_WEEK_LIMIT
    ]
    shown |= {e.slug for e in week}
    upcoming = [e for e in catalogue.upcoming if e.slug not in shown][:HOME_NEXT_LIMIT]
    context = HomeContext(
        weekend=tuple(cards[e.slug] for e in weekend),
        week=tuple(cards[e.slug] for e in week),
        upcoming=tuple(cards[e.slug] for e in upcoming),
        departements=departement_links(catalogue),
        themes=theme_links(catalogue),
        feed=feed_links(config.title, urls.region_feed(), links),
        upcoming_count=len(catalogue.upcoming),
        listing_url=urls.upcoming_listing(),
    )
    return Page(urls.home(), "home.html", context, config.title, config.description)
