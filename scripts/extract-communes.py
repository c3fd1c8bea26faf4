#!/usr/bin/env python3
"""Extract the communes of the Grand Est, with their postal codes, into
agenda/data/communes-grand-est.json (what `check` compares venues with).

Run from the repository root, with npm on the PATH (Makefile target `communes`):

    python3 scripts/extract-communes.py

It fetches the pinned version of the npm package @etalab/decoupage-administratif
(`npm pack`, into a temporary folder: nothing is installed), keeps the communes of the
ten départements, and writes a compact JSON file that records the package version, its
source and its licence. To update, change VERSION below (the README of the package
gives one version per year, its « millésime ») and run the command again.

Data: INSEE Code officiel géographique and La Poste's Base officielle des codes postaux,
under the Licence Ouverte / Open Licence 2.0 (Etalab).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
DEPARTEMENTS = ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88")
OUTPUT = Path(__file__).resolve().parent.parent / "agenda" / "data" / "communes-grand-est.json"


def extract(communes: list[dict[str, object]]) -> dict[str, object]:
    """The shipped table: postal code → [[commune name, département code], …]."""
    by_code: dict[str, list[list[str]]] = {}
    for commune in communes:
        departement = str(commune.get("departement", ""))
        if departement not in DEPARTEMENTS or commune.get("type") != "commune-actuelle":
            continue
        codes = commune.get("codesPostaux") or []
        assert isinstance(codes, list)
        for code in codes:
            entry = [str(commune["nom"]), departement]
            if entry not in by_code.setdefault(str(code), []):
                by_code[str(code)].append(entry)
    return {
        "source": f"npm {PACKAGE}@{VERSION} (data/communes.json), "
        "https://github.com/datagouv/decoupage-administratif",
        "version": VERSION,
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab) — données INSEE "
        "(Code officiel géographique) et La Poste (Base officielle des codes postaux)",
        "departements": list(DEPARTEMENTS),
        "postal_codes": {code: sorted(by_code[code]) for code in sorted(by_code)},
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["npm", "pack", "--silent", f"{PACKAGE}@{VERSION}"],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        archive = next(Path(folder).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            member = tar.extractfile("package/data/communes.json")
            if member is None:
                print("data/communes.json manque dans le paquet", file=sys.stderr)
                return 1
            communes = json.load(member)
    table = extract(communes)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    # One postal code a line: compact, yet a diff shows which codes changed.
    text = text.replace('],"', '],\n"').replace('"postal_codes":{', '"postal_codes":{\n')
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    count = len(table["postal_codes"])  # type: ignore[arg-type]
    print(f"{OUTPUT.name} : {count} codes postaux ({PACKAGE}@{VERSION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
