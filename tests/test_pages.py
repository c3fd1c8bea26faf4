"""The page list and each page's context, built from the fixture content."""

from __future__ import annotations

from datetime import date

import pytest

from agenda.catalogue import build_catalogue
from agenda.event_page import EventContext
from agenda.pages import all_pages
from agenda.pipeline import check_site
from agenda.urls import Links

LINKS = Links("https://agenda.example.org")


@pytest.fixture(scope="module")
def pages(built_site):
    checked = check_site(built_site.root)
    assert checked.content is not None
    catalogue = build_catalogue(checked.content, checked.config, date(2026, 11, 25))
    return {page.url: page for page in all_pages(catalogue, LINKS)}


def test_every_page_kind_once_and_urls_unique(pages):
    urls = list(pages)
    assert len(urls) == len(set(urls))
    assert {"/", "/archives/", "/404.html", "/accessibilite/"} <= set(urls)
    assert {"/agenda/", "/a-propos/", "/mentions-legales/"} <= set(urls)
    own = [u for u in urls if u.startswith("/departements/") and u.count("/") == 3]
    assert len(own) == 10
    assert sum(u.startswith("/departements/") and u.endswith("/passes/") for u in urls) == 10
    assert sum(u.startswith("/evenements/") for u in urls) == 17
    assert sum(u.startswith("/thematiques/") and u.count("/") == 3 for u in urls) == 10
    indexes = {"/departements/", "/lieux/", "/partenaires/", "/thematiques/"}
    assert indexes <= set(urls)
    assert pages["/404.html"].noindex


def test_event_context(pages):
    context = pages["/evenements/cycle-trois-seances/"].context
    assert isinstance(context, EventContext)
    assert [s.key for s in context.sessions] == ["s1", "s2", "s3"]
    assert context.venue is not None and context.venue.slug == "mediatheque-epinal"
    assert context.departement is not None and context.departement.url == "/departements/vosges/"
    assert context.age == "de 8 à 12 ans"
    assert context.registration_href == "tel:0329000000"
    assert len(context.jsonld) == 3
    assert context.ics_url == "/evenements/cycle-trois-seances/cycle-trois-seances.ics"


def test_home_shows_the_weekend_the_week_then_what_comes_next(pages):
    # Fixture today: Wednesday 25 November 2026; the weekend is 28–29 November.
    home = pages["/"].context
    weekend = [c.slug for c in home.weekend]
    week = [c.slug for c in home.week]
    assert weekend[0] == "exposition-hiver"  # under way, open on the weekend
    assert set(weekend).isdisjoint(week)
    upcoming = [c.slug for c in home.upcoming]
    assert set(upcoming).isdisjoint(weekend + week)
    assert len(weekend) <= 12 and len(week) <= 12 and len(upcoming) <= 20
    assert home.listing_url == "/agenda/"


def test_the_full_listing_groups_upcoming_events_by_month(pages):
    months = pages["/agenda/"].context.months
    assert [m.label for m in months][:3] == ["Novembre 2026", "Janvier 2027", "Février 2027"]
    assert months[0].cards[0].slug == "exposition-hiver"
    assert pages["/agenda/"].context.pager.count == 1


def test_departement_counts_on_home(pages):
    counts = {d.label: d.count for d in pages["/"].context.departements}
    # The touring conference counts in the Haut-Rhin and in the Vosges.
    assert counts["Haut-Rhin"] == 6 and counts["Vosges"] == 5 and counts["Marne"] == 0
