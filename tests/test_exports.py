"""Open data and feeds, read back with the tools reusers use: extruct for Open Graph,
feedparser for Atom, json, csv and the XML parser for the rest."""

from __future__ import annotations

import csv
import io
import json

import extruct
import jsonschema
import pytest

from agenda.pipeline import check_site
from tests.conftest import REPO, BuiltSite


def all_slugs(built_site: BuiltSite) -> list[str]:
    content = check_site(built_site.root).content
    assert content is not None
    return sorted(e.slug for e in content.events)


def test_open_graph_and_canonical(built_site):
    html = built_site.read("/evenements/exposition-hiver/")
    og = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert og["og:title"] == "Exposition : la lumière en hiver"
    assert og["og:url"] == "https://agenda.example.org/evenements/exposition-hiver/"
    # Its own picture is an SVG, which social networks do not show: a drawn PNG instead.
    assert og["og:image"] == "https://agenda.example.org/evenements/exposition-hiver/partage.png"
    assert (
        '<link rel="canonical" href="https://agenda.example.org/evenements/exposition-hiver/">'
        in html
    )


def test_events_json_holds_every_event_with_timings(built_site):
    data = json.loads((built_site.out / "evenements.json").read_text(encoding="utf-8"))
    assert data["licence"]["name"].startswith("Licence Ouverte")
    slugs = [e["slug"] for e in data["events"]]
    assert sorted(slugs) == all_slugs(built_site)
    by_slug = {e["slug"]: e for e in data["events"]}
    cycle = by_slug["cycle-trois-seances"]
    assert [t["begin"] for t in cycle["timings"]] == [
        "2027-01-09T10:00:00+01:00",
        "2027-01-16T10:00:00+01:00",
        "2027-01-23T10:00:00+01:00",
    ]
    assert cycle["registration"] == {"type": "phone", "value": "03 29 00 00 00"}
    assert cycle["location"]["departementCode"] == "88"
    assert cycle["age"] == {"min": 8, "max": 12}
    assert len(by_slug["exposition-hiver"]["timings"]) == 70  # one per opening slot
    assert by_slug["exposition-hiver"]["accessibility"] == {
        "mi": True,
        "hi": False,
        "vi": False,
        "pi": False,
        "ii": False,
    }
    assert by_slug["webinaire-en-ligne"]["location"] is None
    assert by_slug["webinaire-en-ligne"]["attendanceMode"] == "online"
    day = by_slug["journee-portes-ouvertes"]["timings"][0]
    assert day == {"begin": "2027-02-06", "end": "2027-02-06", "allDay": True, "uid": day["uid"]}


def _schema(name: str) -> dict:
    return json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))


def test_events_json_validates_against_the_shipped_schema(built_site):
    data = json.loads((built_site.out / "evenements.json").read_text(encoding="utf-8"))
    jsonschema.validate(
        data, _schema("evenements.schema.json"), format_checker=jsonschema.FormatChecker()
    )


def test_the_schema_rejects_a_broken_record(built_site):
    data = json.loads((built_site.out / "evenements.json").read_text(encoding="utf-8"))
    data["events"][0]["status"] = "annulé"
    del data["events"][1]["timings"]
    errors = list(
        jsonschema.Draft202012Validator(_schema("evenements.schema.json")).iter_errors(data)
    )
    assert len(errors) == 2


def test_venues_json_validates_and_lists_every_venue(built_site):
    data = json.loads((built_site.out / "lieux.json").read_text(encoding="utf-8"))
    jsonschema.validate(
        data, _schema("lieux.schema.json"), format_checker=jsonschema.FormatChecker()
    )
    assert [v["slug"] for v in data["venues"]] == [
        "mediatheque-epinal",
        "nef-mulhouse",
        "salle-sedan",
    ]
    assert data["venues"][1]["accessibility"]["mi"] is True


@pytest.mark.parametrize(
    "name",
    [
        "evenements.json",
        "lieux.json",
        "evenements-openagenda.json",
        "catalogue.jsonld",
        "donnees/index-evenements.json",
    ],
)
def test_json_files_are_compact_utf8_in_a_fixed_key_order(built_site, name):
    """No indentation (10,000 events made a 50 MB evenements.json), accents as written."""
    raw = (built_site.out / name).read_text(encoding="utf-8")
    compact = json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":"))
    assert raw.rstrip("\n") == compact
    assert "\\u00e9" not in raw


def test_two_builds_write_the_same_open_data(built_site, tmp_path):
    from tests.conftest import build_fixture

    again = tmp_path / "_site"
    build_fixture(built_site.root, again)
    for name in ("evenements.json", "lieux.json", "evenements-openagenda.json", "catalogue.jsonld"):
        assert (again / name).read_bytes() == (built_site.out / name).read_bytes(), name


def test_touring_event_gives_each_timing_and_csv_row_its_venue(built_site):
    data = json.loads((built_site.out / "evenements.json").read_text(encoding="utf-8"))
    record = next(e for e in data["events"] if e["slug"] == "conference-itinerante")
    assert record["location"]["slug"] == "nef-mulhouse"  # the first venue visited
    assert [
        (t["location"]["slug"], t["location"]["departementCode"]) for t in record["timings"]
    ] == [
        ("nef-mulhouse", "68"),
        ("mediatheque-epinal", "88"),
    ]
    # A single-venue event keeps its timings as they were.
    cycle = next(e for e in data["events"] if e["slug"] == "cycle-trois-seances")
    assert all("location" not in t for t in cycle["timings"])
    text = (built_site.out / "evenements.csv").read_bytes().decode("utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["slug"] == "conference-itinerante"]
    assert [(r["begin"][:10], r["venue_slug"], r["city"], r["departement_code"]) for r in rows] == [
        ("2027-02-05", "nef-mulhouse", "Mulhouse", "68"),
        ("2027-02-12", "mediatheque-epinal", "Épinal", "88"),
    ]


def test_open_data_json_carries_hostile_text_as_data(site):
    from dataclasses import replace

    from agenda.exports import events_json, venues_json
    from tests.test_ical import HOSTILE, hostile_catalogue

    catalogue, links, _ = hostile_catalogue(site)
    document = json.loads(events_json(catalogue, links))
    assert [e["title"] for e in document["events"]] == [HOSTILE]
    assert json.loads(venues_json(catalogue, links))["venues"][0]["name"] == HOSTILE
    # A lone surrogate (refused by validation) is replaced, not a crash.
    event = replace(catalogue.events["atelier"], title="a\ud800b")
    broken = replace(catalogue, events={"atelier": event}, upcoming=(event,), past=())
    assert json.loads(events_json(broken, links))["events"][0]["title"] == "a?b"
