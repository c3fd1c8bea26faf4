"""The catalogue: upcoming and past at `today`, indexes by département, venue, partner, theme."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from agenda.catalogue import build_catalogue
from agenda.config import load_config
from agenda.dates import PARIS
from agenda.model import Event, Partner, Session, Venue
from agenda.pipeline import check_site
from agenda.validate import ValidContent

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2025, 10, 4)


@pytest.fixture(scope="module")
def config():
    return load_config(REPO)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def venue(slug: str, departement: str, city: str = "Ville", name: str = "Salle") -> Venue:
    postal = departement + "000"
    return Venue(slug, f"content/venues/{slug}.yaml", name, "1 rue", postal, city, departement)


def event(
    slug: str,
    *sessions: Session,
    venue: str | None = "epinal",
    online: str = "",
    organizer: str = "nef",
    partners: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
    title: str | None = None,
) -> Event:
    return Event(
        slug=slug,
        path=f"content/events/{slug}.md",
        title=title or slug.replace("-", " ").capitalize(),
        organizer=organizer,
        sessions=sessions,
        venue=venue,
        online=online,
        partners=partners,
        themes=themes,
    )


def timed(day: date, hour: int = 14, key: str = "1") -> Session:
    return Session(at(day, hour), at(day, hour + 2), key)


def days(first: date, last: date) -> Session:
    return Session(first, last, "1")


VENUES = (
    venue("epinal", "88", "Épinal", "Médiathèque"),
    venue("nancy", "54", "Nancy", "Muséum"),
    venue("sedan", "08", "Sedan", "Château"),
    venue("remiremont", "88", "Remiremont", "Salle"),
)
PARTNERS = (Partner("nef", "content/partners/nef.yaml", "La Nef"), Partner("ul", "p", "UL"))


def catalogue_of(config, *events: Event, today: date = TODAY):
    return build_catalogue(ValidContent(PARTNERS, VENUES, events), config, today)


def slugs(events) -> list[str]:
    return [e.slug for e in events]


# Upcoming and past -------------------------------------------------------------------


def test_upcoming_and_past_split_at_today(config):
    cat = catalogue_of(
        config,
        event("hier", timed(date(2025, 10, 3))),
        event("ce-matin", timed(TODAY, 9)),
        event("demain", timed(date(2025, 10, 5))),
        event("l-an-dernier", timed(date(2024, 10, 4))),
    )
    # An event earlier today is still listed today.
    assert slugs(cat.upcoming) == ["ce-matin", "demain"]
    assert slugs(cat.past) == ["hier", "l-an-dernier"]
    assert set(cat.events) == {"hier", "ce-matin", "demain", "l-an-dernier"}
    assert cat.today == TODAY


def test_exhibition_under_way_counts_as_upcoming(config):
    cat = catalogue_of(
        config,
        event("expo-en-cours", days(date(2025, 9, 1), date(2025, 11, 30))),
        event("expo-finie-hier", days(date(2025, 9, 1), TODAY.replace(day=3))),
        event("expo-dernier-jour", days(date(2025, 9, 1), TODAY)),
    )
    assert slugs(cat.upcoming) == ["expo-dernier-jour", "expo-en-cours"]
    assert slugs(cat.past) == ["expo-finie-hier"]


def test_multi_session_event_upcoming_while_a_session_remains(config):
    cat = catalogue_of(
        config,
        event("cycle", timed(date(2025, 9, 20), key="1"), timed(date(2025, 10, 18), key="2")),
        event("cycle-fini", timed(date(2025, 9, 6), key="1"), timed(date(2025, 9, 20), key="2")),
    )
    assert slugs(cat.upcoming) == ["cycle"]
    assert slugs(cat.past) == ["cycle-fini"]


def test_session_ending_at_midnight_is_past_the_next_day(config):
    night = Session(at(date(2025, 10, 3), 20), at(TODAY, 0), "1")
    cat = catalogue_of(config, event("nuit", night))
    assert slugs(cat.past) == ["nuit"]


def test_upcoming_ordering_by_day_then_time_then_title(config):
    cat = catalogue_of(
        config,
        event("b-apres-midi", timed(date(2025, 10, 5), 14), title="B"),
        event("a-apres-midi", timed(date(2025, 10, 5), 14), title="a"),
        event("matin", timed(date(2025, 10, 5), 9)),
        event("plus-tard", timed(date(2025, 10, 20), 9)),
        event("aujourd-hui", timed(TODAY, 18)),
        event("expo", days(date(2025, 9, 1), date(2025, 12, 1))),
    )
    assert slugs(cat.upcoming) == [
        "expo",  # under way: listed today, from the start of the day
        "aujourd-hui",
        "matin",
        "a-apres-midi",
        "b-apres-midi",
        "plus-tard",
    ]


def test_multi_session_event_listed_at_its_next_session(config):
    cat = catalogue_of(
        config,
        event("cycle", timed(date(2025, 9, 6), key="1"), timed(date(2025, 10, 11), key="2")),
        event("samedi-prochain", timed(date(2025, 10, 10), 10)),
    )
    assert slugs(cat.upcoming) == ["samedi-prochain", "cycle"]


def test_same_day_ordering_uses_the_time_of_that_days_session(config):
    cat = catalogue_of(
        config,
        event("cycle", timed(date(2025, 9, 27), 10, key="1"), timed(TODAY, 18, key="2")),
        event("atelier", timed(TODAY, 14)),
    )
    assert slugs(cat.upcoming) == ["atelier", "cycle"]


def test_past_ordering_most_recent_first(config):
    cat = catalogue_of(
        config,
        event("septembre", timed(date(2025, 9, 1))),
        event("hier-soir", timed(date(2025, 10, 3), 20)),
        event("hier-matin", timed(date(2025, 10, 3), 9)),
        event("expo-finie", days(date(2025, 6, 1), date(2025, 9, 30))),
    )
    assert slugs(cat.past) == ["hier-soir", "hier-matin", "expo-finie", "septembre"]


# Départements ------------------------------------------------------------------------


def test_departement_index_has_only_its_own_upcoming_events(config):
    cat = catalogue_of(
        config,
        event("epinal-futur", timed(date(2025, 10, 10)), venue="epinal"),
        event("remiremont-futur", timed(date(2025, 10, 8)), venue="remiremont"),
        event("epinal-passe", timed(date(2025, 9, 10)), venue="epinal"),
        event("nancy-futur", timed(date(2025, 10, 12)), venue="nancy"),
        event("en-ligne", timed(date(2025, 10, 9)), venue=None, online="https://x.org"),
    )
    assert slugs(cat.upcoming_by_departement["88"]) == ["remiremont-futur", "epinal-futur"]
    assert slugs(cat.upcoming_by_departement["54"]) == ["nancy-futur"]
    assert "08" not in cat.upcoming_by_departement  # Sedan has no event
    assert [d.code for d in cat.departements_of_event["epinal-passe"]] == ["88"]


def test_online_only_event_is_in_no_departement(config):
    cat = catalogue_of(
        config,
        event("en-ligne", timed(date(2025, 10, 9)), venue=None, online="https://x.org"),
        event("mixte", timed(date(2025, 10, 9)), venue="sedan", online="https://x.org"),
    )
    assert cat.departements_of_event["en-ligne"] == ()
    assert all("en-ligne" not in slugs(evs) for evs in cat.upcoming_by_departement.values())
    assert slugs(cat.upcoming_by_departement["08"]) == ["mixte"]
    # It is still upcoming across the région.
    assert slugs(cat.upcoming) == ["en-ligne", "mixte"]


def test_venues_by_departement_sorted_by_city_then_name(config):
    venues = (
        venue("vittel", "88", "Vittel"),
        venue("gerardmer-b", "88", "Gerardmer", "Bibliothèque"),
        venue("gerardmer-a", "88", "Gerardmer", "Aquarium"),
        venue("sedan", "08", "Sedan"),
    )
    cat = build_catalogue(ValidContent(PARTNERS, venues, ()), config, TODAY)
    assert slugs(cat.venues_by_departement["88"]) == ["gerardmer-a", "gerardmer-b", "vittel"]
    assert slugs(cat.venues_by_departement["08"]) == ["sedan"]
    assert cat.departement_by_slug("vosges").code == "88"


def test_venues_by_departement_sorted_in_french_order(config):
    cat = catalogue_of(config)
    assert slugs(cat.venues_by_departement["88"]) == ["epinal", "remiremont"]


# Venues, partners, themes ------------------------------------------------------------


def test_indexes_by_venue_partner_and_theme(config):
    cat = catalogue_of(
        config,
        event("a", timed(date(2025, 10, 10)), themes=("mathematiques",), partners=("ul", "nef")),
        event("b", timed(date(2025, 9, 1)), organizer="ul", themes=("mathematiques",)),
        event("c", timed(date(2025, 10, 5)), venue="nancy", themes=("astronomie-espace",)),
    )
    # Upcoming first (soonest first), then past.
    assert slugs(cat.events_by_venue["epinal"]) == ["a", "b"]
    assert slugs(cat.events_by_partner["nef"]) == ["c", "a"]
    # The organizer listed among the partners is counted once.
    assert slugs(cat.events_by_partner["ul"]) == ["a", "b"]
    assert slugs(cat.events_by_theme["mathematiques"]) == ["a", "b"]
    assert slugs(cat.events_by_theme["astronomie-espace"]) == ["c"]


def test_records_by_slug_sorted(config):
    cat = catalogue_of(config, event("z", timed(TODAY)), event("a", timed(TODAY)))
    assert list(cat.events) == ["a", "z"]
    assert list(cat.venues) == ["epinal", "nancy", "remiremont", "sedan"]
    assert list(cat.partners) == ["nef", "ul"]


def test_catalogue_from_checked_content(site):
    """The same rules on content read from files."""
    site.partner("nef")
    site.venue("epinal")
    site.event(
        "expo",
        "title: Expo\norganizer: nef\nvenue: epinal\nstart: 2025-09-01\nend: 2025-11-30",
    )
    site.event(
        "webinaire",
        'title: Webinaire\norganizer: nef\nonline: "https://x.org"\nstart: 2025-10-10 18:00',
    )
    result = check_site(site.root)
    cat = build_catalogue(result.content, result.config, TODAY)
    assert slugs(cat.upcoming) == ["expo", "webinaire"]
    assert slugs(cat.upcoming_by_departement["88"]) == ["expo"]
    assert cat.departements_of_event["webinaire"] == ()


def test_an_event_silent_on_accessibility_takes_its_venues_marked_as_such(config):
    from dataclasses import replace

    from agenda.catalogue import with_venue_accessibility

    ramp = replace(VENUES[0], accessibility=("moteur", "auditif"))
    venues = {v.slug: v for v in (ramp, *VENUES[1:])}
    silent = event("atelier", timed(date(2026, 12, 5)))
    inherited = with_venue_accessibility(silent, venues)
    assert inherited.accessibility == ("moteur", "auditif")
    assert inherited.accessibility_from_venue
    # What the organiser wrote wins, and an online event or a venue that says nothing
    # leaves the event as it is.
    said = replace(silent, accessibility=("visuel",))
    assert with_venue_accessibility(said, venues) == said
    online = event("webinaire", timed(date(2026, 12, 5)), venue=None, online="https://x.org")
    assert with_venue_accessibility(online, venues) == online
    elsewhere = replace(silent, venue="nancy")
    assert with_venue_accessibility(elsewhere, venues) == elsewhere
    catalogue = build_catalogue(
        ValidContent(PARTNERS, tuple(venues.values()), (silent,)), config, TODAY
    )
    assert catalogue.events["atelier"].accessibility_from_venue


# Touring events ----------------------------------------------------------------------


def test_touring_event_is_on_every_venue_and_in_every_departement(config):
    tour = event(
        "tournee",
        Session(at(date(2025, 10, 10), 18), None, "1", "nancy"),
        Session(at(date(2025, 10, 17), 18), None, "2", "sedan"),
        Session(at(date(2025, 10, 24), 18), None, "3", "nancy"),
        venue=None,
    )
    cat = catalogue_of(config, tour, event("epinal", timed(date(2025, 10, 11))))
    assert tour.venues == ("nancy", "sedan")
    assert [d.code for d in cat.departements_of_event["tournee"]] == ["54", "08"]
    assert slugs(cat.events_by_venue["nancy"]) == ["tournee"]
    assert slugs(cat.events_by_venue["sedan"]) == ["tournee"]
    assert slugs(cat.upcoming_by_departement["54"]) == ["tournee"]
    assert slugs(cat.upcoming_by_departement["08"]) == ["tournee"]
    assert "tournee" not in slugs(cat.upcoming_by_departement["88"])


def test_past_touring_event_is_in_the_archives_of_each_departement(config):
    tour = event(
        "tournee-passee",
        Session(at(date(2025, 9, 10), 18), None, "1", "nancy"),
        Session(at(date(2025, 9, 17), 18), None, "2"),  # at the event's venue, Épinal
    )
    cat = catalogue_of(config, tour)
    assert tour.venues == ("nancy", "epinal")
    assert slugs(cat.past_by_departement["54"]) == ["tournee-passee"]
    assert slugs(cat.past_by_departement["88"]) == ["tournee-passee"]


def test_touring_event_does_not_take_one_venue_accessibility(config):
    accessible = replace(VENUES[0], accessibility=("moteur",))
    tour = event(
        "tournee",
        Session(at(date(2025, 10, 10), 18), None, "1", "epinal"),
        Session(at(date(2025, 10, 17), 18), None, "2", "sedan"),
    )
    content = ValidContent(PARTNERS, (accessible, *VENUES[1:]), (tour,))
    cat = build_catalogue(content, config, TODAY)
    assert cat.events["tournee"].accessibility == ()
