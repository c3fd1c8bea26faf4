"""scripts/extract-departements.py: from the GeoJSON of france-geojson to the shipped file."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from agenda.contours import DATA_FILE, load_contours

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "extract-departements.py"


def _script():
    spec = importlib.util.spec_from_file_location("extract_departements", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _feature(code: str, name: str, geometry: dict[str, object]) -> dict[str, object]:
    return {"type": "Feature", "properties": {"code": code, "nom": name}, "geometry": geometry}


def _square(lon: float, lat: float) -> list[list[float]]:
    return [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]


def _collection(codes: list[str]) -> dict[str, object]:
    features = [
        _feature(code, f"Département {code}", {"type": "Polygon", "coordinates": [_square(5, 48)]})
        for code in codes
    ]
    # Moselle as a MultiPolygon with a hole, coordinates with 5 decimals as in the source.
    features.append(
        _feature(
            "57",
            "Moselle",
            {
                "type": "MultiPolygon",
                "coordinates": [
                    [
                        [[6.000001, 49.0], [6.000004, 49.0], [7.0, 49.0], [7.0, 50.0], [6.0, 49.0]],
                        _square(6.5, 49.5),
                    ],
                    [_square(6.2, 48.8)],
                ],
            },
        )
    )
    return {"type": "FeatureCollection", "features": features}


def test_keeps_the_ten_departements_rounds_and_records_provenance(tmp_path):
    script = _script()
    others = ["08", "10", "51", "52", "54", "55", "67", "68", "88", "75"]
    table = script.extract(_collection(others))
    assert sorted(table["departements"]) == sorted(script.DEPARTEMENTS)  # Paris left out
    moselle = table["departements"]["57"]
    assert moselle["name"] == "Moselle"
    outer, hole = moselle["polygons"][0]
    # Rounded to 4 decimals; the two points that became equal are one.
    assert outer[:2] == [[6.0, 49.0], [7.0, 49.0]]
    assert len(hole) == 5
    assert len(moselle["polygons"]) == 2
    assert table["commit"] == script.COMMIT
    assert script.COMMIT in table["source"]
    assert "Licence Ouverte" in table["licence"]
    # What the script writes is what agenda.contours reads.
    path = tmp_path / "departements.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    contours = load_contours(path)
    assert contours.departement_at(49.2, 6.8) == "57"
    assert contours.departement_at(49.55, 6.55) is None  # in the hole


def test_a_missing_departement_is_an_error():
    with pytest.raises(ValueError, match="88"):
        _script().extract(_collection(["08", "10", "51", "52", "54", "55", "67", "68"]))


def test_the_shipped_file_is_the_script_output_written_where_contours_reads_it():
    script = _script()
    assert script.OUTPUT == DATA_FILE
    shipped = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    # Fed back as GeoJSON, the shipped contours come out unchanged: already rounded,
    # no repeated points, every département kept.
    collection = {
        "type": "FeatureCollection",
        "features": [
            _feature(
                code, entry["name"], {"type": "MultiPolygon", "coordinates": entry["polygons"]}
            )
            for code, entry in shipped["departements"].items()
        ],
    }
    assert script.extract(collection) == shipped
