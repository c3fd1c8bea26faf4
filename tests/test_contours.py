"""The shipped contours of the départements of the Grand Est."""

from __future__ import annotations

import json
import time

import pytest

from agenda.contours import (
    DATA_FILE,
    ContourTable,
    DepartementContour,
    Polygon,
    departement_at,
    distance_to_departement_km,
    grand_est_contours,
)

# Town halls and cathedrals, read on openstreetmap.org.
PLACES = [
    ("Metz", 49.1193, 6.1757, "57"),
    ("Épinal", 48.1725, 6.4497, "88"),
    ("Gérardmer", 48.0712, 6.8765, "88"),
    ("Strasbourg", 48.5734, 7.7521, "67"),
    ("Mulhouse", 47.7508, 7.3359, "68"),
    ("Troyes", 48.2973, 4.0744, "10"),
    ("Reims", 49.2583, 4.0317, "51"),
    ("Charleville-Mézières", 49.7621, 4.7266, "08"),
    ("Chaumont", 48.1113, 5.1392, "52"),
    ("Verdun", 49.1598, 5.3844, "55"),
    ("Nancy", 48.6921, 6.1844, "54"),
]


@pytest.mark.parametrize(("name", "lat", "lon", "code"), PLACES, ids=[p[0] for p in PLACES])
def test_each_prefecture_is_in_its_departement(name, lat, lon, code):
    assert departement_at(lat, lon) == code
    assert distance_to_departement_km(lat, lon, code) == 0.0


def test_places_outside_the_region_are_in_no_departement():
    assert departement_at(48.8566, 2.3522) is None  # Paris
    assert departement_at(49.6116, 6.1319) is None  # Luxembourg
    assert departement_at(47.6226, 6.1549) is None  # Vesoul, Haute-Saône


def test_distance_to_a_neighbouring_departement():
    # Novéant-sur-Moselle (57) is about a kilometre from Meurthe-et-Moselle.
    assert 0.5 < distance_to_departement_km(49.0228, 6.0492, "54") < 1.5
    # Gérardmer (88) is some 50 km from Moselle.
    assert 40 < distance_to_departement_km(48.0712, 6.8765, "57") < 70
    # Luxembourg is about 12 km from the Moselle border.
    assert 8 < distance_to_departement_km(49.6116, 6.1319, "57") < 16


def test_the_expected_departement_is_tried_first_without_changing_the_answer():
    table = grand_est_contours()
    assert table.departement_at(48.0712, 6.8765, first="57") == "88"
    assert table.departement_at(48.0712, 6.8765, first="88") == "88"


def test_holes_and_multipolygons():
    square = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
    hole = [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]
    island = [[[20.0, 0.0], [22.0, 0.0], [22.0, 2.0], [20.0, 2.0], [20.0, 0.0]]]
    table = ContourTable(
        {
            "99": DepartementContour(
                "99", "Essai", (Polygon.from_rings([square, hole]), Polygon.from_rings(island))
            )
        }
    )
    assert table.departement_at(lat=2.0, lon=2.0) == "99"
    assert table.departement_at(lat=5.0, lon=5.0) is None  # in the hole
    assert table.departement_at(lat=1.0, lon=21.0) == "99"  # on the island
    assert table.departement_at(lat=1.0, lon=15.0) is None  # between the two
    # From the middle of the hole to its edge: 1° of latitude, about 110 km.
    assert 100 < table.distance_to_departement_km(5.0, 5.0, "99") < 112


def test_the_file_records_its_source_commit_and_licence_and_stays_small():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["commit"] == "5d34ee6d0140c29f785fdb047d9329f1aab58833"
    assert "gregoiredavid/france-geojson" in data["source"]
    assert "IGN" in data["source"]
    assert "Licence Ouverte" in data["licence"]
    assert sorted(data["departements"]) == [
        "08", "10", "51", "52", "54", "55", "57", "67", "68", "88"
    ]  # fmt: skip
    assert data["departements"]["57"]["name"] == "Moselle"
    assert DATA_FILE.stat().st_size < 300_000


def test_a_thousand_lookups_stay_cheap():
    table = grand_est_contours()
    points = [(lat, lon, code) for _, lat, lon, code in PLACES] * 91  # ~1,000
    started = time.perf_counter()
    found = [table.departement_at(lat, lon, first=code) for lat, lon, code in points]
    elapsed = time.perf_counter() - started
    assert found == [code for _, _, code in points]
    assert elapsed < 0.05, f"{elapsed * 1000:.1f} ms"
