"""The event page's calendar links (Google, Outlook) and registration link."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from agenda.dates import PARIS
from agenda.event_page import google_add_link, outlook_add_link, registration_href
from agenda.event_terms import RegistrationKind
from agenda.model import Event, Session


def session() -> Session:
    return Session(
        datetime(2027, 3, 28, 10, 0, tzinfo=PARIS), datetime(2027, 3, 28, 12, 0, tzinfo=PARIS), "1"
    )


def test_add_to_google_and_outlook_links_carry_utc_times_and_place():
    event = Event(
        slug="e",
        path="p",
        title="Atelier ; été",
        organizer="o",
        sessions=(session(),),
        summary="Résumé",
    )
    google = parse_qs(
        urlsplit(google_add_link(event, session(), "1 rue, 68200 Mulhouse", "https://x/e/")).query
    )
    assert google["dates"] == ["20270328T080000Z/20270328T100000Z"]
    assert google["text"] == ["Atelier ; été"] and google["location"] == ["1 rue, 68200 Mulhouse"]
    outlook = parse_qs(urlsplit(outlook_add_link(event, session(), "1 rue", "https://x/e/")).query)
    assert outlook["startdt"] == ["2027-03-28T10:00:00+02:00"]
    assert outlook["allday"] == ["false"]
    all_day = Session(date(2027, 2, 6), None, "1")
    google_day = parse_qs(urlsplit(google_add_link(event, all_day, "", "https://x/")).query)
    assert google_day["dates"] == ["20270206/20270207"]


@pytest.mark.parametrize(
    ("kind", "value", "href"),
    [
        ("url", "https://x.fr/i", "https://x.fr/i"),
        ("email", "a@b.fr", "mailto:a@b.fr"),
        ("phone", "+33 3 89 00 00 00", "tel:+33389000000"),
        ("text", "Sur place", ""),
    ],
)
def test_registration_href(kind, value, href):
    event = Event(
        slug="e",
        path="p",
        title="t",
        organizer="o",
        sessions=(session(),),
        registration=value,
        registration_kind=RegistrationKind(kind),
    )
    assert registration_href(event) == href
