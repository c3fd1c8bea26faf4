"""What the pages say of an event, in French: when, where, opening hours, ages, status."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from agenda.catalogue import build_catalogue
from agenda.config import load_config
from agenda.dates import PARIS
from agenda.event_terms import EventStatus
from agenda.model import Event, OpeningHours, Partner, Session, Venue
from agenda.schedules import parse_opening_hours
from agenda.validate import ValidContent
from agenda.views import (
    age_text,
    config_labels,
    event_card,
    month_key,
    opening_hours_text,
    place_text,
    previous_start_text,
    session_view,
    short_age_text,
    status_label,
    when_text,
)

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2025, 10, 1)


@pytest.fixture(scope="module")
def config():
    return load_config(REPO)


def plain(text: str) -> str:
    """No-break spaces (a typographic choice) shown as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def make_event(*sessions: Session, **fields) -> Event:
    values = {"slug": "atelier", "path": "content/events/atelier.md", "title": "Atelier"}
    values.update(fields)
    return Event(organizer="nef", sessions=sessions, **values)


SAT = date(2025, 10, 4)
CYCLE = make_event(
    Session(at(SAT, 14), at(SAT, 16), "1"),
    Session(at(date(2025, 10, 11), 14), at(date(2025, 10, 11), 16), "2"),
    Session(at(date(2025, 10, 18), 14), None, "3"),
)
EPINAL = Venue(
    "mediatheque-epinal",
    "content/venues/mediatheque-epinal.yaml",
    "Médiathèque d'Épinal",
    "48 rue Saint-Michel",
    "88000",
    "Épinal",
    "88",
)


# When --------------------------------------------------------------------------------


def test_when_single_timed_session():
    event = make_event(Session(at(SAT, 14), at(SAT, 16, 30), "1"))
    assert plain(when_text(event, TODAY)) == "samedi 4 octobre 2025, 14 h 00 – 16 h 30"


def test_when_single_session_without_end():
    event = make_event(Session(at(SAT, 14), None, "1"))
    assert plain(when_text(event, TODAY)) == "samedi 4 octobre 2025, 14 h 00"


def test_when_single_whole_day():
    event = make_event(Session(SAT, None, "1"))
    assert when_text(event, TODAY) == "samedi 4 octobre 2025"


def test_when_session_over_two_days():
    event = make_event(Session(at(SAT, 20), at(date(2025, 10, 5), 2), "1"))
    assert plain(when_text(event, TODAY)) == (
        "du samedi 4 octobre 2025, 20 h 00 au dimanche 5 octobre 2025, 2 h 00"
    )


def test_when_exhibition():
    event = make_event(Session(SAT, date(2025, 11, 30), "1"))
    assert when_text(event, TODAY) == "du samedi 4 octobre au dimanche 30 novembre 2025"
    # Under way: the whole range is still shown.
    assert when_text(event, date(2025, 11, 2)) == (
        "du samedi 4 octobre au dimanche 30 novembre 2025"
    )


def test_when_exhibition_across_years():
    event = make_event(Session(date(2025, 12, 6), date(2026, 1, 4), "1"))
    assert when_text(event, TODAY) == "du samedi 6 décembre 2025 au dimanche 4 janvier 2026"


def test_when_multi_session_before_the_first():
    assert plain(when_text(CYCLE, TODAY)) == (
        "3 dates, samedi 4 octobre 2025, 14 h 00 – 16 h 00 … samedi 18 octobre 2025"
    )


def test_when_multi_session_on_the_day_of_the_first():
    assert plain(when_text(CYCLE, SAT)).startswith("3 dates, samedi 4 octobre 2025")


def test_when_multi_session_shows_the_next_one_and_counts_the_others():
    assert plain(when_text(CYCLE, date(2025, 10, 5))) == (
        "samedi 11 octobre 2025, 14 h 00 – 16 h 00 (et 1 autre date)"
    )


def test_when_multi_session_plural_others():
    event = make_event(*CYCLE.sessions, Session(at(date(2025, 10, 25), 14), None, "4"))
    assert plain(when_text(event, date(2025, 10, 5))) == (
        "samedi 11 octobre 2025, 14 h 00 – 16 h 00 (et 2 autres dates)"
    )


def test_when_multi_session_last_one_left():
    assert plain(when_text(CYCLE, date(2025, 10, 12))) == "samedi 18 octobre 2025, 14 h 00"


def test_when_multi_session_all_past():
    assert plain(when_text(CYCLE, date(2025, 12, 1))).startswith("3 dates, samedi 4 octobre")


def test_session_view():
    view = session_view(CYCLE.sessions[0], date(2025, 10, 5))
    assert view.key == "1"
    assert plain(view.text) == "samedi 4 octobre 2025, 14 h 00 – 16 h 00"
    assert datetime.fromisoformat(view.start_iso) == at(SAT, 14)
    assert datetime.fromisoformat(view.end_iso) == at(SAT, 16)
    assert view.upcoming is False
    later = session_view(CYCLE.sessions[2], date(2025, 10, 5))
    assert later.end_iso == ""
    assert later.upcoming is True


def test_session_view_of_a_day():
    view = session_view(Session(SAT, date(2025, 10, 5), "1"), SAT)
    assert view.start_iso == "2025-10-04"
    assert view.end_iso == "2025-10-05"
    assert view.upcoming is True


# Opening hours -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("mar-dim 14:00-18:00", "du mardi au dimanche, 14 h 00 – 18 h 00"),
        (
            "mer,sam 10:00-12:00 14:00-18:00",
            "mercredi et samedi, 10 h 00 – 12 h 00 et 14 h 00 – 18 h 00",
        ),
        ("sam-dim 10:00-12:00", "samedi et dimanche, 10 h 00 – 12 h 00"),
        ("dim 14h30-17h00", "dimanche, 14 h 30 – 17 h 00"),
        ("lun-dim 9:30-12:00", "du lundi au dimanche, 9 h 30 – 12 h 00"),
        ("lun,mer,ven 9:00-12:00", "lundi, mercredi et vendredi, 9 h 00 – 12 h 00"),
    ],
)
def test_opening_hours_text(written, text):
    assert plain(opening_hours_text(parse_opening_hours(written))) == text


def test_opening_hours_text_from_the_model():
    hours = OpeningHours((1, 2, 3, 4, 5), ((time(13, 30), time(18)),), "mar-sam 13:30-18:00")
    assert plain(opening_hours_text(hours)) == "du mardi au samedi, 13 h 30 – 18 h 00"


# Ages, status, place -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("age_min", "age_max", "text"),
    [
        (8, 12, "de 8 à 12 ans"),
        (6, None, "dès 6 ans"),
        (None, 10, "jusqu'à 10 ans"),
        (None, None, ""),
        (0, 3, "de 0 à 3 ans"),
    ],
)
def test_age_text(age_min, age_max, text):
    event = make_event(Session(SAT, None, "1"), age_min=age_min, age_max=age_max)
    assert age_text(event) == text


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("scheduled", ""),
        ("rescheduled", "Date modifiée"),
        ("moved-online", "Passé en ligne"),
        ("postponed", "Reporté"),
        ("full", "Complet"),
        ("cancelled", "Annulé"),
    ],
)
def test_status_label(status, label):
    event = make_event(Session(SAT, None, "1"), status=EventStatus(status))
    assert status_label(event) == label


def test_previous_start_text():
    moved = make_event(
        Session(at(SAT, 14), None, "1"), status=EventStatus.RESCHEDULED, previous_start=at(SAT, 10)
    )
    assert plain(previous_start_text(moved)) == "samedi 4 octobre 2025, 10 h 00"
    assert previous_start_text(make_event(Session(SAT, None, "1"))) == ""


def test_place_text():
    on_site = make_event(Session(SAT, None, "1"), venue="mediatheque-epinal")
    mixed = make_event(Session(SAT, None, "1"), venue="mediatheque-epinal", online="https://x.org")
    online = make_event(Session(SAT, None, "1"), online="https://x.org")
    assert place_text(on_site, EPINAL) == "Médiathèque d'Épinal, Épinal"
    assert place_text(mixed, EPINAL) == "Médiathèque d'Épinal, Épinal et en ligne"
    assert place_text(online, None) == "En ligne"


def test_month_key_and_labels(config):
    assert month_key(date(2025, 10, 31)) == date(2025, 10, 1)
    assert config_labels(config, "audiences", ("familles", "etudiants")) == (
        "Familles",
        "Étudiants",
    )


# Cards -------------------------------------------------------------------------------


def test_event_card(config):
    event = make_event(
        *CYCLE.sessions,
        venue="mediatheque-epinal",
        summary="Programmez un robot.",
        format="conference",
        audience=("familles", "jeune-public"),
        price="gratuit",
        status=EventStatus.FULL,
        age_min=8,
        age_max=12,
        accessibility=("moteur", "auditif"),
    )
    content = ValidContent((Partner("nef", "p", "Nef"),), (EPINAL,), (event,))
    catalogue = build_catalogue(content, config, date(2025, 10, 5))
    card = event_card(event, catalogue)
    assert card.url == "/evenements/atelier/"
    assert card.title == "Atelier"
    assert card.status_label == "Complet"
    assert plain(card.when) == "samedi 11 octobre 2025, 14 h 00 – 16 h 00 (et 1 autre date)"
    assert card.place == "Médiathèque d'Épinal, Épinal"
    assert card.departement == "Vosges"
    assert card.format_label == "Conférence"
    assert card.audience_labels == ("Familles", "Jeune public")
    assert card.online is False
    # What people filter on: town, age, free, accessibility (icon and its words).
    assert card.city == "Épinal"
    assert card.age == "8–12 ans"
    assert card.free is True
    assert card.accessibility == (("moteur", "Handicap moteur"), ("auditif", "Handicap auditif"))
    # The card's machine-readable date is the session it shows.
    assert datetime.fromisoformat(card.start_iso) == at(date(2025, 10, 11), 14)


def test_event_card_online_only(config):
    event = make_event(Session(at(SAT, 18), None, "1"), online="https://x.org")
    catalogue = build_catalogue(ValidContent((), (), (event,)), config, TODAY)
    card = event_card(event, catalogue)
    assert card.place == "En ligne"
    assert card.departement == ""
    assert card.online is True
    assert card.format_label == ""
    assert (card.city, card.age, card.free, card.accessibility) == ("", "", False, ())


@pytest.mark.parametrize(
    ("age_min", "age_max", "text"),
    [(8, 12, "8–12 ans"), (6, None, "dès 6 ans"), (None, 10, "jusqu'à 10 ans"), (None, None, "")],
)
def test_short_age_text_on_cards(age_min, age_max, text):
    event = make_event(Session(SAT, None, "1"), age_min=age_min, age_max=age_max)
    assert short_age_text(event) == text
