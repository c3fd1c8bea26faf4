"""The JSON each slice publishes for <agenda-csti>: contents, limit, hostile text, size, and
one file per slice in the built fixture site."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime

from agenda import urls
from agenda.catalogue import build_catalogue
from agenda.config import load_config
from agenda.dates import PARIS
from agenda.model import Event, Partner, Session, Venue
from agenda.urls import Links
from agenda.validate import ValidContent
from agenda.widget import (
    WIDGET_LIMIT,
    SliceKind,
    all_slices,
    widget_document,
    widget_files,
)
from tests.conftest import FIXTURE_BASE_URL, REPO, BuiltSite
from tests.test_listing_index import sample_catalogue, sample_catalogue_with_a_past_event

TODAY = date(2026, 11, 25)
LINKS = Links("https://agenda.example.org")


def read(built_site: BuiltSite, path: str) -> dict:
    return json.loads(built_site.read(path))


def test_departement_file_lists_its_upcoming_events_ready_to_show(built_site: BuiltSite):
    document = read(built_site, urls.widget_data("departement", "vosges"))
    assert document["v"] == 1
    assert (document["kind"], document["slug"], document["name"]) == (
        "departement",
        "vosges",
        "Vosges",
    )
    assert document["title"] == "Agenda des sciences dans les Vosges"
    assert document["url"] == f"{FIXTURE_BASE_URL}/departements/vosges/"
    assert document["total"] == len(document["events"]) > 0
    complet = next(e for e in document["events"] if e["title"] == "Atelier complet")
    assert complet == {
        "date": "mardi 12 janvier 2027, 14\u00a0h\u00a000 – 16\u00a0h\u00a000",
        "start": "2027-01-12T14:00:00+01:00",
        "last": "2027-01-12",
        "title": "Atelier complet",
        "town": "Épinal",
        "url": f"{FIXTURE_BASE_URL}/evenements/atelier-complet/",
        "status": "full",
        "statusLabel": "Complet",
    }
    # A scheduled event says nothing of its status.
    cycle = next(e for e in document["events"] if e["title"].startswith("Cycle"))
    assert "status" not in cycle and "statusLabel" not in cycle
    # Soonest first, like the département's page.
    starts = [e["start"][:10] for e in document["events"]]
    assert starts == sorted(starts)


def test_region_file_holds_online_events_and_no_past_one(built_site: BuiltSite):
    document = read(built_site, urls.widget_data("region"))
    assert document["url"] == f"{FIXTURE_BASE_URL}/"
    titles = {e["title"]: e for e in document["events"]}
    online = next(e for e in document["events"] if e["url"].endswith("/webinaire-en-ligne/"))
    assert online["town"] == "En ligne"
    assert all(e["last"] >= "2026-11-25" for e in document["events"])
    assert not any("ancienne" in title.lower() for title in titles)


def test_one_file_per_slice_in_the_built_site(built_site: BuiltSite):
    widget = built_site.out / "donnees" / "widget"
    config = load_config(built_site.root)
    assert (widget / "region.json").is_file()
    for dep in config.departements:
        assert (widget / "departement" / f"{dep.slug}.json").is_file()
    for theme in config.themes.terms:
        assert (widget / "thematique" / f"{theme.slug}.json").is_file()
    for audience in config.audiences.terms:
        assert (widget / "public" / f"{audience.slug}.json").is_file()
    assert (widget / "lieu" / "nef-mulhouse.json").is_file()
    assert (widget / "partenaire" / "nef-test.json").is_file()
    # A touring event is in the file of each venue it visits.
    for venue in ("nef-mulhouse", "mediatheque-epinal"):
        events = read(built_site, urls.widget_data("lieu", venue))["events"]
        assert any(e["url"].endswith("/conference-itinerante/") for e in events)


def test_audience_slice_keeps_its_audience_and_links_to_the_filtered_home(
    built_site: BuiltSite,
):
    document = read(built_site, urls.widget_data("public", "familles"))
    assert document["url"] == f"{FIXTURE_BASE_URL}/?public=familles"
    assert document["title"] == "Agenda des sciences : familles"
    index = read(built_site, urls.listing_index())["events"]
    expected = [e for e in index if "familles" in e.get("a", [])]
    assert document["total"] == len(expected) > 0


def test_files_are_compact(built_site: BuiltSite):
    raw = (built_site.out / "donnees" / "widget" / "region.json").read_bytes()
    assert b"\n" not in raw and b'", "' not in raw and b'": ' not in raw
    assert "É".encode() in raw  # UTF-8 as it is, not \u00c9


def test_at_most_the_limit_of_events_and_the_total_count():
    catalogue = sample_catalogue(300)
    region = next(s for s in all_slices(catalogue) if s.kind is SliceKind.REGION)
    document = widget_document(region, catalogue, LINKS)
    assert document["total"] == 300
    assert len(document["events"]) == WIDGET_LIMIT == 50


def test_files_stay_small_at_1000_events():
    catalogue = sample_catalogue(1000)
    files = {f.path: f.data for f in widget_files(catalogue, LINKS)}
    region = files[urls.output_file(urls.widget_data("region"))]
    assert region is not None
    gzipped = len(gzip.compress(region, 9))
    print(f"\nregion.json at 1,000 events: {len(region):,} bytes, {gzipped:,} gzip -9")
    assert len(region) < 20_000  # 50 events, long titles
    assert gzipped < 4_000
    assert all(data is not None and len(data) < 20_000 for data in files.values())


HOSTILE = '</script><img src=x onerror=alert(1)> "guillemets" & \\ \u2028 <b>gras</b>'


def test_hostile_title_is_plain_data_that_reads_back_as_written():
    config = load_config(REPO)
    venue = Venue("lieu", "", "Salle <i>", "1 rue", "88000", 'Épinal "<script>', "88")
    event = Event(
        slug="piege",
        path="",
        title=HOSTILE,
        organizer="p",
        sessions=(Session(datetime(2027, 1, 9, 14, 0, tzinfo=PARIS), None, "1"),),
        venue="lieu",
    )
    content = ValidContent((Partner("p", "", "P <b>"),), (venue,), (event,))
    catalogue = build_catalogue(content, config, TODAY)
    files = {f.path: f.data for f in widget_files(catalogue, LINKS)}
    raw = files[urls.output_file(urls.widget_data("lieu", "lieu"))]
    assert raw is not None
    document = json.loads(raw)
    assert document["events"][0]["title"] == HOSTILE
    assert document["events"][0]["town"] == 'Épinal "<script>'
    # Quotes and backslashes are escaped by the JSON encoder, so the text cannot end the
    # string it sits in and add keys of its own.
    assert set(document["events"][0]) == {"date", "start", "last", "title", "town", "url"}
    partner = json.loads(files[urls.output_file(urls.widget_data("partenaire", "p"))] or b"")
    assert partner["name"] == "P <b>"


def test_an_event_that_ended_is_left_out():
    rebuilt = sample_catalogue_with_a_past_event(5)
    region = next(s for s in all_slices(rebuilt) if s.kind is SliceKind.REGION)
    document = widget_document(region, rebuilt, LINKS)
    assert document["total"] == 5
    assert not any(e["url"].endswith("/fini/") for e in document["events"])


def test_slices_hold_the_upcoming_events_of_each_index_in_its_order():
    catalogue = sample_catalogue_with_a_past_event(300)
    indexes = {
        SliceKind.VENUE: catalogue.events_by_venue,
        SliceKind.PARTNER: catalogue.events_by_partner,
        SliceKind.THEME: catalogue.events_by_theme,
    }
    checked = 0
    for part in all_slices(catalogue):
        if part.kind in indexes:
            index = indexes[part.kind].get(part.slug, ())
            assert part.events == tuple(e for e in index if e.is_upcoming(TODAY))
            checked += 1 if "fini" in {e.slug for e in index} else 0
    assert checked >= 3  # the past event was in a venue, a partner and a theme, and left out


def test_each_file_is_its_slice_document_made_on_its_own():
    # widget_files makes each event's entry once and shares it between slices: every
    # file must be what its slice gives when its document is made alone.
    from agenda.listing_index import compact_json

    catalogue = sample_catalogue_with_a_past_event(300)
    files = {f.path: f.data for f in widget_files(catalogue, LINKS)}
    slices = list(all_slices(catalogue))
    assert len(files) == len(slices) > 100
    for part in slices:
        alone = compact_json(widget_document(part, catalogue, LINKS))
        assert files[urls.output_file(part.data_url)] == alone
