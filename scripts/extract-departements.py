#!/usr/bin/env python3
"""Extract the contours of the ten départements of the Grand Est into
agenda/data/departements-grand-est.json (what `check` compares a venue's coordinates
with, to catch a postal code of one département and a point in another).

Run from the repository root (Makefile target `departements`):

    python3 scripts/extract-departements.py            # downloads the pinned file
    python3 scripts/extract-departements.py FILE.geojson  # or reads a local copy

It downloads departements-version-simplifiee.geojson of the GitHub repository
gregoiredavid/france-geojson at the commit pinned below, keeps the ten départements,
rounds the coordinates to 4 decimals (about 10 m, far below what the simplification
already moved) and writes a compact file that records the source, the commit and the
licence. To update, change COMMIT below and run the command again.

Data: contours from IGN Admin Express COG (édition 2018), simplified with Mapshaper
by the repository's author, under the « Licence ouverte » (Etalab) that Admin Express
is published under (the repository names no version; its link is to the Licence
Ouverte 1.0 page).
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

REPOSITORY = "gregoiredavid/france-geojson"
COMMIT = "5d34ee6d0140c29f785fdb047d9329f1aab58833"
FILE = "departements-version-simplifiee.geojson"
URL = f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{FILE}"
DEPARTEMENTS = ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88")
DECIMALS = 4
OUTPUT = Path(__file__).resolve().parent.parent / "agenda" / "data" / "departements-grand-est.json"

Ring = list[list[float]]


def _rings(polygon: list[list[list[float]]]) -> list[Ring]:
    """A GeoJSON polygon (outer ring, then holes) with rounded coordinates.

    Rounding can make two consecutive points equal: the repeat is dropped.
    """
    rings = []
    for ring in polygon:
        rounded: Ring = []
        for lon, lat in ((p[0], p[1]) for p in ring):
            point = [round(lon, DECIMALS), round(lat, DECIMALS)]
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        rings.append(rounded)
    return rings


def extract(collection: dict[str, object]) -> dict[str, object]:
    """The shipped file: code → name and polygons (each a list of rings, outer first)."""
    departements: dict[str, dict[str, object]] = {}
    features = collection.get("features")
    assert isinstance(features, list)
    for feature in features:
        code = str(feature["properties"]["code"])
        if code not in DEPARTEMENTS:
            continue
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise ValueError(f"{code} : géométrie inattendue {geometry['type']}")
        departements[code] = {
            "name": str(feature["properties"]["nom"]),
            "polygons": [_rings(polygon) for polygon in polygons],
        }
    missing = sorted(set(DEPARTEMENTS) - set(departements))
    if missing:
        raise ValueError(f"départements absents du fichier : {', '.join(missing)}")
    return {
        "source": f"{URL} (https://github.com/{REPOSITORY}) — contours IGN Admin Express "
        "COG 2018, simplifiés",
        "commit": COMMIT,
        "licence": "Licence Ouverte (Etalab), celle d'IGN Admin Express, d'après le "
        "README du dépôt",
        "departements": {code: departements[code] for code in sorted(departements)},
    }


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        text = Path(argv[1]).read_text(encoding="utf-8")
    else:
        with urllib.request.urlopen(URL, timeout=60) as response:
            text = response.read().decode("utf-8")
    table = extract(json.loads(text))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    out = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    # One département a line: compact, yet a diff shows which contour changed.
    out = out.replace(',"departements":{', ',\n"departements":{\n').replace(']]]},"', ']]]},\n"')
    OUTPUT.write_text(out + "\n", encoding="utf-8")
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT.name} : {len(DEPARTEMENTS)} départements, {size // 1024} Ko ({COMMIT[:7]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
