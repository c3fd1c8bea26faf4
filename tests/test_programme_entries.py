"""What a programme says of each fixture event: sessions of the period at the
programme's venues, status, audience, price, registration, accessibility, order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from agenda.catalogue import Catalogue, build_catalogue
from agenda.dates import PARIS
from agenda.event_terms import EventStatus
from agenda.model import Session
from agenda.pipeline import check_site
from agenda.programme_entries import (
    MAX_SESSIONS,
    Window,
    detail_lines,
    place_lines,
    programme_entries,
    sessions_in,
    status_text,
    when_lines,
)
from agenda.urls import Links
from tests.conftest import FIXTURE_BASE_URL, FIXTURE_TODAY, make_fixture_tree

LINKS = Links(FIXTURE_BASE_URL)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    root = tmp_path_factory.mktemp("entries") / "site"
    make_fixture_tree(root)
    checked = check_site(root, FIXTURE_BASE_URL)
    assert checked.content is not None
    return build_catalogue(checked.content, checked.config, date.fromisoformat(FIXTURE_TODAY))


def test_only_the_sessions_in_the_window_and_at_its_venues_count(catalogue: Catalogue):
    touring = catalogue.events["conference-itinerante"]
    window = Window(date(2026, 11, 25), date(2027, 2, 24))
    assert len(sessions_in(touring, window)) == 2
    at_epinal = replace(window, venues={"mediatheque-epinal"})
    assert [s.key for s in sessions_in(touring, at_epinal)] == ["epinal"]
    assert sessions_in(touring, Window(date(2026, 11, 25), date(2026, 12, 24))) == ()


def test_entries_come_in_date_order_an_exhibition_under_way_first(catalogue: Catalogue):
    window = Window(date(2026, 11, 25), date(2027, 2, 24))
    events = catalogue.events_by_partner["nef-test"]
    entries = programme_entries(events, window, catalogue, LINKS)
    assert [e.title for e in entries][:2] == [
        "Exposition : la lumière en hiver",
        "Webinaire en ligne",
    ]
    assert entries[0].url == f"{FIXTURE_BASE_URL}/evenements/exposition-hiver/"
    assert all(e.url.startswith(FIXTURE_BASE_URL + "/evenements/") for e in entries)


def test_status_words(catalogue: Catalogue):
    assert status_text(catalogue.events["exposition-hiver"]) == ""
    assert status_text(catalogue.events["conference-annulee"]) == "ANNULÉ"
    assert status_text(catalogue.events["atelier-complet"]) == "COMPLET"
    rescheduled = status_text(catalogue.events["visite-nouvelle-date"])
    assert rescheduled.startswith("DATE MODIFIÉE (au lieu du samedi 10 avril 2027")


def test_an_event_moved_online_is_no_longer_placed_at_its_venue(catalogue: Catalogue):
    event = catalogue.events["conference-en-ligne-deplacee"]
    assert place_lines(event, event.sessions, catalogue) == ("En ligne",)
    cafe = catalogue.events["cafe-mixte"]
    assert place_lines(cafe, cafe.sessions, catalogue) == (
        "La Nef des sciences, 2 bis rue des Frères Lumière, 68200 Mulhouse",
        "Aussi en ligne",
    )


def test_many_sessions_are_summed_up(catalogue: Catalogue):
    event = catalogue.events["webinaire-en-ligne"]
    start = datetime(2027, 1, 4, 18, 0, tzinfo=PARIS)
    sessions = tuple(
        Session(start + timedelta(days=7 * n), start + timedelta(days=7 * n, hours=1), str(n))
        for n in range(10)
    )
    lines = when_lines(replace(event, sessions=sessions), sessions)
    assert len(lines) == MAX_SESSIONS + 1
    assert lines[-1] == "et 6 autres dates, jusqu'au lundi 8 mars 2027"


def test_details_say_audience_price_registration_and_accessibility(catalogue: Catalogue):
    cycle = detail_lines(catalogue.events["cycle-trois-seances"], catalogue)
    assert any(line.endswith("Public : Jeune public, de 8 à 12 ans") for line in cycle)
    assert "Tarif : gratuit" in cycle
    assert "Inscription : 03 29 00 00 00" in cycle
    exhibition = detail_lines(catalogue.events["exposition-hiver"], catalogue)
    assert "Accessibilité : Handicap moteur" in exhibition
    cafe = detail_lines(catalogue.events["cafe-mixte"], catalogue)
    assert any(line.startswith("Accessibilité (selon le lieu) : ") for line in cafe)


def test_a_cancelled_event_offers_no_registration(catalogue: Catalogue):
    cancelled = replace(
        catalogue.events["cycle-trois-seances"], status=EventStatus.CANCELLED, registration="03 29"
    )
    assert not any(line.startswith("Inscription") for line in detail_lines(cancelled, catalogue))
