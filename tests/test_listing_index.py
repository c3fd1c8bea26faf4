"""The JSON index the listing filters load: contents, one file per scope, compactness."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import date, datetime, timedelta

from agenda import urls
from agenda.catalogue import build_catalogue
from agenda.config import load_config
from agenda.dates import PARIS
from agenda.event_terms import EventStatus
from agenda.listing_index import listing_index, listing_index_files, session_text
from agenda.model import Event, Partner, Session, Venue
from agenda.urls import Links
from agenda.validate import ValidContent
from tests.conftest import REPO, BuiltSite

TODAY = date(2026, 11, 25)


def read(built_site: BuiltSite, path: str) -> dict:
    return json.loads(built_site.read(path))


def test_region_index_holds_every_upcoming_event_in_listing_order(built_site: BuiltSite):
    index = read(built_site, urls.listing_index())
    assert index["v"] == 1 and index["today"] == "2026-11-25"
    assert index["base"] == "/evenements/"
    slugs = [e["s"] for e in index["events"]]
    assert slugs[0] == "exposition-hiver"  # under way today: it counts
    assert "webinaire-en-ligne" in slugs  # online only: on the région's index
    assert "conference-tres-ancienne" not in slugs and "annulee-passee" not in slugs
    assert len(slugs) == len(set(slugs))
    assert index["statuts"]["cancelled"] == "Annulé"


def test_entries_use_short_keys_and_leave_defaults_out(built_site: BuiltSite):
    events = {e["s"]: e for e in read(built_site, urls.listing_index())["events"]}
    assert events["exposition-hiver"] == {
        "s": "exposition-hiver",
        "t": "Exposition : la lumière en hiver",
        "d": ["2026-11-10/2027-01-31"],
        "c": "Mulhouse",
        "p": "68",
        "f": "exposition",
        "th": ["physique-chimie", "astronomie-espace"],
        "a": ["tout-public", "familles"],
        "g": 1,
        "x": ["moteur"],
    }
    cycle = events["cycle-trois-seances"]
    assert cycle["d"] == ["2027-01-09T10:00", "2027-01-16T10:00", "2027-01-23T10:00"]
    assert (cycle["am"], cycle["aM"]) == (8, 12)
    online = events["webinaire-en-ligne"]
    assert online["o"] == 1 and "c" not in online and "p" not in online
    assert events["conference-annulee"]["st"] == "cancelled"
    assert "st" not in events["journee-portes-ouvertes"]
    # A night across midnight: the start, then its last day.
    assert events["nuit-automne-dst"]["d"] == ["2027-10-30T22:00/2027-10-31"]


def test_one_file_per_departement_and_theme(built_site: BuiltSite):
    vosges = read(built_site, urls.departement_listing_index("vosges"))["events"]
    # A touring event lists every département it visits.
    assert vosges and all(e["p"] == "88" or "88" in e["p"] for e in vosges)
    touring = next(e for e in vosges if e["s"] == "conference-itinerante")
    assert (touring["p"], touring["c"]) == (["68", "88"], "Mulhouse, Épinal")
    assert read(built_site, urls.departement_listing_index("aube"))["events"] == []
    astro = read(built_site, urls.theme_listing_index("astronomie-espace"))["events"]
    assert {e["s"] for e in astro} == {
        "exposition-hiver",
        "cycle-trois-seances",
        "nuit-automne-dst",
        "conference-itinerante",
    }
    assert all("astronomie-espace" in e["th"] for e in astro)


def test_the_listing_pages_point_to_their_own_index(built_site: BuiltSite):
    assert 'data-index="/donnees/index-evenements.json"' in built_site.read("/")
    assert 'data-index="/donnees/index-evenements/departements/vosges.json"' in (
        built_site.read("/departements/vosges/")
    )
    theme = built_site.read("/thematiques/astronomie-espace/")
    assert 'data-index="/donnees/index-evenements/thematiques/astronomie-espace.json"' in theme
    assert 'name="theme"' not in theme  # no theme filter on a theme page
    assert 'name="departement"' not in built_site.read("/departements/vosges/")
    assert 'name="departement"' in built_site.read("/")


def test_session_text_is_local_paris_time():
    timed = Session(datetime(2027, 3, 28, 10, 0, tzinfo=PARIS), None, "1")
    assert session_text(timed) == "2027-03-28T10:00"
    assert session_text(Session(date(2027, 2, 6), None, "1")) == "2027-02-06"
    assert session_text(Session(date(2027, 2, 6), date(2027, 3, 1), "1")) == "2027-02-06/2027-03-01"


def sample_catalogue(count: int):
    """`count` upcoming events with realistic titles, several fields set, 100 venues."""
    config = load_config(REPO)
    deps = [d.code for d in config.departements]
    themes = config.themes.slugs
    formats = config.formats.slugs
    venues = [
        Venue(
            f"lieu-{i}",
            "",
            f"Médiathèque {i}",
            "1 rue",
            "88000",
            f"Saint-Dié-des-Vosges {i}",
            deps[i % 10],
        )
        for i in range(100)
    ]
    events = []
    for n in range(count):
        day = TODAY + timedelta(days=n % 200)
        start = datetime(day.year, day.month, day.day, 14, 30, tzinfo=PARIS)
        sessions = (
            (Session(day, day + timedelta(days=40), "1"),)
            if n % 10 == 0
            else tuple(
                Session(
                    start + timedelta(days=7 * k), start + timedelta(days=7 * k, hours=2), str(k)
                )
                for k in range(1 + (n % 5 == 1) * 2)
            )
        )
        events.append(
            Event(
                slug=f"atelier-decouverte-des-sciences-numero-{n}",
                path="",
                title=f"Atelier découverte : les étoiles et les planètes du système solaire n° {n}",
                organizer="p",
                sessions=sessions,
                venue=f"lieu-{n % 100}" if n % 20 else None,
                online="https://example.org" if n % 20 == 0 else "",
                themes=(themes[n % 10], themes[(n + 3) % 10]),
                format=formats[n % len(formats)],
                audience=("tout-public", "familles") if n % 2 else ("scolaires",),
                age_min=8 if n % 3 == 0 else None,
                age_max=12 if n % 6 == 0 else None,
                price="gratuit" if n % 2 else "5 €",
                accessibility=("moteur", "auditif") if n % 4 == 0 else (),
                status=EventStatus.CANCELLED if n % 25 == 0 else EventStatus.SCHEDULED,
            )
        )
    content = ValidContent((Partner("p", "", "P"),), tuple(venues), tuple(events))
    return build_catalogue(content, config, TODAY)


def sample_catalogue_with_a_past_event(count: int):
    """`sample_catalogue(count)`, plus one event (« fini ») whose last day is over."""
    catalogue = sample_catalogue(count)
    past = replace(
        next(iter(catalogue.events.values())),
        slug="fini",
        sessions=(Session(date(2026, 11, 1), None, "1"),),
    )
    content = ValidContent(
        tuple(catalogue.partners.values()),
        tuple(catalogue.venues.values()),
        (*catalogue.events.values(), past),
    )
    return build_catalogue(content, catalogue.config, TODAY)


def test_index_of_1000_events_stays_small():
    catalogue = sample_catalogue(1000)
    links = Links("https://agenda.example.org")
    region = listing_index(catalogue.upcoming, catalogue, links)
    assert len(json.loads(region)["events"]) == 1000
    gzipped = len(gzip.compress(region, 9))
    print(f"\n1,000 events: {len(region):,} bytes, {gzipped:,} bytes gzip -9")
    assert len(region) < 350_000  # about 310 bytes an event with these long titles
    assert gzipped < 40_000  # what actually travels (every host compresses JSON)
    files = {f.path: f for f in listing_index_files(catalogue, links)}
    assert len(files) == 1 + 10 + 10
    dep = files[urls.output_file(urls.departement_listing_index("vosges"))].data
    assert dep is not None and len(dep) < len(region) / 5  # a département page loads less


def test_each_file_is_the_index_its_events_give_on_their_own():
    # listing_index_files makes each upcoming event's entry once for the région's file,
    # its département's and its themes': every file must be what listing_index writes
    # when it makes the entries of its own events, past events left out.
    catalogue = sample_catalogue_with_a_past_event(300)
    links = Links("https://agenda.example.org")
    files = {f.path: f.data for f in listing_index_files(catalogue, links)}
    config = catalogue.config
    scopes = {urls.listing_index(): catalogue.upcoming + catalogue.past}
    for dep in config.departements:
        scopes[urls.departement_listing_index(dep.slug)] = (
            *catalogue.upcoming_by_departement.get(dep.code, ()),
            *catalogue.past_by_departement.get(dep.code, ()),
        )
    for theme in config.themes.terms:
        scopes[urls.theme_listing_index(theme.slug)] = catalogue.events_by_theme.get(theme.slug, ())
    assert set(files) == {urls.output_file(path) for path in scopes}
    for path, events in scopes.items():
        alone = listing_index(events, catalogue, links)
        assert files[urls.output_file(path)] == alone, path
    region = json.loads(files[urls.output_file(urls.listing_index())] or b"")
    assert len(region["events"]) == 300 and "fini" not in {e["s"] for e in region["events"]}
