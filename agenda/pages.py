"""Every HTML page of the site: one function per page kind → Page(url, template, context).

The page list is computed once, here, in `all_pages`. Each context has a declared
shape (a dataclass), so a template's variables can be read from this file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from agenda import urls
from agenda.catalogue import Catalogue, sort_text
from agenda.config import Departement, Term
from agenda.dates import french_date, french_month
from agenda.exports import event_jsonld
from agenda.maps import MapView, departement_map, region_map, venue_map
from agenda.model import Event, Partner, Session, Venue
from agenda.urls import Links
from agenda.views import (
    EventCard,
    SessionView,
    age_text,
    config_labels,
    event_card,
    month_key,
    opening_hours_text,
    previous_start_text,
    session_view,
)


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


# Every listing is bounded, so that no page grows with the content (hundreds of events
# at the Fête de la Science): the home page shows the week and the next few events,
# every other listing is cut into pages of PAGE_SIZE, reachable without JavaScript.
PAGE_SIZE = 30
HOME_WEEK_LIMIT = 12  # « Ce week-end », « Cette semaine »: at most this many each
HOME_NEXT_LIMIT = 20  # « Prochainement » on the home page
PAST_LIMIT = 10  # past events shown at the foot of a venue, partner or theme page

T = TypeVar("T")


@dataclass(frozen=True)
class PageLink:
    """One link of a pager: a page number (0 stands for an ellipsis « … »)."""

    number: int
    url: str
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Where a page stands in its listing: « Page précédente / suivante », page numbers."""

    number: int
    count: int
    total: int  # items in the whole listing
    first_item: int  # 1-based, for « événements 31 à 60 sur 200 »
    last_item: int
    prev_url: str
    next_url: str
    pages: tuple[PageLink, ...]

    @property
    def title_suffix(self) -> str:
        """« – page 2 sur 5 » for pages after the first, "" on the first."""
        return f" – page {self.number} sur {self.count}" if self.number > 1 else ""


def pager_links(number: int, count: int, url_of: Callable[[int], str]) -> tuple[PageLink, ...]:
    """First, last, and the two pages either side of the current one; gaps as « … »."""
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    result: list[PageLink] = []
    previous = 0
    for n in shown:
        if n - previous > 1:
            result.append(PageLink(0, ""))
        result.append(PageLink(n, url_of(n), n == number))
        previous = n
    return tuple(result)


def paginate(
    items: Sequence[T], url_of: Callable[[int], str], size: int = PAGE_SIZE
) -> list[tuple[Pager, Sequence[T]]]:
    """Cut `items` into pages of `size`; an empty listing still has its first page."""
    count = max(1, -(-len(items) // size))
    result = []
    for number in range(1, count + 1):
        chunk = items[(number - 1) * size : number * size]
        first = (number - 1) * size + 1 if chunk else 0
        pager = Pager(
            number=number,
            count=count,
            total=len(items),
            first_item=first,
            last_item=first + len(chunk) - 1 if chunk else 0,
            prev_url=url_of(number - 1) if number > 1 else "",
            next_url=url_of(number + 1) if number < count else "",
            pages=pager_links(number, count, url_of) if count > 1 else (),
        )
        result.append((pager, chunk))
    return result


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


@dataclass(frozen=True)
class ListingContext:
    """One page of the région's upcoming events (/agenda/, /agenda/page/n/)."""

    months: tuple[MonthGroup, ...]
    pager: Pager


@dataclass(frozen=True)
class DepartementContext:
    """A département, one page of its upcoming events, its venues, its feed."""

    departement: Departement
    months: tuple[MonthGroup, ...]
    venues: tuple[NamedLink, ...]
    feed: FeedLinks
    pager: Pager
    past_url: str
    past_count: int


@dataclass(frozen=True)
class VenueStop:
    """One venue a touring event visits, as its page shows it."""

    venue: Venue
    departement: NamedLink | None
    map_url: str


@dataclass(frozen=True)
class EventContext:
    """One event, everything about it. `venue` is its venue (the first one a touring
    event visits); `stops` lists every venue of a touring event, empty otherwise."""

    event: Event
    card: EventCard
    sessions: tuple[SessionView, ...]
    is_past: bool
    venue: Venue | None
    map_url: str
    departement: NamedLink | None
    organizer: Partner
    partners: tuple[Partner, ...]
    themes: tuple[NamedLink, ...]
    audience_labels: tuple[str, ...]
    accessibility_labels: tuple[str, ...]
    age: str
    opening_hours: tuple[str, ...]
    closed: tuple[str, ...]
    previous_start: str
    registration_href: str
    ics_url: str
    google_add_url: str
    outlook_add_url: str
    jsonld: list[dict[str, Any]]
    stops: tuple[VenueStop, ...] = ()


@dataclass(frozen=True)
class VenueContext:
    """A venue and its events."""

    venue: Venue
    departement: NamedLink
    map_url: str
    accessibility_labels: tuple[str, ...]
    upcoming: tuple[EventCard, ...]
    past: tuple[EventCard, ...]  # the most recent PAST_LIMIT
    feed: FeedLinks
    pager: Pager
    past_count: int
    past_url: str  # where all of them are: the département's past events


@dataclass(frozen=True)
class PartnerContext:
    """A partner and one page of its events."""

    partner: Partner
    upcoming: tuple[EventCard, ...]
    past: tuple[EventCard, ...]  # the most recent PAST_LIMIT
    feed: FeedLinks
    pager: Pager
    past_count: int
    past_url: str


@dataclass(frozen=True)
class ThemeContext:
    """One page of the events of one theme."""

    theme: Term
    months: tuple[MonthGroup, ...]
    past: tuple[EventCard, ...]  # the most recent PAST_LIMIT
    feed: FeedLinks
    pager: Pager
    past_count: int
    past_url: str


@dataclass(frozen=True)
class ArchivesContext:
    """One page of past events, most recent first, by month: the région's, or one
    département's (then `departement` is set)."""

    months: tuple[MonthGroup, ...]
    pager: Pager
    departement: NamedLink | None = None


@dataclass(frozen=True)
class IndexGroup:
    """A titled group of an index page (the venues of one département), or the only one."""

    label: str
    url: str
    items: tuple[NamedLink, ...]


@dataclass(frozen=True)
class IndexContext:
    """/departements/, /lieux/, /partenaires/, /thematiques/: each item and its count of
    upcoming events."""

    heading: str
    lead: str
    groups: tuple[IndexGroup, ...]
    empty_text: str


@dataclass(frozen=True)
class AboutContext:
    """À propos: who publishes the agenda, and its partners."""

    consortium: tuple[str, ...]
    partners: tuple[NamedLink, ...]


@dataclass(frozen=True)
class LegalContext:
    """Mentions légales, from site_config.yaml."""

    publisher: str
    publisher_address: str
    publication_director: str
    host: str
    host_address: str
    contact_email: str
    licence_name: str
    licence_url: str


@dataclass(frozen=True)
class EmptyContext:
    """Pages that only need the site-wide variables."""

    extra: dict[str, str] = field(default_factory=dict)


def feed_links(title: str, path: str, links: Links) -> FeedLinks:
    """Subscribe links for the feed at `path`."""
    return FeedLinks(title, links.absolute(path), links.webcal(path), links.google_subscribe(path))


def group_by_month(
    events: Iterable[Event], cards: dict[str, EventCard], day_of_event: Any
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


def _calendar_stamp(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _session_bounds(session: Session) -> tuple[date | datetime, date | datetime]:
    """Start and exclusive end, as calendars want them."""
    if session.all_day:
        return session.first_day, session.last_day + timedelta(days=1)
    end = session.end if session.end is not None else session.start + timedelta(hours=1)
    assert isinstance(session.start, datetime)
    return session.start, end


def google_add_link(event: Event, session: Session, location: str, page_url: str) -> str:
    """« Ajouter à Google Agenda » for one session."""
    start, end = _session_bounds(session)
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_calendar_stamp(start)}/{_calendar_stamp(end)}",
        "details": f"{event.summary}\n\n{page_url}".strip(),
        "location": location,
        "ctz": "Europe/Paris",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_add_link(event: Event, session: Session, location: str, page_url: str) -> str:
    """« Ajouter à Outlook.com » for one session."""
    start, end = _session_bounds(session)
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "allday": "true" if session.all_day else "false",
        "body": f"{event.summary}\n\n{page_url}".strip(),
        "location": location,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def registration_href(event: Event) -> str:
    """A link for the registration, when it is a URL, an e-mail or a phone number; never
    for a cancelled or postponed event."""
    if not event.registration_open:
        return ""
    if event.registration_kind == "url":
        return event.registration
    if event.registration_kind == "email":
        return f"mailto:{event.registration}"
    if event.registration_kind == "phone":
        digits = "".join(c for c in event.registration if c.isdigit() or c == "+")
        return f"tel:{digits}"
    return ""


def _departement_link(catalogue: Catalogue, code: str) -> NamedLink | None:
    dep = catalogue.config.departement_by_code(code)
    return NamedLink(dep.name, urls.departement(dep.slug)) if dep else None


def event_page(
    event: Event, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """The page of one event."""
    config = catalogue.config
    today = catalogue.today
    venue = catalogue.venues.get(event.main_venue) if event.main_venue else None
    deps = catalogue.departements_of_event.get(event.slug, ())
    dep = deps[0] if deps else None
    page_url = links.absolute(urls.event(event.slug))
    next_session = next((s for s in event.sessions if s.last_day >= today), event.sessions[-1])
    next_venue = catalogue.venues.get(event.session_venue(next_session) or "")
    location = next_venue.full_address if next_venue else event.online
    touring = event.is_touring
    venue_varies = event.venue_varies

    def venue_of(session: Session) -> Venue | None:
        slug = event.session_venue(session)
        return catalogue.venues.get(slug) if venue_varies and slug else None

    stops = tuple(
        VenueStop(
            stop,
            _departement_link(catalogue, stop.departement),
            links.osm(stop.lat, stop.lon, stop.full_address),
        )
        for stop in (catalogue.venues[v] for v in event.venues if v in catalogue.venues)
        if touring
    )
    context = EventContext(
        event=event,
        card=cards[event.slug],
        sessions=tuple(session_view(s, today, venue_of(s)) for s in event.sessions),
        stops=stops,
        is_past=not event.is_upcoming(today),
        venue=venue,
        map_url=links.osm(venue.lat, venue.lon, venue.full_address) if venue else "",
        departement=NamedLink(dep.name, urls.departement(dep.slug)) if dep else None,
        organizer=catalogue.partners[event.organizer],
        partners=tuple(catalogue.partners[p] for p in event.partners),
        themes=tuple(NamedLink(config.themes.get(t).label, urls.theme(t)) for t in event.themes),
        audience_labels=config_labels(config, "audiences", event.audience),
        accessibility_labels=config_labels(config, "accessibility", event.accessibility),
        age=age_text(event),
        opening_hours=tuple(opening_hours_text(h) for h in event.opening_hours),
        closed=tuple(french_date(d) for d in event.closed),
        previous_start=previous_start_text(event),
        registration_href=registration_href(event),
        ics_url=urls.event_ics(event.slug),
        google_add_url=google_add_link(event, next_session, location, page_url),
        outlook_add_url=outlook_add_link(event, next_session, location, page_url),
        jsonld=event_jsonld(event, catalogue, links),
    )
    description = event.summary or event.description_text[:200]
    return Page(urls.event(event.slug), "event.html", context, event.title, description)


def weekend_days(today: date) -> tuple[date, date]:
    """The coming weekend: Saturday and Sunday of this week (only Sunday left on a Sunday)."""
    if today.weekday() == 6:
        return today, today
    saturday = today + timedelta(days=5 - today.weekday())
    return saturday, saturday + timedelta(days=1)


def home_page(catalogue: Catalogue, cards: dict[str, EventCard], links: Links) -> Page:
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


def departement_links(catalogue: Catalogue) -> tuple[NamedLink, ...]:
    """The ten départements and their counts of upcoming events."""
    return tuple(
        NamedLink(
            d.name,
            urls.departement(d.slug),
            len(catalogue.upcoming_by_departement.get(d.code, ())),
        )
        for d in catalogue.config.departements
    )


def theme_links(catalogue: Catalogue) -> tuple[NamedLink, ...]:
    """Every theme and its count of upcoming events."""
    today = catalogue.today
    return tuple(
        NamedLink(
            t.label,
            urls.theme(t.slug),
            _upcoming_count(catalogue.events_by_theme.get(t.slug, ()), today),
        )
        for t in catalogue.config.themes.terms
    )


def _upcoming_count(events: Iterable[Event], today: date) -> int:
    return sum(1 for e in events if e.is_upcoming(today))


def _months(
    events: Sequence[Event], cards: dict[str, EventCard], today: date
) -> tuple[MonthGroup, ...]:
    return group_by_month(events, cards, lambda e: e.next_day(today))


def listing_pages(catalogue: Catalogue, cards: dict[str, EventCard]) -> Iterator[Page]:
    """/agenda/, /agenda/page/2/…: every upcoming event of the région, by month."""
    today = catalogue.today
    for pager, chunk in paginate(catalogue.upcoming, urls.upcoming_listing):
        context = ListingContext(_months(chunk, cards, today), pager)
        yield Page(
            urls.upcoming_listing(pager.number),
            "listing.html",
            context,
            "Tout l'agenda" + pager.title_suffix,
            "Tous les rendez-vous à venir de la culture scientifique dans le Grand Est.",
        )


def departement_pages(
    dep: Departement, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Iterator[Page]:
    """A département's pages: its upcoming events, PAGE_SIZE a page, then its past ones."""
    today = catalogue.today
    events = catalogue.upcoming_by_departement.get(dep.code, ())
    past = catalogue.past_by_departement.get(dep.code, ())
    venues = tuple(
        NamedLink(
            f"{v.name} ({v.city})",
            urls.venue(v.slug),
            _upcoming_count(catalogue.events_by_venue.get(v.slug, ()), today),
        )
        for v in catalogue.venues_by_departement.get(dep.code, ())
    )
    feed = feed_links(
        f"{catalogue.config.title} – {dep.name}", urls.departement_feed(dep.slug), links
    )
    description = (
        f"Les rendez-vous de culture scientifique {dep.in_phrase} : "
        "ateliers, conférences, expositions."
    )
    for pager, chunk in paginate(events, lambda n: urls.departement_listing(dep.slug, n)):
        context = DepartementContext(
            departement=dep,
            months=_months(chunk, cards, today),
            venues=venues,
            feed=feed,
            pager=pager,
            past_url=urls.departement_past(dep.slug),
            past_count=len(past),
        )
        title = f"{dep.name} ({dep.code}){pager.title_suffix}"
        yield Page(
            urls.departement_listing(dep.slug, pager.number),
            "departement.html",
            context,
            title,
            description,
        )
    dep_link = NamedLink(dep.name, urls.departement(dep.slug))
    for pager, chunk in paginate(past, lambda n: urls.departement_past(dep.slug, n)):
        yield Page(
            urls.departement_past(dep.slug, pager.number),
            "archives.html",
            ArchivesContext(group_by_month(chunk, cards, lambda e: e.last_day), pager, dep_link),
            f"Événements passés {dep.in_phrase}{pager.title_suffix}",
        )


def departement_page(
    dep: Departement, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """A département's own page (the first page of its upcoming events)."""
    return next(departement_pages(dep, catalogue, cards, links))


def _split(events: Iterable[Event], today: date) -> tuple[list[Event], list[Event]]:
    upcoming = [e for e in events if e.is_upcoming(today)]
    past = [e for e in events if not e.is_upcoming(today)]
    return upcoming, past


def venue_pages(
    venue: Venue, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Iterator[Page]:
    """A venue's pages: its upcoming events PAGE_SIZE a page; its latest past ones."""
    config = catalogue.config
    dep = config.departement_by_code(venue.departement)
    assert dep is not None
    upcoming, past = _split(catalogue.events_by_venue.get(venue.slug, ()), catalogue.today)
    for pager, chunk in paginate(upcoming, lambda n: urls.venue_listing(venue.slug, n)):
        context = VenueContext(
            venue=venue,
            departement=NamedLink(dep.name, urls.departement(dep.slug)),
            map_url=links.osm(venue.lat, venue.lon, venue.full_address),
            accessibility_labels=config_labels(config, "accessibility", venue.accessibility),
            upcoming=tuple(cards[e.slug] for e in chunk),
            past=tuple(cards[e.slug] for e in past[:PAST_LIMIT]),
            feed=feed_links(f"{config.title} – {venue.name}", urls.venue_feed(venue.slug), links),
            pager=pager,
            past_count=len(past),
            past_url=urls.departement_past(dep.slug),
        )
        yield Page(
            urls.venue_listing(venue.slug, pager.number),
            "venue.html",
            context,
            f"{venue.name}, {venue.city}{pager.title_suffix}",
            venue.description,
        )


def venue_page(
    venue: Venue, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Page:
    """A venue's own page."""
    return next(venue_pages(venue, catalogue, cards, links))


def partner_pages(
    partner: Partner, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Iterator[Page]:
    """A partner's pages: its upcoming events PAGE_SIZE a page; its latest past ones."""
    upcoming, past = _split(catalogue.events_by_partner.get(partner.slug, ()), catalogue.today)
    feed = feed_links(
        f"{catalogue.config.title} – {partner.name}", urls.partner_feed(partner.slug), links
    )
    for pager, chunk in paginate(upcoming, lambda n: urls.partner_listing(partner.slug, n)):
        context = PartnerContext(
            partner=partner,
            upcoming=tuple(cards[e.slug] for e in chunk),
            past=tuple(cards[e.slug] for e in past[:PAST_LIMIT]),
            feed=feed,
            pager=pager,
            past_count=len(past),
            past_url=urls.archives(),
        )
        yield Page(
            urls.partner_listing(partner.slug, pager.number),
            "partner.html",
            context,
            partner.name + pager.title_suffix,
            partner.description,
        )


def theme_pages(
    theme: Term, catalogue: Catalogue, cards: dict[str, EventCard], links: Links
) -> Iterator[Page]:
    """A theme's pages: its upcoming events by month, PAGE_SIZE a page; its latest past ones."""
    today = catalogue.today
    upcoming, past = _split(catalogue.events_by_theme.get(theme.slug, ()), today)
    feed = feed_links(
        f"{catalogue.config.title} – {theme.label}", urls.theme_feed(theme.slug), links
    )
    description = f"Les rendez-vous « {theme.label} » de la culture scientifique dans le Grand Est."
    for pager, chunk in paginate(upcoming, lambda n: urls.theme_listing(theme.slug, n)):
        context = ThemeContext(
            theme=theme,
            months=_months(chunk, cards, today),
            past=tuple(cards[e.slug] for e in past[:PAST_LIMIT]),
            feed=feed,
            pager=pager,
            past_count=len(past),
            past_url=urls.archives(),
        )
        yield Page(
            urls.theme_listing(theme.slug, pager.number),
            "theme.html",
            context,
            theme.label + pager.title_suffix,
            description,
        )


def archives_pages(catalogue: Catalogue, cards: dict[str, EventCard]) -> Iterator[Page]:
    """Past events of the région, most recent first, PAGE_SIZE a page."""
    for pager, chunk in paginate(catalogue.past, urls.archives_listing):
        context = ArchivesContext(group_by_month(chunk, cards, lambda e: e.last_day), pager)
        yield Page(
            urls.archives_listing(pager.number),
            "archives.html",
            context,
            "Archives : événements passés" + pager.title_suffix,
        )


def index_pages(catalogue: Catalogue) -> Iterator[Page]:
    """/departements/, /lieux/, /partenaires/, /thematiques/."""
    config = catalogue.config
    today = catalogue.today
    yield Page(
        urls.departements_index(),
        "index.html",
        IndexContext(
            "Les dix départements",
            "Choisissez un département du Grand Est pour voir ses rendez-vous à venir.",
            (IndexGroup("", "", departement_links(catalogue)),),
            "",
        ),
        "Départements",
        "Les dix départements du Grand Est et leurs rendez-vous de culture scientifique.",
    )
    groups = []
    for dep in config.departements:
        venues = catalogue.venues_by_departement.get(dep.code, ())
        if not venues:
            continue
        items = tuple(
            NamedLink(
                f"{v.name} ({v.city})",
                urls.venue(v.slug),
                _upcoming_count(catalogue.events_by_venue.get(v.slug, ()), today),
            )
            for v in venues
        )
        groups.append(IndexGroup(dep.name, urls.departement(dep.slug), items))
    yield Page(
        urls.venues_index(),
        "index.html",
        IndexContext(
            "Les lieux",
            "Médiathèques, musées, universités, salles communales… les lieux qui accueillent "
            "les rendez-vous de l'agenda, par département et par ville.",
            tuple(groups),
            "Aucun lieu n'est encore enregistré.",
        ),
        "Lieux",
        "Les lieux de la culture scientifique dans le Grand Est.",
    )
    partners = sorted(catalogue.partners.values(), key=lambda p: (sort_text(p.name), p.slug))
    yield Page(
        urls.partners_index(),
        "index.html",
        IndexContext(
            "Les partenaires",
            "Les organisations qui proposent les rendez-vous de l'agenda.",
            (IndexGroup("", "", _partner_links(partners, catalogue)),),
            "Aucun partenaire n'est encore enregistré.",
        ),
        "Partenaires",
        "Les partenaires de l'agenda de la culture scientifique dans le Grand Est.",
    )
    yield Page(
        urls.themes_index(),
        "index.html",
        IndexContext(
            "Les thématiques",
            "Astronomie, biodiversité, numérique… choisissez une thématique.",
            (IndexGroup("", "", theme_links(catalogue)),),
            "",
        ),
        "Thématiques",
        "Les thématiques de l'agenda de la culture scientifique dans le Grand Est.",
    )


def _partner_links(partners: Iterable[Partner], catalogue: Catalogue) -> tuple[NamedLink, ...]:
    today = catalogue.today
    return tuple(
        NamedLink(
            p.name,
            urls.partner(p.slug),
            _upcoming_count(catalogue.events_by_partner.get(p.slug, ()), today),
        )
        for p in partners
    )


def about_pages(catalogue: Catalogue) -> Iterator[Page]:
    """À propos and Mentions légales."""
    config = catalogue.config
    partners = sorted(catalogue.partners.values(), key=lambda p: (sort_text(p.name), p.slug))
    yield Page(
        urls.about(),
        "a-propos.html",
        AboutContext(config.consortium, _partner_links(partners, catalogue)),
        "À propos",
        "Qui publie l'agenda de la culture scientifique du Grand Est, avec quels partenaires.",
    )
    yield Page(
        urls.legal_notice(),
        "mentions-legales.html",
        LegalContext(
            publisher=config.publisher,
            publisher_address=config.publisher_address,
            publication_director=config.publication_director,
            host=config.host,
            host_address=config.host_address,
            contact_email=config.contact_email,
            licence_name=config.licence_name,
            licence_url=config.licence_url,
        ),
        "Mentions légales",
    )


def _with_map(pages: Iterable[Page], view: MapView | None) -> Iterator[Page]:
    """The pages of a listing, the first one carrying the map (later pages only list)."""
    for number, page in enumerate(pages):
        yield replace(page, map=view) if number == 0 else page


def all_pages(catalogue: Catalogue, links: Links) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order."""
    cards = {slug: event_card(e, catalogue) for slug, e in catalogue.events.items()}
    yield from _with_map(
        [home_page(catalogue, cards, links)], region_map(catalogue.venues.values())
    )
    yield from listing_pages(catalogue, cards)
    yield from index_pages(catalogue)
    for dep in catalogue.config.departements:
        dep_venues = catalogue.venues_by_departement.get(dep.code, ())
        yield from _with_map(
            departement_pages(dep, catalogue, cards, links), departement_map(dep, dep_venues)
        )
    for event in catalogue.events.values():
        yield event_page(event, catalogue, cards, links)
    for venue in catalogue.venues.values():
        yield from _with_map(venue_pages(venue, catalogue, cards, links), venue_map(venue))
    for partner in catalogue.partners.values():
        yield from partner_pages(partner, catalogue, cards, links)
    for theme in catalogue.config.themes.terms:
        yield from theme_pages(theme, catalogue, cards, links)
    yield from archives_pages(catalogue, cards)
    yield from about_pages(catalogue)
    contact = {"contact_email": catalogue.config.contact_email}
    yield Page(
        urls.accessibility_statement(),
        "accessibilite.html",
        EmptyContext(contact if catalogue.config.contact_email else {}),
        "Accessibilité",
    )
    yield Page(urls.search(), "recherche.html", EmptyContext(), "Recherche", noindex=True)
    yield Page(urls.not_found(), "404.html", EmptyContext(), "Page introuvable", noindex=True)
