"""The shipped table of communes of the Grand Est."""

from __future__ import annotations

import json

from agenda.communes import DATA_FILE, grand_est, name_key


def test_the_table_records_its_source_version_and_licence():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["version"] == "6.0.0"
    assert "@etalab/decoupage-administratif@6.0.0" in data["source"]
    assert "Licence Ouverte" in data["licence"]
    assert data["departements"] == ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]


def test_the_table_covers_the_ten_departements_only():
    table = grand_est()
    assert {code[:2] for code in table.by_postal_code} == set(table.departements)
    assert 600 < len(table.by_postal_code) < 700
    assert DATA_FILE.stat().st_size < 200_000


def test_names_are_compared_loosely():
    assert name_key("Vandœuvre-lès-Nancy") == name_key("VANDOEUVRE LES NANCY")
    assert name_key("St-Dié-des-Vosges") == name_key("Saint-Dié-des-Vosges")
    assert name_key("L’Épine") == name_key("l'epine")


def test_find_close_names_and_near_codes():
    table = grand_est()
    assert table.find("88000", "epinal").name == "Épinal"
    assert table.find("88000", "Nancy") is None
    assert table.close_names("54500", "Vandeuvre") == ["Vandœuvre-lès-Nancy"]
    assert table.near_codes("88641")[0] == "88640"
    assert [c.postal_code for c in table.named("Metz")] == ["57000", "57050", "57070"]


def test_every_sample_venue_matches_its_commune():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "content" / "venues").glob("*.yaml")):
        venue = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert grand_est().find(str(venue["postal_code"]), venue["city"]), path.name
