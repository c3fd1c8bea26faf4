"""evenements-openagenda.json: every event of the fixture site in OpenAgenda's shape,
checked against schemas/evenements-openagenda.schema.json and the README's
correspondence table (title → title.fr, status → 1–6, location.departement →
location.department…)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import jsonschema
import pytest

from agenda.catalogue import build_catalogue
from agenda.event_terms import EventStatus, RegistrationKind
from agenda.openagenda import (
    DESCRIPTION_MAX,
    openagenda_json,
    openagenda_records,
    session_timings,
    short_description,
)
from agenda.pipeline import check_site
from agenda.urls import Links
from tests.conftest import REPO, BuiltSite

STATUS_NUMBERS = {
    "scheduled": 1,
    "rescheduled": 2,
    "moved-online": 3,
    "postponed": 4,
    "full": 5,
    "cancelled": 6,
}
ATTENDANCE_NUMBERS = {"offline": 1, "online": 2, "mixed": 3}


def schema() -> dict[str, Any]:
    path = REPO / "schemas" / "evenements-openagenda.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exported(built_site: BuiltSite) -> dict[str, Any]:
    return json.loads((built_site.out / "evenements-openagenda.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ours(built_site: BuiltSite) -> dict[str, dict[str, Any]]:
    """evenements.json's events by slug: what the correspondence table maps from."""
    data = json.loads((built_site.out / "evenements.json").read_text(encoding="utf-8"))
    return {e["slug"]: e for e in data["events"]}


def by_slug(exported: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["slug"]: e for e in exported["events"]}


def test_the_file_validates_against_the_shipped_schema(exported):
    jsonschema.validate(exported, schema(), format_checker=jsonschema.FormatChecker())
    assert exported["total"] == len(exported["events"])


def test_every_event_follows_the_documented_mapping(exported, ours):
    records = exported["events"]
    assert {r["url"] for r in records} == {e["url"] for e in ours.values()}
    for record in records:
        event = ours[record["slug"].split("--")[0]]
        assert record["title"] == {"fr": event["title"]}
        assert record["longDescription"] == {"fr": event["description"]}
        if event["summary"]:
            assert record["description"] == {"fr": event["summary"]}
        assert record["status"] == STATUS_NUMBERS[event["status"]]
        assert record["onlineAccessLink"] == event["onlineAccessLink"]
        assert record["accessibility"] == event["accessibility"]
        assert record["age"] == event["age"]
        assert record["conditions"]["fr"].startswith(event["conditions"])
        assert record["themes"] == event["themes"] and record["audience"] == event["audience"]
        for timing in record["timings"]:
            begin = datetime.fromisoformat(timing["begin"])
            end = datetime.fromisoformat(timing["end"])
            assert begin.utcoffset() is not None and end.utcoffset() is not None
            assert timedelta(0) < end - begin <= timedelta(hours=24), (record["slug"], timing)
        location = record["location"]
        if location is not None:
            assert location["region"] == "Grand Est" and location["countryCode"] == "FR"
            assert location["department"]
            assert location["access"].keys() == {"fr"}


def test_single_place_events_keep_their_attendance_mode_location_and_timings(exported, ours):
    records = by_slug(exported)
    for slug, event in ours.items():
        if slug not in records:
            continue  # a touring event: see below
        record = records[slug]
        assert record["attendanceMode"] == ATTENDANCE_NUMBERS[event["attendanceMode"]]
        location = event["location"]
        if location is None:
            assert record["location"] is None
        else:
            assert record["location"]["postalCode"] == location["postalCode"]
            assert record["location"]["department"] == location["departement"]
            assert record["location"]["latitude"] == location["latitude"]
        timed = [t for t in event["timings"] if not t["allDay"]]
        assert [t["begin"] for t in record["timings"]][: len(timed)] == [t["begin"] for t in timed]


@pytest.mark.parametrize(
    ("slug", "number"),
    [
        ("exposition-hiver", 1),
        ("visite-nouvelle-date", 2),
        ("conference-en-ligne-deplacee", 3),
        ("spectacle-reporte", 4),
        ("atelier-complet", 5),
        ("conference-annulee", 6),
    ],
)
def test_status_codes_are_openagenda_numbers(exported, slug, number):
    assert by_slug(exported)[slug]["status"] == number


def test_a_touring_event_is_one_record_per_venue(exported):
    records = by_slug(exported)
    assert "conference-itinerante" not in records
    mulhouse = records["conference-itinerante--nef-mulhouse"]
    epinal = records["conference-itinerante--mediatheque-epinal"]
    assert mulhouse["location"]["city"] == "Mulhouse"
    assert epinal["location"]["city"] == "Épinal"
    assert mulhouse["timings"][0]["begin"].startswith("2027-02-05T18:30")
    assert len(mulhouse["timings"]) == len(epinal["timings"]) == 1
    assert mulhouse["url"] == epinal["url"]


def test_an_all_day_event_is_one_timing_per_day_and_no_end_means_an_hour(exported):
    records = by_slug(exported)
    assert records["journee-portes-ouvertes"]["timings"] == [
        {"begin": "2027-02-06T00:00:00+01:00", "end": "2027-02-06T23:59:00+01:00"}
    ]
    assert records["spectacle-reporte"]["timings"] == [
        {"begin": "2027-03-05T20:00:00+01:00", "end": "2027-03-05T21:00:00+01:00"}
    ]


def test_opening_hours_give_the_opening_slots(exported):
    timings = by_slug(exported)["exposition-hiver"]["timings"]
    assert timings[0] == {"begin": "2026-11-10T14:00:00+01:00", "end": "2026-11-10T18:00:00+01:00"}
    assert len(timings) > 20


def test_keywords_are_the_french_labels_then_the_tags(exported):
    keywords = by_slug(exported)["exposition-hiver"]["keywords"]["fr"]
    assert keywords[:3] == ["Physique et chimie", "Astronomie et espace", "Exposition"]


def test_registration_types_are_openagendas(exported):
    records = by_slug(exported)
    assert records["atelier-printemps-dst"]["registration"] == [
        {"type": "link", "value": "https://www.example.org/inscription"}
    ]
    assert records["cycle-trois-seances"]["registration"] == [
        {"type": "phone", "value": "03 29 00 00 00"}
    ]


def test_the_schema_rejects_our_own_shape_and_bad_codes(exported):
    validator = jsonschema.Draft202012Validator(schema())
    record = exported["events"][0]
    broken = [
        {**record, "title": "Titre sans langue"},
        {**record, "status": "cancelled"},
        {**record, "status": 7},
        {**record, "attendanceMode": 2},  # online, yet it has a place
        {**record, "timings": [{"begin": "2027-02-06", "end": "2027-02-06"}]},
        {**record, "accessibility": {**record["accessibility"], "lsf": True}},
        {**record, "registration": [{"type": "url", "value": "https://example.org"}]},
        {**record, "description": {"fr": "x" * (DESCRIPTION_MAX + 1)}},
    ]
    for bad in broken:
        document = {**exported, "events": [bad]}
        assert list(validator.iter_errors(document)), bad


# From the catalogue itself ------------------------------------------------------------


def one_event_catalogue(site, front_matter: str):
    site.partner("la-nef", 'name: "La Nef"\n')
    site.venue("mediatheque-epinal")
    site.event("atelier", front_matter)
    checked = check_site(site.root)
    assert checked.content is not None, checked.problems
    return build_catalogue(checked.content, checked.config, date(2025, 10, 1))


def test_cancelled_events_offer_no_registration_and_text_goes_to_conditions(site):
    catalogue = one_event_catalogue(
        site,
        """
        title: Atelier
        organizer: la-nef
        venue: mediatheque-epinal
        start: "2025-10-04 14:00"
        price: gratuit
        registration: "Sur place, à l'accueil"
        """,
    )
    links = Links("https://example.org")
    event = catalogue.events["atelier"]
    [record] = openagenda_records(event, catalogue, links)
    assert record["registration"] == []
    assert record["conditions"] == {"fr": "gratuit – Inscription : Sur place, à l'accueil"}
    cancelled = replace(
        event,
        status=EventStatus.CANCELLED,
        registration="https://example.org/inscription",
        registration_kind=RegistrationKind.URL,
    )
    [record] = openagenda_records(cancelled, catalogue, links)
    assert record["registration"] == [] and record["status"] == 6


def test_a_long_description_is_cut_to_200_characters(site):
    catalogue = one_event_catalogue(
        site,
        """
        title: Atelier
        organizer: la-nef
        venue: mediatheque-epinal
        start: "2025-10-04 14:00"
        """,
    )
    event = replace(catalogue.events["atelier"], description_text="mot " * 100)
    text = short_description(event)
    assert len(text) == DESCRIPTION_MAX and text.endswith("…")
    assert short_description(replace(event, summary="Court.")) == "Court."


def test_an_all_day_range_crossing_the_autumn_change_keeps_each_days_offset(site):
    catalogue = one_event_catalogue(
        site,
        """
        title: Exposition
        organizer: la-nef
        venue: mediatheque-epinal
        start: 2025-10-25
        end: 2025-10-27
        """,
    )
    timings = session_timings(catalogue.events["atelier"].sessions[0])
    assert [t["begin"] for t in timings] == [
        "2025-10-25T00:00:00+02:00",
        "2025-10-26T00:00:00+02:00",
        "2025-10-27T00:00:00+01:00",
    ]
    assert timings[1]["end"] == "2025-10-26T23:59:00+01:00"


def test_hostile_text_is_carried_as_data(site):
    catalogue = one_event_catalogue(
        site,
        """
        title: Atelier
        organizer: la-nef
        venue: mediatheque-epinal
        start: "2025-10-04 14:00"
        """,
    )
    hostile = '</script><script>alert(1)</script>"},"status":6,"x":"'
    event = replace(catalogue.events["atelier"], title=hostile, summary=hostile)
    catalogue = replace(catalogue, events={"atelier": event}, upcoming=(event,), past=())
    document = json.loads(openagenda_json(catalogue, Links("https://example.org")))
    assert document["events"][0]["title"] == {"fr": hostile}
    assert document["events"][0]["status"] == 1
